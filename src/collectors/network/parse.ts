// Parsers for /proc/net/dev and `grep -r '' /proc/net/bonding` (bonding driver status).
import { ParseError, checkInput, guardParse } from '../parse-error.js';
import { digitsEnd, digitsValue, execTrimTail, lineEnd, rangeIs, skipSpace, trimEnd } from '../text-scan.js';
import type { Bond, BondSlave, NetDevCounters, NetDevRates } from '../../model/network.js';

/**
 * /proc/net/dev (net/core/net-procfs.c prints "%6s:%8llu %7llu …"). Interface names cannot contain ':' (the kernel refuses them), so the
 * first ':' ends the name even when a wide counter is glued to it (`eth0:123456`). Read every poll of
 * every node, so it scans by index (text-scan.ts): the interface names are the only strings it makes.
 */
export function parseProcNetDev(text: string, node?: string): NetDevCounters[] {
  const src = 'net-dev';
  checkInput(src, node, text);
  if (skipSpace(text, 0, text.length) === text.length) throw new ParseError(src, node, 'empty output');
  return guardParse(src, node, text, () => {
    const out: NetDevCounters[] = [];
    for (let from = 0; from <= text.length; ) {
      const start = from;
      const end = lineEnd(text, start);
      from = end + 1;
      // A '|' anywhere makes a header line: looked for up to the colon here, after it only when the counters fail.
      let colon = start;
      while (colon < end && text.charCodeAt(colon) !== 58 && text.charCodeAt(colon) !== 124) colon++;
      if (colon < end && text.charCodeAt(colon) === 124) continue;
      if (colon === end) {
        if (skipSpace(text, start, end) === end) continue;
        throw new ParseError(src, node, 'line without "iface:"', text.slice(start, Math.min(end, start + 200)));
      }
      const restStart = skipSpace(text, colon + 1, end);
      const restEnd = trimEnd(text, restStart, end);
      // Old kernels, devices without get_stats.
      if (rangeIs(text, restStart, restEnd, NO_STATS)) continue;
      const nameStart = skipSpace(text, start, colon);
      const iface = text.slice(nameStart, trimEnd(text, nameStart, colon));
      const c = readCounters(text, restStart, restEnd);
      if (iface === '' || !c) {
        if (hasBar(text, colon, end)) continue;
        throw new ParseError(src, node, `malformed counters for ${JSON.stringify(iface)}`, text.slice(start, Math.min(end, start + 200)));
      }
      out.push({
        iface,
        rxBytes: c[0]!,
        rxPackets: c[1]!,
        rxErrs: c[2]!,
        rxDrop: c[3]!,
        txBytes: c[8]!,
        txPackets: c[9]!,
        txErrs: c[10]!,
        txDrop: c[11]!,
      });
    }
    if (out.length === 0) throw new ParseError(src, node, 'no interfaces', text.slice(0, 200));
    return out;
  });
}

const NO_STATS = 'No statistics available.';
/** A '|' in [start, end). Only on the way to an error, so its search past `end` happens once. */
const hasBar = (s: string, start: number, end: number): boolean => {
  const bar = s.indexOf('|', start);
  return bar >= 0 && bar < end;
};
/** The first 16 counters of the line being read; reused, as each line's values are copied out at once. */
const counters = new Float64Array(16);

/** The whitespace-separated counters in [start, end): all digits, at least 16 (the first 16 kept), else undefined. */
function readCounters(s: string, start: number, end: number): Float64Array | undefined {
  let n = 0;
  for (let i = start; i < end; n++) {
    const t = digitsEnd(s, i, end);
    if (t === i) return undefined; // no digit here (in "12x" the "x" is reached as the next token)
    if (n < 16) counters[n] = digitsValue(s, i, t);
    i = skipSpace(s, t, end);
  }
  return n >= 16 ? counters : undefined;
}

/**
 * Per-second rates between two reads `dtMs` apart, for interfaces present in both.
 * A counter that went backwards (driver reload, wrap) gives 0, never a negative rate;
 * a non-positive or non-finite `dtMs` gives all zeros.
 */
export function netRates(prev: NetDevCounters[], next: NetDevCounters[], dtMs: number): NetDevRates[] {
  const secs = dtMs / 1000;
  const ok = Number.isFinite(secs) && secs > 0;
  const before = new Map<string, NetDevCounters>();
  for (const c of prev) before.set(c.iface, c); // the last of a repeated name wins
  const out: NetDevRates[] = [];
  for (const c of next) {
    const p = before.get(c.iface);
    if (!p) continue;
    out.push({
      iface: c.iface,
      rxBps: rate(ok, secs, p.rxBytes, c.rxBytes),
      txBps: rate(ok, secs, p.txBytes, c.txBytes),
      rxErrsPerS: rate(ok, secs, p.rxErrs, c.rxErrs),
      txErrsPerS: rate(ok, secs, p.txErrs, c.txErrs),
      rxDropPerS: rate(ok, secs, p.rxDrop, c.rxDrop),
      txDropPerS: rate(ok, secs, p.txDrop, c.txDrop),
      counters: c,
    });
  }
  return out;
}

const rate = (ok: boolean, secs: number, a: number, b: number): number => (ok && b >= a ? (b - a) / secs : 0);


/**
 * `grep -r '' /proc/net/bonding` output: every line is `/proc/net/bonding/<bond>:<text>`.
 * Bond-level keys (mode, active slave, MII status) come before the first
 * "Slave Interface:"; after it, MII Status/Speed/Duplex/… belong to that slave.
 * Indented lines (802.3ad aggregator and LACP details) are ignored. Empty output = no bonds.
 */
export function parseBondingGrep(text: string, node?: string): Bond[] {
  const src = 'bonding';
  checkInput(src, node, text);
  return guardParse(src, node, text, () => {
    const bonds = new Map<string, { bond: Bond; slave?: BondSlave }>();
    let lines = 0;
    let matched = 0;
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      lines++;
      // /^(?:[^:]*\/)?([^/:\s]+):(.*)$/ without the `(.*)$` retried per '/' (quadratic): the content
      // is always what follows the first ':', and no line break may be in it.
      const m = /^(?:[^:]*\/)?([^/:\s]+):/.exec(raw);
      if (!m?.[1] || /[\r\u2028\u2029]/.test(raw.slice(m[0].length))) continue;
      matched++;
      const name = m[1];
      let cur = bonds.get(name);
      if (!cur) {
        cur = { bond: { name, mode: '', miiStatus: 'unknown', slaves: [] } };
        bonds.set(name, cur);
      }
      const content = raw.slice(m[0].length);
      if (/^\s/.test(content)) continue; // indented detail blocks
      const kv = execTrimTail(/^([^:]+):\s*(.*)/, content);
      if (!kv?.[1]) continue;
      const key = kv[1].trim();
      const value = kv[2] ?? '';
      if (key === 'Slave Interface') {
        cur.slave = { name: value, miiStatus: 'unknown', linkFailureCount: 0 };
        cur.bond.slaves.push(cur.slave);
        continue;
      }
      const s = cur.slave;
      if (!s) {
        if (key === 'Bonding Mode') cur.bond.mode = value;
        else if (key === 'Currently Active Slave') {
          if (value !== '' && value !== 'None') cur.bond.activeSlave = value;
        } else if (key === 'MII Status') cur.bond.miiStatus = value;
        continue;
      }
      if (key === 'MII Status') s.miiStatus = value;
      else if (key === 'Speed') s.speed = value;
      else if (key === 'Duplex') s.duplex = value;
      else if (key === 'Link Failure Count') s.linkFailureCount = /^\d+$/.test(value) ? Number(value) : 0;
      else if (key === 'Permanent HW addr') s.permHwAddr = value;
    }
    if (lines > 0 && matched === 0) throw new ParseError(src, node, 'no <path>:<line> records', text.slice(0, 200));
    return [...bonds.values()].map((b) => b.bond);
  });
}
