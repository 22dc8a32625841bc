// Parsers for virsh: list, domstats, event --loop, domdisplay, dumpxml, autostart names,
// domjobinfo, plus the per-VM rates derived from two domstats reads.
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { ParseError, checkInput, guardParse } from '../parse-error.js';
import { LineBuffer } from '../line-buffer.js';
import { decimalValue, digitsValue, execTrimTail, isDigits, isSpace, lineEnd, rangeIs, skipSpace, trimEnd } from '../text-scan.js';
import { type XNode, asArray, asNode, attr, toKib } from '../libvirt-xml.js';
import { SAFE_XML_OPTIONS, decodeXmlText } from '../xml-text.js';
import type { DomJobInfo } from '../../model/jobs.js';
import type {
  DomBlockStats,
  DomNetStats,
  DomStats,
  DomainDisk,
  DomainInterface,
  DomainXmlInfo,
  HugepageNeed,
  VirshEvent,
  VirshListEntry,
} from '../../model/vm.js';

/** Own-property lookup: input keys such as "constructor" must not hit Object.prototype. */
const own = <V>(o: Record<string, V>, k: string): V | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);

// ---------------------------------------------------------------- virsh list --all

/** Every state virsh prints (virshDomainStateToString: a closed set, "no state" for anything else). */
const LIST_STATES = ['in shutdown', 'shut off', 'no state', 'running', 'idle', 'paused', 'crashed', 'pmsuspended'] as const;
/** Rows are read in one pass, so this only bounds memory per row (virsh pads rows to the longest name). */
const MAX_ROW = 64 * 1024;

/** A record a parser could not read: it costs only itself (the rest of the output is kept). */
export interface BadRecord {
  /** What it is, as far as it could be read (a domain name, or the row's start). */
  subject: string;
  reason: string;
}

export interface VirshListResult {
  entries: VirshListEntry[];
  bad: BadRecord[];
}

/**
 * One table row ` Id   Name   State` by index: id token, name, one of LIST_STATES at the end.
 * No regex: a row of spaces or a long name costs one pass. The name loses edge spaces (they are
 * indistinguishable from the column padding; the collector joins names with domstats for that).
 */
function readListRow(line: string): VirshListEntry | string {
  const end = trimEnd(line, 0, line.length);
  const i = skipSpace(line, 0, end);
  let j = i;
  while (j < end && !isSpace(line.charCodeAt(j))) j++;
  const idEnd = j;
  const dash = idEnd - i === 1 && line.charCodeAt(i) === 45;
  if (i === idEnd || (!dash && !isDigits(line, i, idEnd))) return 'no id';
  const state = LIST_STATES.find((st) => end - st.length > idEnd && line.startsWith(st, end - st.length) && isSpace(line.charCodeAt(end - st.length - 1)));
  if (!state) return 'no known state at the end (cut-off row?)';
  const nameStart = skipSpace(line, idEnd, end - state.length);
  const nameEnd = trimEnd(line, nameStart, end - state.length);
  if (nameStart === nameEnd) return 'no name';
  const e: VirshListEntry = { name: line.slice(nameStart, nameEnd), state };
  if (!dash) e.id = digitsValue(line, i, idEnd);
  return e;
}

/**
 * `virsh list --all` table (" Id   Name   State", dashes, rows; "-" id when not running). A row
 * that does not read as id, name and a known state is a bad record (kept in `bad`, the other rows
 * stay). Output cut inside its last row is an error: the rows after it are missing too.
 */
export function readVirshList(text: string, node?: string): VirshListResult {
  const src = 'virsh-list';
  checkInput(src, node, text);
  return guardParse(src, node, text, () => {
    const lines = text.split('\n');
    const h = lines.findIndex((l) => l.length < MAX_ROW && /^\s*Id\s+Name\s+State\s*$/.test(l));
    if (h < 0) throw new ParseError(src, node, 'no " Id   Name   State" header', text.slice(0, 200));
    const out: VirshListResult = { entries: [], bad: [] };
    for (let k = h + 1; k < lines.length; k++) {
      const line = lines[k]!;
      const s = skipSpace(line, 0, line.length);
      if (s === line.length) continue;
      if (k === h + 1 && /^-+\s*$/.test(line.slice(s, s + MAX_ROW))) continue;
      const last = k === lines.length - 1;
      const row = line.length > MAX_ROW ? `row longer than ${MAX_ROW} characters` : readListRow(line);
      if (typeof row !== 'string') out.entries.push(row);
      else if (last) throw new ParseError(src, node, `output ends inside a row (${row})`, line.slice(0, 200));
      else out.bad.push({ subject: line.slice(0, 80).trim(), reason: `unparseable row: ${row}` });
    }
    return out;
  });
}

/** readVirshList, strict: any bad row is a ParseError. */
export function parseVirshList(text: string, node?: string): VirshListEntry[] {
  const r = readVirshList(text, node);
  const b = r.bad[0];
  if (b) throw new ParseError('virsh-list', node, b.reason, b.subject);
  return r.entries;
}

// ---------------------------------------------------------------- virsh domstats

const emptyBlock = (name: string): DomBlockStats => ({
  name,
  rdReqs: 0,
  rdBytes: 0,
  rdTimesNs: 0,
  wrReqs: 0,
  wrBytes: 0,
  wrTimesNs: 0,
  flReqs: 0,
  flTimesNs: 0,
});
const emptyNet = (name: string): DomNetStats => ({
  name,
  rxBytes: 0,
  rxPkts: 0,
  rxErrs: 0,
  rxDrop: 0,
  txBytes: 0,
  txPkts: 0,
  txErrs: 0,
  txDrop: 0,
});

/** The keys of T whose values are numbers: the ones a table below may set from a counter. */
type NumberKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends number ? K : never }[keyof T];
/** Output key → property; matched against a range of the output, so no key string is made. */
type KeyTable<T> = readonly (readonly [key: string, prop: NumberKeys<T>])[];

const BLOCK_KEYS: KeyTable<DomBlockStats> = [
  ['rd.reqs', 'rdReqs'],
  ['rd.bytes', 'rdBytes'],
  ['rd.times', 'rdTimesNs'],
  ['wr.reqs', 'wrReqs'],
  ['wr.bytes', 'wrBytes'],
  ['wr.times', 'wrTimesNs'],
  ['fl.reqs', 'flReqs'],
  ['fl.times', 'flTimesNs'],
  ['allocation', 'allocation'],
  ['capacity', 'capacity'],
  ['physical', 'physical'],
];
const NET_KEYS: KeyTable<DomNetStats> = [
  ['rx.bytes', 'rxBytes'],
  ['rx.pkts', 'rxPkts'],
  ['rx.errs', 'rxErrs'],
  ['rx.drop', 'rxDrop'],
  ['tx.bytes', 'txBytes'],
  ['tx.pkts', 'txPkts'],
  ['tx.errs', 'txErrs'],
  ['tx.drop', 'txDrop'],
];
const TOP_KEYS: KeyTable<DomStats> = [
  ['state.state', 'state'],
  ['state.reason', 'reason'],
  ['cpu.time', 'cpuTimeNs'],
  ['cpu.user', 'cpuUserNs'],
  ['cpu.system', 'cpuSystemNs'],
  ['balloon.current', 'balloonCurrentKb'],
  ['balloon.maximum', 'balloonMaximumKb'],
  ['balloon.rss', 'balloonRssKb'],
  ['vcpu.current', 'vcpuCurrent'],
  ['vcpu.maximum', 'vcpuMaximum'],
];

/** The property for the key s[start, end) exactly, if the table has it. */
function keyProp<T>(table: KeyTable<T>, s: string, start: number, end: number): NumberKeys<T> | undefined {
  for (let i = 0; i < table.length; i++) {
    const e = table[i]!;
    if (rangeIs(s, start, end, e[0])) return e[1];
  }
  return undefined;
}

const isKeyChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45; // [A-Za-z0-9_.-]

/** Line terminators other than \n: a name or value holding one is malformed (as a `.` regex would have it). */
function hasBreak(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 13 || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

/** In a key `prefix N.field` with N from `from`: the dot after N, or -1 when N or the field is missing. */
function deviceDot(s: string, from: number, keyEnd: number): number {
  let i = from;
  while (i < keyEnd && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i > from && i < keyEnd - 1 && s.charCodeAt(i) === 46 ? i : -1;
}

/**
 * block.N / net.N entries of one domain by N, in first-seen order. virsh numbers a domain's
 * devices 0, 1, 2… and prints each device's keys together: while the N come in that order the
 * entry is list[N], with no ids kept. Otherwise the ids are recorded, the previous line's entry is
 * tried first, and past 16 devices a Map keeps lookups constant for hostile input.
 */
class Devices<T> {
  readonly list: T[] = [];
  private ids?: number[];
  private last = 0;
  private byId?: Map<number, number>;

  constructor(private readonly make: (name: string) => T) {}

  get(id: number): T {
    const list = this.list;
    if (!this.ids) {
      if (id < list.length) return list[id]!;
      if (id === list.length) return (list[id] = this.make(''));
      this.ids = list.map((_, i) => i);
    }
    const ids = this.ids;
    let at = ids[this.last] === id ? this.last : this.byId ? (this.byId.get(id) ?? -1) : ids.indexOf(id);
    if (at < 0) {
      at = ids.length;
      ids.push(id);
      list.push(this.make(''));
      if (this.byId) this.byId.set(id, at);
      else if (ids.length > 16) this.byId = new Map(ids.map((n, i) => [n, i]));
    }
    this.last = at;
    return list[at]!;
  }

  /** The entries by ascending N (the N are distinct, so the order is total). */
  sorted(): T[] {
    const { ids, list } = this;
    if (!ids) return list;
    let ascending = true;
    for (let i = 1; ascending && i < ids.length; i++) ascending = ids[i - 1]! < ids[i]!;
    return ascending ? list : ids.map((_, i) => i).sort((a, b) => ids[a]! - ids[b]!).map((i) => list[i]!);
  }
}

const DOMSTATS = 'domstats';
type DomainSoFar = Partial<DomStats> & { name: string };

export interface DomstatsResult {
  stats: DomStats[];
  /** Domains whose block could not be read (each costs only itself). */
  bad: BadRecord[];
}

/**
 * `virsh domstats …`: "Domain: 'name'" blocks of "  key=value" lines. Empty output = no domains.
 * Runs on every VM poll of every node over hundreds of lines per node, so it scans the output by
 * index (text-scan.ts): the only strings it makes are the names and paths it returns, and numbers
 * are only read for the keys that are kept. Strict: the first malformed line is a ParseError.
 */
export function parseDomstats(text: string, node?: string): DomStats[] {
  checkInput(DOMSTATS, node, text);
  return guardParse(DOMSTATS, node, text, () => readDomstats(text, node, undefined));
}

/**
 * parseDomstats per domain: a domain whose block is malformed (e.g. a name with a line break,
 * `virsh domrename x $'a\nb'`, or no state.state) is left out and listed in `bad`; the others
 * are kept. Reading resumes at the next well-formed "Domain: '…'" header.
 */
export function readDomstatsRecords(text: string, node?: string): DomstatsResult {
  checkInput(DOMSTATS, node, text);
  const bad: BadRecord[] = [];
  const stats = guardParse(DOMSTATS, node, text, () => readDomstats(text, node, bad));
  return { stats, bad };
}

/** A domain's keys read: the result, or a ParseError without state.state. */
function finished(d: DomainSoFar, block: Devices<DomBlockStats> | undefined, net: Devices<DomNetStats> | undefined, node: string | undefined): DomStats {
  if (d.state === undefined) throw new ParseError(DOMSTATS, node, `domain '${d.name}': no state.state`, d.name);
  // In place, in the key order of { ...d, state, reason: d.reason ?? 0, block, net }.
  d.reason = d.reason ?? 0;
  d.block = block ? block.sorted() : [];
  d.net = net ? net.sorted() : [];
  return d as DomStats;
}

/** Per-domain mode (`bad` given): a domain without state.state is a bad record, not an error. */
function finishInto(out: DomStats[], bad: BadRecord[] | undefined, d: DomainSoFar, block: Devices<DomBlockStats> | undefined, net: Devices<DomNetStats> | undefined, node: string | undefined): void {
  if (bad && d.state === undefined) bad.push({ subject: d.name, reason: 'no state.state' });
  else out.push(finished(d, block, net, node));
}

/** Lines a header cut by line breaks in the name may span before it is given up on. */
const MAX_NAME_LINES = 8;

/**
 * The name of a "Domain: '…" header at `start` whose quote does not close on its line: the
 * following unindented lines up to one that ends in "'" (a name holding line breaks), else the
 * first line's part. Only used to name the bad record.
 */
function brokenHeaderName(text: string, start: number, end: number): string {
  let e = end;
  for (let k = 0; k < MAX_NAME_LINES && e < text.length; k++) {
    const ns = e + 1;
    const ne = lineEnd(text, ns);
    if (ns === ne || isSpace(text.charCodeAt(ns))) break;
    const te = trimEnd(text, ns, ne);
    if (te > ns && text.charCodeAt(te - 1) === 39) return text.slice(start + 9, te - 1);
    e = ne;
  }
  return text.slice(start + 9, trimEnd(text, start, end));
}

/** End of the line [start, end) without the CR of a CRLF ending. */
const crlfEnd = (s: string, end: number, start: number): number => (end > start && end < s.length && s.charCodeAt(end - 1) === 13 ? end - 1 : end);

/**
 * parseDomstats' scan; not a closure, so `text` and the domain being read stay out of a closure
 * context. With `bad` (per-domain mode) a malformed domain is recorded there instead of thrown.
 */
function readDomstats(text: string, node: string | undefined, bad: BadRecord[] | undefined): DomStats[] {
  const out: DomStats[] = [];
  let d: DomainSoFar | undefined;
  let block: Devices<DomBlockStats> | undefined;
  let net: Devices<DomNetStats> | undefined;
  /** Per-domain mode, after a bad line: the rest of that domain's lines are skipped. */
  let skipping = false;
  for (let from = 0; from <= text.length; ) {
    const start = from;
    const nl = lineEnd(text, start);
    from = nl + 1;
    const end = crlfEnd(text, nl, start);
    const i = skipSpace(text, start, end);
    if (i === end) continue;
    if (text.startsWith("Domain: '", start)) {
      const e = trimEnd(text, start, end);
      if (e - start >= 10 && text.charCodeAt(e - 1) === 39 && !hasBreak(text, start, e)) {
        if (d) finishInto(out, bad, d, block, net, node);
        d = { name: text.slice(start + 9, e - 1) };
        block = net = undefined;
        skipping = false;
        continue;
      }
      if (bad) {
        if (d) finishInto(out, bad, d, block, net, node);
        d = block = net = undefined;
        skipping = true;
        bad.push({ subject: brokenHeaderName(text, start, end), reason: 'the name does not end on its line (a line break in the name?)' });
        continue;
      }
    }
    if (skipping) continue;
    // "  key=value": leading whitespace, a key of [A-Za-z0-9_.-], "=", anything.
    let eq = i;
    while (eq < end && isKeyChar(text.charCodeAt(eq))) eq++;
    const cur = d;
    if (!cur || i === start || eq === i || eq === end || text.charCodeAt(eq) !== 61 || hasBreak(text, eq + 1, end)) {
      const excerpt = text.slice(start, Math.min(end, start + 200));
      if (!bad) throw new ParseError(DOMSTATS, node, 'expected "Domain: \'name\'" or "  key=value"', excerpt);
      bad.push({ subject: cur ? cur.name : excerpt.slice(0, 80), reason: `unreadable line ${JSON.stringify(excerpt.slice(0, 80))}` });
      d = block = net = undefined;
      skipping = true;
      continue;
    }
    const vs = skipSpace(text, eq + 1, end);
    const ve = trimEnd(text, vs, end);
    if (text.startsWith('block.', i)) {
      const dot = deviceDot(text, i + 6, eq);
      if (dot < 0) continue;
      const b = (block ??= new Devices(emptyBlock)).get(digitsValue(text, i + 6, dot));
      if (rangeIs(text, dot + 1, eq, 'name')) b.name = text.slice(vs, ve);
      else if (rangeIs(text, dot + 1, eq, 'path')) b.path = text.slice(vs, ve);
      else {
        const f = keyProp(BLOCK_KEYS, text, dot + 1, eq);
        const n = f ? decimalValue(text, vs, ve) : undefined;
        if (f && n !== undefined) b[f] = n;
      }
    } else if (text.startsWith('net.', i)) {
      const dot = deviceDot(text, i + 4, eq);
      if (dot < 0) continue;
      const st = (net ??= new Devices(emptyNet)).get(digitsValue(text, i + 4, dot));
      if (rangeIs(text, dot + 1, eq, 'name')) st.name = text.slice(vs, ve);
      else {
        const f = keyProp(NET_KEYS, text, dot + 1, eq);
        const n = f ? decimalValue(text, vs, ve) : undefined;
        if (f && n !== undefined) st[f] = n;
      }
    } else {
      const f = keyProp(TOP_KEYS, text, i, eq);
      if (f === undefined) continue;
      const n = decimalValue(text, vs, ve);
      // An unreadable state.state/reason is unknown (finished() insists on the state); others are left out.
      if (n !== undefined || f === 'state' || f === 'reason') cur[f] = n;
    }
  }
  if (d) finishInto(out, bad, d, block, net, node);
  return out;
}

/** Worst per-op latency (ms) over the interval across the VM's disks; undefined when unknown. */
/** What a VM's deltas need of a domstats sample (the collector keeps this much until the next poll). */
export type DomCounters = Pick<DomStats, 'name' | 'cpuTimeNs'> & { block: Pick<DomBlockStats, 'name' | 'rdReqs' | 'rdTimesNs' | 'wrReqs' | 'wrTimesNs'>[] };

export function vmDiskLatency(prev: DomCounters, next: DomCounters): { readMs?: number; writeMs?: number } {
  const out: { readMs?: number; writeMs?: number } = {};
  if (prev.name !== next.name) return out;
  // Runs for every VM on every poll: a VM's few disks are looked up by a scan, a Map only for many.
  const before = prev.block.length > FEW_DISKS ? new Map(prev.block.map((b) => [b.name, b])) : undefined;
  for (const b of next.block) {
    const p = before ? before.get(b.name) : lastNamed(prev.block, b.name);
    if (!p || !b.name) continue;
    const r = opLatencyMs(b.rdReqs - p.rdReqs, b.rdTimesNs - p.rdTimesNs);
    const w = opLatencyMs(b.wrReqs - p.wrReqs, b.wrTimesNs - p.wrTimesNs);
    if (r !== undefined && (out.readMs === undefined || r > out.readMs)) out.readMs = r;
    if (w !== undefined && (out.writeMs === undefined || w > out.writeMs)) out.writeMs = w;
  }
  return out;
}

/** Disks per VM up to which vmDiskLatency pairs them by a scan (linear in practice, bounded when hostile). */
const FEW_DISKS = 16;

/** The last disk named `name` (the one a Map built from `blocks` in order would hold). */
function lastNamed<B extends { name: string }>(blocks: readonly B[], name: string): B | undefined {
  for (let j = blocks.length - 1; j >= 0; j--) if (blocks[j]!.name === name) return blocks[j];
  return undefined;
}

const opLatencyMs = (dReqs: number, dNs: number): number | undefined => (dReqs > 0 && dNs >= 0 ? dNs / dReqs / 1e6 : undefined);

/**
 * VM CPU use over the interval as a percentage of ONE host CPU (so a busy 4-vCPU guest
 * can read 400). Undefined without cpu.time in both reads, on a counter reset (guest
 * restarted) or a non-positive interval.
 */
export function vmCpuPct(prev: Pick<DomStats, 'cpuTimeNs'>, next: Pick<DomStats, 'cpuTimeNs'>, dtMs: number): number | undefined {
  if (prev.cpuTimeNs === undefined || next.cpuTimeNs === undefined) return undefined;
  if (!Number.isFinite(dtMs) || dtMs <= 0) return undefined;
  const d = next.cpuTimeNs - prev.cpuTimeNs;
  if (d < 0) return undefined;
  return (d / (dtMs * 1e6)) * 100;
}

// ---------------------------------------------------------------- virsh event --loop --timestamp

const EVENT_HEAD = /^(?:(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{4}|Z)?): )?event '([^']+)' for domain '/;
/** Events whose detail has quotes of its own (tools/virsh-domain-event.c): the line's end, after the name's quote. */
const QUOTED_DETAIL: Record<string, RegExp> = {
  'agent-lifecycle': /': state: '[^']*' reason: '[^']*'$/,
  'migration-iteration': /': iteration: '[^']*'$/,
  'memory-failure': /': recipient '[^']*', action '[^']*', flags '[^']*'$/,
};
/** What may follow the name's closing quote: nothing, ":" (detail), or " disk X: …" (tray/disk change). */
const tailOk = (s: string, q: number): boolean => q + 1 === s.length || s.startsWith(':', q + 1) || s.startsWith(' disk ', q + 1);

/** Index of the quote that closes the domain name opened at `from` (names may hold quotes), or -1. */
function nameEnd(line: string, from: number, event: string): number {
  const quoted = own(QUOTED_DETAIL, event);
  if (quoted) {
    const m = quoted.exec(line.slice(from));
    return m ? from + m.index : -1;
  }
  // The detail rarely holds a quote: the line's last quote closes the name when a valid tail follows it…
  const last = line.lastIndexOf("'");
  if (last >= from && tailOk(line, last)) return last;
  // …else the first quote with a valid tail (a quote inside a path in the detail).
  for (let q = line.indexOf("'", from); q >= 0; q = line.indexOf("'", q + 1)) if (tailOk(line, q)) return q;
  return -1;
}

/**
 * One line of `virsh event --all --loop --timestamp`, e.g.
 * "2026-11-24 07:45:39.689+0000: event 'lifecycle' for domain 'web-01': Started Booted".
 * Also "event 'reboot' for domain 'x'" (no detail), "… for domain 'x' disk hdc: opened", and
 * names holding quotes ("for domain 'it's': Started Booted": virsh does not escape them).
 * Anything else (continuation lines, "events received: N") → undefined.
 */
export function parseVirshEventLine(line: string): VirshEvent | undefined {
  if (typeof line !== 'string' || line.length > MAX_EVENT_LINE) return undefined;
  const l = line.endsWith('\r') ? line.slice(0, -1) : line;
  const m = EVENT_HEAD.exec(l);
  if (!m?.[2]) return undefined;
  const from = m[0].length;
  const q = nameEnd(l, from, m[2]);
  if (q < 0) return undefined;
  const rest = l.slice(q + 1).trim();
  const detail = rest.startsWith(':') ? rest.slice(1).trim() : rest;
  const ev: VirshEvent = { event: m[2], domain: l.slice(from, q), detail };
  if (m[1]) ev.timestamp = m[1];
  return ev;
}

export const MAX_EVENT_LINE = 64 * 1024;

/**
 * Line splitter for the event stream. Tab-indented continuation lines (tunable,
 * job-completed parameters) are skipped. A line longer than MAX_EVENT_LINE is dropped
 * and counted in `errors`/`lastError` instead of killing the stream.
 */
export class VirshEventParser {
  errors = 0;
  lastError?: ParseError;
  private readonly splitter = new LineBuffer(MAX_EVENT_LINE);

  constructor(private readonly node?: string) {}

  feed(chunk: string): VirshEvent[] {
    checkInput('virsh-event', this.node, chunk);
    const out: VirshEvent[] = [];
    const { lines, dropped } = this.splitter.push(chunk);
    for (const line of lines) {
      if (line.length > MAX_EVENT_LINE) {
        this.overlong(line);
        continue;
      }
      const ev = parseVirshEventLine(line);
      if (ev) out.push(ev);
    }
    if (dropped !== undefined) this.overlong(dropped);
    return out;
  }

  private overlong(line: string): void {
    this.errors++;
    this.lastError = new ParseError('virsh-event', this.node, `event line longer than ${MAX_EVENT_LINE} bytes dropped`, line.slice(0, 200));
  }
}

// ---------------------------------------------------------------- virsh domdisplay

/** First `vnc://`, `spice://` or `rdp://` URI; undefined when none (or the port is unassigned, e.g. ":-5901"). */
export function parseDomdisplay(text: string, node?: string): string | undefined {
  checkInput('domdisplay', node, text);
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!/^(?:vnc|spice|rdp):\/\/\S+$/.test(line)) continue;
    if (/:-\d+(?:[/?]|$)/.test(line.replace(/^[a-z]+:\/\//, ''))) return undefined;
    return line;
  }
  return undefined;
}

// ---------------------------------------------------------------- virsh list --name (autostart)

/**
 * `virsh list --all --autostart --name`: one name per line, exactly as written (a name may begin
 * or end with spaces: `--name` prints it unpadded); a CR of a CRLF ending and blank lines dropped.
 */
export function parseAutostartNames(text: string): string[] {
  checkInput('autostart', undefined, text);
  return text
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
    .filter((l) => l.trim() !== '');
}

// ---------------------------------------------------------------- virsh dumpxml

const textOf = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim();
  const t = asNode(v)?.['#text'];
  return typeof t === 'string' ? t.trim() : undefined;
};
/** An element holding a libvirt scaled integer (`<memory unit='MiB'>4</memory>`) → KiB. */
const elementKib = (v: unknown): number | undefined => toKib(textOf(v), attr(v, 'unit'));

const XML_ARRAYS = new Set(['disk', 'interface', 'graphics', 'listen', 'seclabel', 'vcpupin', 'page']);
const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => XML_ARRAYS.has(name),
  ...SAFE_XML_OPTIONS,
  // A leaf's text as written (a domain <name> may begin or end with spaces); the whitespace
  // between elements dropped.
  tagValueProcessor: (_tag: string, value: string, _path: unknown, _attrs: boolean, leaf: boolean) => decodeXmlText(leaf ? value : value.trim()),
});

const GENERATED_IFACE = /^(?:vnet|macvtap|tap|vif)\d+/;

/** The items of an element value (one node or an array) that `keep` accepts; undefined when none. */
function keepItems(v: unknown, keep: (n: unknown) => boolean): unknown {
  if (!Array.isArray(v)) return keep(v) ? v : undefined;
  const kept = v.filter(keep);
  return kept.length > 0 ? kept : undefined;
}

/**
 * Canonical form for drift checks between `dumpxml --inactive` copies of a VM: keys sorted, and
 * without what libvirt generates rather than reads from the definition: the domain id,
 * libvirt-assigned <alias> names (a user alias "ua-*" is configuration), <backingStore> chains
 * libvirt detected (they carry an index; a configured one has none), the generated <label> and
 * <imagelabel> of a dynamic <seclabel>, disk source index, auto-assigned graphics ports,
 * generated interface target names (vnetN) and channel connection state. <currentMemory> and
 * <seclabel> are configuration and count.
 */
function canonical(v: unknown, path: string[]): unknown {
  if (Array.isArray(v)) return v.map((x) => canonical(x, path));
  const n = asNode(v);
  if (!n) return v;
  const parent = path[path.length - 1];
  const out: XNode = {};
  for (const k of Object.keys(n).sort()) {
    let value = n[k];
    if (k === 'alias') value = keepItems(value, (a) => attr(a, 'name')?.startsWith('ua-') === true);
    else if (k === 'backingStore') value = keepItems(value, (b) => attr(b, 'index') === undefined);
    if (value === undefined) continue;
    if (parent === 'seclabel' && n['@_type'] === 'dynamic' && (k === 'label' || k === 'imagelabel')) continue;
    if (parent === 'domain' && k === '@_id' && path.length === 1) continue;
    if (parent === 'source' && k === '@_index') continue;
    if (parent === 'graphics' && n['@_autoport'] !== 'no' && (k === '@_port' || k === '@_tlsPort' || k === '@_websocket')) continue;
    if (parent === 'target' && path[path.length - 2] === 'channel' && k === '@_state') continue;
    if (parent === 'interface' && k === 'target') {
      const dev = attr(n[k], 'dev');
      if (dev && GENERATED_IFACE.test(dev)) continue;
    }
    out[k] = canonical(value, [...path, k]);
  }
  return out;
}

/**
 * libvirt's CPU mask length (VIR_DOMAIN_CPUMASK_LEN, 16384 since libvirt 8.x; `virsh define` of
 * cpuset='0,16384' fails with "Failed to parse bitmap" on 9.0): no valid cpuset names a CPU at or
 * above it. A cpuset beyond it costs only that field (parseDumpxml lists it in `problems`).
 */
export const MAX_CPUSET_CPU = 16384;

/**
 * libvirt cpuset syntax ("0-3,^2,8": ranges, single CPUs, "^N" exclusions) → sorted CPU ids.
 * Throws a plain Error naming the bad item; parseDumpxml turns it into a ParseError.
 */
export function parseCpuset(text: string): number[] {
  const on = new Set<number>();
  const off = new Set<number>();
  const num = (v: string, item: string): number => {
    if (!/^\d{1,5}$/.test(v) || Number(v) >= MAX_CPUSET_CPU) throw new Error(`cpuset ${JSON.stringify(text.slice(0, 80))}: bad item ${JSON.stringify(item.slice(0, 20))}`);
    return Number(v);
  };
  for (const raw of text.split(',')) {
    const item = raw.trim();
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(item);
    if (item.startsWith('^')) off.add(num(item.slice(1).trim(), item));
    else if (range?.[1] && range[2]) {
      const [a, b] = [num(range[1], item), num(range[2], item)];
      if (a > b) throw new Error(`cpuset ${JSON.stringify(text.slice(0, 80))}: range ${item} runs backwards`);
      for (let c = a; c <= b; c++) on.add(c);
    } else on.add(num(item, item));
  }
  return [...on].filter((c) => !off.has(c)).sort((a, b) => a - b);
}

/** libvirt's node set syntax (cpuset syntax) for a page's `nodeset`; undefined when unreadable. */
function nodeSet(v: string | undefined): Set<number> | undefined {
  if (v === undefined) return undefined;
  try {
    return new Set(parseCpuset(v));
  } catch {
    return undefined;
  }
}

/**
 * What a hugepage-backed VM takes from each page-size pool: per guest NUMA cell
 * (`<cpu><numa><cell id memory>`), the `<page>` whose nodeset holds the cell, else the page
 * without a nodeset, else the host's default size (sizeKb undefined); summed per size. Without
 * guest NUMA cells all memory comes from the one page size given (or the default).
 */
function hugepageNeedsOf(pages: unknown[], cpu: XNode | undefined, memoryKb: number, problems: string[]): HugepageNeed[] {
  const sized = pages.map((p) => ({ sizeKb: toKib(attr(p, 'size'), attr(p, 'unit')), nodes: nodeSet(attr(p, 'nodeset')), raw: attr(p, 'nodeset') }));
  for (const p of sized) {
    if (p.sizeKb === undefined || p.sizeKb <= 0) problems.push('<hugepages><page>: unreadable size');
    if (p.raw !== undefined && !p.nodes) problems.push(`<hugepages><page nodeset=${JSON.stringify(p.raw.slice(0, 40))}>: unreadable nodeset`);
  }
  const valid = sized.filter((p) => p.sizeKb !== undefined && p.sizeKb > 0);
  const fallback = valid.find((p) => p.raw === undefined);
  const cells = asArray(asNode(cpu?.['numa'])?.['cell']);
  const out: HugepageNeed[] = [];
  const add = (sizeKb: number | undefined, kb: number, cell?: number) => {
    const e = out.find((n) => n.sizeKb === sizeKb);
    const target = e ?? (out[out.length] = sizeKb === undefined ? { memoryKb: 0 } : { sizeKb, memoryKb: 0 });
    target.memoryKb += kb;
    if (cell !== undefined) (target.guestNodes ??= []).push(cell);
  };
  if (cells.length === 0) {
    add((fallback ?? valid[0])?.sizeKb, memoryKb);
    return out;
  }
  for (const c of cells) {
    const id = Number(attr(c, 'id'));
    const kb = toKib(attr(c, 'memory'), attr(c, 'unit'));
    if (!Number.isInteger(id) || kb === undefined) {
      problems.push('<numa><cell>: needs id and memory');
      continue;
    }
    add((valid.find((p) => p.nodes?.has(id)) ?? fallback)?.sizeKb, kb, id);
  }
  return out;
}

/** `virsh dumpxml`: the fields virtdeck shows, plus a drift digest (see `canonical`). */
export function parseDumpxml(xml: string, node?: string): DomainXmlInfo {
  const src = 'dumpxml';
  checkInput(src, node, xml);
  if (xml.trim() === '') throw new ParseError(src, node, 'empty output');
  return guardParse(src, node, xml, () => {
    const doc = xmlParser.parse(xml, true) as XNode;
    const d = asNode(doc['domain']);
    if (!d) throw new ParseError(src, node, 'no <domain> element', xml.slice(0, 200));
    const rawName = d['name'];
    const name = typeof rawName === 'string' ? rawName : textOf(rawName); // not trimmed: edge spaces are part of a name
    if (!name) throw new ParseError(src, node, '<domain> without <name>', xml.slice(0, 200));
    const memoryKb = elementKib(d['memory']);
    if (memoryKb === undefined) throw new ParseError(src, node, `domain '${name}': no valid <memory>`, xml.slice(0, 200));
    const vcpu = d['vcpu'];
    const vcpus = Number(attr(vcpu, 'current') ?? textOf(vcpu) ?? 1);
    const devices = asNode(d['devices']) ?? {};

    const disks: DomainDisk[] = asArray(devices['disk']).map((x) => {
      const src = asNode(x)?.['source'];
      const drv = asNode(x)?.['driver'];
      const tgt = asNode(x)?.['target'];
      const disk: DomainDisk = { device: attr(x, 'device') ?? 'disk', target: attr(tgt, 'dev') ?? '' };
      const bus = attr(tgt, 'bus');
      const s = attr(src, 'dev') ?? attr(src, 'file') ?? attr(src, 'name') ?? attr(src, 'volume');
      const cache = attr(drv, 'cache');
      const io = attr(drv, 'io');
      if (bus) disk.bus = bus;
      if (s) disk.source = s;
      if (cache) disk.driverCache = cache;
      if (io) disk.driverIo = io;
      return disk;
    });
    const interfaces: DomainInterface[] = asArray(devices['interface']).map((x) => {
      const n = asNode(x) ?? {};
      const i: DomainInterface = { type: attr(x, 'type') ?? '' };
      const s = attr(n['source'], 'bridge') ?? attr(n['source'], 'network') ?? attr(n['source'], 'dev');
      const mac = attr(n['mac'], 'address');
      const model = attr(n['model'], 'type');
      const target = attr(n['target'], 'dev');
      if (s) i.source = s;
      if (mac) i.mac = mac;
      if (model) i.model = model;
      if (target) i.target = target;
      return i;
    });
    const graphics = asArray(devices['graphics']).map((x) => {
      const g: { type: string; port?: number; listen?: string } = { type: attr(x, 'type') ?? '' };
      const port = Number(attr(x, 'port'));
      if (Number.isInteger(port) && port > 0) g.port = port;
      const listen = attr(x, 'listen') ?? attr(asArray(asNode(x)?.['listen'])[0], 'address');
      if (listen) g.listen = listen;
      return g;
    });

    // One odd field costs only itself: it is left out and named in `problems`, the rest is kept.
    const problems: string[] = [];
    const cpuset = (v: string | undefined, what: string): number[] | undefined => {
      if (v === undefined) return undefined;
      try {
        return parseCpuset(v);
      } catch (e) {
        problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    };
    const cputune = asNode(d['cputune']);
    const vcpuPins = asArray(cputune?.['vcpupin']).flatMap((x) => {
      const vcpu = attr(x, 'vcpu');
      const what = `<vcpupin vcpu='${vcpu ?? '?'}'>`;
      if (vcpu === undefined || !/^\d+$/.test(vcpu) || attr(x, 'cpuset') === undefined) {
        problems.push(`${what}: needs vcpu and cpuset`);
        return [];
      }
      const cpus = cpuset(attr(x, 'cpuset'), what);
      return cpus ? [{ vcpu: Number(vcpu), cpus }] : [];
    });
    const emulatorPin = cpuset(attr(cputune?.['emulatorpin'], 'cpuset'), '<emulatorpin>');
    const hugepagesEl = asNode(d['memoryBacking'])?.['hugepages'];
    const pages = asArray(asNode(hugepagesEl)?.['page']);
    const page = pages[0];
    const hugepageKb = page === undefined ? undefined : toKib(attr(page, 'size'), attr(page, 'unit'));
    const hugepageNeeds = hugepagesEl === undefined ? undefined : hugepageNeedsOf(pages, asNode(d['cpu']), memoryKb, problems);

    const cpu = asNode(d['cpu']);
    const os = asNode(d['os']);
    const info: DomainXmlInfo = {
      name,
      memoryKb,
      vcpus: Number.isFinite(vcpus) && vcpus > 0 ? vcpus : 1,
      hugepages: hugepagesEl !== undefined,
      disks,
      interfaces,
      graphics,
      digest: createHash('sha256')
        .update(JSON.stringify(canonical(d, ['domain'])))
        .digest('hex'),
    };
    const uuid = textOf(d['uuid']);
    const cur = elementKib(d['currentMemory']);
    const mode = attr(cpu, 'mode') ?? (cpu && cpu['model'] !== undefined ? 'custom' : undefined);
    const machine = attr(os?.['type'], 'machine');
    if (uuid) info.uuid = uuid;
    if (cur !== undefined) info.currentMemoryKb = cur;
    if (mode) info.cpuMode = mode;
    if (machine) info.machine = machine;
    // <nvram> holds a UEFI VM's variable store: `virsh undefine` refuses such a VM without --nvram.
    const nvram = os?.['nvram'] === undefined ? undefined : (textOf(os['nvram']) ?? '');
    if (nvram !== undefined) info.nvram = nvram;
    if (hugepageKb !== undefined && hugepageKb > 0) info.hugepageKb = hugepageKb;
    if (vcpuPins.length > 0) info.vcpuPins = vcpuPins;
    if (emulatorPin) info.emulatorPin = emulatorPin;
    if (hugepageNeeds) info.hugepageNeeds = hugepageNeeds;
    if (problems.length > 0) info.problems = problems.map((p) => `domain '${name}': ${p}`);
    return info;
  });
}

// ---------------------------------------------------------------- virsh domjobinfo

const SIZE_UNITS: Record<string, number> = {
  B: 1, bytes: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, PiB: 1024 ** 5, EiB: 1024 ** 6,
};

/**
 * `virsh domjobinfo` ("%-17s %s" label/value lines, sizes as "%.3lf <unit>" from
 * vshPrettyCapacity). percent = (total − remaining) / total, 100 for Completed.
 */
export function parseDomjobinfo(text: string, node?: string): DomJobInfo {
  const src = 'domjobinfo';
  checkInput(src, node, text);
  return guardParse(src, node, text, () => {
    const kv = new Map<string, string>();
    for (const line of text.split('\n')) {
      if (line.length > 4096) continue; // not a domjobinfo line
      const m = execTrimTail(/^([A-Za-z][A-Za-z /.()-]*?):\s*(.*)/, line);
      if (m?.[1] && m[2] !== undefined && !kv.has(m[1])) kv.set(m[1], m[2]);
    }
    const type = kv.get('Job type');
    if (!type) throw new ParseError(src, node, 'no "Job type:" line', text.slice(0, 200));
    const size = (k: string): number | undefined => {
      const m = /^(\d+(?:[.,]\d+)?)\s*([A-Za-z]+)$/.exec(kv.get(k) ?? '');
      const f = m?.[2] ? own(SIZE_UNITS, m[2]) : undefined;
      return m?.[1] && f ? Math.round(Number(m[1].replace(',', '.')) * f) : undefined;
    };
    const info: DomJobInfo = { type };
    const set = <K extends keyof DomJobInfo>(k: K, v: DomJobInfo[K] | undefined) => {
      if (v !== undefined) info[k] = v;
    };
    set('operation', kv.get('Operation') || undefined);
    const el = /^(\d+)\s*ms$/.exec(kv.get('Time elapsed') ?? '');
    set('timeElapsedMs', el?.[1] ? Number(el[1]) : undefined);
    set('dataProcessedBytes', size('Data processed'));
    set('dataRemainingBytes', size('Data remaining'));
    set('dataTotalBytes', size('Data total'));
    set('memoryProcessedBytes', size('Memory processed'));
    set('memoryRemainingBytes', size('Memory remaining'));
    set('memoryTotalBytes', size('Memory total'));
    const total = info.dataTotalBytes ?? info.memoryTotalBytes;
    const remaining = info.dataTotalBytes !== undefined ? info.dataRemainingBytes : info.memoryRemainingBytes;
    const processed = info.dataTotalBytes !== undefined ? info.dataProcessedBytes : info.memoryProcessedBytes;
    if (type === 'Completed') info.percent = 100;
    else if (total !== undefined && total > 0) {
      const done = remaining !== undefined ? total - remaining : processed;
      if (done !== undefined) info.percent = Math.min(100, Math.max(0, (done / total) * 100));
    }
    return info;
  });
}
