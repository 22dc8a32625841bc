import { describe, expect, it } from 'vitest';
import { FakeRunner, type FakeResponder, type FakeResult } from '../../../test/support/ssh/fake-runner.js';
import { RunError } from '../../ssh/runner.js';
import type { Cmd } from '../../ssh/cmd.js';
import { createVdStore } from '../../store/store.js';
import { parseCrmMon } from '../pacemaker/parse.js';
import { fixture } from '../../../test/support/collectors/test-support.js';
import type { CollectorContext } from '../context.js';
import { pollStonith } from './collector.js';

const NODES = ['n1', 'n2', 'n3'];
const list = (ids: string[]) => `${ids.join('\n')}${ids.length ? '\n' : ''}${ids.length} fence devices found\n`;
const NOT_CONNECTED = fixture('fencing', 'stonith-list-not-connected.txt');

/** A real fencer's answers: fence-X has a -INFINITY location on X, so X's fencer does not
 *  register it; fence-sbd is not used here, so a node's own fencer knows nothing about it. */
function fencer(down: ReadonlySet<string> = new Set()) {
  return (node: string, c: Cmd): FakeResult | undefined => {
    if (c.argv[0] !== 'stonith_admin') return undefined;
    if (down.has(node)) return { stdout: '', stderr: NOT_CONNECTED, code: 102 };
    const registered = NODES.filter((n) => n !== node).map((n) => `fence-${n}`);
    if (c.argv[1] === '--list-registered') return { stdout: list(registered) };
    const target = c.argv[2]!;
    return { stdout: list(registered.filter((d) => d === `fence-${target}`)) };
  };
}

function setup(respond: FakeResponder, opts: { crm?: boolean } = {}) {
  const runner = new FakeRunner({ nodes: NODES }).respond(respond);
  const store = createVdStore({ clusterName: 'c1', nodes: NODES });
  if (opts.crm) {
    const crm = parseCrmMon(fixture('pacemaker', 'healthy.crm_mon.xml'));
    const nodes = crm.nodes.filter((n) => n.type === 'member' && NODES.includes(n.name)).map((n) => ({ ...n, standby: false, maintenance: false }));
    store.getState().setClusterData('pacemaker', 'n1', { crm: { ...crm, nodes } });
  }
  const ctx: CollectorContext = { runner, store, now: () => Date.now(), libvirtUri: 'qemu:///system' };
  return { runner, store, ctx };
}

describe('pollStonith asks about a node from another node', () => {
  it('the cluster-wide node is also a fence target: its own devices are listed by another fencer', async () => {
    const { runner, store, ctx } = setup(fencer());
    await pollStonith(ctx, 'n1', NODES);
    const t = store.getState().cluster.stonithTargets!;
    // Old code asked n1's own fencer about n1: "0 fence devices found" → "no stonith device can fence n1".
    expect(t.find((x) => x.target === 'n1')).toEqual({ target: 'n1', devices: ['fence-n1'], via: 'n2' });
    expect(t.find((x) => x.target === 'n2')).toEqual({ target: 'n2', devices: ['fence-n2'], via: 'n1' });
    expect(t.find((x) => x.target === 'n3')).toEqual({ target: 'n3', devices: ['fence-n3'], via: 'n1' });
    // Never asked a node about itself.
    for (const c of runner.calls.filter((c) => c.argv[1] === '--list')) expect(c.node).not.toBe(c.argv[2]);
    // n1's own device is not registered on n1, but it exists: the device list holds it.
    expect(store.getState().cluster.stonithDevices).toEqual(['fence-n2', 'fence-n3', 'fence-n1']);
    expect(store.getState().cluster.fresh.stonith?.via).toBe('n1');
  });

  it('prefers a node online in Pacemaker and skips one whose SSH is down', async () => {
    const { runner, store, ctx } = setup(fencer(), { crm: true });
    const crm = store.getState().cluster.crm!;
    store.getState().setClusterData('pacemaker', 'n1', { crm: { ...crm, nodes: crm.nodes.map((n) => (n.name === 'n2' ? { ...n, online: false } : n)) } });
    await pollStonith(ctx, 'n1', ['n1', 'n2', 'n3']);
    expect(store.getState().cluster.stonithTargets!.find((x) => x.target === 'n1')?.via).toBe('n3');
    expect(runner.calls.filter((c) => c.node === 'n2')).toEqual([]);
  });

  it('a target whose first choice is unreachable over SSH is asked on the next node', async () => {
    const base = fencer();
    const { store, ctx } = setup((node, c) => (node === 'n2' ? new RunError('unreachable', 'n2', 'connection refused') : base(node, c)));
    await pollStonith(ctx, 'n1', NODES);
    expect(store.getState().cluster.stonithTargets!.find((x) => x.target === 'n1')).toEqual({ target: 'n1', devices: ['fence-n1'], via: 'n3' });
  });
});

describe('pollStonith: a fencer that does not answer is not "no device"', () => {
  it('stores the real stonith_admin error naming the node, after trying the others', async () => {
    // n1 answers for the registered list; n2's and n3's fencers are down: nobody can list n1's devices.
    const { runner, store, ctx } = setup(fencer(new Set(['n2', 'n3'])));
    await pollStonith(ctx, 'n1', NODES);
    const t1 = store.getState().cluster.stonithTargets!.find((x) => x.target === 'n1')!;
    expect(t1.devices).toEqual([]);
    expect(t1.via).toBeUndefined();
    expect(t1.error).toBe(
      'fencer not answering on n2: Could not connect to fencer: Transport endpoint is not connected; fencer not answering on n3: Could not connect to fencer: Transport endpoint is not connected',
    );
    // Batch members lose stderr: the failed one was run again alone to read it.
    expect(runner.calls.filter((c) => c.node === 'n2' && c.via === 'run').map((c) => c.argv)).toEqual([['stonith_admin', '--list', 'n1']]);
    // The others were answered by n1.
    expect(store.getState().cluster.stonithTargets!.find((x) => x.target === 'n2')).toEqual({ target: 'n2', devices: ['fence-n2'], via: 'n1' });
  });

  it('the chosen node\'s fencer down fails the poll with that message (the runtime moves on)', async () => {
    const { store, ctx } = setup(fencer(new Set(['n1'])));
    await expect(pollStonith(ctx, 'n1', NODES)).rejects.toThrow('fencer not answering on n1: Could not connect to fencer: Transport endpoint is not connected');
    expect(store.getState().cluster.stonithTargets).toBeUndefined();
  });

  it('exit 102 with stderr lost still reads as the fencer, and a silent non-zero list is still empty', async () => {
    const { store, ctx } = setup((_node, c): FakeResult => {
      if (c.argv[1] === '--list-registered') return { stdout: list(['fence-n2']) };
      if (c.argv[2] === 'n2') return { stdout: '', code: 102 };
      return { stdout: '', code: 1 }; // pacemaker 1.1: "No devices found" as a non-zero code
    });
    await pollStonith(ctx, 'n1', ['n1']);
    const t = store.getState().cluster.stonithTargets!;
    expect(t.find((x) => x.target === 'n2')?.error).toBe('fencer not answering on n1: stonith_admin exited 102');
    expect(t.find((x) => x.target === 'n3')).toEqual({ target: 'n3', devices: [], via: 'n1' });
  });
});
