// The demo's LVM tools print what the LVM source's parsers read, and the incident shows.
import { describe, expect, it } from 'vitest';
import { parseDlmToolLs, parseLvmlockctlInfo, parseLvsJson } from '../../collectors/lvm/parse.js';
import { lvsSharedCmd } from '../../collectors/lvm/command.js';
import { lockspaceAlerts } from '../../collectors/lvm/health.js';
import { scheduleIncidents } from '../sim/incidents.js';
import { DemoSim } from '../sim/sim.js';
import { dlmTool, lvmlockctl, lvs } from './lvm.js';
import type { Tool, ToolCtx } from './types.js';

function run(sim: DemoSim, node: string, tool: Tool, args: string[]): { out: string; err: string; code: number } {
  let out = '';
  let err = '';
  const ctx: ToolCtx = { sim, node, env: {}, io: { out: (s) => void (out += s), err: (s) => void (err += s), stdin: async () => '', onClose: () => {}, closed: false } };
  const code = tool(ctx, args) as number;
  return { out, err, code };
}

const read = (sim: DemoSim, node: string) => {
  const vms = sim.vms.filter((v) => v.node === node).map((v) => ({ name: v.name, state: v.state, disks: v.disks.map((d) => d.path) }));
  return {
    lockspaces: parseLvmlockctlInfo(run(sim, node, lvmlockctl, ['--info']).out, node),
    dlm: parseDlmToolLs(run(sim, node, dlmTool, ['ls']).out, node),
    vgs: parseLvsJson(run(sim, node, lvs, lvsSharedCmd().argv.slice(1)).out, node),
    vms,
  };
};

describe('demo LVM tools', () => {
  it('serve lockspaces, dlm members and the shared VG the VMs’ data disks live on', () => {
    const sim = new DemoSim({ seed: 11 });
    const r = read(sim, 'kvm-n1');
    expect(r.lockspaces.map((l) => l.name)).toEqual(['lvm_global', 'lvm_vg_mpathb']);
    expect(r.dlm.map((l) => [l.name, l.members])).toEqual([['lvm_vg_mpathb', [1, 2, 3, 4]], ['lvm_global', [1, 2, 3, 4]]]);
    const vg = r.vgs.find((g) => g.name === 'vg_mpathb')!;
    expect(vg).toMatchObject({ shared: true, lockType: 'dlm' });
    const open = vg.lvs.filter((l) => l.open).map((l) => l.name);
    // The LVs open on kvm-n1 are its running VMs' data disks, each with an LV lock held.
    expect(open).toEqual(r.vms.filter((v) => v.state === 'running' && v.disks.some((d) => d.startsWith('/dev/vg_mpathb/'))).map((v) => `${v.name}-data`));
    expect(r.lockspaces[1]!.lvLocks.length).toBe(open.length);
    expect(lockspaceAlerts('kvm-n1', { lvmlockd: true, ...r }, r.vms)).toEqual([]);
  });
  it('plays the incident: a node loses the lockspace under its VMs, then gets it back', () => {
    const sim = new DemoSim({ seed: 11 });
    scheduleIncidents(sim);
    sim.tick(16_000);
    const victim = sim.nodes.map((n) => n.name).find((n) => !read(sim, n).lockspaces.some((l) => l.name === 'lvm_vg_mpathb'))!;
    expect(victim).toBe('kvm-n2'); // kvm-n3 (tried first) runs no VM on the shared VG with this seed
    const r = read(sim, victim);
    expect(r.dlm.map((l) => l.name)).not.toContain('lvm_vg_mpathb');
    expect(read(sim, 'kvm-n1').dlm.find((l) => l.name === 'lvm_vg_mpathb')!.members).toEqual([1, 3, 4]);
    const alerts = lockspaceAlerts(victim, { lvmlockd: true, ...r }, r.vms);
    expect(alerts.map((a) => [a.subject, a.severity])).toEqual([['vg_mpathb', 'critical']]);
    sim.tick(90_000);
    expect(read(sim, victim).lockspaces.map((l) => l.name)).toContain('lvm_vg_mpathb');
  });
  it('answers like the real tools when the node is not a member', () => {
    const sim = new DemoSim({ seed: 11 });
    sim.killNode('kvm-n4');
    sim.tick(30_000); // corosync notices the loss
    expect(run(sim, 'kvm-n4', lvmlockctl, ['--info'])).toMatchObject({ code: 255, out: 'Cannot connect to lvmlockd.\n' });
    expect(run(sim, 'kvm-n4', dlmTool, ['ls'])).toEqual({ out: '', err: '', code: 1 });
  });
});
