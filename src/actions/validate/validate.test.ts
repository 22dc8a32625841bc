import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VdState } from '../../store/types.js';
import { preparePlan } from '../index.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { cluster } from '../../../test/support/actions/state.js';
import { parseCliConstraints } from './guards.js';

const LEFTOVER = readFileSync(new URL('../fixtures/cibadmin-constraints-leftover.xml', import.meta.url), 'utf8');
const CLEAN = '<constraints>\n  <rsc_location id="loc-web1" rsc="vm-web1" node="node1" score="100"/>\n</constraints>\n';
const URI = 'qemu:///system';
const dom = (name: string, extra = '') => `<domain type='kvm'>\n  <name>${name}</name>\n  <memory unit='KiB'>4194304</memory>${extra}\n</domain>\n`;

function runner(s: VdState, xmlFor: (node: string, vm: string) => string, guests: Record<string, string> = {}, constraints = CLEAN) {
  const r = new FakeRunner({ ordered: true });
  for (const n of s.nodeOrder) {
    r.expect(n, ['systemctl', 'is-enabled', 'libvirt-guests'], { stdout: `${guests[n] ?? 'disabled'}\n`, code: guests[n] === 'enabled' ? 0 : 1 });
    for (const v of s.nodes[n]!.vms!) r.expect(n, ['virsh', '-c', URI, '-r', 'dumpxml', '--inactive', v.name], { stdout: xmlFor(n, v.name) });
  }
  r.expect('n1', ['cibadmin', '--query', '--scope', 'constraints'], { stdout: constraints });
  return r;
}
async function validate(mutate: (s: VdState) => void = () => undefined, xmlFor = (_n: string, vm: string) => dom(vm), guests: Record<string, string> = {}, constraints = CLEAN) {
  const s = cluster();
  mutate(s);
  const r = runner(s, xmlFor, guests, constraints);
  const { ctx } = testCtx(s, r);
  const p = await preparePlan('cluster.validate', {}, ctx);
  r.assertAllCalled();
  expect(r.mutations()).toEqual([]);
  return p.report!.filter((l) => l.level !== 'ok').map((l) => `${l.level} ${l.subject}: ${l.message}`);
}

// The fixture's app1 runs on n1 outside Pacemaker: said in every report of that cluster.
const APP1 = 'warning app1: unmanaged VM running on n1, outside Pacemaker: not restarted elsewhere if n1 fails';

describe('cluster validate', () => {
  it('clean cluster: "no drift" only when nothing runs outside Pacemaker', async () => {
    expect(await validate((s) => (s.nodes['n1']!.vms = s.nodes['n1']!.vms!.filter((v) => v.name !== 'app1')))).toEqual([]);
  });
  it('an unmanaged VM running is said, not "no drift"', async () => {
    expect(await validate()).toEqual([APP1]);
  });
  it('leftover move constraint (real crm_resource --move/--ban output)', async () => {
    expect(parseCliConstraints(LEFTOVER)).toEqual([
      { id: 'cli-prefer-vm-web1', rsc: 'vm-web1', node: 'node2' },
      { id: 'cli-ban-vm-db1-on-node3', rsc: 'vm-db1', node: 'node3' },
    ]);
    expect(await validate(undefined, undefined, undefined, LEFTOVER)).toEqual([
      APP1,
      'error vm-web1: leftover constraint cli-prefer-vm-web1 (node2) from crm_resource --move/--ban; remove with crm_resource --clear --resource vm-web1',
      'error vm-db1: leftover constraint cli-ban-vm-db1-on-node3 (node3) from crm_resource --move/--ban; remove with crm_resource --clear --resource vm-db1',
    ]);
  });
  it('XML drift between nodes', async () => {
    const out = await validate((s) => s.nodes['n2']!.vms!.push({ name: 'web1', node: 'n2', state: 'shut off' }), (n, vm) => (n === 'n2' ? dom(vm, "\n  <vcpu>4</vcpu>") : dom(vm)));
    expect(out).toEqual([APP1, 'error web1: domain XML differs between n1, n2 (dumpxml --inactive digests)']);
  });
  it('identical XML modulo indentation is not drift', async () => {
    const out = await validate((s) => s.nodes['n2']!.vms!.push({ name: 'web1', node: 'n2', state: 'shut off' }), (n, vm) => (n === 'n2' ? dom(vm).replace(/\n  /g, '\n    ') : dom(vm)));
    expect(out).toEqual([APP1]);
  });
  it('VM running on two nodes', async () => {
    expect(await validate((s) => s.nodes['n3']!.vms!.push({ name: 'app1', node: 'n3', state: 'running' }))).toEqual([
      'error app1: running on n1 and n3 at the same time',
      'warning app1: not managed by Pacemaker but defined on n1, n3: it could be started twice',
    ]);
  });
  it('autostart on a cluster-managed VM, libvirt-guests enabled', async () => {
    const out = await validate((s) => (s.nodes['n1']!.vms![0]!.autostart = true), undefined, { n2: 'enabled' });
    expect(out).toEqual([
      APP1,
      'error web1: libvirt autostart is on (n1) but Pacemaker resource vm-web1 starts it: it can start twice after a reboot',
      'warning n2: libvirt-guests is enabled on a node running Pacemaker-managed VMs: it suspends/starts them behind the cluster',
    ]);
  });
  it('fail counts, bridge and multipath differences', async () => {
    const out = await validate((s) => {
      s.cluster.crm!.history.push({ node: 'n2', resource: 'vm-db1', failCount: 2 });
      s.nodes['n3']!.nics = s.nodes['n3']!.nics!.filter((n) => n.iface !== 'br1');
      s.nodes['n3']!.multipath = s.nodes['n3']!.multipath!.slice(0, 1);
    });
    expect(out).toEqual([APP1, 'warning vm-db1: fail count 2 on n2', 'warning n3: missing network interfaces/bridges present elsewhere: br1', 'warning n3: missing multipath maps present elsewhere: mpathb']);
  });
});

describe('cluster validate without Pacemaker data', () => {
  it('is blocked (no-pacemaker-status) and sends nothing that changes state', async () => {
    const s = cluster();
    delete s.cluster.crm;
    const r = runner(s, (_n, vm) => dom(vm));
    const { ctx } = testCtx(s, r);
    const p = await preparePlan('cluster.validate', {}, ctx);
    expect(p.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['error:no-pacemaker-status']);
    expect(p.blocked).toBe(true);
    expect(r.mutations()).toEqual([]);
  });
});
