// The network poll hands the store its own entries back for interfaces whose rates and counters
// did not change, so the store's sharing has nothing to copy around them; what reaches the store
// is the same as before (checked against a real store over generated polls).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RunResult } from '../../ssh/runner.js';
import type { NetDevRates } from '../../model/network.js';
import { createVdStore } from '../../store/store.js';
import type { CollectorContext } from '../context.js';
import { NetworkCollector } from './collector.js';
import { netRates, parseProcNetDev } from './parse.js';

const ok = (stdout: string): RunResult => ({ node: 'n1', stdout, stderr: '', code: 0, durationMs: 1 });
const HEAD = 'Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';
/** /proc/net/dev with these interfaces: [name, rx bytes, tx bytes]. */
const netDev = (ifs: readonly (readonly [string, number, number])[]) => HEAD + ifs.map(([n, rx, tx]) => `${n.padStart(6)}: ${rx} 10 0 0 0 0 0 0 ${tx} 20 0 0 0 0 0 0\n`).join('');

describe('network poll', () => {
  it('an unchanged interface is the stored entry itself; every entry unchanged is the stored array', () => {
    let nics: NetDevRates[] | undefined;
    const writes: NetDevRates[][] = [];
    const state = {
      nodes: { n1: {} as { nics?: NetDevRates[] } },
      setNodeData: (_n: string, _s: string, p: { nics: NetDevRates[] }) => {
        writes.push(p.nics);
        nics = state.nodes.n1.nics = p.nics;
      },
    };
    const clock = { now: 1_000 };
    const ctx = { store: { getState: () => state }, now: () => clock.now } as unknown as CollectorContext;
    const c = new NetworkCollector();
    const poll = (ifs: readonly (readonly [string, number, number])[]) => {
      clock.now += 5_000;
      c.apply(ctx, 'n1', [ok(netDev(ifs)), { ...ok(''), code: 2 }]);
      return nics!;
    };
    poll([['eth0', 100, 100], ['vnet0', 5, 5], ['vnet1', 7, 7]]);
    const b = poll([['eth0', 200, 100], ['vnet0', 5, 5], ['vnet1', 7, 7]]);
    const c2 = poll([['eth0', 300, 100], ['vnet0', 5, 5], ['vnet1', 7, 7]]);
    // eth0 moves at the same rate: new counters, the same rates; idle tap devices: the same entries.
    expect(c2[0]).not.toBe(b[0]);
    expect(c2[1]).toBe(b[1]);
    expect(c2[2]).toBe(b[2]);
    const d = poll([['eth0', 300, 100], ['vnet0', 5, 5], ['vnet1', 7, 7]]);
    const e = poll([['eth0', 300, 100], ['vnet0', 5, 5], ['vnet1', 7, 7]]);
    expect(e).toBe(d);
    expect(e[0]!.counters).toBe(c2[0]!.counters);
  });

  it('the store holds what the rates of each pair of samples give (generated polls)', () => {
    const iface = fc.tuple(fc.constantFrom(0, 0, 1, 500), fc.constantFrom(0, 0, 3, 1000));
    const sample = fc.array(iface, { minLength: 3, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(fc.tuple(sample, fc.boolean(), fc.integer({ min: 0, max: 6_000 })), { minLength: 2, maxLength: 6 }), (steps) => {
        const clock = { now: 1_000_000 };
        const store = createVdStore({ clusterName: 'c', nodes: ['n1'], now: () => clock.now });
        const ctx = { store, now: () => clock.now } as unknown as CollectorContext;
        const c = new NetworkCollector();
        const totals = [
          [1000, 1000],
          [1000, 1000],
          [1000, 1000],
        ];
        let prev: { at: number; text: string } | undefined;
        for (const [deltas, dropOne, dt] of steps) {
          clock.now += dt;
          deltas.forEach(([rx, tx], i) => ((totals[i]![0]! += rx), (totals[i]![1]! += tx)));
          const names = ['eth0', 'vnet0', 'vnet1'].filter((_, i) => !(dropOne && i === 1));
          const text = netDev(names.map((n) => [n, totals[['eth0', 'vnet0', 'vnet1'].indexOf(n)]![0]!, totals[['eth0', 'vnet0', 'vnet1'].indexOf(n)]![1]!] as const));
          c.apply(ctx, 'n1', [ok(text), { ...ok(''), code: 2 }]);
          const cur = parseProcNetDev(text);
          const want = prev && clock.now > prev.at ? netRates(parseProcNetDev(prev.text), cur, clock.now - prev.at) : netRates(cur, cur, 1000);
          expect(store.getState().nodes['n1']!.nics).toStrictEqual(want);
          prev = { at: clock.now, text };
        }
      }),
      { numRuns: 300 },
    );
  });
});
