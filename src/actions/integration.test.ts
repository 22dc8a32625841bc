// The engine against the real store (createVdStore via the store's fixture factory) and the
// shared FakeRunner: expected commands in order, assertAllCalled, progress in store.actions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { fixtureStore } from '../../test/support/store/test-fixtures.js';
import { MemoryAuditLog, executePlan, preparePlan } from './index.js';
import type { ActionCtx } from './types.js';

const sim = readFileSync(new URL('./fixtures/crm_simulate-standby.txt', import.meta.url), 'utf8');
const vmPrimitives = readFileSync(new URL('./fixtures/cibadmin-vm-primitives.xml', import.meta.url), 'utf8');
const VM_PRIMITIVES = ['cibadmin', '--query', '--xpath', "//primitive[@class='ocf'][@type='VirtualDomain']"];
const configName = (vm: string) => ['grep', '-E', '[[:space:]]*<name>.*</name>[[:space:]]*$', `/etc/libvirt/qemu/${vm}.xml`];
const URI = 'qemu:///system';
const dom = (n: string) => `<domain><name>${n}</name><memory unit='GiB'>4</memory><vcpu>2</vcpu></domain>`;

describe('node standby with the real store and FakeRunner', () => {
  it('what-if, execution, drain progress in store.actions, verify', async () => {
    const { store, clock } = fixtureStore();
    const n1 = store.getState().nodes['kvm-n1']!.vms!.filter((v) => v.state === 'running').map((v) => v.name);
    const STANDBY = ['crm_attribute', '--node', 'kvm-n1', '--name', 'standby', '--update', 'on'];
    const runner = new FakeRunner({ nodes: ['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4'] });
    for (const v of n1) runner.expect('kvm-n1', ['virsh', '-c', URI, '-r', 'dumpxml', v], { stdout: dom(v) });
    // Each VM's resource by its config file's <name> (the node Pacemaker data came from answers).
    const configReads = () => {
      runner.expect(undefined, VM_PRIMITIVES, { stdout: vmPrimitives });
      for (const v of n1) runner.expect(undefined, configName(v), { stdout: `  <name>${v}</name>\n` });
    };
    configReads();
    const via = store.getState().cluster.fresh.pacemaker?.via ?? 'kvm-n1';
    runner
      .expect(via, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { stdout: '/tmp/virtdeck-cib.F\n' })
      .expect(via, ['sh', '-c', 'cibadmin --query > "$1"', 'sh', '/tmp/virtdeck-cib.F'], { stdout: '' })
      .expect(via, STANDBY, { stdout: '' })
      .expect(via, ['crm_simulate', '-S', '-x', '/tmp/virtdeck-cib.F'], { stdout: sim })
      .expect(via, ['rm', '-f', '/tmp/virtdeck-cib.F'], { stdout: '' });
    // gather runs again for the re-check before step 1
    for (const v of n1) runner.expect('kvm-n1', ['virsh', '-c', URI, '-r', 'dumpxml', v], { stdout: dom(v) });
    configReads();
    runner.expect('kvm-n1', STANDBY, { stdout: '' });

    let round = 0;
    const refresh = async () => {
      round++;
      clock.now += 1_000;
      const s = store.getState();
      const crm = structuredClone(s.cluster.crm!);
      if (round >= 2) crm.nodes.find((n) => n.name === 'kvm-n1')!.standby = true;
      const walk = (rs: typeof crm.resources): void =>
        rs.forEach((r) => {
          if (r.nodes.includes('kvm-n1')) r.nodes = r.kind === 'primitive' && !r.parent ? ['kvm-n2'] : r.nodes.filter((n) => n !== 'kvm-n1');
          if (r.kind === 'primitive' && r.nodes.length === 0) r.active = false;
          walk(r.children);
        });
      if (round >= 3) walk(crm.resources);
      s.setClusterData('pacemaker', 'kvm-n2', { crm });
      for (const n of s.nodeOrder) for (const src of ['host', 'vms', 'multipath', 'network'] as const) s.setNodeData(n, src, {});
    };
    const audit = new MemoryAuditLog();
    const ctx: ActionCtx = { store, runner, refresh, audit, now: () => clock.now, sleep: async (ms) => void (clock.now += ms), options: { pollMs: 1_000 } };
    const plan = await preparePlan('node.standby', { node: 'kvm-n1' }, ctx);
    expect(plan.findings.filter((f) => f.level === 'error')).toEqual([]);
    expect(plan.whatIf?.changes.length).toBe(2);
    const seen: string[][] = [];
    const unsub = store.subscribe((st) => void seen.push(st.actions.find((a) => a.id === plan.id)?.lines ?? []));
    const res = await executePlan(plan, ctx, { ackWarnings: true });
    unsub();
    expect(res.message).toBe('kvm-n1 is in standby and has no resources left');
    expect(res).toMatchObject({ ok: true, status: 'done' });
    runner.assertAllCalled();
    const progress = store.getState().actions.find((a) => a.id === plan.id)!;
    expect(progress.status).toBe('done');
    // The drain was shown while it ran; once nothing is left to drain its lines are gone.
    expect(seen.some((ls) => ls.some((l) => l.includes('draining vm-web1')))).toBe(true);
    expect(progress.lines.some((l) => l.includes('draining'))).toBe(false);
    expect(audit.records.map((r) => r.type)).toEqual(['intent', 'step', 'step', 'result']);
  });

  it('a read-only store refuses, and the FakeRunner would refuse the mutating command anyway', async () => {
    const { store, clock } = fixtureStore({ readonly: true });
    const runner = new FakeRunner({ readonly: true });
    const ctx: ActionCtx = { store, runner, refresh: async () => undefined, audit: new MemoryAuditLog(), now: () => clock.now };
    const plan = await preparePlan('node.online', { node: 'kvm-n1' }, ctx);
    expect(plan.blocked).toBe(true);
    expect(plan.findings.map((f) => f.code)).toContain('read-only');
    expect((await executePlan(plan, ctx)).status).toBe('refused');
    expect(runner.calls).toEqual([]);
  });
});
