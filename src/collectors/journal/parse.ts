// Parser for `journalctl -f -o json`: one JSON object per line (journalctl(1) "json"
// output mode; field meanings in systemd.journal-fields(7)).
import { ParseError, checkInput } from '../parse-error.js';
import { LineBuffer } from '../line-buffer.js';
import type { JournalEntry } from '../../model/journal.js';

const SOURCE = 'journal';
/** Longer lines are dropped (and counted); journald's own default line limit is 48 KiB. */
export const MAX_JOURNAL_LINE = 64 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: false });

const isByteArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255);

/**
 * One field value as journalctl prints it: a string, null (field too large: journalctl --all
 * not given), or a flat array of byte values (not valid UTF-8 / contains control bytes).
 */
function valueText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v === null) return '';
  if (isByteArray(v)) return utf8.decode(Uint8Array.from(v));
  return undefined;
}

/**
 * MESSAGE → text. A field that occurs several times in one entry is printed as an array of
 * values, so at most two levels exist; nothing here recurses, so no nesting can overflow the
 * stack. Any other shape is not journalctl output: undefined (the caller throws ParseError).
 */
function messageOf(v: unknown): string | undefined {
  if (v === undefined) return '';
  const one = valueText(v);
  if (one !== undefined) return one;
  if (!Array.isArray(v)) return undefined;
  const parts: string[] = [];
  for (const x of v) {
    const t = valueText(x);
    if (t === undefined) return undefined;
    parts.push(t);
  }
  return parts.join('\n');
}

/** A string field, or the first of its values when it occurs several times. */
function strField(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

/**
 * One line of `journalctl -o json` → entry; undefined for a blank line.
 * Throws ParseError for anything that is not a journal JSON object.
 */
export function parseJournalLine(line: string, node: string): JournalEntry | undefined {
  checkInput(SOURCE, node, line);
  const t = line.trim();
  if (t === '') return undefined;
  if (t.length > MAX_JOURNAL_LINE) throw new ParseError(SOURCE, node, `line longer than ${MAX_JOURNAL_LINE} bytes`, t.slice(0, 200));
  let o: unknown;
  try {
    o = JSON.parse(t);
  } catch (e) {
    throw new ParseError(SOURCE, node, `invalid JSON: ${(e as Error).message}`, t.slice(0, 200));
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ParseError(SOURCE, node, 'not a JSON object', t.slice(0, 200));
  const r = o as Record<string, unknown>;
  const ts = strField(r['__REALTIME_TIMESTAMP']);
  if (!ts || !/^\d{1,17}$/.test(ts)) throw new ParseError(SOURCE, node, 'missing or bad __REALTIME_TIMESTAMP', t.slice(0, 200));
  const message = messageOf(r['MESSAGE']);
  if (message === undefined) {
    throw new ParseError(SOURCE, node, 'MESSAGE is not a string, null, an array of byte values, or an array of those', t.slice(0, 200));
  }
  const prio = Number(strField(r['PRIORITY']));
  const entry: JournalEntry = {
    // µs → ms; integer division keeps it exact for any 17-digit value.
    time: Math.floor(Number(BigInt(ts) / 1000n)),
    node,
    priority: Number.isInteger(prio) && prio >= 0 && prio <= 7 ? prio : 6,
    message,
  };
  const unit = strField(r['_SYSTEMD_UNIT']) ?? strField(r['UNIT']);
  const ident = strField(r['SYSLOG_IDENTIFIER']) ?? strField(r['_COMM']);
  const pid = Number(strField(r['_PID']) ?? strField(r['SYSLOG_PID']));
  if (unit) entry.unit = unit;
  if (ident) entry.identifier = ident;
  if (Number.isInteger(pid) && pid > 0) entry.pid = pid;
  return entry;
}

/**
 * Line splitter for the follow stream. A bad or overlong line never kills the stream:
 * it is skipped, counted in `errors`, and kept as `lastError`.
 */
export class JournalStreamParser {
  errors = 0;
  lastError?: ParseError;
  private readonly splitter = new LineBuffer(MAX_JOURNAL_LINE);

  constructor(private readonly node: string) {}

  feed(chunk: string): JournalEntry[] {
    checkInput(SOURCE, this.node, chunk);
    const out: JournalEntry[] = [];
    const { lines, dropped } = this.splitter.push(chunk);
    for (const line of lines) this.take(line, out);
    if (dropped !== undefined) {
      this.fail(new ParseError(SOURCE, this.node, `line longer than ${MAX_JOURNAL_LINE} bytes dropped`, dropped.slice(0, 200)));
    }
    return out;
  }

  /** Reset after a stream restart (a half line from the old stream must not glue onto the new one). */
  reset(): void {
    this.splitter.reset();
  }

  private take(line: string, out: JournalEntry[]): void {
    try {
      const e = parseJournalLine(line, this.node);
      if (e) out.push(e);
    } catch (err) {
      this.fail(err instanceof ParseError ? err : new ParseError(SOURCE, this.node, String(err), line.slice(0, 200)));
    }
  }

  private fail(e: ParseError): void {
    this.errors++;
    this.lastError = e;
  }
}
