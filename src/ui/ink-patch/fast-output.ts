// ink's Output.get() rebuilds each frame from scratch: a fresh cell object (with its own empty
// style array) for every screen cell, one object plus a copied style array per written character,
// and a diffAnsiCodes (Sets, arrays) between every pair of neighbouring cells. Here styled
// characters are interned instead — one style array per distinct style, one cell per (style,
// value, fullWidth), all made at one literal site so they share a hidden class — and get() starts
// rows as a shared blank cell (unwritten rows are not built at all) and skips the style diff
// between cells whose style arrays are the same object. The result is byte-identical to ink's:
// get() copies ink 6.8's logic (output-cache.ts checks its source before installing this)
// and lines are tokenized by ansi-tokenize's own functions, only split at SGR sequences first.

import { GenerationCache } from '../generation-cache.js';

/** One ANSI code in a style, as ansi-tokenize makes it. */
export interface AnsiCode {
  type: 'ansi';
  code: string;
  endCode: string;
}
/** One screen cell, the shape of ansi-tokenize's StyledChar that ink's Output stores. */
export interface StyledChar {
  type: 'char';
  value: string;
  fullWidth: boolean;
  styles: AnsiCode[];
}
type Token = AnsiCode | { type: 'char'; value: string; fullWidth: boolean };

/** The ansi-tokenize functions used (ink's copy of the package). */
export interface AnsiTokenize {
  tokenize(str: string): Token[];
  styledCharsFromTokens(tokens: Token[]): StyledChar[];
  reduceAnsiCodesIncremental(codes: AnsiCode[], newCodes: AnsiCode[]): AnsiCode[];
  diffAnsiCodes(from: AnsiCode[], to: AnsiCode[]): AnsiCode[];
  ansiCodesToString(codes: AnsiCode[]): string;
}
export const ANSI_TOKENIZE_FUNCTIONS = ['tokenize', 'styledCharsFromTokens', 'reduceAnsiCodesIncremental', 'diffAnsiCodes', 'ansiCodesToString'] as const;

/** The single site where cells are made, so that all of them share one hidden class. */
const makeCell = (value: string, fullWidth: boolean, styles: AnsiCode[]): StyledChar => ({ type: 'char', value, fullWidth, styles });

interface Style {
  codes: AnsiCode[];
  ascii: (StyledChar | undefined)[];
  other: Map<string, StyledChar>;
  /** SGR sequence → the style after it (null: the sequence did not tokenize as expected). */
  next: Map<string, Style | null>;
}

const ESC = 0x1b;
// Bounds for the tables below; a table over its bound is cleared, which costs only sharing.
const MAX_STYLES = 4096;
const MAX_PER_STYLE = 2048;

/** Index just past a well-formed SGR sequence `ESC [ [0-9;]* m` at `i` (ansi-tokenize's grammar), or -1. */
function sgrEnd(line: string, i: number): number {
  if (line.charCodeAt(i + 1) !== 0x5b) return -1;
  let j = i + 2;
  for (; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === 0x6d) return j + 1;
    if (c !== 0x3b && (c < 0x30 || c > 0x39)) return -1;
  }
  return -1;
}
const SGR_CODE = /^\x1b\[[0-9;]*m$/;

const styleKey = (codes: readonly AnsiCode[]): string => {
  let k = '';
  for (const c of codes) k += `${c.code.length}:${c.code}${c.endCode.length}:${c.endCode}`;
  return k;
};

const isAsciiPrintable = (c: number): boolean => c >= 0x20 && c <= 0x7e;
/** Whether a grapheme break before printable ASCII is certain after code unit `c`: UAX #29 keeps
 *  one only after a Prepend character (GB9b), and those all lie in U+0600–U+0DFF or beyond the
 *  BMP (surrogates here). Conservative: any code unit there counts as a possible Prepend. */
const breaksBeforeAscii = (c: number): boolean => c < 0x0600 || (c > 0x0dff && (c < 0xd800 || c > 0xdfff));

/** styledCharsFromTokens(tokenize(line)), made of shared cells and interned style arrays. */
export class StyledCharInterner {
  private styles = new Map<string, Style>();
  private sgrTokens = new Map<string, AnsiCode[] | null>();
  /** Non-ASCII text run → its graphemes (bounded: sparklines and names vary). */
  private readonly runs = new GenerationCache<{ value: string; fullWidth: boolean }[] | null>(1024);
  private readonly empty: Style;
  /** Lines that went through ansi-tokenize whole (tests, benchmarks). */
  slowLines = 0;

  constructor(private readonly tok: AnsiTokenize) {
    this.empty = this.intern([]);
  }

  /** The shared empty style array (blank cells use it). */
  get emptyStyles(): AnsiCode[] {
    return this.empty.codes;
  }

  styledChars(line: string): StyledChar[] {
    return this.fast(line) ?? this.slow(line);
  }

  /** The interned cell for (styles, value, fullWidth); `styles` is interned by content. */
  cell(styles: AnsiCode[], value: string, fullWidth: boolean): StyledChar {
    return this.cellOf(this.intern(styles), value, fullWidth);
  }

  private intern(codes: AnsiCode[]): Style {
    const key = styleKey(codes);
    let s = this.styles.get(key);
    if (s === undefined) {
      if (this.styles.size >= MAX_STYLES) {
        this.styles = new Map();
        if (this.empty) this.styles.set('', this.empty);
      }
      s = { codes, ascii: [], other: new Map(), next: new Map() };
      this.styles.set(key, s);
    }
    return s;
  }

  private cellOf(s: Style, value: string, fullWidth: boolean): StyledChar {
    if (!fullWidth && value.length === 1) {
      const c = value.charCodeAt(0);
      if (c < 0x80) return (s.ascii[c] ??= makeCell(value, false, s.codes));
    }
    const key = fullWidth ? `w${value}` : `n${value}`;
    let cell = s.other.get(key);
    if (cell === undefined) {
      if (s.other.size >= MAX_PER_STYLE) s.other.clear();
      cell = makeCell(value, fullWidth, s.codes);
      s.other.set(key, cell);
    }
    return cell;
  }

  /** The style after `seq`, reduced exactly as styledCharsFromTokens does, token by token. */
  private after(s: Style, seq: string): Style | null {
    let n = s.next.get(seq);
    if (n !== undefined) return n;
    const tokens = this.tokensOf(seq);
    if (tokens === null) n = null;
    else {
      let codes = s.codes;
      for (const t of tokens) codes = this.tok.reduceAnsiCodesIncremental(codes, [t]);
      n = this.intern(codes);
    }
    if (s.next.size >= MAX_PER_STYLE) s.next.clear();
    s.next.set(seq, n);
    return n;
  }

  /** ansi-tokenize's tokens for one SGR sequence, or null unless they are all SGR codes. */
  private tokensOf(seq: string): AnsiCode[] | null {
    let t = this.sgrTokens.get(seq);
    if (t !== undefined) return t;
    const tokens = this.tok.tokenize(seq);
    t = tokens.length > 0 && tokens.every((x) => x.type === 'ansi' && SGR_CODE.test(x.code)) ? (tokens as AnsiCode[]) : null;
    if (this.sgrTokens.size >= MAX_STYLES) this.sgrTokens.clear();
    this.sgrTokens.set(seq, t);
    return t;
  }

  /**
   * Lines of text and SGR sequences only. A text run is bounded by ESC (a grapheme break on both
   * sides), so segmenting it alone is exact, except that ansi-tokenize skips the whole grapheme
   * holding an SGR sequence's final `m`: a run right after one is segmented as `m` + run and its
   * first grapheme dropped, as ansi-tokenize drops it.
   */
  private fast(line: string): StyledChar[] | undefined {
    const out: StyledChar[] = [];
    let s = this.empty;
    let afterSgr = false;
    let i = 0;
    const n = line.length;
    while (i < n) {
      if (line.charCodeAt(i) === ESC) {
        const end = sgrEnd(line, i);
        if (end < 0) return undefined;
        const next = this.after(s, line.slice(i, end));
        if (next === null) return undefined;
        s = next;
        i = end;
        afterSgr = true;
        continue;
      }
      let j = i;
      let ascii = true;
      for (; j < n; j++) {
        const c = line.charCodeAt(j);
        if (c === ESC) break;
        // C0/C1 controls (incl. the 8-bit CSI that ansi-tokenize parses) and DEL: original path
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return undefined;
        if (c > 0x7e) ascii = false;
      }
      if (ascii) {
        for (let k = i; k < j; k++) out.push(this.cellOf(s, line[k]!, false));
      } else {
        // Cut the run where a grapheme break is certain (before printable ASCII, unless the
        // previous code unit could be a Prepend character): ASCII stretches become cells
        // directly, and the pieces holding other characters (a state glyph, a sparkline) recur
        // on every row and frame, so each is segmented once. The key's first char says whether
        // an SGR's `m` precedes the piece (only the run's first piece can follow one).
        let a = i;
        while (a < j) {
          let b = a + 1;
          while (b < j && !(isAsciiPrintable(line.charCodeAt(b)) && breaksBeforeAscii(line.charCodeAt(b - 1)))) b++;
          if (b === a + 1 && isAsciiPrintable(line.charCodeAt(a)) && !(afterSgr && a === i)) out.push(this.cellOf(s, line[a]!, false));
          else {
            const piece = line.slice(a, b);
            const first = afterSgr && a === i;
            const graphemes = this.runs.get(first ? `\u0001${piece}` : `\u0000${piece}`, () => this.graphemesOf(piece, first));
            if (graphemes === null) return undefined;
            for (const g of graphemes) out.push(this.cellOf(s, g.value, g.fullWidth));
          }
          a = b;
        }
      }
      i = j;
      afterSgr = false;
    }
    return out;
  }

  /** ansi-tokenize's graphemes of a text run (null when it gives anything but chars). */
  private graphemesOf(run: string, afterSgr: boolean): { value: string; fullWidth: boolean }[] | null {
    const tokens = this.tok.tokenize(afterSgr ? `m${run}` : run);
    let k = 0;
    if (afterSgr) {
      const first = tokens[0];
      if (first?.type !== 'char' || first.value[0] !== 'm') return null;
      k = 1;
    }
    const out: { value: string; fullWidth: boolean }[] = [];
    for (; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (t.type !== 'char') return null;
      out.push({ value: t.value, fullWidth: t.fullWidth });
    }
    return out;
  }

  /** Anything else (OSC links, other escapes, controls): ansi-tokenize on the whole line. */
  private slow(line: string): StyledChar[] {
    this.slowLines++;
    const chars = this.tok.styledCharsFromTokens(this.tok.tokenize(line));
    let prev: AnsiCode[] | undefined;
    let s = this.empty;
    return chars.map((ch) => {
      // neighbours usually hold copies of one style array: compare element identity before keying
      if (prev === undefined || !sameCodes(prev, ch.styles)) s = this.intern(ch.styles);
      prev = ch.styles;
      return this.cellOf(s, ch.value, ch.fullWidth);
    });
  }
}

function sameCodes(a: readonly AnsiCode[], b: readonly AnsiCode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What get() uses of an ink Output (ink 6.8's fields and its caches' methods). */
export interface OutputLike {
  width: number;
  height: number;
  operations: Operation[];
  caches: { getStyledChars(line: string): StyledChar[]; getStringWidth(text: string): number; getWidestLine(text: string): number };
}
interface Clip {
  x1?: number;
  x2?: number;
  y1?: number;
  y2?: number;
}
type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: ((line: string, index: number) => string)[] }
  | { type: 'clip'; clip: Clip }
  | { type: 'unclip' };

/** Row stringification state shared by all frames: memoised style transitions. */
class RowPainter {
  private diffs = new Map<AnsiCode[], Map<AnsiCode[], string>>();
  private trailers = new Map<AnsiCode[], StyledChar>();

  constructor(
    private readonly tok: AnsiTokenize,
    private readonly empty: AnsiCode[],
  ) {}

  /** ansiCodesToString(diffAnsiCodes(from, to)), memoised by array identity (arrays are never mutated). */
  diff(from: AnsiCode[], to: AnsiCode[]): string {
    let m = this.diffs.get(from);
    if (m === undefined) {
      if (this.diffs.size >= MAX_STYLES) this.diffs.clear();
      this.diffs.set(from, (m = new Map()));
    }
    let d = m.get(to);
    if (d === undefined) {
      if (m.size >= MAX_PER_STYLE) m.clear();
      d = this.tok.ansiCodesToString(this.tok.diffAnsiCodes(from, to));
      m.set(to, d);
    }
    return d;
  }

  /** The empty cell ink puts after a wide character (content-equal to ink's fresh one). */
  trailer(styles: AnsiCode[]): StyledChar {
    let t = this.trailers.get(styles);
    if (t === undefined) {
      if (this.trailers.size >= MAX_STYLES) this.trailers.clear();
      this.trailers.set(styles, (t = makeCell('', false, styles)));
    }
    return t;
  }

  /**
   * styledCharsToString(row.filter(item => item !== undefined)).trimEnd(). diffAnsiCodes of two
   * arrays with the same codes is empty (every `from` code is overwritten by `to`, every `to` code
   * is already in `from`), so it is skipped for one array or two empty ones; the first cell's
   * ansiCodesToString(styles) equals diff([], styles).
   */
  paint(row: (StyledChar | undefined)[]): string {
    let ret = '';
    let prev: AnsiCode[] | undefined;
    for (let i = 0; i < row.length; i++) {
      const c = row[i];
      if (c === undefined) continue;
      const s = c.styles;
      if (prev === undefined) {
        if (s.length > 0) ret += this.diff(this.empty, s);
      } else if (s !== prev && (s.length > 0 || prev.length > 0)) ret += this.diff(prev, s);
      ret += c.value;
      prev = s;
    }
    if (prev !== undefined && prev.length > 0) ret += this.diff(prev, this.empty);
    return ret.trimEnd();
  }
}

const isAsciiChar = (v: string): boolean => v.length === 1 && isAsciiPrintable(v.charCodeAt(0));

/** A drop-in for ink 6.8's Output.prototype.get(): same `{output, height}`, cheaper. */
export function makeFastGet(tok: AnsiTokenize, sliceAnsi: (s: string, from: number, to?: number) => string, emptyStyles: AnsiCode[]) {
  const painter = new RowPainter(tok, emptyStyles);
  const blank = makeCell(' ', false, emptyStyles);
  let blankRow: StyledChar[] = [];

  return function get(this: OutputLike): { output: string; height: number } {
    const caches = this.caches;
    // ink pushes a row per `y < height` and a cell per `x < width` (so fractions round up)
    let height = 0;
    for (let y = 0; y < this.height; y++) height++;
    let width = 0;
    for (let x = 0; x < this.width; x++) width++;
    if (blankRow.length !== width) blankRow = new Array<StyledChar>(width).fill(blank);
    // Rows are made on first write; an unwritten row is blanks, which trimEnd() turns into ''.
    const rows = new Array<StyledChar[] | undefined>(height);

    // From here to the end of the write loop: ink 6.8's Output.get(), with `output[i]` → row(i).
    const clips: Clip[] = [];
    for (const operation of this.operations) {
      if (operation.type === 'clip') {
        clips.push(operation.clip);
      }
      if (operation.type === 'unclip') {
        clips.pop();
      }
      if (operation.type === 'write') {
        const { text, transformers } = operation;
        let { x, y } = operation;
        let lines = text.split('\n');
        const clip = clips.at(-1);
        if (clip) {
          const clipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
          const clipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
          if (clipHorizontally) {
            const width = caches.getWidestLine(text);
            if (x + width < clip.x1! || x > clip.x2!) {
              continue;
            }
          }
          if (clipVertically) {
            const height = lines.length;
            if (y + height < clip.y1! || y > clip.y2!) {
              continue;
            }
          }
          if (clipHorizontally) {
            lines = lines.map((line) => {
              const from = x < clip.x1! ? clip.x1! - x : 0;
              const width = caches.getStringWidth(line);
              const to = x + width > clip.x2! ? clip.x2! - x : width;
              return sliceAnsi(line, from, to);
            });
            if (x < clip.x1!) {
              x = clip.x1!;
            }
          }
          if (clipVertically) {
            const from = y < clip.y1! ? clip.y1! - y : 0;
            const height = lines.length;
            const to = y + height > clip.y2! ? clip.y2! - y : height;
            lines = lines.slice(from, to);
            if (y < clip.y1!) {
              y = clip.y1!;
            }
          }
        }
        let offsetY = 0;
        for (let [index, line] of lines.entries()) {
          // ink: `output[y + offsetY]`, missing unless an integer index below the height
          const r = y + offsetY;
          if (!(Number.isInteger(r) && r >= 0 && r < height)) {
            continue;
          }
          const currentLine = (rows[r] ??= blankRow.slice());
          for (const transformer of transformers) {
            line = transformer(line, index);
          }
          const characters = caches.getStyledChars(line);
          let offsetX = x;
          for (const character of characters) {
            currentLine[offsetX] = character;
            const value = character.value;
            const characterWidth = isAsciiChar(value) ? 1 : Math.max(1, caches.getStringWidth(value));
            if (characterWidth > 1) {
              for (let index = 1; index < characterWidth; index++) {
                currentLine[offsetX + index] = painter.trailer(character.styles);
              }
            }
            offsetX += characterWidth;
          }
          offsetY++;
        }
      }
    }

    let output = '';
    for (let r = 0; r < height; r++) {
      if (r > 0) output += '\n';
      const row = rows[r];
      if (row !== undefined) output += painter.paint(row);
    }
    return { output, height };
  };
}
