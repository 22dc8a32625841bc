// Test support: parseDomstats as it was before the index-scanning rewrite (commit ee908e5),
// kept verbatim as the reference the property test in parse.test.ts compares the new parser with.
import { ParseError, checkInput, guardParse } from '../../../../src/collectors/parse-error.js';
import type { DomBlockStats, DomNetStats, DomStats } from '../../../../src/model/vm.js';

const own = <V>(o: Record<string, V>, k: string): V | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);

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

const BLOCK_KEYS: Record<string, keyof DomBlockStats> = {
  'rd.reqs': 'rdReqs',
  'rd.bytes': 'rdBytes',
  'rd.times': 'rdTimesNs',
  'wr.reqs': 'wrReqs',
  'wr.bytes': 'wrBytes',
  'wr.times': 'wrTimesNs',
  'fl.reqs': 'flReqs',
  'fl.times': 'flTimesNs',
  allocation: 'allocation',
  capacity: 'capacity',
  physical: 'physical',
};
const NET_KEYS: Record<string, keyof DomNetStats> = {
  'rx.bytes': 'rxBytes',
  'rx.pkts': 'rxPkts',
  'rx.errs': 'rxErrs',
  'rx.drop': 'rxDrop',
  'tx.bytes': 'txBytes',
  'tx.pkts': 'txPkts',
  'tx.errs': 'txErrs',
  'tx.drop': 'txDrop',
};
const TOP_KEYS: Record<string, keyof DomStats> = {
  'cpu.time': 'cpuTimeNs',
  'cpu.user': 'cpuUserNs',
  'cpu.system': 'cpuSystemNs',
  'balloon.current': 'balloonCurrentKb',
  'balloon.maximum': 'balloonMaximumKb',
  'balloon.rss': 'balloonRssKb',
  'vcpu.current': 'vcpuCurrent',
  'vcpu.maximum': 'vcpuMaximum',
};

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const KEY = /^[A-Za-z0-9_.-]+$/;
const IS_SPACE = /\s/;
/** Line terminators other than \n: a name or value holding one is malformed (as a `.` regex would have it). */
const BREAKS = /[\r\u2028\u2029]/;

/** `block.N.field` / `net.N.field` → [N, field]; undefined for anything else. */
function indexed(key: string, prefix: string): [number, string] | undefined {
  if (!key.startsWith(prefix)) return undefined;
  const dot = key.indexOf('.', prefix.length);
  if (dot <= prefix.length || dot === key.length - 1) return undefined;
  const digits = key.slice(prefix.length, dot);
  for (let i = 0; i < digits.length; i++) if (digits.charCodeAt(i) < 48 || digits.charCodeAt(i) > 57) return undefined;
  return [Number(digits), key.slice(dot + 1)];
}

/**
 * `virsh domstats …`: "Domain: 'name'" blocks of "  key=value" lines. Empty output = no domains.
 * Runs on every VM poll of every node over hundreds of lines per node: string scanning rather
 * than a regex per line, and numbers are only read for the keys that are kept.
 */
export function parseDomstatsReference(text: string, node?: string): DomStats[] {
  const src = 'domstats';
  checkInput(src, node, text);
  return guardParse(src, node, text, () => {
    const out: DomStats[] = [];
    type Acc = { d: Partial<DomStats> & { name: string }; block: Map<number, DomBlockStats>; net: Map<number, DomNetStats> };
    let cur: Acc | undefined;
    const finish = () => {
      if (!cur) return;
      const { d } = cur;
      if (d.state === undefined) throw new ParseError(src, node, `domain '${d.name}': no state.state`, d.name);
      const sorted = <T>(m: Map<number, T>) => [...m.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
      out.push({ ...d, state: d.state, reason: d.reason ?? 0, block: sorted(cur.block), net: sorted(cur.net) });
      cur = undefined;
    };
    const num = (v: string): number | undefined => (NUMBER.test(v) ? Number(v) : undefined);
    let from = 0;
    while (from <= text.length) {
      let to = text.indexOf('\n', from);
      if (to < 0) to = text.length;
      const line = text.slice(from, to);
      from = to + 1;
      if (line.trim() === '') continue;
      if (line.startsWith("Domain: '")) {
        const body = line.trimEnd();
        if (body.endsWith("'") && body.length >= 10 && !BREAKS.test(body)) {
          finish();
          cur = { d: { name: body.slice(9, -1) }, block: new Map(), net: new Map() };
          continue;
        }
      }
      // "  key=value": leading whitespace, a key of [A-Za-z0-9_.-], "=", anything.
      let i = 0;
      // Space and tab by code (every line starts with two); the regex only for anything else.
      for (let c = line.charCodeAt(0); i < line.length && (c === 32 || c === 9 || ((c < 33 || c > 126) && IS_SPACE.test(line[i]!))); c = line.charCodeAt(++i));
      const eq = line.indexOf('=', i);
      const key = eq > i ? line.slice(i, eq) : '';
      const raw = line.slice(eq + 1);
      if (!cur || i === 0 || key === '' || !KEY.test(key) || BREAKS.test(raw)) throw new ParseError(src, node, 'expected "Domain: \'name\'" or "  key=value"', line.slice(0, 200));
      const value = raw.trim();
      if (key === 'state.state') cur.d.state = num(value);
      else if (key === 'state.reason') cur.d.reason = num(value);
      else if (own(TOP_KEYS, key)) {
        const n = num(value);
        if (n !== undefined) (cur.d as Record<string, unknown>)[own(TOP_KEYS, key)!] = n;
      } else {
        const bm = indexed(key, 'block.');
        const nm = bm ? undefined : indexed(key, 'net.');
        if (bm) {
          const b = cur.block.get(bm[0]) ?? emptyBlock('');
          cur.block.set(bm[0], b);
          if (bm[1] === 'name') b.name = value;
          else if (bm[1] === 'path') b.path = value;
          else {
            const f = own(BLOCK_KEYS, bm[1]);
            const n = f ? num(value) : undefined;
            if (f && n !== undefined) (b as unknown as Record<string, number>)[f] = n;
          }
        } else if (nm) {
          const st = cur.net.get(nm[0]) ?? emptyNet('');
          cur.net.set(nm[0], st);
          if (nm[1] === 'name') st.name = value;
          else {
            const f = own(NET_KEYS, nm[1]);
            const n = f ? num(value) : undefined;
            if (f && n !== undefined) (st as unknown as Record<string, number>)[f] = n;
          }
        }
      }
    }
    finish();
    return out;
  });
}

/** vmDiskLatency as it was before its Map-free rewrite (one Map per VM per poll), verbatim. */
type DomCountersReference = Pick<DomStats, 'name' | 'cpuTimeNs'> & { block: Pick<DomBlockStats, 'name' | 'rdReqs' | 'rdTimesNs' | 'wrReqs' | 'wrTimesNs'>[] };
export function vmDiskLatencyReference(prev: DomCountersReference, next: DomCountersReference): { readMs?: number; writeMs?: number } {
  const out: { readMs?: number; writeMs?: number } = {};
  if (prev.name !== next.name) return out;
  const before = new Map(prev.block.map((b) => [b.name, b]));
  const lat = (dReqs: number, dNs: number) => (dReqs > 0 && dNs >= 0 ? dNs / dReqs / 1e6 : undefined);
  for (const b of next.block) {
    const p = before.get(b.name);
    if (!p || !b.name) continue;
    const r = lat(b.rdReqs - p.rdReqs, b.rdTimesNs - p.rdTimesNs);
    const w = lat(b.wrReqs - p.wrReqs, b.wrTimesNs - p.wrTimesNs);
    if (r !== undefined && (out.readMs === undefined || r > out.readMs)) out.readMs = r;
    if (w !== undefined && (out.writeMs === undefined || w > out.writeMs)) out.writeMs = w;
  }
  return out;
}
