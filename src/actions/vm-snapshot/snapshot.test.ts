// vm snapshot create / revert / delete: one case per guard refusal, exact-argv plans, the
// grammar's refusals, the list read, the sudoers rule. virsh answers are the real captures
// (src/collectors/virsh/fixtures/snapshot-*.txt, test driver).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { VdState } from '../../store/types.js';
import { runActionCommand } from '../cli.js';
import { executePlan, findAction, preparePlan } from '../index.js';
import { operatorCommands } from '../sudoers.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { errorCodes, expectRefused } from '../../../test/support/actions/refused.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { cluster } from '../../../test/support/actions/state.js';
import { validateConfig } from '../../config/schema.js';
import { UsageError } from '../types.js';
import type { SnapshotTarget } from './snapshot.js';

const FIX = join(__dirname, '../../collectors/virsh/fixtures');
const fixture = (f: string) => readFileSync(join(FIX, f), 'utf8');
/** The real 4-level tree (current: "--current", 2 deep) and the real empty list. */
const TREE = fixture('snapshot-list-parent.txt');
const EMPTY = fixture('snapshot-list-parent-empty.txt');
const NO_CURRENT = { code: 1, stderr: fixture('snapshot-current-none.stderr.txt') };

const V = ['virsh', '-c', 'qemu:///system'];
const disk = (dev: string, type: string, extra = '') => `<disk type='file' device='disk'><driver name='qemu' type='${type}'/><source file='/var/lib/libvirt/images/${dev}.img'/><target dev='${dev}' bus='virtio'/>${extra}</disk>`;
const xml = (...disks: string[]) => `<domain type='kvm'><name>web1</name><devices>${disks.join('')}<disk type='file' device='cdrom'><target dev='sda'/><readonly/></disk></devices></domain>`;
const QCOW = xml(disk('vda', 'qcow2'));

interface Reads {
  vm?: string;
  node?: string;
  xml?: string;
  list?: string;
  current?: { stdout?: string; code?: number; stderr?: string };
  ping?: { stdout?: string; code?: number; stderr?: string };
}

/** The gather's reads on the VM's node, answered. */
function runner({ vm = 'web1', node = 'n1', xml: x = QCOW, list = EMPTY, current = NO_CURRENT, ping }: Reads = {}): FakeRunner {
  const r = new FakeRunner({ nodes: ['n1', 'n2', 'n3'] })
    .allow(node, [...V, '-r', 'dumpxml', vm], { stdout: x })
    .allow(node, [...V, '-r', 'snapshot-list', '--domain', vm, '--parent'], { stdout: list })
    .allow(node, [...V, '-r', 'snapshot-current', '--domain', vm, '--name'], current);
  if (ping) r.allow(node, [...V, 'qemu-agent-command', '--domain', vm, '{"execute":"guest-ping"}'], ping);
  return r;
}

const create = (over: Partial<SnapshotTarget> = {}): SnapshotTarget => ({ op: 'create', vm: 'web1', snapshot: 'before-upgrade', diskOnly: false, quiesce: false, ...over });
const argvOf = (p: { steps: { kind: string; node: string; cmd?: { argv: readonly string[] } }[] }) => p.steps.map((s) => [s.node, ...(s.cmd?.argv ?? [])]);

async function plan(t: SnapshotTarget, r: FakeRunner, state: VdState = cluster()) {
  const { ctx } = testCtx(state, r);
  return { plan: await preparePlan('vm.snapshot', t, ctx), ctx };
}

describe('vm snapshot: plans (exact argv, on the node where the VM runs)', () => {
  it('create: internal snapshot with --atomic, in C.UTF-8, no sudo, no typed confirmation', async () => {
    const { plan: p } = await plan(create(), runner());
    expect(p.findings).toEqual([]);
    expect(argvOf(p)).toEqual([['n1', ...V, 'snapshot-create-as', '--domain', 'web1', '--name', 'before-upgrade', '--atomic']]);
    const step = p.steps[0]!;
    expect(step.kind === 'cmd' && { sudo: step.cmd.sudo, mutates: step.cmd.mutates, env: step.cmd.env }).toEqual({ sudo: undefined, mutates: true, env: { LC_ALL: 'C.UTF-8' } });
    expect(p.destructive).toBe(false);
    expect(p.confirmWords).toEqual([]);
    expect(p.summary.join('\n')).toMatch(/Internal snapshot inside the qcow2 images, with the memory state/);
    expect(p.summary.join('\n')).toMatch(/Parent: none \(a new root\); depth 1/);
  });

  it('create without --name: named from the plan time', async () => {
    const { plan: p } = await plan(create({ snapshot: undefined }), runner());
    expect(argvOf(p)[0]).toContain('snap-20270115-080000');
  });

  it('create --disk-only --quiesce with the guest agent answering: external, raw disks allowed', async () => {
    const { plan: p } = await plan(create({ diskOnly: true, quiesce: true }), runner({ xml: xml(disk('vda', 'raw')), ping: { stdout: '{"return":{}}\n' } }));
    expect(p.findings).toEqual([]);
    expect(argvOf(p)).toEqual([['n1', ...V, 'snapshot-create-as', '--domain', 'web1', '--name', 'before-upgrade', '--atomic', '--disk-only', '--quiesce']]);
    expect(p.summary.join('\n')).toMatch(/External disk-only snapshot: .*\(vda\)/);
  });

  it('odd snapshot names are one argv word each (quoting only in src/ssh)', async () => {
    const { plan: p } = await plan(create({ snapshot: "meta;&|$x 'q'" }), runner());
    expect(argvOf(p)[0]).toEqual(['n1', ...V, 'snapshot-create-as', '--domain', 'web1', '--name', "meta;&|$x 'q'", '--atomic']);
  });

  it('revert of a managed VM whose resource is target-role Stopped: revert, then re-probe the resource', async () => {
    const s = cluster();
    s.cluster.crm!.resources[0]!.targetRole = 'Stopped';
    const { plan: p } = await plan({ op: 'revert', vm: 'web1', snapshot: 'base', diskOnly: false, quiesce: false }, runner({ list: TREE, current: { stdout: '--current\n' } }), s);
    expect(errorCodes(p)).toEqual([]);
    expect(argvOf(p)).toEqual([
      ['n1', ...V, 'snapshot-revert', '--domain', 'web1', '--snapshotname', 'base'],
      ['n1', 'crm_resource', '--refresh', '--resource', 'vm-web1', '--node', 'n1'],
    ]);
    // base was taken running: the revert starts web1, which Pacemaker then stops
    expect(p.findings.map((f) => f.code)).toEqual(['revert-starts-stopped']);
  });

  it('revert of an unmanaged VM: only the revert', async () => {
    const { plan: p } = await plan({ op: 'revert', vm: 'app1', snapshot: 'ünï €', diskOnly: false, quiesce: false }, runner({ vm: 'app1', list: TREE, current: { stdout: '--current\n' } }));
    expect(p.findings).toEqual([]);
    expect(argvOf(p)).toEqual([['n1', ...V, 'snapshot-revert', '--domain', 'app1', '--snapshotname', 'ünï €']]);
    // destructive per op (EngineDef.destructiveFor): the VM's name is typed to confirm
    expect([p.destructive, p.confirmWords]).toEqual([true, ['app1']]);
  });

  it('delete: the children it re-parents and the current it hands on are said', async () => {
    const { plan: p } = await plan({ op: 'delete', vm: 'app1', snapshot: "meta;&|$x 'q'", diskOnly: false, quiesce: false }, runner({ vm: 'app1', list: TREE, current: { stdout: '--current\n' } }));
    expect(p.findings).toEqual([]);
    expect(argvOf(p)).toEqual([['n1', ...V, 'snapshot-delete', '--domain', 'app1', '--snapshotname', "meta;&|$x 'q'"]]);
    expect(p.summary[0]).toBe('Its 1 child snapshot(s) move under "base".');
    expect([p.destructive, p.confirmWords]).toEqual([true, ['app1']]);
  });

  it('a chain deeper than snapshotDepthWarn is a warning, not a refusal; the limit is configurable', async () => {
    const { plan: p } = await plan(create(), runner({ list: TREE, current: { stdout: '--current\n' } }));
    expect(p.blocked).toBe(false);
    expect(p.findings.map((f) => [f.level, f.code])).toEqual([['warning', 'snapshot-chain-deep']]);
    expect(p.findings[0]?.message).toMatch(/4 deep .*snapshotDepthWarn = 3/);
    const { ctx } = testCtx(cluster(), runner({ list: TREE, current: { stdout: '--current\n' } }));
    ctx.options = { ...ctx.options, snapshotDepthWarn: 4 };
    expect((await preparePlan('vm.snapshot', create(), ctx)).findings).toEqual([]);
  });

  it('executes: one virsh command, audited', async () => {
    const r = runner().expect('n1', [...V, 'snapshot-create-as', '--domain', 'web1', '--name', 'before-upgrade', '--atomic'], { stdout: 'Domain snapshot before-upgrade created\n' });
    const { plan: p, ctx } = await plan(create(), r);
    const res = await executePlan(p, ctx, {});
    expect(res.ok).toBe(true);
    expect(r.mutations()).toEqual([['n1', ...V, 'snapshot-create-as', '--domain', 'web1', '--name', 'before-upgrade', '--atomic']]);
  });
});

describe('vm snapshot: one refusal per guard', () => {
  it('disk-raw: an internal snapshot of a raw disk', async () => {
    const r = runner({ xml: xml(disk('vda', 'qcow2'), disk('vdb', 'raw')) });
    const { plan: p, ctx } = await plan(create(), r);
    await expectRefused(p, ctx, r, ['disk-raw']);
    expect(p.findings[0]?.message).toMatch(/vdb .*raw: internal snapshots need qcow2/);
  });

  it('disk-shared: a shareable disk, internal or external', async () => {
    const r = runner({ xml: xml(disk('vda', 'qcow2'), disk('vdb', 'raw', '<shareable/>')) });
    const { plan: p, ctx } = await plan(create({ diskOnly: true }), r);
    await expectRefused(p, ctx, r, ['disk-shared']);
  });

  it('disk-shared: a disk another running VM has open (domstats block paths), without <shareable/>', async () => {
    const s = cluster();
    s.nodes['n2']!.vms!.find((v) => v.name === 'db1')!.disks = ['/var/lib/libvirt/images/vda.img'];
    const r = runner();
    const { plan: p, ctx } = await plan(create(), r, s);
    await expectRefused(p, ctx, r, ['disk-shared']);
    expect(p.findings[0]?.message).toMatch(/vda .* is also a disk of db1/);
  });

  it('quiesce-no-agent: the guest agent does not answer, with virsh\'s reason', async () => {
    const r = runner({ ping: { code: 1, stderr: 'error: Guest agent is not responding: QEMU guest agent is not connected\n' } });
    const { plan: p, ctx } = await plan(create({ diskOnly: true, quiesce: true }), r);
    await expectRefused(p, ctx, r, ['quiesce-no-agent']);
    expect(p.findings[0]?.message).toMatch(/QEMU guest agent is not connected/);
  });

  it('quiesce-not-running: a shut-off VM has no agent to freeze it', async () => {
    const s = cluster();
    s.nodes['n1']!.vms!.find((v) => v.name === 'app1')!.state = 'shut off';
    const r = runner({ vm: 'app1', ping: { stdout: '' } });
    const { plan: p, ctx } = await plan(create({ vm: 'app1', diskOnly: true, quiesce: true }), r, s);
    await expectRefused(p, ctx, r, ['quiesce-not-running']);
  });

  it('snapshot-exists: create with a name the VM already has', async () => {
    const r = runner({ list: TREE, current: { stdout: '--current\n' } });
    const { plan: p, ctx } = await plan(create({ snapshot: 'with space' }), r);
    await expectRefused(p, ctx, r, ['snapshot-exists']);
  });

  it('snapshot-unknown: revert or delete of a snapshot the VM lacks', async () => {
    for (const op of ['revert', 'delete'] as const) {
      const r = runner({ vm: 'app1' });
      const { plan: p, ctx } = await plan({ op, vm: 'app1', snapshot: 'nope', diskOnly: false, quiesce: false }, r);
      await expectRefused(p, ctx, r, ['snapshot-unknown']);
    }
  });

  it('managed-running: revert of a running cluster VM before Pacemaker is told', async () => {
    const r = runner({ list: TREE, current: { stdout: '--current\n' } });
    const { plan: p, ctx } = await plan({ op: 'revert', vm: 'web1', snapshot: 'base', diskOnly: false, quiesce: false }, r);
    await expectRefused(p, ctx, r, ['managed-running']);
    expect(p.findings[0]?.message).toMatch(/vm stop web1.*resource maintenance on vm-web1/);
  });

  it('Pacemaker told: resource unmanaged (maintenance) or cluster maintenance lets the revert through', async () => {
    for (const tell of [(s: VdState) => (s.cluster.crm!.resources[0]!.managed = false), (s: VdState) => (s.cluster.crm!.summary.maintenanceMode = true)]) {
      const s = cluster();
      tell(s);
      const { plan: p } = await plan({ op: 'revert', vm: 'web1', snapshot: 'base', diskOnly: false, quiesce: false }, runner({ list: TREE, current: { stdout: '--current\n' } }), s);
      expect(errorCodes(p)).toEqual([]);
    }
  });

  it('vm-not-defined / ambiguous-node: no node, or a shut-off VM defined on several', async () => {
    const r = runner();
    const { plan: p, ctx } = await plan(create({ vm: 'ghost' }), r);
    await expectRefused(p, ctx, r, ['vm-not-defined']);
    const s = cluster();
    s.nodes['n1']!.vms!.find((v) => v.name === 'app1')!.state = 'shut off';
    s.nodes['n2']!.vms!.push({ name: 'app1', node: 'n2', state: 'shut off' });
    const r2 = runner({ vm: 'app1' });
    const { plan: p2, ctx: ctx2 } = await plan(create({ vm: 'app1' }), r2, s);
    await expectRefused(p2, ctx2, r2, ['ambiguous-node']);
  });

  it('snapshot-facts: virsh snapshot-list failing refuses rather than guessing', async () => {
    const r = new FakeRunner({ nodes: ['n1', 'n2', 'n3'] })
      .allow('n1', [...V, '-r', 'dumpxml', 'web1'], { stdout: QCOW })
      .allow('n1', [...V, '-r', 'snapshot-list', '--domain', 'web1', '--parent'], { code: 1, stderr: 'error: failed to connect to the hypervisor\n' })
      .allow('n1', [...V, '-r', 'snapshot-current', '--domain', 'web1', '--name'], NO_CURRENT);
    const { plan: p, ctx } = await plan(create(), r);
    await expectRefused(p, ctx, r, ['snapshot-facts']);
  });
});

describe('vm snapshot: grammar, list, sudoers, config', () => {
  const def = findAction('vm.snapshot');
  it('parses the issue grammar and refuses what does not fit', () => {
    expect(def.parseTarget(['create', 'web1', '--name', 'a b', '--disk-only', '--quiesce'])).toEqual({ op: 'create', vm: 'web1', snapshot: 'a b', diskOnly: true, quiesce: true });
    expect(def.parseTarget(['revert', 'web1', 'base'])).toEqual({ op: 'revert', vm: 'web1', snapshot: 'base', diskOnly: false, quiesce: false });
    expect(def.parseTarget(['delete', 'web1', '--current'.slice(2)])).toMatchObject({ op: 'delete', snapshot: 'current' });
    const refused = (argv: string[], field: string, msg: RegExp) => {
      let e: unknown;
      try {
        def.parseTarget(argv);
      } catch (x) {
        e = x;
      }
      expect(e).toBeInstanceOf(UsageError);
      expect((e as UsageError).field).toBe(field);
      expect((e as Error).message).toMatch(msg);
    };
    refused(['create', 'web1', '--quiesce'], 'quiesce', /--quiesce needs --disk-only/);
    refused(['create', 'web1', 'base'], 'snapshot', /--name NAME/);
    refused(['revert', 'web1'], 'snapshot', /needs the snapshot's NAME/);
    refused(['delete', 'web1', 'x', '--disk-only'], 'diskOnly', /no --name\/--disk-only/);
    refused(['revert', 'web1', 'a/b'], 'snapshot', /invalid snapshot name/);
    refused(['destroy', 'web1'], 'op', /is not one of create, revert, delete, list/);
  });

  it('`vm snapshot list VM` prints the tree with creation time, state and the current one (real virsh output)', async () => {
    const r = runner({ vm: 'app1', list: TREE, current: { stdout: '--current\n' } });
    const { ctx } = testCtx(cluster(), r);
    const out: string[] = [];
    const code = await runActionCommand(['vm', 'snapshot', 'list', 'app1'], { ...ctx, out: (l) => out.push(l), err: (l) => out.push(`ERR ${l}`) });
    expect(code).toBe(0);
    expect(out).toEqual([
      'app1: 6 snapshot(s)',
      '  base             2026-12-07 14:50:51 +0000  running',
      "    meta;&|$x 'q'  2026-12-07 14:50:51 +0000  running",
      '      --current    2026-12-07 14:50:51 +0000  running  (current)',
      '    with space     2026-12-07 14:50:51 +0000  running',
      '      ünï €        2026-12-07 14:50:51 +0000  running',
      '        deep 3     2026-12-07 14:50:51 +0000  running',
      '(on n1)',
    ]);
    expect(r.mutations()).toEqual([]);
    const none: string[] = [];
    const { ctx: c2 } = testCtx(cluster(), runner({ vm: 'app1' }));
    expect(await runActionCommand(['vm', 'snapshot', 'list', 'app1'], { ...c2, out: (l) => none.push(l) })).toBe(0);
    expect(none[0]).toBe('app1: no snapshots');
    expect(await runActionCommand(['vm', 'snapshot', 'list'], { ...c2, err: () => undefined })).toBe(2);
  });

  it('CLI dry run prints the exact command and changes nothing', async () => {
    const r = runner();
    const { ctx } = testCtx(cluster(), r);
    const out: string[] = [];
    expect(await runActionCommand(['vm', 'snapshot', 'create', 'web1', '--name', 'pre patch'], { ...ctx, out: (l) => out.push(l) })).toBe(0);
    expect(out.join('\n')).toContain("virsh -c qemu:///system snapshot-create-as --domain web1 --name 'pre patch' --atomic");
    expect(out.join('\n')).toMatch(/Dry run: nothing changed/);
    expect(r.mutations()).toEqual([]);
  });

  it("sudoers' operator role: the re-probe after reverting a cluster VM (virsh itself runs unprivileged)", () => {
    const cmds = operatorCommands().map((c) => c.argv.join(' '));
    expect(cmds.some((c) => /^crm_resource --refresh --resource \S+ --node \S+$/.test(c))).toBe(true);
    expect(def.sudo?.({ node: 'n1', resource: 'r1', primitiveXml: '', constraintXml: '', count: '1' }).map((c) => [c.argv, c.sudo])).toEqual([[['crm_resource', '--refresh', '--resource', 'r1', '--node', 'n1'], true]]);
  });

  it('config snapshotDepthWarn: a whole number ≥ 1', () => {
    expect(() => validateConfig({ clusters: { c: { nodes: ['a'], snapshotDepthWarn: 5 } } }, '/x.json')).not.toThrow();
    expect(() => validateConfig({ clusters: { c: { nodes: ['a'], snapshotDepthWarn: 0 } } }, '/x.json')).toThrow(/snapshotDepthWarn.*≥ 1/);
  });
});

describe('vm snapshot: the TUI path (T in :vms)', () => {
  it('the row becomes the same typed target as `virtdeck vm snapshot create VM`, named from the plan time, no typed confirmation', async () => {
    const { makePlanAction, requestValues } = await import('../../cli/action-bridge.js');
    const r = runner();
    const { ctx } = testCtx(cluster(), r);
    const def = findAction('vm.snapshot');
    const req = { kind: 'vm.snapshot' as const, targets: ['web1'], nodes: ['n1'] };
    expect(requestValues(def, req, 0, ctx.store.getState())).toEqual({ op: 'create', vm: 'web1' });
    const view = await makePlanAction(ctx)(req);
    expect(view.destructive).toBe(false);
    expect(view.steps[0]?.display).toBe('env LC_ALL=C.UTF-8 virsh -c qemu:///system snapshot-create-as --domain web1 --name snap-20270115-080000 --atomic');
    expect(r.mutations()).toEqual([]);
  });
});
