import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VdState } from '../../store/types.js';
import { executePlan, preparePlan } from '../index.js';
import type { Plan } from '../types.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { cluster } from '../../../test/support/actions/state.js';
import { expectRefused } from '../../../test/support/actions/refused.js';
import { VM_PRIMITIVES_XPATH } from '../commands.js';
import { constraintsOf, dominfoPersistent, parseConstraints } from './parse.js';
import { parseDumpxml } from '../../collectors/virsh/parse.js';
import { deleteAction } from './def.js';

const fx = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
const URI = 'qemu:///system';
const CONSTRAINTS = fx('cibadmin-constraints.xml');
const PERSISTENT = fx('dominfo-persistent-test-driver.txt');
const TRANSIENT = fx('dominfo-transient-test-driver.txt');
/** A domain XML captured from virsh's test driver (UEFI: <nvram>), renamed. */
const uefiXml = (name: string) => fx('dumpxml-uefi-test-driver.xml').replaceAll('uefi1', name);
const biosXml = (name: string, disks: string[]) =>
  `<domain type='kvm'>\n  <name>${name}</name>\n  <memory unit='KiB'>4194304</memory>\n  <vcpu placement='static'>2</vcpu>\n  <os>\n    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>\n  </os>\n  <devices>\n${disks
    .map((d, i) => `    <disk type='${d.startsWith('/dev/') ? 'block' : 'file'}' device='${d.endsWith('.iso') ? 'cdrom' : 'disk'}'>\n      <source ${d.startsWith('/dev/') ? 'dev' : 'file'}='${d}'/>\n      <target dev='vd${'abcd'[i]}' bus='virtio'/>\n    </disk>`)
    .join('\n')}\n  </devices>\n</domain>\n`;

describe('vm delete parsers (real output)', () => {
  it('constraints naming a resource: location, colocation, order (attributes) and resource sets', () => {
    const all = parseConstraints(CONSTRAINTS);
    expect(constraintsOf(all, 'vm-web1').map((c) => `${c.tag}:${c.id}`)).toEqual(['rsc_location:loc-web1', 'rsc_location:cli-ban-vm-web1-on-n2', 'rsc_colocation:col-web1-db1', 'rsc_order:ord-db1-web1']);
    expect(constraintsOf(all, 'vm-app1')).toEqual([{ tag: 'rsc_order', id: 'ord-set-app', resources: ['vm-app1', 'vm-db1'], sets: true }]);
    expect(parseConstraints('<constraints/>\n')).toEqual([]);
  });
  it('dominfo Persistent line; dumpxml <nvram>', () => {
    expect(dominfoPersistent(PERSISTENT)).toBe(true);
    expect(dominfoPersistent(TRANSIENT)).toBe(false);
    expect(parseDumpxml(uefiXml('x')).nvram).toBe('/var/lib/libvirt/qemu/nvram/x_VARS.fd');
    expect(parseDumpxml(biosXml('x', [])).nvram).toBeUndefined();
  });
});

interface Reads {
  /** node → [dominfo, dumpxml] of the VM */
  defs?: Record<string, [string, string]>;
  constraints?: string;
  /** node → vm → xml (with --remove-storage) */
  others?: Record<string, Record<string, string>>;
}
function scripted(r: FakeRunner, vm: string, reads: Reads) {
  r.allow(undefined, ['cibadmin', '--query', '--xpath', VM_PRIMITIVES_XPATH], { code: 105, stderr: 'Call failed: No such device or address' });
  r.allow(undefined, ['cibadmin', '--query', '--scope', 'constraints'], { stdout: reads.constraints ?? CONSTRAINTS });
  for (const [n, [info, xml]] of Object.entries(reads.defs ?? {})) {
    r.allow(n, ['virsh', '-c', URI, '-r', 'dominfo', vm], { stdout: info });
    r.allow(n, ['virsh', '-c', URI, '-r', 'dumpxml', vm], { stdout: xml });
  }
  for (const [n, vms] of Object.entries(reads.others ?? {})) for (const [o, xml] of Object.entries(vms)) r.allow(n, ['virsh', '-c', URI, '-r', 'dumpxml', o], { stdout: xml });
  return r;
}
async function prep(target: { vm: string; removeStorage?: boolean }, mutate: (s: VdState) => void = () => undefined, reads: Reads = {}) {
  const s = cluster();
  mutate(s);
  const r = scripted(new FakeRunner(), target.vm, reads);
  const { ctx, store } = testCtx(s, r);
  return { plan: await preparePlan('vm.delete', { removeStorage: false, ...target }, ctx), ctx, r, store };
}
const argv = (p: Plan) => p.steps.map((s) => (s.kind === 'cmd' ? [s.node, ...s.cmd.argv] : ['wait']));
const web1Defs: Reads = { defs: { n1: [TRANSIENT, biosXml('web1', ['/var/lib/libvirt/images/web1.qcow2'])] } };
const app1Defs = (xml = uefiXml('app1')): Reads => ({ defs: { n1: [PERSISTENT, xml] } });

describe('vm delete plan (exact argv)', () => {
  it('managed, running, transient: target-role Stopped, wait, every constraint naming it, the resource, wait; nothing to undefine', async () => {
    const { plan } = await prep({ vm: 'web1' }, undefined, web1Defs);
    expect(plan.findings).toEqual([]);
    expect(plan.destructive).toBe(true);
    expect(plan.confirmWords).toEqual(['web1']);
    expect(argv(plan)).toEqual([
      ['n1', 'crm_resource', '--resource', 'vm-web1', '--set-parameter', 'target-role', '--meta', '--parameter-value', 'Stopped'],
      ['wait'],
      ['n1', 'cibadmin', '--delete', '--scope', 'constraints', '--xml-text', '<rsc_location id="loc-web1"/>'],
      ['n1', 'cibadmin', '--delete', '--scope', 'constraints', '--xml-text', '<rsc_location id="cli-ban-vm-web1-on-n2"/>'],
      ['n1', 'cibadmin', '--delete', '--scope', 'constraints', '--xml-text', '<rsc_colocation id="col-web1-db1"/>'],
      ['n1', 'cibadmin', '--delete', '--scope', 'constraints', '--xml-text', '<rsc_order id="ord-db1-web1"/>'],
      ['n1', 'crm_resource', '--delete', '--resource', 'vm-web1', '--resource-type', 'primitive'],
      ['wait'],
    ]);
    expect(plan.summary.join('\n')).toMatch(/disks are kept/);
  });
  it('managed and persistent on two nodes: undefined on both, --nvram where the XML has one', async () => {
    const { plan } = await prep(
      { vm: 'web1' },
      (s) => s.nodes['n2']!.vms!.push({ name: 'web1', node: 'n2', state: 'shut off' }),
      { defs: { n1: [PERSISTENT, uefiXml('web1')], n2: [PERSISTENT, biosXml('web1', [])] }, constraints: '<constraints/>' },
    );
    expect(argv(plan).slice(2)).toEqual([
      ['n1', 'crm_resource', '--delete', '--resource', 'vm-web1', '--resource-type', 'primitive'],
      ['wait'],
      ['n1', 'virsh', '-c', URI, 'undefine', 'web1', '--nvram'],
      ['n2', 'virsh', '-c', URI, 'undefine', 'web1'],
    ]);
  });
  it('unmanaged, running: virsh shutdown, wait, undefine; --remove-storage deletes its own file volume only, listing what it keeps', async () => {
    const xml = biosXml('app1', ['/var/lib/libvirt/images/app1.qcow2', '/var/lib/libvirt/images/shared.qcow2', '/dev/mapper/mpathb', '/srv/iso/install.iso']);
    const { plan } = await prep({ vm: 'app1', removeStorage: true }, undefined, {
      ...app1Defs(xml),
      others: { n1: { web1: biosXml('web1', ['/var/lib/libvirt/images/shared.qcow2']) }, n2: { db1: biosXml('db1', []) } },
    });
    expect(plan.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:disk-shared']);
    expect(argv(plan)).toEqual([
      ['n1', 'virsh', '-c', URI, 'shutdown', 'app1'],
      ['wait'],
      ['n1', 'virsh', '-c', URI, 'undefine', 'app1'],
      ['n1', 'virsh', '-c', URI, 'vol-delete', '/var/lib/libvirt/images/app1.qcow2'],
    ]);
    expect(plan.summary).toEqual(
      expect.arrayContaining([
        '  /var/lib/libvirt/images/app1.qcow2',
        '  kept: /var/lib/libvirt/images/shared.qcow2 (also used by web1)',
        '  kept: /dev/mapper/mpathb (a block device (LUN or LV): remove it on the storage side)',
        '  kept: /srv/iso/install.iso (a cdrom, not the VM\'s own volume)',
      ]),
    );
  });
  it('unmanaged, shut off: only the undefine; executes and verifies', async () => {
    const s = cluster();
    s.nodes['n1']!.vms!.find((v) => v.name === 'app1')!.state = 'shut off';
    const r = scripted(new FakeRunner(), 'app1', app1Defs(biosXml('app1', [])));
    r.expect('n1', ['virsh', '-c', URI, 'undefine', 'app1']);
    const { ctx } = testCtx(s, r, { onRefresh: (round, set) => round >= 2 && set((x) => (x.nodes['n1']!.vms = x.nodes['n1']!.vms!.filter((v) => v.name !== 'app1'))) });
    const plan = await preparePlan('vm.delete', { vm: 'app1', removeStorage: false }, ctx);
    expect(argv(plan)).toEqual([['n1', 'virsh', '-c', URI, 'undefine', 'app1']]);
    expect(await executePlan(plan, ctx)).toMatchObject({ ok: true, message: 'app1 is deleted' });
    r.assertAllCalled();
  });
  it('CLI grammar: --remove-storage is the explicit second choice', () => {
    expect(deleteAction.parseTarget(['web1'])).toEqual({ vm: 'web1', removeStorage: false });
    expect(deleteAction.parseTarget(['web1', '--remove-storage'])).toEqual({ vm: 'web1', removeStorage: true });
  });
});

describe('vm delete: each guard refuses the action (nothing runs)', () => {
  const down = (n: string, fenced: boolean) => (s: VdState) => {
    s.nodes[n]!.conn.status = 'down';
    const i = s.nodeOrder.indexOf(n);
    s.cluster.crm!.nodes[i]!.online = false;
    if (fenced) s.cluster.crm!.fenceHistory.push({ target: n, action: 'reboot', status: 'success' });
  };
  const cases: { name: string; target: { vm: string; removeStorage?: boolean }; mutate?: (s: VdState) => void; reads?: Reads; codes: string[] }[] = [
    { name: 'a VM defined nowhere', target: { vm: 'ghost' }, codes: ['vm-not-defined'] },
    { name: 'a managed VM while a node (which may have it defined) is unreachable and not fenced', target: { vm: 'web1' }, mutate: down('n3', false), reads: web1Defs, codes: ['node-unreachable-unfenced'] },
    {
      name: 'an unmanaged VM while the node that lists it is unreachable and not fenced',
      target: { vm: 'app1' },
      mutate: (s) => (down('n3', false)(s), s.nodes['n3']!.vms!.push({ name: 'app1', node: 'n3', state: 'shut off' })),
      reads: app1Defs(),
      codes: ['node-unreachable-unfenced'],
    },
    { name: "stale libvirt data of a node", target: { vm: 'app1' }, mutate: (s) => (s.nodes['n1']!.fresh.vms!.lastOk = 0), reads: app1Defs(), codes: ['stale-data'] },
    { name: 'a definition that cannot be read', target: { vm: 'app1' }, reads: { defs: { n1: [PERSISTENT, ''] } }, codes: ['domain-unread'] },
    { name: 'managed without quorum', target: { vm: 'web1' }, mutate: (s) => (s.cluster.crm!.summary.withQuorum = false), reads: web1Defs, codes: ['no-quorum'] },
    { name: 'a resource inside a group', target: { vm: 'web1' }, mutate: (s) => (s.cluster.crm!.resources[0]!.parent = 'grp-web'), reads: web1Defs, codes: ['resource-in-group'] },
    { name: 'an unmanaged resource', target: { vm: 'web1' }, mutate: (s) => (s.cluster.crm!.resources[0]!.managed = false), reads: web1Defs, codes: ['resource-unmanaged'] },
    { name: 'constraints that cannot be read', target: { vm: 'web1' }, reads: { ...web1Defs, constraints: 'not xml <' }, codes: ['constraints-unread'] },
    {
      name: 'a resource-set constraint shared with other resources',
      target: { vm: 'web1' },
      reads: { ...web1Defs, constraints: CONSTRAINTS.replace('<resource_ref id="vm-app1"/>', '<resource_ref id="vm-web1"/>') },
      codes: ['constraint-shared'],
    },
    {
      name: 'an ambiguous VM ↔ resource match',
      target: { vm: 'web1' },
      mutate: (s) => s.cluster.crm!.resources.push({ ...s.cluster.crm!.resources[0]!, id: 'web1' }),
      reads: web1Defs,
      codes: ['vm-resource-ambiguous'],
    },
    { name: '--remove-storage when no definition was read', target: { vm: 'app1', removeStorage: true }, reads: { defs: { n1: ['', ''] } }, codes: ['domain-unread', 'storage-unread'] },
    { name: 'read-only mode', target: { vm: 'app1' }, mutate: (s) => (s.readonly = true), reads: app1Defs(), codes: ['read-only'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { plan, ctx, r } = await prep(c.target, c.mutate, c.reads);
      await expectRefused(plan, ctx, r, c.codes);
    });
  }
  it('a fenced node that had it defined: a warning to acknowledge (it stays defined there)', async () => {
    const { plan, ctx, r } = await prep({ vm: 'app1' }, (s) => (down('n3', true)(s), s.nodes['n3']!.vms!.push({ name: 'app1', node: 'n3', state: 'shut off' })), app1Defs());
    expect(plan.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:defined-on-fenced-node']);
    expect(await executePlan(plan, ctx)).toMatchObject({ status: 'refused', message: 'warnings not acknowledged' });
    expect(r.mutations()).toEqual([]);
  });
});
