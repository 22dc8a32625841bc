import { describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../audit.js';
import { executeBalance, preparePlan } from '../index.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { cluster, vm } from '../../../test/support/actions/state.js';
import type { VdState } from '../../store/types.js';
import { balanceAction } from './def.js';
import { proposeBalance } from './plan.js';

/** n1: two 30 GiB VMs and a 4 GiB VM with 26 vCPUs; n2 and n3 one small VM each (hosts: 256 GiB, 32 CPUs). */
function mixed(): VdState {
  const s = cluster();
  s.nodes['n1']!.vms = [vm('m1', 'n1', 'running', 30, 2), vm('m2', 'n1', 'running', 30, 2), vm('c', 'n1', 'running', 4, 26)];
  s.nodes['n2']!.vms = [vm('x', 'n2', 'running', 4, 2)];
  s.nodes['n3']!.vms = [vm('y', 'n3', 'running', 4, 2)];
  return s;
}

describe('cluster balance', () => {
  it('proposes migrations from the loaded node to the empty one, executed through vm.migrate', async () => {
    const s = cluster();
    s.nodes['n1']!.vms = [vm('a1', 'n1', 'running', 40), vm('a2', 'n1', 'running', 30), vm('a3', 'n1', 'running', 20)];
    s.nodes['n2']!.vms = [vm('b1', 'n2', 'running', 40)];
    s.nodes['n3']!.vms = [];
    s.cluster.crm!.resources = s.cluster.crm!.resources.filter((r) => r.agent?.startsWith('stonith'));
    const r = new FakeRunner({ ordered: true });
    const audit = new MemoryAuditLog();
    const { ctx } = testCtx(s, r, { audit });
    const p = await preparePlan('cluster.balance', { spreadPct: 10, maxMoves: 5 }, ctx);
    expect(p.mutates).toBe(false);
    expect(p.migrations).toEqual([{ vm: 'a1', from: 'n1', to: 'n3' }]);
    expect(p.summary).toEqual([
      'load score spread 27.0 → 5.1 (50% VM memory + 50% vCPU) with 1 migration(s)',
      // the VMs' share of RAM (the score) next to the host's RAM in use (the header's number)
      'n1 VM memory 35% of RAM (host RAM in use 75%), 6/32 vCPU, score 27.0',
      'n2 VM memory 16% of RAM (host RAM in use 75%), 2/32 vCPU, score 10.9',
      'n3 VM memory 0% of RAM (host RAM in use 75%), 0/32 vCPU, score 0.0',
    ]);
    // execution = the migrate action's own plan (guards, gather, steps)
    const URI = 'qemu:///system';
    r.expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'a1'], { stdout: "<domain><name>a1</name><memory unit='GiB'>40</memory><vcpu>2</vcpu></domain>" })
      .expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'a1'], { stdout: "<domain><name>a1</name><memory unit='GiB'>40</memory><vcpu>2</vcpu></domain>" })
      .expect('n1', ['virsh', '-c', URI, 'migrate', '--live', '--persistent', '--undefinesource', '--verbose', 'a1', 'qemu+ssh://n3/system'], { code: 1, stderr: 'error: unable to connect' });
    const res = await executeBalance(p, ctx, { ackWarnings: true });
    expect(res.map((x) => x.status)).toEqual(['failed']);
    r.assertAllCalled();
    expect(audit.records[0]).toMatchObject({ type: 'intent', action: 'vm.migrate', target: 'a1 → n3' });
  });

  it('the vCPU weight changes which VM moves: memory only moves a big-memory VM, the weighted score the vCPU-heavy one', () => {
    const one = (cpuWeightPct: number) => proposeBalance(mixed(), { spreadPct: 10, maxMoves: 1, cpuWeightPct }, 4);
    expect(one(0).moves).toEqual([{ vm: 'm1', from: 'n1', to: 'n2' }]);
    const weighted = one(50);
    expect(weighted.moves).toEqual([{ vm: 'c', from: 'n1', to: 'n2' }]);
    // 50/50: n1 (25% mem, 30/32 vCPU) 59.4 vs 3.9 → after moving c: n2 45.3 − n3 3.9
    expect(weighted.before).toBeCloseTo(55.47, 2);
    expect(weighted.after).toBeCloseTo(41.41, 2);
  });

  it('memory already even, vCPUs not: only the weighted score proposes moves, and each lowers the spread', () => {
    const s = cluster();
    s.nodes['n1']!.vms = [vm('c1', 'n1', 'running', 8, 16), vm('c2', 'n1', 'running', 8, 16)];
    s.nodes['n2']!.vms = [vm('m1', 'n2', 'running', 16, 2)];
    s.nodes['n3']!.vms = [vm('m2', 'n3', 'running', 16, 2)];
    expect(proposeBalance(s, { spreadPct: 10, maxMoves: 5, cpuWeightPct: 0 }, 4).moves).toEqual([]);
    const p = proposeBalance(s, { spreadPct: 10, maxMoves: 5 }, 4);
    expect(p.cpuWeightPct).toBe(50);
    expect(p.moves[0]).toEqual({ vm: 'c1', from: 'n1', to: 'n2' });
    expect(p.after).toBeLessThan(p.before / 2);
    // Placement limits still bound every move: with 1 GiB available on n2, c1 (8 GiB) goes to n3
    // although n2 would win the tie by name.
    s.nodes['n2']!.host!.mem.memAvailableKb = 1024 * 1024;
    const tight = proposeBalance(s, { spreadPct: 10, maxMoves: 5 }, 4);
    expect(tight.moves.filter((m) => m.to === 'n2')).toEqual([]);
    expect(tight.moves[0]).toEqual({ vm: 'c1', from: 'n1', to: 'n3' });
  });

  it('CPU count unknown on a node: memory only, and the summary says so', async () => {
    const s = mixed();
    delete s.nodes['n3']!.host!.cpu;
    delete s.nodes['n3']!.capabilities;
    expect(proposeBalance(s, { spreadPct: 10, maxMoves: 1, cpuWeightPct: 50 }, 4)).toMatchObject({ cpuWeightPct: 0, moves: [{ vm: 'm1', from: 'n1', to: 'n2' }] });
    const { ctx } = testCtx(s, new FakeRunner({ ordered: true }));
    const p = await preparePlan('cluster.balance', { spreadPct: 10, maxMoves: 1 }, ctx);
    expect(p.summary[0]).toMatch(/^load score spread [\d.]+ → [\d.]+ \(VM memory only: CPU count unknown on a node\) with 1 migration\(s\)$/);
  });

  it('parses --cpu-weight (0–100) next to --spread and --max-moves', () => {
    expect(balanceAction.parseTarget(['--cpu-weight', '0', '--spread', '5'])).toEqual({ spreadPct: 5, maxMoves: 5, cpuWeightPct: 0 });
    expect(balanceAction.parseTarget([])).toEqual({ spreadPct: 10, maxMoves: 5, cpuWeightPct: 50 });
    expect(() => balanceAction.parseTarget(['--cpu-weight', '101'])).toThrow(/--cpu-weight PCT/);
  });
});
