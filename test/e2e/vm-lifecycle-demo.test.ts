// End to end: `vm delete` and `vm utilization` through the CLI entry (in-process) against the demo cluster over real
// SSH on 127.0.0.1 (harness: test/helpers/demo-cli.ts). Assertions read the simulated cluster,
// the commands the demo received and the audit file.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoCluster } from '../../src/demo/index.js';
import { demoCli, show } from '../helpers/demo-cli.js';

describe('vm delete / vm utilization end to end against the demo cluster (CLI in-process)', () => {
  const dc = demoCli({ prefix: 'vd-del-e2e-', vms: 12 });
  const cli = dc.cli;
  let demo: DemoCluster;
  beforeAll(() => {
    demo = dc.demo;
  });
  const auditActions = (): string[] => dc.audit<{ type: string; action?: string; status?: string }>().map((a) => `${a.type}:${a.action ?? a.status ?? ''}`);
  const definedOn = (vm: string) => demo.sim.nodes.filter((n) => demo.sim.vmsOn(n.name).some((v) => v.name === vm && (v.persistent || v.state !== 'shut off'))).map((n) => n.name);

  it('a managed, running VM with a ban: the plan lists the stop, the constraint and the resource; --yes deletes them and it is gone everywhere', async () => {
    const rsc = demo.sim.resources.find((r) => r.node && r.vm)!;
    const vm = rsc.vm;
    const other = demo.sim.nodes.find((n) => n.name !== rsc.node)!.name;
    demo.sim.addConstraint({ id: `cli-ban-${rsc.id}-on-${other}`, rsc: rsc.id, node: other, score: -1_000_000 });

    const dry = await cli(['vm', 'delete', vm]);
    expect(dry.code, show(dry)).toBe(0);
    expect(dry.stdout).toContain(`crm_resource --resource ${rsc.id} --set-parameter target-role --meta --parameter-value Stopped`);
    expect(dry.stdout).toContain(`cibadmin --delete --scope constraints --xml-text '<rsc_location id="cli-ban-${rsc.id}-on-${other}"/>'`);
    expect(dry.stdout).toContain(`crm_resource --delete --resource ${rsc.id} --resource-type primitive`);
    expect(dry.stdout).toMatch(/disks are kept/);
    expect(dry.stdout).toContain('Dry run: nothing changed');
    expect(demo.sim.resource(rsc.id)).toBeDefined();

    const r = await cli(['vm', 'delete', vm, '--yes', '--ack-warnings']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`done: ${vm} is deleted`));
    expect(demo.sim.resource(rsc.id)).toBeUndefined();
    expect(demo.sim.constraints.some((c) => c.rsc === rsc.id)).toBe(false);
    expect(definedOn(vm)).toEqual([]);
    expect(auditActions().at(-1)).toBe('result:done');
  }, 120_000);

  it('an unmanaged, stopped VM with --remove-storage: undefined, its image deleted (listed in the plan), its LUN-backed disk kept', async () => {
    const vm = demo.sim.vms.find((v) => !v.managed && v.persistent && v.state === 'shut off')!;
    const image = vm.disks.find((d) => !d.path.startsWith('/dev/'))!.path;

    const dry = await cli(['vm', 'delete', vm.name, '--remove-storage']);
    expect(dry.code, show(dry)).toBe(0);
    expect(dry.stdout).toContain(`virsh -c qemu:///system undefine ${vm.name}`);
    expect(dry.stdout).toContain(`virsh -c qemu:///system vol-delete ${image}`);
    for (const d of vm.disks.filter((x) => x.path.startsWith('/dev/'))) expect(dry.stdout).toContain(`kept: ${d.path}`);
    expect(definedOn(vm.name)).toEqual([vm.node]);

    const r = await cli(['vm', 'delete', vm.name, '--remove-storage', '--yes', '--ack-warnings']);
    expect(r.code, show(r)).toBe(0);
    expect(definedOn(vm.name)).toEqual([]);
    expect([...demo.sim.deletedVolumes]).toEqual([image]);
    expect(r.execs.filter((e) => / (undefine|vol-delete) /.test(e))).toHaveLength(2);
  }, 120_000);
  it('vm utilization: a stale cpu weight is shown in the plan as the exact crm_resource command and set from the domain XML', async () => {
    const rsc = demo.sim.resources.find((r) => r.node && r.vm)!;
    const vm = demo.sim.vm(rsc.vm)!;
    demo.sim.setUtilization(rsc.id, 'cpu', vm.vcpus + 3);

    const dry = await cli(['vm', 'utilization', vm.name]);
    expect(dry.code, show(dry)).toBe(0);
    expect(dry.stdout).toContain(`crm_resource --resource ${rsc.id} --utilization --set-parameter cpu --parameter-value ${vm.vcpus}`);
    expect(dry.stdout).not.toContain('hv_memory --parameter-value');
    expect(rsc.utilization?.cpu).toBe(vm.vcpus + 3);

    const r = await cli(['vm', 'utilization', vm.name, '--yes', '--ack-warnings']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`done: ${rsc.id} utilization cpu ${vm.vcpus}, hv_memory ${Math.round(vm.memKiB / 1024)}`));
    expect(rsc.utilization?.cpu).toBe(vm.vcpus);
    const again = await cli(['vm', 'utilization', vm.name]);
    expect(again.stdout + again.stderr).toMatch(/utilization-current/);
  }, 120_000);
});
