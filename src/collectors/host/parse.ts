// Parsers for the host batch (/proc/stat, /proc/meminfo, /proc/loadavg, /proc/uptime,
// `grep -r '' /sys/kernel/mm/hugepages`) and `virsh capabilities`.
import { XMLParser } from 'fast-xml-parser';
import { SAFE_XML_OPTIONS } from '../xml-text.js';
import { ParseError, checkInput, guardParse } from '../parse-error.js';
import { digitsEnd, digitsValue, isDigits, lineEnd, rangeIs, skipSpace, skipToken } from '../text-scan.js';
import { type XNode, asArray, asNode, attr, toKib } from '../libvirt-xml.js';
import type {
  CpuTimes,
  CpuUsage,
  HostCapabilities,
  HugepagePool,
  LoadAvg,
  MemInfo,
  NumaCell,
  ProcStat,
} from '../../model/host.js';

const nonEmpty = (source: string, node: string | undefined, text: unknown): string => {
  const t = checkInput(source, node, text);
  if (t.trim() === '') throw new ParseError(source, node, 'empty output');
  return t;
};

/** The counters of the cpu line being read; reused, as each line's values are copied out at once. */
const cpuCols = new Float64Array(10);

/** The fields of a cpu line from its `n` counters; older kernels print fewer columns (the rest are 0). */
function cpuTimes(c: Float64Array, n: number): CpuTimes {
  if (n < c.length) c.fill(0, n);
  return { user: c[0]!, nice: c[1]!, system: c[2]!, idle: c[3]!, iowait: c[4]!, irq: c[5]!, softirq: c[6]!, steal: c[7]!, guest: c[8]!, guestNice: c[9]! };
}

/** The scalar keys kept from /proc/stat, each a "key N" line. */
const STAT_KEYS = [
  ['btime', 'bootTime'],
  ['procs_running', 'procsRunning'],
  ['procs_blocked', 'procsBlocked'],
] as const;

/** The property for the /proc/stat key s[start, end), if it is one of STAT_KEYS. */
function statKey(s: string, start: number, end: number): (typeof STAT_KEYS)[number][1] | undefined {
  for (const k of STAT_KEYS) if (rangeIs(s, start, end, k[0])) return k[1];
  return undefined;
}

/**
 * /proc/stat: the aggregate "cpu" line, per-CPU lines, btime, procs_running/blocked. Read every
 * poll of every node (a line per CPU), so it scans by index (text-scan.ts) and makes no strings.
 */
export function parseProcStat(text: string, node?: string): ProcStat {
  const src = 'proc-stat';
  nonEmpty(src, node, text);
  return guardParse(src, node, text, () => {
    let total: CpuTimes | undefined;
    const cpuIds: number[] = [];
    const perCpu: CpuTimes[] = [];
    const out: Omit<ProcStat, 'total' | 'perCpu'> = {};
    for (let from = 0; from <= text.length; ) {
      const start = from;
      const end = lineEnd(text, start);
      from = end + 1;
      const key = skipSpace(text, start, end);
      const keyEnd = skipToken(text, key, end);
      if (key === keyEnd) continue;
      if (text.startsWith('cpu', key) && (keyEnd - key === 3 || isDigits(text, key + 3, keyEnd))) {
        // "cpu" or "cpuN", then at least 4 counters, all unsigned integers.
        let n = 0;
        let ok = true;
        for (let i = skipSpace(text, keyEnd, end); ok && i < end; n++) {
          const t = digitsEnd(text, i, end);
          ok = t > i; // no digit here (in "12x" the "x" is reached as the next token)
          if (ok && n < cpuCols.length) cpuCols[n] = digitsValue(text, i, t);
          i = skipSpace(text, t, end);
        }
        if (!ok || n < 4) throw new ParseError(src, node, `malformed ${text.slice(key, keyEnd)} line`, text.slice(start, Math.min(end, start + 200)));
        const t = cpuTimes(cpuCols, n);
        if (keyEnd - key === 3) total = t;
        else {
          cpuIds.push(digitsValue(text, key + 3, keyEnd));
          perCpu.push(t);
        }
        continue;
      }
      const prop = statKey(text, key, keyEnd);
      if (!prop) continue;
      // Exactly "key N".
      const v = skipSpace(text, keyEnd, end);
      const vEnd = skipToken(text, v, end);
      if (isDigits(text, v, vEnd) && skipSpace(text, vEnd, end) === end) out[prop] = digitsValue(text, v, vEnd);
    }
    if (!total) throw new ParseError(src, node, 'no aggregate "cpu" line', text.slice(0, 200));
    return { total, perCpu: byCpuId(cpuIds, perCpu), ...out };
  });
}

/** Per-CPU lines by CPU number; lines of the same number stay in output order. */
function byCpuId(ids: number[], times: CpuTimes[]): CpuTimes[] {
  let inOrder = true;
  for (let i = 1; inOrder && i < ids.length; i++) inOrder = ids[i - 1]! <= ids[i]!;
  if (inOrder) return times;
  // `|| a - b`: also when both ids are Infinity (a 300-digit "cpuN"), where the difference is NaN.
  return ids.map((_, i) => i).sort((a, b) => ids[a]! - ids[b]! || a - b).map((i) => times[i]!);
}

/**
 * CPU usage between two /proc/stat reads. Guest time is already part of user/nice in
 * the kernel's accounting, so it is not added again. Any counter that went backwards
 * (reboot, wrap) counts as 0, so results are always within 0..100.
 */
export function cpuUsage(prev: ProcStat, next: ProcStat): CpuUsage {
  const d = (f: keyof CpuTimes) => Math.max(0, next.total[f] - prev.total[f]);
  const idle = d('idle');
  const iowait = d('iowait');
  const steal = d('steal');
  const total = d('user') + d('nice') + d('system') + idle + iowait + d('irq') + d('softirq') + steal;
  const cpus = next.perCpu.length || 1;
  const rebooted = prev.bootTime !== undefined && next.bootTime !== undefined && prev.bootTime !== next.bootTime;
  if (!(total > 0) || rebooted) return { busyPct: 0, iowaitPct: 0, stealPct: 0, cpus };
  const pct = (v: number) => Math.min(100, Math.max(0, (v / total) * 100));
  return { busyPct: pct(total - idle - iowait), iowaitPct: pct(iowait), stealPct: pct(steal), cpus };
}

/** /proc/meminfo; values are kB except the HugePages_* counts. */
export function parseMeminfo(text: string, node?: string): MemInfo {
  const src = 'meminfo';
  nonEmpty(src, node, text);
  return guardParse(src, node, text, () => {
    const kv = new Map<string, number>();
    for (const line of text.split('\n')) {
      const m = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
      if (m?.[1] && m[2]) kv.set(m[1], Number(m[2]));
    }
    const total = kv.get('MemTotal');
    if (total === undefined) throw new ParseError(src, node, 'no MemTotal line', text.slice(0, 200));
    const g = (k: string) => kv.get(k) ?? 0;
    return {
      memTotalKb: total,
      memFreeKb: g('MemFree'),
      // Kernels before 3.14 have no MemAvailable; approximate as the kernel itself did.
      memAvailableKb: kv.get('MemAvailable') ?? g('MemFree') + g('Buffers') + g('Cached'),
      buffersKb: g('Buffers'),
      cachedKb: g('Cached'),
      swapTotalKb: g('SwapTotal'),
      swapFreeKb: g('SwapFree'),
      hugePagesTotal: g('HugePages_Total'),
      hugePagesFree: g('HugePages_Free'),
      hugePagesRsvd: g('HugePages_Rsvd'),
      hugePagesSurp: g('HugePages_Surp'),
      hugepageSizeKb: g('Hugepagesize'),
    };
  });
}

/** /proc/loadavg: "1.89 0.65 0.25 1/96 8170". */
export function parseLoadavg(text: string, node?: string): LoadAvg {
  const src = 'loadavg';
  nonEmpty(src, node, text);
  const m = /^\s*(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(\d+)\/(\d+)(?:\s+\d+)?\s*$/.exec(text);
  if (!m) throw new ParseError(src, node, 'expected "1m 5m 15m running/total lastpid"', text.slice(0, 200));
  return { one: Number(m[1]), five: Number(m[2]), fifteen: Number(m[3]), running: Number(m[4]), total: Number(m[5]) };
}

/** /proc/uptime → seconds since boot. */
export function parseUptime(text: string, node?: string): number {
  const src = 'uptime';
  nonEmpty(src, node, text);
  const m = /^\s*(\d+(?:\.\d+)?)(?:\s+\d+(?:\.\d+)?)?\s*$/.exec(text);
  if (!m) throw new ParseError(src, node, 'expected "uptime idle" seconds', text.slice(0, 200));
  return Number(m[1]);
}

/**
 * `grep -r '' /sys/kernel/mm/hugepages` → one pool per page size, smallest first.
 * Empty output (no hugetlbfs support) is no pools.
 */
export function parseHugepagesSysfs(text: string, node?: string): HugepagePool[] {
  const src = 'hugepages';
  checkInput(src, node, text);
  return guardParse(src, node, text, () => {
    const pools = new Map<number, HugepagePool>();
    let seen = 0;
    let lines = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      lines++;
      const m = /hugepages-(\d+)kB\/([a-z_]+):\s*(\d+)\s*$/.exec(line);
      if (!m?.[1] || !m[2] || !m[3]) continue;
      seen++;
      const sizeKb = Number(m[1]);
      const pool = pools.get(sizeKb) ?? { sizeKb, total: 0, free: 0 };
      if (m[2] === 'nr_hugepages') pool.total = Number(m[3]);
      else if (m[2] === 'free_hugepages') pool.free = Number(m[3]);
      pools.set(sizeKb, pool);
    }
    if (lines > 0 && seen === 0) throw new ParseError(src, node, 'no hugepages-<size>kB/<file>:<value> lines', text.slice(0, 200));
    return [...pools.values()].sort((a, b) => a.sizeKb - b.sizeKb);
  });
}

// ---- virsh capabilities ----

const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  const n = asNode(v);
  return n && typeof n['#text'] === 'string' ? n['#text'] : undefined;
};

// Still exported from here: it was part of the host parser's API before moving to libvirt-xml.ts.
export { toKib };

const CAPS_ARRAYS = new Set(['cell', 'cpu', 'pages', 'feature', 'sibling', 'guest', 'secmodel']);
const capsParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => CAPS_ARRAYS.has(name),
  ...SAFE_XML_OPTIONS,
});

/** `virsh capabilities`: host CPU (arch, model, vendor, features, topology) and NUMA cells. */
export function parseCapabilities(xml: string, node?: string): HostCapabilities {
  const src = 'capabilities';
  nonEmpty(src, node, xml);
  return guardParse(src, node, xml, () => {
    const doc = capsParser.parse(xml, true) as XNode;
    const host = asNode(asNode(doc['capabilities'])?.['host']);
    if (!host) throw new ParseError(src, node, 'no <capabilities><host> element', xml.slice(0, 200));
    const cpu = asNode(asArray(host['cpu'])[0]) ?? {};
    const features: string[] = [];
    for (const f of asArray(cpu['feature'])) {
      const n = attr(f, 'name');
      if (n) features.push(n);
    }
    // The test driver (and old libvirt) list features as empty child elements.
    const fl = asNode(cpu['features']);
    if (fl) for (const k of Object.keys(fl)) if (!k.startsWith('@_') && k !== '#text') features.push(k);

    const out: HostCapabilities = { cpuFeatures: features, cells: [] };
    const arch = text(cpu['arch']);
    const model = text(cpu['model']);
    const vendor = text(cpu['vendor']);
    if (arch) out.arch = arch;
    if (model) out.cpuModel = model;
    if (vendor) out.cpuVendor = vendor;
    const topo = cpu['topology'];
    if (topo !== undefined) {
      const n = (k: string) => Number(attr(topo, k) ?? NaN);
      const t = { sockets: n('sockets'), cores: n('cores'), threads: n('threads') };
      if ([t.sockets, t.cores, t.threads].every((x) => Number.isInteger(x) && x > 0)) out.topology = t;
    }

    const cells = asArray(asNode(asNode(host['topology'])?.['cells'])?.['cell']);
    for (const c of cells) {
      const id = Number(attr(c, 'id'));
      if (!Number.isInteger(id) || id < 0) throw new ParseError(src, node, 'NUMA <cell> without a numeric id', JSON.stringify(c).slice(0, 200));
      const cn = asNode(c) ?? {};
      const mem = cn['memory'];
      const cpus: number[] = [];
      for (const p of asArray(asNode(cn['cpus'])?.['cpu'])) {
        const cid = Number(attr(p, 'id'));
        if (Number.isInteger(cid) && cid >= 0) cpus.push(cid);
      }
      const pages = asArray(cn['pages'])
        .map((p) => ({ sizeKb: toKib(attr(p, 'size'), attr(p, 'unit')), total: Number(text(p) ?? NaN) }))
        .filter((p): p is { sizeKb: number; total: number } => p.sizeKb !== undefined && Number.isFinite(p.total));
      // The smallest size is the base page (4 KiB on x86), not a hugepage pool.
      const base = Math.min(...pages.map((p) => p.sizeKb));
      const hugepages: HugepagePool[] = pages
        .filter((p) => !(p.sizeKb === base && p.sizeKb < 1024))
        .map((p) => ({ sizeKb: p.sizeKb, total: p.total, free: Number.NaN }));
      const cell: NumaCell = { id, memoryKb: toKib(text(mem), attr(mem, 'unit')) ?? 0, cpus, hugepages };
      out.cells.push(cell);
    }
    return out;
  });
}
