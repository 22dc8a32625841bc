// End to end: every guarded action through the CLI entry (src/cli main(argv, io)), in-process,
// against one demo cluster served over real SSH on 127.0.0.1. The CLI reaches the running demo
// the way it reaches a real cluster: a config context whose ssh_config names the demo's ports,
// key and pinned host keys (`--demo` would start a fresh demo per invocation). One case also
// runs `--demo` itself. Assertions read the simulated cluster (sim), the commands the demo
// received and the audit file.
import { beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { DemoCluster } from '../../src/demo/index.js';
import { demoCli, show, type CliRun } from '../helpers/demo-cli.js';
import type { SimConstraint } from '../../src/demo/sim/state.js';

interface AuditRec {
  type: 'intent' | 'step' | 'result';
  planId: string;
  action?: string;
  target?: string;
  argv?: string[];
  code?: number | null;
  status?: string;
  message?: string;
}

const NODES = ['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4'];

describe('guarded actions end to end against the demo cluster (CLI in-process)', () => {
  const added: string[] = [];
  const dc = demoCli({
    prefix: 'vd-actions-e2e-',
    vms: 24,
    // Records every constraint an action adds, even one it removes again (a move's cli-prefer).
    onStart: (demo) => {
      const origAdd = demo.sim.addConstraint.bind(demo.sim);
      demo.sim.addConstraint = (c: SimConstraint) => {
        added.push(c.id);
        origAdd(c);
      };
    },
  });
  const cli = dc.cli;
  let demo: DemoCluster;
  let auditFile: string;
  beforeAll(() => {
    ({ demo, auditFile } = dc);
  });

  const audit = (): AuditRec[] => dc.audit<AuditRec>();
  const planOf = (action: string): AuditRec[] => {
    const recs = audit();
    const intent = recs.filter((r) => r.type === 'intent' && r.action === action).at(-1);
    return intent ? recs.filter((r) => r.planId === intent.planId) : [];
  };
  const mutatingExecs = (r: CliRun) => r.execs.filter((e) => /standby --update|crm_resource (--move|--clear|--ban)|--set-parameter|virsh -c \S+ (migrate|define|start|shutdown|destroy) |stonith_admin --fence|cibadmin --create/.test(e) && !/CIB_file=/.test(e));
  const rscOn = (node: string) => demo.sim.resources.filter((r) => r.node === node).map((r) => r.id);

  it('fence check reports each node ready (read-only report, nothing sent)', async () => {
    const r = await cli(['fence', 'check']);
    expect(r.code, show(r)).toBe(0);
    for (const n of NODES) expect(r.stdout).toMatch(new RegExp(`OK\\s+${n}: ready: devices [^\\n]*fence-ipmi-${n}`));
    expect(mutatingExecs(r)).toEqual([]);
  }, 60_000);

  it('node standby without --yes prints the plan and the what-if, and changes nothing', async () => {
    const before = rscOn('kvm-n1');
    const r = await cli(['node', 'standby', 'kvm-n1']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toContain('crm_attribute --node kvm-n1 --name standby --update on');
    // The what-if ran on a CIB copy with the real argv and CIB_file, and crm_simulate answered.
    // crm_simulate lists everything that leaves the node, in CIB order: fence devices, the dlm instance, then the VMs
    expect(r.stdout).toMatch(/What-if \(crm_simulate on kvm-n\d\):\n\s+Move stonith-sbd \(kvm-n1 → kvm-n\d\)\n\s+Move fence-ipmi-kvm-n4 \(kvm-n1 → kvm-n\d\)\n\s+Stop dlm:0 \(on kvm-n1\) due to node availability\n\s+Migrate vm-\S+ \(kvm-n1 → kvm-n\d\)/);
    expect(r.execs.some((e) => /env CIB_file=\/tmp\/virtdeck-cib\.\S+ crm_attribute --node kvm-n1 --name standby --update on/.test(e))).toBe(true);
    expect(r.stdout).toContain('Dry run: nothing changed');
    expect(mutatingExecs(r)).toEqual([]);
    expect(demo.sim.node('kvm-n1').standby).toBe(false);
    expect(rscOn('kvm-n1')).toEqual(before);
    expect(planOf('node.standby')).toEqual([]);
    // The what-if's temp file was removed again.
    for (const n of NODES) expect([...demo.sim.node(n).files.keys()].filter((f) => f.startsWith('/tmp/virtdeck-cib.'))).toEqual([]);
  }, 60_000);

  it('node standby --yes drains the node in the sim; the audit has intent, steps and result', async () => {
    expect(rscOn('kvm-n1').length).toBeGreaterThan(0);
    // auth02 is a libvirt-only guest on kvm-n1: standby warns about it (acknowledged here).
    const r = await cli(['node', 'standby', 'kvm-n1', '--yes', '--ack-warnings']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/done: kvm-n1 is in standby and has no resources left/);
    expect(demo.sim.node('kvm-n1').standby).toBe(true);
    expect(rscOn('kvm-n1')).toEqual([]);
    const recs = planOf('node.standby');
    expect(recs.map((x) => x.type)).toEqual(['intent', 'step', 'step', 'result']);
    expect(recs[0]!.target).toBe('kvm-n1');
    expect(recs[1]!.argv).toEqual(['crm_attribute', '--node', 'kvm-n1', '--name', 'standby', '--update', 'on']);
    expect(recs[1]!.code).toBe(0);
    expect(recs.at(-1)!.status).toBe('done');
  }, 180_000);

  it('node online --yes takes it out of standby', async () => {
    const r = await cli(['node', 'online', 'kvm-n1', '--yes']);
    expect(r.code, show(r)).toBe(0);
    expect(demo.sim.node('kvm-n1').standby).toBe(false);
    expect(planOf('node.online').at(-1)?.status).toBe('done');
  }, 90_000);

  it('vm migrate (managed): cli-prefer is created, the VM moves, the constraint is cleared', async () => {
    const vm = demo.sim.vms.find((v) => v.managed && v.state === 'running' && v.memKiB <= 8 * 1048576 && v.node !== 'kvm-n3')!;
    expect(vm).toBeDefined();
    const r = await cli(['vm', 'migrate', vm.name, 'kvm-n3', '--yes', '--ack-warnings']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/What-if \(crm_simulate on kvm-n\d\):\n\s+Migrate vm-/);
    expect(demo.sim.vm(vm.name)!.node).toBe('kvm-n3');
    expect(demo.sim.resourceOfVm(vm.name)!.node).toBe('kvm-n3');
    expect(added).toContain(`cli-prefer-vm-${vm.name}`);
    expect(demo.sim.constraints.filter((c) => c.id.startsWith('cli-'))).toEqual([]);
    const steps = planOf('vm.migrate').filter((x) => x.type === 'step' && x.argv?.length);
    expect(steps.map((x) => x.argv!.slice(0, 2))).toEqual([
      ['crm_resource', '--move'],
      ['crm_resource', '--clear'],
    ]);
    expect(steps.every((x) => x.code === 0)).toBe(true);
  }, 120_000);

  it('vm migrate (unmanaged): virsh migrate --live moves the libvirt-only guest', async () => {
    const vm = demo.sim.vms.find((v) => !v.managed && v.state === 'running')!;
    expect(vm).toBeDefined();
    const from = vm.node;
    const to = NODES.find((n) => n !== from)!;
    const r = await cli(['vm', 'migrate', vm.name, to, '--yes', '--ack-warnings']);
    expect(r.code, show(r)).toBe(0);
    expect(r.execs.some((e) => e === `${from}: exec virsh -c qemu:///system migrate --live --persistent --undefinesource --verbose ${vm.name} qemu+ssh://${to}/system`)).toBe(true);
    expect(demo.sim.vm(vm.name)!.node).toBe(to);
    expect(demo.sim.vm(vm.name)!.persistent).toBe(true);
    // --undefinesource: no definition left behind on the source
    expect(demo.sim.vmsOn(from).map((v) => v.name)).not.toContain(vm.name);
  }, 120_000);

  it('vm stop / vm start (managed) go through target-role', async () => {
    const vm = demo.sim.vms.find((v) => v.managed && v.state === 'running')!;
    const rsc = demo.sim.resourceOfVm(vm.name)!;
    const stop = await cli(['vm', 'stop', vm.name, '--yes', '--ack-warnings']);
    expect(stop.code, show(stop)).toBe(0);
    expect(stop.stdout).toMatch(new RegExp(`Stop ${rsc.id} \\(on kvm-n\\d\\)`));
    expect(stop.execs.some((e) => e.endsWith(`crm_resource --resource ${rsc.id} --set-parameter target-role --meta --parameter-value Stopped`) && !e.includes('CIB_file'))).toBe(true);
    expect(rsc.targetRole).toBe('Stopped');
    expect(rsc.node).toBeUndefined();
    expect(demo.sim.vm(vm.name)!.state).toBe('shut off');

    const start = await cli(['vm', 'start', vm.name, '--yes', '--ack-warnings']);
    expect(start.code, show(start)).toBe(0);
    expect(rsc.targetRole).toBe('Started');
    expect(rsc.node).toBeDefined();
    expect(demo.sim.vm(vm.name)!.state).toBe('running');
  }, 120_000);

  it('cluster validate reports a leftover cli-ban constraint', async () => {
    const clean = await cli(['cluster', 'validate']);
    expect(clean.code, show(clean)).toBe(0);
    const rsc = demo.sim.resources.find((r) => r.node)!;
    const ban = `cli-ban-${rsc.id}-on-kvm-n2`;
    demo.sim.addConstraint({ id: ban, rsc: rsc.id, node: 'kvm-n2', score: -1_000_000 });
    try {
      const r = await cli(['cluster', 'validate']);
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`ERROR\\s+${rsc.id}: leftover constraint ${ban} \\(kvm-n2\\)`));
      expect(r.execs.some((e) => e.includes('cibadmin --query --scope constraints'))).toBe(true);
      expect(r.execs.some((e) => e.includes('systemctl is-enabled libvirt-guests'))).toBe(true);
    } finally {
      demo.sim.clearConstraints(rsc.id);
    }
  }, 60_000);

  it('vm create --profile database defines the domain on every node and registers the primitive', async () => {
    const r = await cli(['vm', 'create', 'newdb', '--profile', 'database', '--node', 'kvm-n3', '--yes', '--ack-warnings']);
    expect(r.code, show(r)).toBe(0);
    const vm = demo.sim.vm('newdb')!;
    expect(vm).toBeDefined();
    expect(vm.state).toBe('shut off');
    expect(vm.xml).toMatch(/<name>newdb<\/name>/);
    for (const n of NODES) expect(demo.sim.vmsOn(n).map((v) => v.name), n).toContain('newdb');
    const rsc = demo.sim.resource('vm-newdb')!;
    expect(rsc).toBeDefined();
    expect(rsc.targetRole).toBe('Stopped');
    expect(rsc.node).toBeUndefined();
    // temp files are gone, the XML went through the fixed base64 script and virt-xml-validate
    expect(r.execs.filter((e) => e.includes("exec sh -c 'set -C; printf %s \"$1\" | base64 -d > \"$2\"'"))).toHaveLength(4);
    expect(r.execs.filter((e) => /virt-xml-validate \/tmp\/virtdeck-define-newdb-\S+ domain/.test(e))).toHaveLength(4);
    for (const n of NODES) expect([...demo.sim.node(n).files.keys()].filter((f) => f.includes('virtdeck-define'))).toEqual([]);
    expect(planOf('vm.create').at(-1)?.status).toBe('done');
  }, 120_000);

  it('--readonly refuses a mutating action and sends nothing that changes the cluster', async () => {
    const r = await cli(['node', 'standby', 'kvm-n2', '--yes', '--ack-warnings', '--readonly']);
    expect(r.code, show(r)).toBe(1);
    expect(r.stdout).toMatch(/ERROR \[read-only\]/);
    expect(mutatingExecs(r)).toEqual([]);
    expect(r.execs.filter((e) => e.includes('standby --update'))).toEqual([]);
    expect(demo.sim.node('kvm-n2').standby).toBe(false);
  }, 60_000);

  it('names with shell metacharacters are refused before anything is sent (vm create, vm migrate)', async () => {
    const create = await cli(['vm', 'create', 'x;reboot', '--profile', 'generic', '--node', 'kvm-n1', '--yes']);
    expect(create.code, show(create)).toBe(2);
    expect(create.stderr).toMatch(/invalid VM name "x;reboot"/);
    const migrate = await cli(['vm', 'migrate', 'web01$(id)', 'kvm-n2', '--yes']);
    expect(migrate.code, show(migrate)).toBe(2);
    expect(migrate.stderr).toMatch(/invalid VM name "web01\$\(id\)"/);
    expect([...create.execs, ...migrate.execs].filter((e) => /reboot|\$\(id\)/.test(e))).toEqual([]);
    expect(mutatingExecs(create)).toEqual([]);
    expect(mutatingExecs(migrate)).toEqual([]);
    expect(demo.sim.vm('x;reboot')).toBeUndefined();
  }, 60_000);

  it('guard refusal: standby of the last online node exits 1 with the finding', async () => {
    for (const n of ['kvm-n2', 'kvm-n3', 'kvm-n4']) demo.sim.setStandby(n, true);
    try {
      const r = await cli(['node', 'standby', 'kvm-n1', '--yes', '--ack-warnings']);
      expect(r.code, show(r)).toBe(1);
      expect(r.stdout).toMatch(/ERROR \[last-online-node\] kvm-n1 is the last online, non-standby node/);
      expect(r.stderr).toMatch(/refused: \d+ guard error/);
      expect(mutatingExecs(r)).toEqual([]);
      expect(demo.sim.node('kvm-n1').standby).toBe(false);
    } finally {
      for (const n of ['kvm-n2', 'kvm-n3', 'kvm-n4']) demo.sim.setStandby(n, false);
    }
  }, 60_000);

  it('an action a killed virtdeck left without a result is said by the next command, once', async () => {
    const argv = ['crm_attribute', '--node', 'kvm-n3', '--name', 'standby', '--update', 'on'];
    const recs = [
      { type: 'intent', planId: 'killed1', when: new Date().toISOString(), who: 'carol', from: hostname(), pid: 2 ** 22 + 999, cluster: 'demo', action: 'node.standby', target: 'kvm-n3',
        plan: [{ node: 'kvm-n3', argv, purpose: 'put kvm-n3 in standby' }, { node: 'kvm-n3', wait: 'wait until 6 resource(s) left kvm-n3' }], acknowledgedWarnings: [] },
      { type: 'step', planId: 'killed1', when: new Date().toISOString(), node: 'kvm-n3', argv, purpose: 'put kvm-n3 in standby', code: 0, durationMs: 50 },
    ];
    appendFileSync(auditFile, recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const r = await cli(['fence', 'check']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stderr).toContain('virtdeck: warning: an earlier action was interrupted (no result in the audit log):\n  node.standby kvm-n3: started');
    expect(r.stderr).toMatch(/\n {2}ran:\n {4}kvm-n3: crm_attribute --node kvm-n3 --name standby --update on \(exit 0\)\n {2}not run:\n {4}kvm-n3: \(wait\) wait until 6 resource/);
    expect(audit().filter((x) => x.planId === 'killed1').map((x) => x.status ?? x.type)).toEqual(['intent', 'step', 'interrupted']);
    expect((await cli(['fence', 'check'])).stderr).not.toContain('interrupted');
  }, 60_000);

  it('`--demo` itself: a dry run against a fresh embedded demo', async () => {
    const r = await cli(['vm', 'migrate', 'web01', 'kvm-n2'], ['--demo']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/What-if \(crm_simulate on kvm-n\d\):\n\s+Migrate vm-web01 \(kvm-n1 → kvm-n2\)/);
    expect(r.stdout).toContain('Dry run: nothing changed');
  }, 90_000);
});
