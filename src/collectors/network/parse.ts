// Parsers for /proc/net/dev and `grep -r '' /proc/net/bonding` (bonding driver status).
import { ParseError, checkInput, guardParse } from '../parse-error.js';
import type { Bond, BondSlave, NetDevCounters, NetDevRates } from '../../model/network.js';

/**
 * /proc/net/dev (net/core/net-procfs.c prints "%6s:%8llu %7llu …"). Interface names cannot contain ':' (the kernel refuses them), so the
 * first ':' ends the name even when a wide counter is glued to it (`eth0:123456`).
 */
export function parseProcNetDev(text: string, node?: string): NetDevCounters[] {
  const src = 'net-dev';
  checkInput(src, node, text);
  if (text.trim() === '') throw new ParseError(src, node, 'empty output');
  return guardParse(src, node, text, () => {
    const out: NetDevCounters[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '' || line.includes('|')) continue; // the two header lines
      const colon = line.indexOf(':');
      if (colon < 0) throw new ParseError(src, node, 'line without "iface:"', line.slice(0, 200));
      const iface = line.slice(0, colon).trim();
      const rest = line.slice(colon + 1).trim();
      if (rest === 'No statistics available.') continue; // old kernels, devices without get_stats
      const nums = rest.split(/\s+/);
      if (iface === '' || nums.length < 16 || !nums.every((n) => /^\d+$/.test(n))) {
        throw new ParseError(src, node, `malformed counters for ${JSON.stringify(iface)}`, line.slice(0, 200));
      }
      const n = nums.map(Number) as number[];
      out.push({
        iface,
        rxBytes: n[0]!,
        rxPackets: n[1]!,
        rxErrs: n[2]!,
        rxDrop: n[3]!,
        txBytes: n[8]!,
        txPackets: n[9]!,
        txErrs: n[10]!,
        txDrop: n[11]!,
      });
    }
    if (out.length === 0) throw new ParseError(src, node, 'no interfaces', text.slice(0, 200));
    return out;
  });
}

/**
 * Per-second rates between two reads `dtMs` apart, for interfaces present in both.
 * A counter that went backwards (driver reload, wrap) gives 0, never a negative rate;
 * a non-positive or non-finite `dtMs` gives all zeros.
 */
export function netRates(prev: NetDevCounters[], next: NetDevCounters[], dtMs: number): NetDevRates[] {
  const before = new Map(prev.map((c) => [c.iface, c]));
  const secs = dtMs / 1000;
  const ok = Number.isFinite(secs) && secs > 0;
  const rate = (a: number, b: number) => (ok && b >= a ? (b - a) / secs : 0);
  const out: NetDevRates[] = [];
  for (const c of next) {
    const p = before.get(c.iface);
    if (!p) continue;
    out.push({
      iface: c.iface,
      rxBps: rate(p.rxBytes, c.rxBytes),
      txBps: rate(p.txBytes, c.txBytes),
      rxErrsPerS: rate(p.rxErrs, c.rxErrs),
      txErrsPerS: rate(p.txErrs, c.txErrs),
      rxDropPerS: rate(p.rxDrop, c.rxDrop),
      txDropPerS: rate(p.txDrop, c.txDrop),
      counters: c,
    });
  }
  return out;
}

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
      const m = /^(?:[^:]*\/)?([^/:\s]+):(.*)$/.exec(raw);
      if (!m?.[1] || m[2] === undefined) continue;
      matched++;
      const name = m[1];
      let cur = bonds.get(name);
      if (!cur) {
        cur = { bond: { name, mode: '', miiStatus: 'unknown', slaves: [] } };
        bonds.set(name, cur);
      }
      const content = m[2];
      if (/^\s/.test(content)) continue; // indented detail blocks
      const kv = /^([^:]+):\s*(.*?)\s*$/.exec(content);
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
