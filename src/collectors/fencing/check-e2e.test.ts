// Issue 14 items 0b and 5 end to end: stonith collector (fake SSH, a fencer that behaves like the
// real one) → store → alerts → `check`. Before, kvm-n1 (the cluster-wide node, and a fence
// target) was asked about itself and `check` said CRITICAL "no stonith device can fence kvm-n1".
import { describe, expect, it } from 'vitest';
import { FakeRunner, type FakeResult } from '../../../test/support/ssh/fake-runner.js';
import { deriveAlerts, emptyAlertMemory } from '../../store/alerts.js';
import { checkResult } from '../../store/check.js';
import { FIXTURE_NODES, fixtureStore } from '../../../test/support/store/test-fixtures.js';
import type { CollectorContext } from '../context.js';
import { fixture } from '../../../test/support/collectors/test-support.js';
import { pollStonith } from './collector.js';

const NODES: string[] = [...FIXTURE_NODES];

/** fence-X is banned (-INFINITY) from X: X's fencer neither registers nor lists it. */
function realFencer(down: ReadonlySet<string>) {
  return (node: string, argv: readonly string[]): FakeResult | undefined => {
    if (argv[0] !== 'stonith_admin') return undefined;
    if (down.has(node)) return { stdout: '', stderr: fixture('fencing', 'stonith-list-not-connected.txt'), code: 102 };
    const mine = NODES.filter((n) => n !== node).map((n) => `fence-${n}`);
    const ids = argv[1] === '--list-registered' ? mine : mine.filter((d) => d === `fence-${argv[2]}`);
    return { stdout: `${ids.join('\n')}\n${ids.length} fence devices found\n` };
  };
}

async function collectAndCheck(down: ReadonlySet<string> = new Set()) {
  const { store, clock } = fixtureStore();
  const fencer = realFencer(down);
  const runner = new FakeRunner({ nodes: NODES }).respond((node, c) => fencer(node, c.argv));
  const ctx: CollectorContext = { runner, store, now: () => clock.now, libvirtUri: 'qemu:///system' };
  await pollStonith(ctx, 'kvm-n1', NODES);
  const s = store.getState();
  const alerts = deriveAlerts(s, emptyAlertMemory(), s.thresholds, clock.now).alerts;
  return { s, alerts, check: checkResult({ ...s, alerts }, clock.now) };
}

describe('check on a healthy cluster whose cluster-wide node is a fence target', () => {
  it('is OK: every node is fenceable, its devices listed by another node', async () => {
    const { s, alerts, check } = await collectAndCheck();
    expect(s.cluster.fresh.stonith?.via).toBe('kvm-n1');
    expect(s.cluster.stonithTargets?.find((t) => t.target === 'kvm-n1')).toEqual({ target: 'kvm-n1', devices: ['fence-kvm-n1'], via: 'kvm-n2' });
    expect(alerts).toEqual([]);
    expect(check.code).toBe(0);
    expect(check.line).toMatch(/^VIRTDECK OK - /);
  });

  it('a fencer that does not answer is a warning that says so, not CRITICAL "no device"', async () => {
    // kvm-n2's fencer is down: kvm-n1 is asked on kvm-n3 instead, and all is well.
    const one = await collectAndCheck(new Set(['kvm-n2']));
    expect(one.s.cluster.stonithTargets?.find((t) => t.target === 'kvm-n1')?.via).toBe('kvm-n3');
    expect(one.check.code).toBe(0);
    // Only kvm-n1's fencer answers: nobody else can tell about kvm-n1.
    const all = await collectAndCheck(new Set(['kvm-n2', 'kvm-n3', 'kvm-n4']));
    const why = ['kvm-n2', 'kvm-n3', 'kvm-n4'].map((n) => `fencer not answering on ${n}: Could not connect to fencer: Transport endpoint is not connected`).join('; ');
    expect(all.alerts.map((a) => [a.rule, a.severity, a.message])).toEqual([['fencing-unknown', 'warning', `cannot check fencing of kvm-n1: ${why}`]]);
    expect(all.check.code).toBe(1);
    expect(all.check.line).toContain(`WARNING - 1 warning: cannot check fencing of kvm-n1: fencer not answering on kvm-n2: Could not connect to fencer`);
  });
});
