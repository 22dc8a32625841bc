// End to end: the `resource …` actions through the CLI entry (src/cli main(argv, io)), in-process,
// against a demo cluster served over real SSH on 127.0.0.1 (same setup as actions-demo.test.ts).
// Assertions read the simulated cluster, the commands the demo received and the audit file.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoCluster } from '../../src/demo/index.js';
import { demoCli, show, type CliRun } from '../helpers/demo-cli.js';

describe('resource actions end to end against the demo cluster (CLI in-process)', () => {
  const dc = demoCli({ prefix: 'vd-rsc-e2e-', vms: 24 });
  const cli = dc.cli;
  let demo: DemoCluster;
  beforeAll(() => {
    demo = dc.demo;
  });
  const auditActions = (): string[] => dc.audit<{ type: string; action?: string; status?: string }>().map((a) => `${a.type}:${a.action ?? a.status ?? ''}`);
  const live = (r: CliRun, re: RegExp) => r.execs.filter((e) => re.test(e) && !/CIB_file=/.test(e));

  async function until(what: string, f: () => boolean, ms = 30_000): Promise<void> {
    const end = Date.now() + ms;
    while (!f()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('resource cleanup: the dry run shows the fail count and failed operation; --yes clears them in the sim', async () => {
    const rsc = demo.sim.resources.find((r) => r.node && r.vm)!;
    const node = rsc.node!;
    demo.sim.crashVm(rsc.vm!);
    await until('the monitor failure', () => (rsc.failCount.get(node) ?? 0) > 0 && rsc.failures.length > 0);

    const dry = await cli(['resource', 'cleanup', rsc.id, '--node', node]);
    expect(dry.code, show(dry)).toBe(0);
    expect(dry.stdout).toContain(`crm_resource --cleanup --resource ${rsc.id} --node ${node}`);
    expect(dry.stdout).toMatch(new RegExp(`fail count 1 of ${rsc.id} on ${node}`));
    expect(dry.stdout).toMatch(new RegExp(`failed ${rsc.id}_monitor_10000 on ${node}: not running`));
    // the what-if deleted the status entries on a CIB copy, never on the live CIB
    expect(dry.execs.some((e) => /env CIB_file=\/tmp\/virtdeck-cib\.\S+ cibadmin --delete-all --force --xpath/.test(e))).toBe(true);
    expect(dry.stdout).toContain('Dry run: nothing changed');
    expect(live(dry, /crm_resource --cleanup/)).toEqual([]);
    expect(rsc.failCount.get(node)).toBe(1);

    const r = await cli(['resource', 'cleanup', rsc.id, '--node', node, '--yes']);
    expect(r.code, show(r)).toBe(0);
    expect(live(r, /crm_resource --cleanup/)).toHaveLength(1);
    expect(rsc.failCount.get(node)).toBeUndefined();
    expect(rsc.failures).toEqual([]);
    expect(r.stdout).toMatch(/done: no fail count or failed operation left/);
    expect(auditActions().slice(-4)).toEqual(['intent:resource.cleanup', 'step:', 'step:', 'result:done']);
  }, 120_000);

  it('maintenance: cluster, node and resource on (crm_mon shows it, verify passes), nothing recovered meanwhile, then off', async () => {
    const dry = await cli(['cluster', 'maintenance', 'on']);
    expect(dry.code, show(dry)).toBe(0);
    expect(dry.stdout).toContain('crm_attribute --type crm_config --name maintenance-mode --update true');
    expect(dry.stdout).toMatch(/WARNING\s+\[no-recovery\]/);
    expect(demo.sim.maintenanceMode).toBe(false);
    // warnings must be acknowledged
    const noAck = await cli(['cluster', 'maintenance', 'on', '--yes']);
    expect(noAck.code, show(noAck)).toBe(1);
    expect(demo.sim.maintenanceMode).toBe(false);

    const on = await cli(['cluster', 'maintenance', 'on', '--yes', '--ack-warnings']);
    expect(on.code, show(on)).toBe(0);
    expect(on.stdout).toMatch(/done: cluster is in maintenance/);
    expect(demo.sim.maintenanceMode).toBe(true);
    // Pacemaker does not notice nor recover a crashed guest meanwhile.
    const rsc = demo.sim.resources.find((r) => r.node && r.vm && r.failCount.size === 0)!;
    demo.sim.crashVm(rsc.vm!);
    await new Promise((r) => setTimeout(r, 1500));
    expect(rsc.failCount.size).toBe(0);
    const off = await cli(['cluster', 'maintenance', 'off', '--yes', '--ack-warnings']);
    expect(off.code, show(off)).toBe(0);
    expect(demo.sim.maintenanceMode).toBe(false);
    // management resumes with a re-probe: the guest that crashed meanwhile is found and recovered
    await until('the re-probe to find the crashed guest', () => rsc.failCount.size > 0);
    await until('the recovery', () => demo.sim.vm(rsc.vm!)!.state === 'running');

    const n = await cli(['node', 'maintenance', 'on', 'kvm-n2', '--yes', '--ack-warnings']);
    expect(n.code, show(n)).toBe(0);
    expect(live(n, /crm_attribute --node kvm-n2 --name maintenance --update true/)).toHaveLength(1);
    expect(demo.sim.node('kvm-n2').maintenance).toBe(true);
    expect((await cli(['node', 'maintenance', 'off', 'kvm-n2', '--yes', '--ack-warnings'])).code).toBe(0);
    expect(demo.sim.node('kvm-n2').maintenance).toBe(false);

    const other = demo.sim.resources.find((r) => r.node && r !== rsc)!;
    const rm = await cli(['resource', 'maintenance', 'on', other.id, '--yes', '--ack-warnings']);
    expect(rm.code, show(rm)).toBe(0);
    expect(rm.stdout).toMatch(new RegExp(`done: ${other.id} is in maintenance`));
    expect(other.maintenance).toBe(true);
    expect((await cli(['resource', 'maintenance', 'off', other.id, '--yes', '--ack-warnings'])).code).toBe(0);
    expect(other.maintenance).toBe(false);
  }, 180_000);

  it('resource move ends on the target with no cli-prefer left; ban leaves cli-ban until clear; stop/start go through target-role', async () => {
    const r0 = demo.sim.resources.find((r) => r.node && r.vm && r.node !== 'kvm-n3' && demo.sim.vm(r.vm)!.state === 'running' && demo.sim.vm(r.vm)!.memKiB <= 8 * 1048576)!;
    const mv = await cli(['resource', 'move', r0.id, 'kvm-n3', '--yes', '--ack-warnings']);
    expect(mv.code, show(mv)).toBe(0);
    expect(r0.node).toBe('kvm-n3');
    expect(demo.sim.constraints.filter((c) => c.rsc === r0.id && c.id.startsWith('cli-'))).toEqual([]);
    expect(live(mv, /crm_resource --(move|clear)/).map((e) => e.replace(/^.*?crm_resource/, 'crm_resource'))).toEqual([`crm_resource --move --resource ${r0.id} --node kvm-n3`, `crm_resource --clear --resource ${r0.id}`]);

    const ban = await cli(['resource', 'ban', r0.id, 'kvm-n3', '--yes', '--ack-warnings']);
    expect(ban.code, show(ban)).toBe(0);
    expect(r0.node).not.toBe('kvm-n3');
    expect(demo.sim.constraints.filter((c) => c.rsc === r0.id).map((c) => c.id)).toEqual([`cli-ban-${r0.id}-on-kvm-n3`]);
    const clear = await cli(['resource', 'clear', r0.id, '--yes', '--ack-warnings']);
    expect(clear.code, show(clear)).toBe(0);
    expect(demo.sim.constraints.filter((c) => c.rsc === r0.id)).toEqual([]);

    const stop = await cli(['resource', 'stop', r0.id, '--yes', '--ack-warnings']);
    expect(stop.code, show(stop)).toBe(0);
    expect(r0.node).toBeUndefined();
    const start = await cli(['resource', 'start', r0.id, '--yes', '--ack-warnings']);
    expect(start.code, show(start)).toBe(0);
    expect(r0.node).toBeDefined();
  }, 120_000);

  it('resource cleanup is refused while the resource migrates (crm_mon role="Migrating"), nothing sent', async () => {
    const r0 = demo.sim.resources.find((r) => r.node && r.vm && !r.movingTo && demo.sim.vm(r.vm)!.state === 'running' && r.node !== 'kvm-n4')!;
    const node = r0.node!;
    demo.sim.addConstraint({ id: `cli-prefer-${r0.id}`, rsc: r0.id, node: 'kvm-n4', score: 1_000_000 });
    try {
      await until('the migration to start', () => r0.movingTo === 'kvm-n4');
      const r = await cli(['resource', 'cleanup', r0.id, '--yes']);
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`ERROR\\s+\\[resource-migrating\\] ${r0.id} \\(Migrating\\) is migrating`));
      expect(live(r, /crm_resource --cleanup/)).toEqual([]);
    } finally {
      demo.sim.clearConstraints(r0.id);
    }
    expect(node).not.toBe('kvm-n4');
  }, 60_000);

  it('resource refresh of an unknown resource is refused with the finding, nothing sent', async () => {
    const r = await cli(['resource', 'refresh', 'vm-nosuch', '--yes']);
    expect(r.code, show(r)).toBe(1);
    expect(r.stdout).toMatch(/ERROR\s+\[unknown-resource\] vm-nosuch is not a resource/);
    expect(live(r, /crm_resource --refresh/)).toEqual([]);
  }, 60_000);
});
