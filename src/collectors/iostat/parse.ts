// Parsers for sysstat `iostat -dxy -o JSON N`.
//
// While it runs, iostat never closes its JSON document: it prints a header
// (`{"sysstat": {"hosts": [{"nodename": …, "statistics": [`) and then one
// `{"disk": [...]}` element per interval, comma separated. The stream parser
// therefore scans element by element (one char state machine that survives
// chunk boundaries anywhere, including inside strings) and JSON.parses each
// complete element on its own.
import { ParseError, checkInput, guardParse } from '../parse-error.js';
import type { IostatDevice, IostatHeader, IostatSample } from '../../model/io.js';

const SOURCE = 'iostat';
/** One element larger than this is not iostat output: drop it and resync. */
export const MAX_IOSTAT_ELEMENT = 4 * 1024 * 1024;
/** Text before the first `"statistics": [` (the header) is small; more means garbage. */
const MAX_HEADER = 64 * 1024;
/** Finds the next header end or the start of one statistics element. */
const SEEK_RE = /"statistics"\s*:\s*\[|\{\s*"(?:timestamp|disk)"\s*:/g;
/**
 * After an oversized element: iostat starts every element on its own line, so only a start
 * after a newline counts. Element starts inside the dropped garbage (`{"disk":[` repeated) would
 * otherwise each open another hopeless multi-megabyte scan.
 */
const RESYNC_RE = /"statistics"\s*:\s*\[|\n[ \t]*\{\s*"(?:timestamp|disk)"\s*:/g;
/** Longest text a SEEK_RE match can straddle across a chunk boundary. */
const SEEK_TAIL = 256;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function num(v: Json | undefined): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '') {
    // Some locales print a decimal comma; sysstat JSON is normally C locale.
    const n = Number(v.replace(',', '.'));
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

function first(o: JsonObject, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const n = num(o[k]);
    if (n !== undefined) return n;
  }
  return undefined;
}

/** Maps one entry of a `"disk"` array; sysstat 11 used other names for some fields. */
export function mapIostatDevice(o: JsonObject): IostatDevice | undefined {
  const name = o['disk_device'] ?? o['disk-device'] ?? o['device'];
  if (typeof name !== 'string' || name === '') return undefined;
  const mb = (k: string) => {
    const n = num(o[k]);
    return n === undefined ? undefined : n * 1024;
  };
  const sectors = (k: string) => {
    const n = num(o[k]);
    return n === undefined ? undefined : n / 2;
  };
  const dev: IostatDevice = {
    device: name,
    // sysstat 11 (write_json_ext_stat) printed per-second values under "r", "w", "rkB", "wkB".
    rs: first(o, 'r/s', 'r') ?? 0,
    ws: first(o, 'w/s', 'w') ?? 0,
    rkBs: first(o, 'rkB/s', 'rkB') ?? mb('rMB/s') ?? sectors('rsec/s') ?? 0,
    wkBs: first(o, 'wkB/s', 'wkB') ?? mb('wMB/s') ?? sectors('wsec/s') ?? 0,
    rAwait: first(o, 'r_await', 'await') ?? 0,
    wAwait: first(o, 'w_await', 'await') ?? 0,
    aquSz: first(o, 'aqu-sz', 'avgqu-sz') ?? 0,
    util: first(o, 'util', '%util') ?? 0,
  };
  const rq = first(o, 'rareq-sz');
  const wq = first(o, 'wareq-sz');
  if (rq !== undefined) dev.rareqSz = rq;
  if (wq !== undefined) dev.wareqSz = wq;
  return dev;
}

/** Maps one `statistics` element; throws a plain Error (callers wrap it) when it is not one. */
function mapElement(el: Json): IostatSample {
  if (!isObject(el)) throw new Error('statistics element is not an object');
  const disks = el['disk'];
  if (!Array.isArray(disks)) throw new Error('statistics element has no "disk" array');
  const devices: IostatDevice[] = [];
  for (const d of disks) {
    if (!isObject(d)) continue;
    const dev = mapIostatDevice(d);
    if (dev) devices.push(dev);
  }
  const sample: IostatSample = { devices };
  if (typeof el['timestamp'] === 'string') sample.timestamp = el['timestamp'];
  return sample;
}

function headerFromObject(h: JsonObject): IostatHeader {
  const out: IostatHeader = {};
  const s = (k: string) => (typeof h[k] === 'string' ? (h[k] as string) : undefined);
  const nodename = s('nodename');
  const sysname = s('sysname');
  const release = s('release');
  const machine = s('machine');
  const date = s('date');
  const cpus = num(h['number-of-cpus']);
  if (nodename !== undefined) out.nodename = nodename;
  if (sysname !== undefined) out.sysname = sysname;
  if (release !== undefined) out.release = release;
  if (machine !== undefined) out.machine = machine;
  if (cpus !== undefined) out.cpuCount = cpus;
  if (date !== undefined) out.date = date;
  return out;
}

/** Pulls header fields out of the (unterminated) header text by key. */
function headerFromText(text: string): IostatHeader {
  const start = text.lastIndexOf('"sysstat"');
  const t = start >= 0 ? text.slice(start) : text;
  const h: JsonObject = {};
  for (const k of ['nodename', 'sysname', 'release', 'machine', 'date']) {
    const m = new RegExp(`"${k}"\\s*:\\s*("(?:[^"\\\\]|\\\\.)*")`).exec(t);
    if (m?.[1]) {
      try {
        h[k] = JSON.parse(m[1]) as string;
      } catch {
        /* a malformed value leaves the field out */
      }
    }
  }
  const c = /"number-of-cpus"\s*:\s*(-?\d+(?:\.\d+)?)/.exec(t);
  if (c?.[1]) h['number-of-cpus'] = Number(c[1]);
  return headerFromObject(h);
}

/**
 * JSON.parse one element; if that fails, retry once with decimal commas ("9,00", printed
 * under a comma locale when LC_ALL=C was not set) turned into points.
 */
function parseElement(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    const fixed = text.replace(/(:\s*-?\d+),(\d+)(?=\s*[,}\]])/g, '$1.$2');
    if (fixed === text) throw e;
    return JSON.parse(fixed) as Json;
  }
}

/**
 * Incremental parser for the never-closing `iostat -o JSON <interval>` stream.
 *
 * `feed()` returns the samples completed by this chunk. A malformed element or an
 * element over {@link MAX_IOSTAT_ELEMENT} does not kill the stream: it is dropped,
 * counted in `errors`, kept as `lastError` (a ParseError), and the parser resyncs
 * on the next element start. Only non-string input throws (ParseError).
 */
export class IostatStreamParser {
  header?: IostatHeader;
  /** Elements dropped (malformed, oversized) or garbage skipped since construction/reset. */
  errors = 0;
  lastError?: ParseError;

  /** Unscanned text (seeking: the not yet searched rest; in an element: the current chunk's rest). */
  private buf = '';
  private inElement = false;
  /**
   * Already scanned text of the current element, kept as pieces and joined once when it ends:
   * scanning only the new chunk keeps feeding linear (appending to one growing string and
   * reading it char by char would flatten, i.e. copy, the whole element on every chunk).
   */
  private parts: string[] = [];
  private partsLen = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** After dropping an oversized element its remainder is not reported again as garbage. */
  private quiet = false;
  private seekFrom = 0;

  constructor(private readonly node?: string) {}

  /** Forget everything (the stream was restarted). */
  reset(): void {
    this.header = undefined;
    this.errors = 0;
    this.lastError = undefined;
    this.buf = '';
    this.quiet = false;
    this.seekFrom = 0;
    this.resetScan();
  }

  feed(chunk: string): IostatSample[] {
    checkInput(SOURCE, this.node, chunk);
    this.buf += chunk;
    const out: IostatSample[] = [];
    for (;;) {
      if (this.inElement) {
        if (!this.scanElement(out)) break;
      } else if (!this.seek()) {
        break;
      }
    }
    return out;
  }

  private fail(detail: string, excerpt: string): void {
    this.errors++;
    this.lastError = new ParseError(SOURCE, this.node, detail, excerpt.slice(0, 200));
  }

  private resetScan(): void {
    this.inElement = false;
    this.parts = [];
    this.partsLen = 0;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  /** Looks for the header end or the next element start; false when more input is needed. */
  private seek(): boolean {
    // Resume where the last unsuccessful search stopped, so tiny chunks stay linear.
    const re = this.quiet ? RESYNC_RE : SEEK_RE;
    re.lastIndex = this.seekFrom;
    const m = re.exec(this.buf);
    if (!m) {
      if (this.buf.length > MAX_HEADER) {
        if (!this.quiet) this.fail(`no iostat JSON found in ${this.buf.length} bytes`, this.buf);
        this.buf = this.buf.slice(-SEEK_TAIL);
      }
      this.seekFrom = Math.max(0, this.buf.length - SEEK_TAIL);
      return false;
    }
    this.seekFrom = 0;
    // A RESYNC_RE element match begins with the newline before the brace.
    const start = m.index + Math.max(0, m[0].indexOf('{'));
    const skipped = this.buf.slice(0, start);
    const quiet = this.quiet;
    this.quiet = false;
    if (m[0].startsWith('"statistics"')) {
      this.header = headerFromText(skipped);
      this.buf = this.buf.slice(m.index + m[0].length);
      return true;
    }
    // Between elements only separators and the closers of a finished document are expected.
    if (!quiet && !/^[\s,\]}]*$/.test(skipped)) this.fail('unexpected text between iostat samples', skipped);
    this.buf = this.buf.slice(start);
    this.inElement = true;
    return true;
  }

  /** Advances the element scan; true when an element ended (successfully, malformed or oversized). */
  private scanElement(out: IostatSample[]): boolean {
    const b = this.buf;
    // Never scan past the size limit: what lies beyond it is searched again for an element start.
    const end = Math.min(b.length, MAX_IOSTAT_ELEMENT - this.partsLen);
    for (let i = 0; i < end; i++) {
      const c = b.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c /* \ */) this.escaped = true;
        else if (c === 0x22 /* " */) this.inString = false;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b /* { */ || c === 0x5b /* [ */) this.depth++;
      else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
        this.depth--;
        if (this.depth === 0) {
          const text = this.parts.join('') + b.slice(0, i + 1);
          this.buf = b.slice(i + 1);
          this.resetScan();
          try {
            out.push(mapElement(parseElement(text)));
          } catch (e) {
            this.fail(`bad iostat sample: ${e instanceof Error ? e.message : String(e)}`, text);
          }
          return true;
        }
      }
    }
    if (end === b.length) {
      // Element still open and within the limit: wait for more input.
      if (b.length > 0) this.parts.push(b);
      this.partsLen += b.length;
      this.buf = '';
      return false;
    }
    // More than MAX_IOSTAT_ELEMENT bytes and still open: drop ALL of it (each byte is scanned
    // once, memory stays bounded) and resync after it. Only the last SEEK_TAIL bytes are
    // searched again, for an element start cut at the limit.
    const head = this.parts[0] ?? b;
    const tail = (this.parts.join('') + b.slice(0, end)).slice(-SEEK_TAIL);
    this.fail(`iostat sample larger than ${MAX_IOSTAT_ELEMENT} bytes`, head);
    this.buf = tail + b.slice(end);
    this.resetScan();
    this.quiet = true;
    return true;
  }
}

/** Parses a complete document (`iostat -dxy -o JSON 1 3`); a truncated one is a ParseError. */
export function parseIostatJson(text: string, node?: string): IostatSample[] {
  checkInput(SOURCE, node, text);
  if (text.trim() === '') throw new ParseError(SOURCE, node, 'empty output');
  return guardParse(SOURCE, node, text, () => {
    let doc: Json;
    try {
      doc = JSON.parse(text) as Json;
    } catch (e) {
      throw new ParseError(SOURCE, node, `invalid or truncated JSON: ${(e as Error).message}`, text.slice(-200));
    }
    const sys = isObject(doc) ? doc['sysstat'] : undefined;
    const hosts = isObject(sys) ? sys['hosts'] : undefined;
    const host = Array.isArray(hosts) ? hosts[0] : undefined;
    const stats = isObject(host) ? host['statistics'] : undefined;
    if (!Array.isArray(stats)) throw new ParseError(SOURCE, node, 'no sysstat.hosts[0].statistics array', text.slice(0, 200));
    return stats.map((el, i) => {
      try {
        return mapElement(el);
      } catch (e) {
        throw new ParseError(SOURCE, node, `statistics[${i}]: ${(e as Error).message}`, JSON.stringify(el).slice(0, 200));
      }
    });
  });
}

/** Header of a complete document (nodename, cpus…), for `parseIostatJson` callers. */
export function parseIostatHeader(text: string, node?: string): IostatHeader {
  checkInput(SOURCE, node, text);
  return headerFromText(text.slice(0, MAX_HEADER));
}
