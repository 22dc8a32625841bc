import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runActionCommand, isActionCommand } from './cli.js';
import { testCtx } from '../../test/support/actions/ctx.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { cluster, vm } from '../../test/support/actions/state.js';
import type { VdState } from '../store/types.js';

const fx = (n: string) => readFileSync(new URL(`./fixtures/${n}`, import.meta.url), 'utf8');
const URI = 'qemu:///system';
const DOM = "<domain><name>web1</name><memory unit='KiB'>4194304</memory><vcpu>2</vcpu><devices><interface type='bridge'><source bridge='br0'/></interface></devices></domain>";

function setup(mutate: (s: VdState) => void = () => undefined) {
  const s = cluster();
  mutate(s);
  const r = new FakeRunner({ ordered: true })
    .allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'web1'], { stdout: DOM })
    .allow('n1', ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { stdout: '/tmp/virtdeck-cib.q\n' })
    .allow('n1', ['sh', '-c', 'cibadmin --query > "$1"', 'sh', '/tmp/virtdeck-cib.q'])
    .allow('n1', ['crm_simulate', '-S', '-x', '/tmp/virtdeck-cib.q'], { stdout: fx('crm_simulate-move.txt') })
    .allow('n1', ['rm', '-f', '/tmp/virtdeck-cib.q']);
  const { ctx } = testCtx(s, r);
  const out: string[] = [];
  const err: string[] = [];
  return { r, ctx: { ...ctx, out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}
const MOVE = ['crm_resource', '--move', '--resource', 'vm-web1', '--node', 'n2'];

describe('runActionCommand', () => {
  it('without --yes prints the plan and exits 0, nothing mutates', async () => {
    const { r, ctx, out } = setup();
    r.allow('n1', MOVE, async (c) => {
      if (!c.env?.['CIB_file']) throw new Error('real move without --yes');
      return {};
    });
    expect(await runActionCommand(['vm', 'migrate', 'web1', 'n2'], ctx)).toBe(0);
    expect(out).toContain('  1. n1: sudo crm_resource --move --resource vm-web1 --node n2');
    expect(out).toContain('  Migrate vm-web1 (node1 → node2)');
    expect(out.at(-1)).toMatch(/^Dry run: nothing changed/);
    expect(r.mutations()).toEqual([]);
  });
  it('exits 1 with the findings when a guard blocks', async () => {
    const { ctx, out, err } = setup((s) => (s.cluster.crm!.nodes[1]!.standby = true));
    expect(await runActionCommand(['vm', 'migrate', 'web1', 'n2', '--yes'], ctx)).toBe(1);
    expect(out).toContain('  ERROR [target-standby] n2 is in standby');
    expect(err).toEqual(['refused: 1 guard error(s)']);
  });
  it('--yes executes; warnings need --ack-warnings', async () => {
    const { r, ctx, err } = setup((s) => delete s.nodes['n2']!.capabilities);
    r.allow('n1', MOVE, async (c) => {
      if (!c.env?.['CIB_file']) throw new Error('real move before ack');
      return {};
    });
    expect(await runActionCommand(['vm', 'migrate', 'web1', 'n2', '--yes'], ctx)).toBe(1);
    expect(err).toEqual(['refused: 1 warning(s) need --ack-warnings']);
    expect(r.mutations()).toEqual([]);
  });
  it('usage errors exit 2 and name the problem', async () => {
    const { ctx, err } = setup();
    expect(await runActionCommand(['vm', 'migrate', 'web1'], ctx)).toBe(2);
    expect(err).toEqual(['usage: vm migrate VM NODE']);
    expect(await runActionCommand(['vm', 'migrate', 'web;1', 'n2'], ctx)).toBe(2);
    expect(err.at(-1)).toMatch(/invalid VM name "web;1"/);
    expect(await runActionCommand(['node', 'reboot', 'n1'], ctx)).toBe(2);
  });
  it('read-only mode refuses', async () => {
    const { ctx, out } = setup((s) => (s.readonly = true));
    expect(await runActionCommand(['node', 'online', 'n1', '--yes'], ctx)).toBe(1);
    expect(out).toContain('  ERROR [read-only] virtdeck runs read-only: actions that change the cluster are disabled');
  });
  it('sudoers prints a file; recognises its commands', async () => {
    const { ctx, out } = setup();
    expect(await runActionCommand(['sudoers', '--role', 'readonly', '--user', 'mon'], ctx)).toBe(0);
    expect(out.join('\n')).toContain('mon ALL=(root) NOPASSWD: VIRTDECK_READ');
    expect(isActionCommand(['vm', 'create'])).toBe(true);
    expect(isActionCommand(['snapshot'])).toBe(false);
  });
});

describe('runActionCommand papercuts', () => {
  it('node online --yes says "done:" once', async () => {
    const s = cluster();
    s.cluster.crm!.nodes[0]!.standby = true;
    const ONLINE = ['crm_attribute', '--node', 'n1', '--name', 'standby', '--update', 'off'];
    const r = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 }).allow('n1', ONLINE);
    const { ctx } = testCtx(s, r, { onRefresh: (round, set) => round >= 2 && set((x) => (x.cluster.crm!.nodes[0]!.standby = false)) });
    const out: string[] = [];
    const err: string[] = [];
    expect(await runActionCommand(['node', 'online', 'n1', '--yes'], { ...ctx, out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(0);
    expect(out.filter((l) => l.startsWith('done:'))).toEqual(['done: n1 is online']);
    expect(err).toEqual([]);
  });
  it('a failed run says its result once, on stderr', async () => {
    const s = cluster();
    s.cluster.crm!.nodes[0]!.standby = true;
    const ONLINE = ['crm_attribute', '--node', 'n1', '--name', 'standby', '--update', 'off'];
    const r = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 }).allow('n1', ONLINE, { code: 1, stderr: 'boom' });
    const { ctx } = testCtx(s, r);
    const out: string[] = [];
    const err: string[] = [];
    expect(await runActionCommand(['node', 'online', 'n1', '--yes'], { ...ctx, out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(1);
    expect(out.filter((l) => l.startsWith('failed:'))).toEqual([]);
    expect(err.filter((l) => l.startsWith('failed:'))).toHaveLength(1);
  });
  it('`vm` alone lists the vm actions (and only them), exit 2', async () => {
    const { ctx, err } = setup();
    expect(await runActionCommand(['vm'], ctx)).toBe(2);
    const text = err.join('\n');
    expect(text).toMatch(/^vm: which action\? one of migrate, start, stop, create, snapshot, delete, utilization\nusage:\n {2}virtdeck vm migrate VM NODE/);
    expect(text).not.toMatch(/unknown action command|virtdeck node|virtdeck fence/);
    expect(await runActionCommand(['vm', 'reboot', 'web1'], ctx)).toBe(2);
    expect(err.at(-1)).toMatch(/^unknown action command: vm reboot \(vm actions: migrate, start, stop, create, snapshot, delete, utilization\)\nusage:\n {2}virtdeck vm /);
  });
  it('cluster balance --yes: a failed migration says its result once, on stderr', async () => {
    const s = cluster();
    s.nodes['n1']!.vms = [vm('a1', 'n1', 'running', 40), vm('a2', 'n1', 'running', 30), vm('a3', 'n1', 'running', 20)];
    s.nodes['n2']!.vms = [vm('b1', 'n2', 'running', 40)];
    s.nodes['n3']!.vms = [];
    s.cluster.crm!.resources = s.cluster.crm!.resources.filter((r) => r.agent?.startsWith('stonith'));
    const URI = 'qemu:///system';
    const xml = "<domain><name>a1</name><memory unit='GiB'>40</memory><vcpu>2</vcpu></domain>";
    const r = new FakeRunner({ ordered: true })
      .allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'a1'], { stdout: xml })
      .allow('n1', ['virsh', '-c', URI, 'migrate', '--live', '--persistent', '--undefinesource', '--verbose', 'a1', 'qemu+ssh://n3/system'], { code: 1, stderr: 'error: unable to connect' });
    const { ctx } = testCtx(s, r);
    const out: string[] = [];
    const err: string[] = [];
    expect(await runActionCommand(['cluster', 'balance', '--yes', '--ack-warnings'], { ...ctx, out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(1);
    expect(out.filter((l) => l.startsWith('failed:'))).toEqual([]);
    expect(err.filter((l) => l.startsWith('failed:'))).toHaveLength(1);
  });
});
