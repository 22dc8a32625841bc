// The commands of `vm delete` and `vm utilization` (src/actions/vm-*/commands.ts) answered by the demo like the
// real tools (outputs and exit codes captured from cibadmin/crm_resource on a CIB_file and from
// virsh's test driver), with the sim's state changing.
import { describe, expect, it } from 'vitest';
import { toExecString } from '../../ssh/quote.js';
import type { Cmd } from '../../ssh/cmd.js';
import { banCmd, targetRoleCmd } from '../../actions/commands.js';
import { cibDeleteConstraintCmd, resourceDeleteCmd, virshUndefineCmd, virshVolDeleteCmd } from '../../actions/vm-delete/commands.js';
import { utilizationSetCmd } from '../../actions/vm-utilization/commands.js';
import { cibNodesCmd, cibVmPrimitivesCmd } from '../../collectors/utilization/command.js';
import { parseNodeUtilization, parseResourceUtilization } from '../../collectors/utilization/parse.js';
import { runShell } from '../exec.js';
import { DemoSim } from '../sim/sim.js';

const URI = 'qemu:///system';
async function run(sim: DemoSim, node: string, c: Cmd): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const code = await runShell(sim, node, toExecString(c), { out: (s) => (out += s), err: (s) => (err += s), stdin: () => Promise.resolve(''), onClose: () => undefined, closed: false });
  return { out, err, code };
}
const listed = async (sim: DemoSim, vm: string) => {
  const on: string[] = [];
  for (const n of sim.nodes) if ((await run(sim, n.name, { argv: ['virsh', 'list', '--all', '--name'] } as Cmd)).out.split('\n').includes(vm)) on.push(n.name);
  return on;
};

describe('demo: vm delete commands', () => {
  it('a managed VM: the CIB refuses to delete a resource a constraint names; constraint, then resource go; the transient domain vanishes when stopped', async () => {
    const sim = new DemoSim({ seed: 1 });
    const r = sim.resource('vm-web01')!;
    const other = sim.nodes.find((n) => n.name !== r.node)!.name;
    expect((await run(sim, 'kvm-n1', banCmd('vm-web01', other))).code).toBe(0);
    expect((await run(sim, 'kvm-n1', targetRoleCmd('vm-web01', 'Stopped'))).code).toBe(0);
    sim.tick(15_000);
    expect(await listed(sim, 'web01')).toEqual([]);
    expect(await run(sim, 'kvm-n1', resourceDeleteCmd('vm-web01'))).toEqual({ out: '', err: 'crm_resource: Error performing operation: Invalid configuration\n', code: 78 });
    expect((await run(sim, 'kvm-n1', cibDeleteConstraintCmd('rsc_location', `cli-ban-vm-web01-on-${other}`))).code).toBe(0);
    // like cibadmin: deleting what is not there is no error
    expect((await run(sim, 'kvm-n1', cibDeleteConstraintCmd('rsc_location', 'no-such'))).code).toBe(0);
    expect(await run(sim, 'kvm-n1', resourceDeleteCmd('vm-web01'))).toEqual({ out: '', err: '', code: 0 });
    expect(sim.resource('vm-web01')).toBeUndefined();
    expect((await run(sim, 'kvm-n1', { argv: ['crm_mon', '--output-as=xml'] } as Cmd)).out).not.toContain('vm-web01');
    expect((await run(sim, 'kvm-n1', resourceDeleteCmd('vm-web01'))).code).toBe(105);
  });

  it('undefine: a stopped persistent domain goes, its image stays until vol-delete; a running transient one is refused', async () => {
    const sim = new DemoSim({ seed: 1 });
    const vm = sim.vms.find((v) => !v.managed && v.persistent && v.state === 'shut off')!;
    const image = vm.disks[0]!.path;
    expect(await run(sim, vm.node, virshUndefineCmd(URI, vm.name, false))).toEqual({ out: `Domain '${vm.name}' has been undefined\n\n`, err: '', code: 0 });
    expect(await listed(sim, vm.name)).toEqual([]);
    expect(await run(sim, vm.node, virshUndefineCmd(URI, vm.name, true))).toMatchObject({ code: 1, err: `error: failed to get domain '${vm.name}'\n` });
    expect(await run(sim, vm.node, virshVolDeleteCmd(URI, image))).toEqual({ out: `Vol ${image} deleted\n\n`, err: '', code: 0 });
    expect(await run(sim, vm.node, virshVolDeleteCmd(URI, image))).toEqual({
      out: '',
      err: `error: failed to get vol '${image}', specifying --pool might help\nerror: Storage volume not found: no storage vol with matching path '${image}'\n`,
      code: 1,
    });
    const managed = sim.vms.find((v) => v.managed && v.state === 'running')!;
    const t = await run(sim, managed.node, virshUndefineCmd(URI, managed.name, false));
    expect([t.code, t.err]).toEqual([1, `error: Failed to undefine domain '${managed.name}'\nerror: Requested operation is not valid: cannot undefine transient domain\n`]);
  });
  it('utilization: nodes and VM primitives carry it in the real format; crm_resource --utilization sets it', async () => {
    const sim = new DemoSim({ seed: 1 });
    const n1 = sim.node('kvm-n1');
    expect(parseNodeUtilization((await run(sim, 'kvm-n1', cibNodesCmd())).out)['kvm-n1']).toEqual({ cpu: n1.cpus, hvMemory: Math.round(n1.memKiB / 1024) });
    const vm = sim.vm('web01')!;
    const before = parseResourceUtilization((await run(sim, 'kvm-n1', cibVmPrimitivesCmd())).out);
    expect(before['vm-web01']).toEqual({ cpu: vm.vcpus, hvMemory: Math.round(vm.memKiB / 1024) });
    expect(await run(sim, 'kvm-n1', utilizationSetCmd('vm-web01', 'cpu', 7))).toEqual({ out: "Set 'vm-web01' option: id=vm-web01-utilization-cpu set=vm-web01-utilization name=cpu value=7\n", err: '', code: 0 });
    expect(parseResourceUtilization((await run(sim, 'kvm-n1', cibVmPrimitivesCmd())).out)['vm-web01']?.cpu).toBe(7);
    expect((await run(sim, 'kvm-n1', utilizationSetCmd('nope', 'cpu', 1))).code).toBe(105);
  });
});
