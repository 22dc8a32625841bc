// End to end: `vm snapshot list|create|revert|delete` through the CLI entry, in-process, against
// the demo cluster over real SSH on 127.0.0.1 (same setup as resource-actions-demo.test.ts).
// Assertions read the sim's snapshot trees, the commands the demo received and the audit file.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoCluster } from '../../src/demo/index.js';
import type { SimVm } from '../../src/demo/sim/state.js';
import { demoCli, show } from '../helpers/demo-cli.js';

describe('vm snapshot end to end against the demo cluster (CLI in-process)', () => {
  const dc = demoCli({ prefix: 'vd-snap-e2e-', vms: 24 });
  const cli = dc.cli;
  let demo: DemoCluster;
  let web: SimVm;
  let chain: SimVm;
  beforeAll(() => {
    demo = dc.demo;
    web = demo.sim.vms.find((v) => v.snapshots && v.managed)!;
    chain = demo.sim.vms.find((v) => v.snapshots && !v.managed)!;
  });
  const auditActions = (): string[] => dc.audit<{ type: string; action?: string; status?: string }>().map((a) => `${a.type}:${a.action ?? a.status ?? ''}`);
  const names = (v: SimVm) => v.snapshots!.list.map((s) => s.name);

  it('list: the tree with creation time, state and the current one, read-only', async () => {
    const r = await cli(['vm', 'snapshot', 'list', web.name]);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${web.name}: 4 snapshot\\(s\\)$`, 'm'));
    expect(r.stdout).toMatch(/^ {2}installed +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 {2}running$/m);
    expect(r.stdout).toMatch(/^ {6}after upgrade +\S+ \S+ \+0000 {2}running {2}\(current\)$/m);
    expect(r.execs.filter((e) => /snapshot-(create|revert|delete)/.test(e))).toEqual([]);
  }, 120_000);

  it('create on a 4-deep chain: the dry run warns, --yes needs --ack-warnings, then the sim has it', async () => {
    const dry = await cli(['vm', 'snapshot', 'create', chain.name, '--name', 'patch 4']);
    expect(dry.code, show(dry)).toBe(0);
    expect(dry.stdout).toContain(`env LC_ALL=C.UTF-8 virsh -c qemu:///system snapshot-create-as --domain ${chain.name} --name 'patch 4' --atomic`);
    expect(dry.stdout).toMatch(/WARNING\s+\[snapshot-chain-deep\].*5 deep/);
    expect((await cli(['vm', 'snapshot', 'create', chain.name, '--name', 'patch 4', '--yes'])).code).toBe(1);
    expect(names(chain)).not.toContain('patch 4');
    const r = await cli(['vm', 'snapshot', 'create', chain.name, '--name', 'patch 4', '--yes', '--ack-warnings']);
    expect(r.code, show(r)).toBe(0);
    expect(chain.snapshots).toMatchObject({ current: 'patch 4' });
    expect(chain.snapshots!.list.find((s) => s.name === 'patch 4')).toMatchObject({ parent: 'patch-3', state: 'running' });
    expect(auditActions().slice(-3)).toEqual(['intent:vm.snapshot', 'step:', 'result:done']);
  }, 120_000);

  it('revert of the running cluster VM is refused until Pacemaker is told; an unmanaged VM reverts', async () => {
    const refused = await cli(['vm', 'snapshot', 'revert', web.name, 'installed', '--yes']);
    expect(refused.code, show(refused)).toBe(1);
    expect(refused.stdout).toMatch(/ERROR\s+\[managed-running\]/);
    expect(web.snapshots!.current).toBe('after upgrade');
    const r = await cli(['vm', 'snapshot', 'revert', chain.name, 'base', '--yes']);
    expect(r.code, show(r)).toBe(0);
    expect(chain.snapshots!.current).toBe('base');
    expect(demo.sim.vm(chain.name)!.state).toBe('shut off'); // base was taken before the first boot
  }, 120_000);

  it('delete moves the children up; raw disks refuse an internal snapshot', async () => {
    const r = await cli(['vm', 'snapshot', 'delete', chain.name, 'patch-1', '--yes']);
    expect(r.code, show(r)).toBe(0);
    expect(names(chain)).not.toContain('patch-1');
    expect(chain.snapshots!.list.find((s) => s.name === 'patch-2')!.parent).toBe('base');
    const big = demo.sim.vms.find((v) => v.state === 'running' && v.disks.some((d) => d.path.startsWith('/dev/')))!;
    const raw = await cli(['vm', 'snapshot', 'create', big.name, '--name', 'x', '--yes']);
    expect(raw.code, show(raw)).toBe(1);
    expect(raw.stdout).toMatch(/ERROR\s+\[disk-raw\].*vdb/);
    expect(big.snapshots?.list ?? []).toEqual([]);
  }, 120_000);
});
