// Issue 14, 0a: a VirtualDomain resource runs the domain its config file names in <name>. The
// config paths come from a query scoped to VirtualDomain primitives (no stonith passwords).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VdState } from '../store/types.js';
import { cibVmPrimitivesCmd } from './commands.js';
import { preparePlan } from './index.js';
import { testCtx } from '../../test/support/actions/ctx.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { cluster, vdRes, vm } from '../../test/support/actions/state.js';
import type { Plan } from './types.js';
import { configNameCmd, nameFromConfigLines, parseVmPrimitives } from './vm-config.js';

const fx = (n: string) => readFileSync(new URL(`./fixtures/${n}`, import.meta.url), 'utf8');
const PRIMS = cibVmPrimitivesCmd().argv;
const grepName = (path: string) => configNameCmd(path).argv;

describe('parsing', () => {
  it('several VirtualDomain primitives (inside <xpath-query>) and one (bare), as real cibadmin prints them', () => {
    expect([...parseVmPrimitives(fx('cibadmin-vm-primitives.xml'))]).toEqual([
      ['vm-web1', '/etc/libvirt/qemu/web1.xml'],
      ['vm-db1', '/etc/libvirt/qemu/db1.xml'],
      ['vm-web2', '/etc/libvirt/qemu/web2.xml'],
      ['res-app1', '/etc/libvirt/qemu/app1.xml'],
      ['vm_mail', '/etc/libvirt/qemu/mail.xml'],
    ]);
    expect([...parseVmPrimitives(fx('cibadmin-vm-primitive-one.xml'))]).toEqual([['vm-db1', '/etc/libvirt/qemu/db1.xml']]);
    expect(() => parseVmPrimitives('<cib/>')).toThrow(/no <primitive>/);
  });
  it('the query is scoped: argv as the read sudoers role allows it, and no stonith attribute in its output', () => {
    expect(PRIMS).toEqual(['cibadmin', '--query', '--xpath', "//primitive[@class='ocf'][@type='VirtualDomain']"]);
    expect(fx('cibadmin-vm-primitives.xml')).not.toMatch(/password|stonith/);
  });
  it('the <name> line as the VirtualDomain agent reads it: exactly one, entities decoded', () => {
    expect(grepName('/etc/libvirt/qemu/web1.xml')).toEqual(['grep', '-E', '[[:space:]]*<name>.*</name>[[:space:]]*$', '/etc/libvirt/qemu/web1.xml']);
    expect(nameFromConfigLines('  <name>test</name>\n')).toBe('test');
    expect(nameFromConfigLines('  <name>a&amp;b</name>\r\n')).toBe('a&b');
    expect(nameFromConfigLines('  <name>caf&#xe9;&#45;vm</name>\n')).toBe('café-vm');
    expect(nameFromConfigLines('')).toBeUndefined();
    expect(nameFromConfigLines('  <name>a</name>\n  <name>b</name>\n')).toBeUndefined();
  });
});

/** web on n1 (the VM asked for) beside web01; resources vm-web and vm-web01 with these configs. */
function state(extra: string[] = []): VdState {
  const s = cluster();
  s.nodes['n1']!.vms = [vm('web', 'n1'), vm('web01', 'n1')];
  s.cluster.crm!.resources = [vdRes('vm-web', ['n1']), vdRes('vm-web01', ['n1']), ...extra.map((id) => vdRes(id, [])), ...s.cluster.crm!.resources.filter((r) => !r.id.startsWith('vm-'))];
  return s;
}
const PRIMS_OUT = (configs: [string, string][]) =>
  `<xpath-query>\n${configs.map(([id, p]) => `  <primitive id="${id}" class="ocf" provider="heartbeat" type="VirtualDomain">\n    <instance_attributes id="${id}-instance_attributes">\n      <nvpair id="${id}-instance_attributes-config" name="config" value="${p}"/>\n    </instance_attributes>\n  </primitive>\n`).join('')}</xpath-query>\n`;

async function stop(vmName: string, names: Record<string, string>, prims: { stdout?: string; code?: number; stderr?: string } = { stdout: PRIMS_OUT([['vm-web', '/shared/vm/a.xml'], ['vm-web01', '/shared/vm/web01.xml']]) }, extra: string[] = []) {
  const r = new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 }).allow('n1', PRIMS, prims);
  for (const [path, name] of Object.entries(names)) r.allow('n1', grepName(path), { stdout: `  <name>${name}</name>\n` });
  const { ctx } = testCtx(state(extra), r);
  const plan = await preparePlan('vm.stop', { vm: vmName }, ctx);
  return { plan, r };
}
const errs = (p: Plan) => p.findings.filter((f) => f.level === 'error').map((f) => `${f.code}: ${f.message}`);
const argv = (p: Plan) => p.steps.map((st) => (st.kind === 'cmd' ? st.cmd.argv.join(' ') : st.kind));

describe('actions read the config <name> and refuse when it and the resource name disagree', () => {
  it('vm stop web: vm-web runs domain web01 by its config, so it is not stopped as "web"', async () => {
    const { plan, r } = await stop('web', { '/shared/vm/a.xml': 'web01', '/shared/vm/web01.xml': 'web01' });
    expect(errs(plan)).toEqual([
      'vm-resource-mismatch: web: the resource its name gives (vm-web, whose config names domain web01) is not the resource whose config file names web (none); refusing to guess: rename the resource or fix its config',
    ]);
    expect(plan.blocked).toBe(true);
    // only the candidates' configs are read: vm-web (the name rule) and a config named web.xml (none)
    expect(r.calls.map((c) => c.cmd.argv.join(' '))).toEqual([PRIMS.join(' '), grepName('/shared/vm/a.xml').join(' ')]);
  });

  it('vm stop web01: two candidate resources (web01, vm-web01) whose configs both name web01 are ambiguous', async () => {
    const prims = { stdout: PRIMS_OUT([['vm-web01', '/shared/vm/web01.xml'], ['web01', '/shared/vm/b.xml']]) };
    const { plan } = await stop('web01', { '/shared/vm/b.xml': 'web01', '/shared/vm/web01.xml': 'web01' }, prims, ['web01']);
    expect(errs(plan)[0]).toMatch(/^vm-resource-ambiguous: web01 matches more than one Pacemaker resource \(vm-web01, web01\)/);
  });

  it('config and name agree: the stop goes to that resource', async () => {
    const { plan } = await stop('web', { '/shared/vm/a.xml': 'web' });
    expect(errs(plan)).toEqual([]);
    expect(argv(plan)).toEqual(['crm_resource --resource vm-web --set-parameter target-role --meta --parameter-value Stopped']);
    expect(plan.summary).toContain("vm-web's config names domain web.");
  });

  it('configs not readable (sudo refused the query): the name rule alone, as before', async () => {
    const { plan } = await stop('web', {}, { code: 1, stderr: 'sudo: a password is required' });
    expect(errs(plan)).toEqual([]);
    expect(argv(plan)).toEqual(['crm_resource --resource vm-web --set-parameter target-role --meta --parameter-value Stopped']);
    // …and the plan says so
    expect(plan.summary).toContain('vm-web matched by its id only (config not read: n1: cibadmin --query --xpath: exit 1: sudo: a password is required).');
  });

  it('vm migrate and node standby read the configs too', async () => {
    const r = new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true })
      .allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 })
      .allow('n1', PRIMS, { stdout: PRIMS_OUT([['vm-web', '/shared/vm/a.xml']]) })
      .allow('n1', grepName('/shared/vm/a.xml'), { stdout: '<name>other</name>\n' })
      .allow('n1', ['virsh', '-c', 'qemu:///system', '-r', 'dumpxml', 'web'], { stdout: "<domain type='kvm'><name>web</name><memory unit='KiB'>1024</memory><vcpu>1</vcpu><devices/></domain>" })
      .allow('n1', ['virsh', '-c', 'qemu:///system', '-r', 'dumpxml', 'web01'], { stdout: "<domain type='kvm'><name>web01</name><memory unit='KiB'>1024</memory><vcpu>1</vcpu><devices/></domain>" });
    const { ctx } = testCtx(state(), r);
    const m = await preparePlan('vm.migrate', { vm: 'web', node: 'n2' }, ctx);
    expect(m.findings.map((f) => f.code)).toContain('vm-resource-mismatch');
    const s = await preparePlan('node.standby', { node: 'n1' }, ctx);
    expect(s.findings.filter((f) => f.code === 'vm-resource-mismatch').map((f) => f.message)).toEqual([expect.stringMatching(/^web: the resource its name gives \(vm-web, whose config names domain other\)/)]);
  });
});
