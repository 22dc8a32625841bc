import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ParseError } from '../parse-error.js';
import { assertOnlyParseError, fixturesOf, splicedSeeds } from '../../../test/support/collectors/parse-test-helpers.js';
import { expectSameOutcome, mutated } from '../../../test/support/collectors/parse-equivalence.js';
import { netRates, parseBondingGrep, parseProcNetDev } from './parse.js';
import { netRatesReference, parseProcNetDevReference } from '../../../test/support/collectors/network/parse.reference.js';
import type { NetDevCounters } from '../../model/network.js';

const fx = fixturesOf('network');

describe('parseProcNetDev', () => {
  it('real /proc/net/dev', () => {
    const d = parseProcNetDev(fx('proc-net-dev.txt'), 'n1');
    expect(d.map((x) => x.iface)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(d[3]).toEqual({
      iface: 'eth0',
      rxBytes: 170943465,
      rxPackets: 6718,
      rxErrs: 0,
      rxDrop: 0,
      txBytes: 459005,
      txPackets: 4079,
      txErrs: 0,
      txDrop: 0,
    });
  });

  it('counters glued to the interface name (eth0:123…)', () => {
    const d = parseProcNetDev(fx('proc-net-dev-wide.txt'));
    expect(d[1]).toEqual({
      iface: 'eth0',
      rxBytes: 123456789012345,
      rxPackets: 987654321,
      rxErrs: 3,
      rxDrop: 7,
      txBytes: 98765432109,
      txPackets: 123456789,
      txErrs: 1,
      txDrop: 2,
    });
    expect(parseProcNetDev(`${fx('proc-net-dev.txt')}  dummy0: No statistics available.\n`)).toHaveLength(4);
    expect(d[2]).toMatchObject({ iface: 'bond0', rxBytes: 1234567890123456, rxDrop: 11, txBytes: 2345, txPackets: 67 });
  });

  it('degraded: empty, header only, truncated line, garbage → ParseError', () => {
    const real = fx('proc-net-dev.txt');
    expect(() => parseProcNetDev('', 'n1')).toThrow(/^net-dev@n1: empty output/);
    expect(() => parseProcNetDev(real.split('\n').slice(0, 2).join('\n'))).toThrow(/no interfaces/);
    expect(() => parseProcNetDev(real.slice(0, real.indexOf('eth0:') + 20))).toThrow(/"eth0"/);
    expect(() => parseProcNetDev('hello world\n')).toThrow(ParseError);
  });
});

describe('netRates', () => {
  const c = (iface: string, rxBytes: number, txBytes: number, errs = 0): NetDevCounters => ({
    iface, rxBytes, rxPackets: 0, rxErrs: errs, rxDrop: errs, txBytes, txPackets: 0, txErrs: 0, txDrop: 0,
  });

  it('per-second rates over dtMs, interfaces present in both reads only', () => {
    const r = netRates([c('eth0', 1000, 500), c('old', 1, 1)], [c('eth0', 3000, 1500, 4), c('new', 9, 9)], 2000);
    expect(r).toEqual([
      { iface: 'eth0', rxBps: 1000, txBps: 500, rxErrsPerS: 2, txErrsPerS: 0, rxDropPerS: 2, txDropPerS: 0, counters: c('eth0', 3000, 1500, 4) },
    ]);
  });

  it('counter reset → 0, never negative; bad dt → zeros', () => {
    expect(netRates([c('eth0', 5000, 5000)], [c('eth0', 10, 6000)], 1000)[0]).toMatchObject({ rxBps: 0, txBps: 1000 });
    for (const dt of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(netRates([c('eth0', 0, 0)], [c('eth0', 10, 10)], dt)[0]).toMatchObject({ rxBps: 0, txBps: 0 });
    }
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 100000 }), (a, b, x, y, dt) => {
        const [r] = netRates([c('e', a, x)], [c('e', b, y)], dt);
        expect(r!.rxBps >= 0 && r!.txBps >= 0).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseBondingGrep', () => {
  it('active-backup with the primary slave down', () => {
    expect(parseBondingGrep(fx('bonding-active-backup.txt'), 'n1')).toEqual([
      {
        name: 'bond0',
        mode: 'fault-tolerance (active-backup)',
        activeSlave: 'eth1',
        miiStatus: 'up',
        slaves: [
          { name: 'eth0', miiStatus: 'down', speed: 'Unknown', duplex: 'Unknown', linkFailureCount: 2, permHwAddr: '52:54:00:aa:00:01' },
          { name: 'eth1', miiStatus: 'up', speed: '10000 Mbps', duplex: 'full', linkFailureCount: 0, permHwAddr: '52:54:00:aa:00:02' },
        ],
      },
    ]);
  });

  it('802.3ad with LACP detail blocks and one slave down, plus a bond with no slaves', () => {
    const bonds = parseBondingGrep(fx('bonding-8023ad-two-bonds.txt'));
    expect(bonds.map((b) => b.name)).toEqual(['bond1', 'bond2']);
    const [lacp, empty] = bonds;
    expect(lacp).toMatchObject({ mode: 'IEEE 802.3ad Dynamic link aggregation', miiStatus: 'up' });
    expect(lacp!.activeSlave).toBeUndefined();
    expect(lacp!.slaves).toEqual([
      { name: 'ens1f0', miiStatus: 'up', speed: '25000 Mbps', duplex: 'full', linkFailureCount: 0, permHwAddr: '52:54:00:bb:00:01' },
      { name: 'ens1f1', miiStatus: 'down', speed: 'Unknown', duplex: 'Unknown', linkFailureCount: 5, permHwAddr: '52:54:00:bb:00:02' },
    ]);
    expect(empty).toEqual({ name: 'bond2', mode: 'fault-tolerance (active-backup)', miiStatus: 'down', slaves: [] });
  });

  it('no bonding (empty grep output) → []; garbage → ParseError', () => {
    expect(parseBondingGrep('')).toEqual([]);
    expect(parseBondingGrep('\n')).toEqual([]);
    expect(() => parseBondingGrep('Bonding Mode: fault-tolerance\n', 'n1')).toThrow(/^bonding@n1/);
  });

  it('truncated mid-slave keeps what was read', () => {
    const t = fx('bonding-active-backup.txt');
    const b = parseBondingGrep(t.slice(0, t.indexOf('Speed: 10000')));
    expect(b[0]!.slaves.map((s) => [s.name, s.miiStatus])).toEqual([
      ['eth0', 'down'],
      ['eth1', 'up'],
    ]);
  });
});

describe('fuzz: only ParseError escapes', () => {
  const seeds = [fx('proc-net-dev.txt'), fx('bonding-8023ad-two-bonds.txt')];
  it('random strings and mutated captures', () => {
    assertOnlyParseError(fc.oneof(fc.string(), splicedSeeds(seeds, 5000, 40)), [parseProcNetDev, parseBondingGrep], { numRuns: 300 });
  });
});

describe('parseProcNetDev / netRates match the code they replaced (parse.reference.ts)', () => {
  const HEADER = fx('proc-net-dev.txt').split('\n').slice(0, 2).join('\n');
  const counter = fc.oneof(fc.maxSafeNat(), fc.nat(100_000)).map(String);
  const wide = fc.bigInt({ min: 0n, max: 10n ** 21n }).map(String); // past 2^53: Number()'s rounding
  const sep = fc.constantFrom(' ', '  ', '    ', '\t', ' \u00a0', '\u3000');
  const iface = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('lo', 'eth0', 'bond0', 'vnet12', 'br-ex', 'en\u00fc', 'a\u00a0b') }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) });
  const row = fc
    .tuple(fc.constantFrom('', ' ', '    ', '\t'), iface, fc.constantFrom('', ' '), fc.array(fc.oneof({ weight: 6, arbitrary: counter }, { weight: 1, arbitrary: wide }), { minLength: 16, maxLength: 17 }), fc.array(sep, { minLength: 18, maxLength: 18 }), fc.constantFrom('', ' ', '\t', '\r'))
    .map(([pad, name, gap, nums, seps, end]) => `${pad}${name}:${gap}${nums.map((n, i) => (i === 0 ? n : seps[i]! + n)).join('')}${end}`);
  const short = fc.array(counter, { minLength: 0, maxLength: 15 }).map((ns) => `  eth9: ${ns.join(' ')}`); // too few counters
  const line = fc.oneof({ weight: 12, arbitrary: row }, { weight: 1, arbitrary: short }, { weight: 1, arbitrary: fc.constantFrom('  dummy0: No statistics available.', ' x:No statistics available.  ', ': No statistics available.', '', '  ', 'Inter-| x', ' :1 2|3', `eth7|${'1 '.repeat(16)}`, ` lo |${' 2'.repeat(16)}`) });
  const output = fc.tuple(fc.boolean(), fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '')).map(([h, ls, end]) => [...(h ? [HEADER] : []), ...ls].join('\n') + end);

  it('generated /proc/net/dev (wide and glued counters, whitespace variants, odd names)', () => {
    let returned = 0;
    fc.assert(fc.property(output, (t) => void (returned += expectSameOutcome(parseProcNetDev, parseProcNetDevReference, t, 'n1') ? 1 : 0)), { numRuns: 1500 });
    expect(returned).toBeGreaterThan(300);
  });

  it('mutated outputs and captures: the same result or the same ParseError', () => {
    const seeds = fc.constantFrom(fx('proc-net-dev.txt'), fx('proc-net-dev-wide.txt'));
    fc.assert(fc.property(mutated(fc.oneof(output, seeds)), (t) => void expectSameOutcome(parseProcNetDev, parseProcNetDevReference, t)), { numRuns: 1500 });
  });

  it('netRates: same rates, same counters objects, repeated and missing interfaces, long lists', () => {
    const n = fc.oneof(fc.nat(), fc.maxSafeNat());
    const entry = fc.record({ iface: fc.constantFrom('lo', 'eth0', 'eth1', 'bond0', 'vnet0', 'vnet1'), rxBytes: n, rxPackets: n, rxErrs: n, rxDrop: n, txBytes: n, txPackets: n, txErrs: n, txDrop: n });
    const list = fc.oneof(fc.array(entry, { maxLength: 8 }), fc.array(entry, { minLength: 60, maxLength: 90 }));
    const dt = fc.oneof(fc.integer({ min: 1, max: 100_000 }), fc.double(), fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY));
    fc.assert(
      fc.property(list, list, dt, (prev, next, dtMs) => {
        const [got, want] = [netRates(prev, next, dtMs), netRatesReference(prev, next, dtMs)];
        expect(got).toStrictEqual(want);
        got.forEach((r, i) => expect(r.counters).toBe(want[i]!.counters));
      }),
      { numRuns: 500 },
    );
  });
});
