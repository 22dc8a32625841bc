// The large, mostly unchanging outputs (CIB utilization, lvs, vol-list, iscsiadm) go through
// ParseReuse: the same text gives the same parsed object (no parse), a changed text a new parse.
// The store is a recorder without structural sharing, so identity here can only come from reuse.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../ssh/runner.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { fixture, fixtureResponder } from '../../test/support/collectors/test-support.js';
import type { CollectorContext } from './context.js';
import { ParseReuse } from './reuse.js';
import { utilizationCmds } from './utilization/command.js';
import { pollUtilization } from './utilization/collector.js';
import { applyLvm, lvmCmds } from './lvm/collector.js';
import { pollPools, pollSan } from './storage/collector.js';

/** A context whose store records every write's patch. */
function recorder(runner: FakeRunner): { ctx: CollectorContext; writes: Record<string, unknown>[] } {
  const writes: Record<string, unknown>[] = [];
  const state = {
    setClusterData: (_s: string, _via: string, p: Record<string, unknown>) => writes.push(p),
    setNodeData: (_n: string, _s: string, p: Record<string, unknown>) => writes.push(p),
  };
  const ctx = { runner, store: { getState: () => state }, now: () => 0, libvirtUri: 'qemu:///system', reuse: new ParseReuse() };
  return { ctx: ctx as unknown as CollectorContext, writes };
}

const ok = (stdout: string): RunResult => ({ node: 'n1', stdout, stderr: '', code: 0, durationMs: 1 });

describe('large outputs are parsed again only when they change', () => {
  it('utilization: the same CIB keeps its parsed nodes and resources, on whichever node it was read; a change is parsed', async () => {
    const [nodes, prims, cfg] = utilizationCmds();
    let primsXml = fixture('utilization', 'cibadmin-vm-primitives.xml');
    const runner = new FakeRunner({ nodes: ['n1', 'n2'] }).respond((_n, c) => {
      if (c.argv.join(' ') === nodes!.argv.join(' ')) return { stdout: fixture('utilization', 'cibadmin-nodes.xml') };
      if (c.argv.join(' ') === prims!.argv.join(' ')) return { stdout: primsXml };
      if (c.argv.join(' ') === cfg!.argv.join(' ')) return { stdout: fixture('utilization', 'cibadmin-crm_config.xml') };
      return undefined;
    });
    const { ctx, writes } = recorder(runner);
    type U = { utilization: { nodes: object; resources: Record<string, object> } };
    await pollUtilization(ctx, 'n1');
    await pollUtilization(ctx, 'n2');
    const [a, b] = writes as U[];
    expect(b!.utilization.resources).toBe(a!.utilization.resources);
    expect(b!.utilization.nodes).toBe(a!.utilization.nodes);
    primsXml = primsXml.replace('"vm-db1"', '"vm-db2"');
    await pollUtilization(ctx, 'n1');
    const c = (writes as U[])[2]!;
    expect(Object.keys(c.utilization.resources)).toEqual(['vm-web1', 'vm-db2']);
    expect(c.utilization.nodes).toBe(a!.utilization.nodes);
  });

  it('lvs: the same report keeps its parsed VGs; another report is parsed', () => {
    const runner = new FakeRunner({ nodes: ['n1'] });
    const { ctx, writes } = recorder(runner);
    const rs = (lvs: string) => [ok(fixture('lvm', 'lvmlockctl-info-started.txt')), ok(fixture('lvm', 'dlm-ls-healthy.txt')), ok(lvs)];
    type L = { lvm: { vgs: { name: string }[] } };
    applyLvm(ctx, 'n1', lvmCmds(), rs(fixture('lvm', 'lvs-active.json')));
    applyLvm(ctx, 'n1', lvmCmds(), rs(fixture('lvm', 'lvs-active.json')));
    applyLvm(ctx, 'n1', lvmCmds(), rs(fixture('lvm', 'lvs-none.json')));
    const [a, b, c] = writes as L[];
    expect(b!.lvm.vgs).toBe(a!.lvm.vgs);
    expect(c!.lvm.vgs).not.toBe(a!.lvm.vgs);
    expect(c!.lvm.vgs).toEqual([]);
  });

  it('vol-list and iscsiadm: the same listing keeps its parsed volumes and sessions', async () => {
    const runner = new FakeRunner({ nodes: ['n1'] }).respond(fixtureResponder());
    const { ctx, writes } = recorder(runner);
    type P = { pools: { pools: { name: string; volumes?: object[] }[] } };
    await pollPools(ctx, 'n1');
    await pollPools(ctx, 'n1');
    const [a, b] = writes as P[];
    expect(a!.pools.pools.map((p) => p.volumes?.length)).toEqual([2, undefined, 0, 2]);
    // New pool objects (the list is read every time), the same volumes.
    expect(b!.pools.pools[0]).not.toBe(a!.pools.pools[0]);
    b!.pools.pools.forEach((p, i) => expect(p.volumes).toBe(a!.pools.pools[i]!.volumes));
    type S = { san: { iscsi?: object[]; fc: object[] } };
    await pollSan(ctx, 'n1');
    await pollSan(ctx, 'n1');
    const [s1, s2] = writes.slice(2) as S[];
    expect(s1!.san.iscsi?.length).toBeGreaterThan(0);
    expect(s2!.san.iscsi).toBe(s1!.san.iscsi);
    // The rest of the SAN read is its own object each time (readSan adds the sessions to it).
    expect(s2!.san).not.toBe(s1!.san);
  });
});
