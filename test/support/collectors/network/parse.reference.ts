// Test support: parseProcNetDev and netRates as they were before the index-scanning rewrite
// (commit ee908e5), kept verbatim as the reference the property tests in parse.test.ts compare with.
import { ParseError, checkInput, guardParse } from '../../../../src/collectors/parse-error.js';
import type { NetDevCounters, NetDevRates } from '../../../../src/model/network.js';

/**
 * /proc/net/dev (net/core/net-procfs.c prints "%6s:%8llu %7llu …"). Interface names cannot contain ':' (the kernel refuses them), so the
 * first ':' ends the name even when a wide counter is glued to it (`eth0:123456`).
 */
export function parseProcNetDevReference(text: string, node?: string): NetDevCounters[] {
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
export function netRatesReference(prev: NetDevCounters[], next: NetDevCounters[], dtMs: number): NetDevRates[] {
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
