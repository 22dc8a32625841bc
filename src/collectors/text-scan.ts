// Index-based scanning for the per-poll parsers (domstats, /proc/net/dev, /proc/stat): they read
// ranges of the whole output by char code instead of slicing, trimming and splitting every line,
// which at 32 nodes was most of the engine's garbage. Ranges are [start, end) offsets into `s`.

/** The characters of /\s/ and String.prototype.trim (ECMAScript WhiteSpace + LineTerminator). */
export function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** First index in [i, end) that is not whitespace, or `end`. */
export function skipSpace(s: string, i: number, end: number): number {
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** First index in [i, end) that is whitespace, or `end`. */
export function skipToken(s: string, i: number, end: number): number {
  while (i < end && !isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** End of [start, end) without its trailing whitespace. */
export function trimEnd(s: string, start: number, end: number): number {
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return end;
}

/** s[start, end) is exactly `word`. */
export const rangeIs = (s: string, start: number, end: number, word: string): boolean => end - start === word.length && s.startsWith(word, start);

/** End of the line starting at `from` (the next '\n', or the end of the text). */
export function lineEnd(s: string, from: number): number {
  const nl = s.indexOf('\n', from);
  return nl < 0 ? s.length : nl;
}

/** [start, end) is one or more ASCII digits (/^\d+$/). */
export function isDigits(s: string, start: number, end: number): boolean {
  return start < end && digitsEnd(s, start, end) === end;
}

/** End of the ASCII digit run starting at `start` (`start` itself when there is none). */
export function digitsEnd(s: string, start: number, end: number): number {
  let i = start;
  while (i < end && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i;
}

/** Longest digit run whose value n*10+d stays below 2^53 at every step, so exact in a double. */
const EXACT_DIGITS = 15;

/** Value of an ASCII digit range (see isDigits); equal to Number(s.slice(start, end)). */
export function digitsValue(s: string, start: number, end: number): number {
  if (end - start > EXACT_DIGITS) return Number(s.slice(start, end)); // correctly rounded beyond 2^53
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

/**
 * Value of [start, end) when it reads /^-?\d+(?:\.\d+)?$/, else undefined; equal to Number() of
 * the slice. Plain digit runs are read by char code, anything with a sign or a fraction by Number.
 */
export function decimalValue(s: string, start: number, end: number): number | undefined {
  let i = start;
  if (i < end && s.charCodeAt(i) === 45) i++; // '-'
  const intStart = i;
  let n = 0;
  for (let c = s.charCodeAt(i); i < end && c >= 48 && c <= 57; c = s.charCodeAt(++i)) n = n * 10 + (c - 48);
  if (i === intStart) return undefined;
  if (i === end) return intStart === start && end - start <= EXACT_DIGITS ? n : Number(s.slice(start, end));
  if (s.charCodeAt(i) !== 46 || !isDigits(s, i + 1, end)) return undefined; // '.' then digits
  return Number(s.slice(start, end));
}

/**
 * A string that does not share memory with the text it came from. V8 makes a substring of 13 or
 * more characters a view into its parent and keeps the whole parent alive for it: a name kept
 * from one poll to the next would pin that poll's entire output. (JSON round trip: exact for every
 * string, lone surrogates included, and always a fresh one.)
 */
export const ownCopy = (text: string): string => (text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string));

/**
 * `re.exec(line)` for a pattern that ends in a greedy `(.*)` group (and no `$`), read as if that
 * group were `(.*?)\s*$`: the last group trimmed at its end, and null unless only whitespace
 * follows the match. Same result as the lazy form, which backtracks quadratically on a long run
 * of whitespace followed by anything else (every parser here must stay linear in its input).
 */
export function execTrimTail(re: RegExp, line: string): RegExpExecArray | null {
  const m = re.exec(line);
  if (!m) return null;
  if (skipSpace(line, m.index + m[0].length, line.length) !== line.length) return null;
  const last = m.length - 1;
  m[last] = m[last]!.trimEnd();
  return m;
}
