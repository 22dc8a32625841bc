import { describe, expect, it } from 'vitest';
import type { ResolvedTarget } from '../config/load.js';
import type { TuiSession } from '../ui/session-root.js';
import { consoleFleet } from './console.js';
import { fleetClusterTarget } from './target.js';

const config = { clusters: { 'fleet-01': { nodes: ['kvm-n1'] } }, fleet: { prometheus: 'http://127.0.0.1:9', clusterLabel: 'site' } };

describe('the console with a fleet', () => {
  it('a :fleet cluster opens read-only from the fleet Prometheus, selected by the fleet cluster label', () => {
    const t = fleetClusterTarget(config, 'fleet-02');
    expect(t).toMatchObject({ kind: 'cluster', clusterName: 'fleet-02', nodes: [], readonly: true, prometheus: { client: { url: 'http://127.0.0.1:9' }, match: '{site="fleet-02"}' } });
  });

  it('Enter switches to that target; the console starts on :fleet only when no target was named', async () => {
    const asked: ResolvedTarget[] = [];
    const sessions = {
      switchToTarget: async (resolve: () => ResolvedTarget): Promise<TuiSession> => {
        asked.push(resolve());
        return {} as TuiSession;
      },
    };
    const c = consoleFleet(config, {}, sessions)!;
    expect(c.startView).toBe('fleet');
    await c.openFleetCluster('fleet-03');
    expect(asked.map((t) => t.clusterName)).toEqual(['fleet-03']);
    expect(consoleFleet(config, { context: 'fleet-01' }, sessions)!.startView).toBeUndefined();
    expect(consoleFleet({ clusters: {} }, {}, sessions)).toBeUndefined();
    c.fleet.stop();
  });
});
