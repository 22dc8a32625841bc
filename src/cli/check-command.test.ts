// `virtdeck check`'s -t: a round that does not finish in time is UNKNOWN (3), naming what did not answer.
import { describe, expect, it } from 'vitest';
import { checkCommand, unanswered } from './commands.js';
import { checkLevels } from '../store/check-metrics.js';
import { createVdStore } from '../store/store.js';
import { fixtureStore, FIXTURE_NOW, mkConn } from '../../test/support/store/test-fixtures.js';
import type { Session } from './session.js';

/** A session whose collection round runs `round` (on the store) and then never finishes. */
function hangingSession(round: (s: ReturnType<typeof createVdStore>) => void): Pick<Session, 'collectors' | 'store'> {
  const clock = { now: FIXTURE_NOW };
  const store = createVdStore({ clusterName: 'c1', nodes: ['n1', 'n2'], now: () => clock.now });
  const a = store.getState();
  a.registerSource('pacemaker', undefined, 5000);
  for (const n of ['n1', 'n2']) for (const src of ['host', 'iostat', 'vms'] as const) a.registerSource(src, n, 5000);
  a.registerSource('journal', 'n2', 60_000);
  clock.now += 1000;
  const collectors = {
    collectOnce: () => {
      round(store);
      return new Promise<void>(() => undefined);
    },
  } as unknown as Session['collectors'];
  return { store, collectors };
}

describe('checkCommand -t', () => {
  it('times out with UNKNOWN and names the sources and nodes that did not answer', async () => {
    const s = hangingSession((store) => {
      const a = store.getState();
      a.setConn(mkConn('n1', FIXTURE_NOW + 1000));
      a.setClusterData('pacemaker', 'n1', {});
      a.setNodeData('n1', 'host', {});
      a.setNodeData('n1', 'vms', { vms: [] });
      a.markError('iostat', 'n1', 'iostat: not installed');
    });
    const r = await checkCommand(s, { timeoutS: 0.05, now: () => FIXTURE_NOW + 1000 });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('VIRTDECK UNKNOWN - timed out after 0.05 s; no answer from n2 (ssh still connecting, host, iostat, vms)\n');
  });

  it('lists cluster-wide sources too, and keeps the levels when the round finishes in time', async () => {
    const hang = hangingSession(() => undefined);
    const r = await checkCommand(hang, { timeoutS: 0.05, now: () => FIXTURE_NOW + 1000 });
    expect(r.stdout).toMatch(/^VIRTDECK UNKNOWN - timed out after 0\.05 s; no answer from cluster pacemaker; n1 \(ssh still connecting, host, iostat, vms\); n2 /);

    const { store } = fixtureStore();
    const done = { store, collectors: { collectOnce: async () => undefined } as unknown as Session['collectors'] };
    const ok = await checkCommand(done, { now: () => FIXTURE_NOW, levels: checkLevels(store.getState().thresholds, { cpu: 10 }) });
    expect(ok.code).toBe(1);
    expect(ok.stdout).toMatch(/^VIRTDECK WARNING - 4 warning: kvm-n1 CPU 20 % \(> 10 %\);/);
  });

  it('unanswered ignores event streams and sources that answered (ok or error) since the start', () => {
    const { store } = fixtureStore();
    expect(unanswered(store.getState(), FIXTURE_NOW)).toEqual([]);
    expect(unanswered(store.getState(), FIXTURE_NOW + 1)).toContain('kvm-n1 (host, network, multipath, iostat, vms, sbd, corosync)');
  });
});
