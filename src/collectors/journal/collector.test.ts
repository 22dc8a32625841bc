// The journal stream's freshness across a reconnect (issue 14: "journal … failing: connection
// lost" stayed forever when the journal was quiet after the reconnect).
import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { RunError } from '../../ssh/runner.js';
import { createVdStore, storeControl } from '../../store/store.js';
import type { CollectorContext } from '../context.js';
import { startJournal } from './collector.js';

describe('journal stream', () => {
  it('a restarted, quiet journal clears its "connection lost" error and alert', () => {
    let now = 1_000_000;
    const runner = new FakeRunner({ nodes: ['n1'] });
    const store = createVdStore({ clusterName: 'c1', nodes: ['n1'], now: () => now });
    const ctx: CollectorContext = { runner, store, now: () => now, libvirtUri: 'qemu:///system' };
    const h = startJournal(ctx, 'n1', ['pacemaker']);
    const failing = () => store.getState().alerts.filter((a) => a.rule === 'stale' && a.subject === 'journal');
    runner.pushStream('n1', 'journalctl', `${JSON.stringify({ __REALTIME_TIMESTAMP: String(now * 1000), MESSAGE: 'started', _SYSTEMD_UNIT: 'pacemaker.service', PRIORITY: '6' })}\n`);
    expect(store.getState().nodes['n1']!.fresh.journal?.lastOk).toBe(now);
    // Much later (the journal was quiet all along) the connection drops.
    now += 10 * 60_000;
    runner.endStream('n1', 'journalctl', { error: new RunError('unreachable', 'n1', 'connection lost: reset'), restart: false });
    storeControl(store).recompute();
    expect(failing().map((a) => a.message)).toEqual(['journal on n1 failing: n1: connection lost: reset']);
    // Reconnected: journalctl runs again and says nothing (no unit logged anything).
    now += 5000;
    h.close();
    startJournal(ctx, 'n1', ['pacemaker']);
    storeControl(store).recompute();
    expect(store.getState().nodes['n1']!.fresh.journal?.error).toBeUndefined();
    expect(failing()).toEqual([]);
  });
});
