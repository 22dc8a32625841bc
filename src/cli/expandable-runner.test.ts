import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import type { NodeConnState } from '../ssh/runner.js';
import type { ResolvedHost } from '../ssh/host.js';
import { ExpandableRunner } from './expandable-runner.js';
import { createVdStore } from '../store/store.js';
import { startCollectors } from '../collectors/runtime.js';
import { fixtureResponder } from '../../test/support/collectors/test-support.js';

const host = (name: string): ResolvedHost => ({ name, hostname: name, port: 22, user: 'ops', identities: [], identitiesOnly: false, knownHostsFiles: [], strictHostKeyChecking: 'yes' });

describe('ExpandableRunner', () => {
  it('routes configured nodes to the base runner and each added host to its own runner', async () => {
    const base = new FakeRunner({ nodes: ['n1'] }).respond(() => ({ stdout: 'base\n' }));
    const made: FakeRunner[] = [];
    const r = new ExpandableRunner(base, (h) => {
      const f = new FakeRunner({ nodes: [h.name] }).respond(() => ({ stdout: `${h.name}\n` }));
      made.push(f);
      return f;
    });
    const seen: NodeConnState[] = [];
    r.onConnState((s) => seen.push(s));
    r.addHost(host('n2'));
    r.addHost(host('n2'));
    r.addHost(host('n1'));
    expect(made).toHaveLength(1);
    expect(r.nodes()).toEqual(['n1', 'n2']);
    expect((await r.run('n1', { argv: ['true'] })).stdout).toBe('base\n');
    expect((await r.run('n2', { argv: ['true'] })).stdout).toBe('n2\n');
    made[0]!.setConnState('n2', { status: 'down' });
    expect(seen.at(-1)).toMatchObject({ node: 'n2', status: 'down' });
    expect(r.connState('n2')?.status).toBe('down');
    await r.close();
    await expect(r.run('n2', { argv: ['true'] })).rejects.toThrow(/closed/);
  });

  it('lets the collectors discover and poll every member from one configured node', async () => {
    const base = new FakeRunner({ nodes: ['n1'] }).respond(fixtureResponder());
    const made: FakeRunner[] = [];
    const runner = new ExpandableRunner(base, (h) => {
      const f = new FakeRunner({ nodes: [h.name] }).respond(fixtureResponder());
      made.push(f);
      return f;
    });
    const store = createVdStore({ clusterName: 'c', nodes: ['n1'] });
    const c = startCollectors({ runner, store, config: { live: false, resolveHost: async (n) => host(n) } });
    await c.collectOnce();
    c.stop();
    expect(made.map((m) => m.nodes()[0])).toEqual(['n2', 'n3', 'n4']);
    for (const n of ['n2', 'n3', 'n4']) expect(store.getState().nodes[n]!.vms?.length, n).toBeGreaterThan(0);
    expect(store.getState().nodes.n2!.conn.status).toBe('up');
    await runner.close();
  });
});
