// The demo's virsh snapshot commands against the real captures (the same session as
// test/integration/virsh-snapshots.test.ts, replayed on a demo VM), and state that persists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotCurrentCmd, snapshotListCmd, snapshotTreeCmd } from '../../collectors/virsh/snapshot-read.js';
import { snapshotCreateCmd, snapshotDeleteCmd, snapshotRevertCmd } from '../../actions/vm-snapshot/commands.js';
import type { Cmd } from '../../ssh/cmd.js';
import { toExecString } from '../../ssh/quote.js';
import { runShell } from '../exec.js';
import { DemoSim } from '../sim/sim.js';
import type { SimVm } from '../sim/state.js';

const FIX = join(__dirname, '../../collectors/virsh/fixtures');
const fixture = (f: string) => readFileSync(join(FIX, f), 'utf8');
const URI = 'qemu:///system';
const dates = (s: string) => s.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000/g, '2026-12-07 14:50:51 +0000');

async function run(sim: DemoSim, node: string, c: Cmd) {
  let out = '';
  let err = '';
  const code = await runShell(sim, node, toExecString(c), { out: (s) => (out += s), err: (s) => (err += s), stdin: () => Promise.resolve(''), onClose: () => undefined, closed: false });
  return { out, err, code };
}

/** A running demo VM with only qcow2 disks and no seeded snapshots. */
const plainVm = (sim: DemoSim): SimVm => sim.vms.find((v) => v.state === 'running' && !v.snapshots && !v.disks.some((d) => d.path.startsWith('/dev/')))!;

describe('demo virsh snapshots: the real formats', () => {
  it('the capture session replayed on a demo VM prints what real virsh printed', async () => {
    const sim = new DemoSim({ seed: 1 });
    const vm = plainVm(sim);
    const go = (c: Cmd) => run(sim, vm.node, c);
    expect((await go(snapshotListCmd(URI, vm.name))).out).toBe(fixture('snapshot-list-parent-empty.txt'));
    expect((await go(snapshotTreeCmd(URI, vm.name))).out).toBe(fixture('snapshot-list-tree-empty.txt'));
    const none = await go(snapshotCurrentCmd(URI, vm.name));
    expect([none.code, none.err]).toEqual([1, fixture('snapshot-current-none.stderr.txt').replace("'test'", `'${vm.name}'`)]);
    const mk = (n: string) => go(snapshotCreateCmd(URI, vm.name, n, { diskOnly: false, quiesce: false }));
    for (const n of ['base', 'with space', 'ünï €', 'deep 3']) expect((await mk(n)).out).toBe(`Domain snapshot ${n} created\n`);
    expect((await go(snapshotRevertCmd(URI, vm.name, 'base'))).out).toBe('Domain snapshot base reverted\n\n');
    for (const n of ["meta;&|$x 'q'", '--current']) await mk(n);
    expect(dates((await go(snapshotListCmd(URI, vm.name))).out)).toBe(fixture('snapshot-list-parent.txt'));
    expect((await go(snapshotTreeCmd(URI, vm.name))).out).toBe(fixture('snapshot-list-tree.txt'));
    expect((await go(snapshotCurrentCmd(URI, vm.name))).out).toBe(fixture('snapshot-current.txt'));
  });
});

describe('demo virsh snapshots: state persists in the sim', () => {
  it('seeded trees: a web VM with 4 snapshots, the unmanaged running VM with a 4-deep chain', () => {
    const sim = new DemoSim({ seed: 1 });
    const web = sim.vms.find((v) => v.snapshots && v.managed)!;
    expect(web.snapshots!.list.map((s) => s.name)).toEqual(['installed', 'before-upgrade', 'after upgrade', 'test-branch']);
    const chain = sim.vms.find((v) => v.snapshots && !v.managed)!;
    expect(chain.snapshots).toMatchObject({ current: 'patch-3' });
  });

  it('revert changes the VM state, delete re-parents the children and hands "current" to the parent', async () => {
    const sim = new DemoSim({ seed: 1 });
    const chain = sim.vms.find((v) => v.snapshots && !v.managed)!;
    expect(chain.state).toBe('running');
    expect((await run(sim, chain.node, snapshotRevertCmd(URI, chain.name, 'base'))).code).toBe(0);
    expect(chain.state).toBe('shut off'); // "base" was taken shut off
    expect(chain.snapshots!.current).toBe('base');
    expect((await run(sim, chain.node, snapshotRevertCmd(URI, chain.name, 'patch-2'))).code).toBe(0);
    expect(chain.state).toBe('running');
    const web = sim.vms.find((v) => v.snapshots && v.managed)!;
    expect((await run(sim, web.node, snapshotRevertCmd(URI, web.name, 'before-upgrade'))).code).toBe(0);
    expect((await run(sim, web.node, snapshotDeleteCmd(URI, web.name, 'before-upgrade'))).out).toBe('Domain snapshot before-upgrade deleted\n\n');
    expect(web.snapshots!.list.find((s) => s.name === 'after upgrade')!.parent).toBe('installed');
    expect((await run(sim, web.node, snapshotTreeCmd(URI, web.name))).out).toBe('installed\n  |\n  +- after upgrade\n  +- test-branch\n    \n\n');
    expect((await run(sim, web.node, snapshotDeleteCmd(URI, web.name, 'installed'))).code).toBe(0);
    expect(web.snapshots!.current).toBeUndefined(); // installed became current when before-upgrade went, then went too
    expect(web.snapshots!.list.map((s) => [s.name, s.parent])).toEqual([
      ['after upgrade', undefined],
      ['test-branch', undefined],
    ]);
  });

  it('refusals in libvirt words: raw disks internally, quiesce without an agent or disk-only, a name taken, -r', async () => {
    const sim = new DemoSim({ seed: 1 });
    const big = sim.vms.find((v) => v.state === 'running' && v.disks.some((d) => d.path.startsWith('/dev/')))!;
    const raw = await run(sim, big.node, snapshotCreateCmd(URI, big.name, 'x', { diskOnly: false, quiesce: false }));
    expect(raw.err).toMatch(/^error: unsupported configuration: internal snapshot for disk vdb unsupported for storage type raw/);
    expect((await run(sim, big.node, snapshotCreateCmd(URI, big.name, 'x', { diskOnly: true, quiesce: false }))).code).toBe(0);
    expect(big.snapshots!.list[0]!.state).toBe('disk-snapshot');
    const cache = sim.vms.find((v) => v.state === 'running' && v.name.startsWith('cache'))!;
    expect((await run(sim, cache.node, snapshotCreateCmd(URI, cache.name, 'q', { diskOnly: true, quiesce: true }))).err).toMatch(/QEMU guest agent is not connected/);
    const vm = plainVm(sim);
    await run(sim, vm.node, snapshotCreateCmd(URI, vm.name, 'a', { diskOnly: false, quiesce: false }));
    expect((await run(sim, vm.node, snapshotCreateCmd(URI, vm.name, 'a', { diskOnly: false, quiesce: false }))).err).toBe('error: operation failed: domain moment a already exists\n');
    const ro = { ...snapshotDeleteCmd(URI, vm.name, 'a'), argv: ['virsh', '-c', URI, '-r', 'snapshot-delete', '--domain', vm.name, '--snapshotname', 'a'] };
    expect((await run(sim, vm.node, ro)).code).toBe(1);
    expect(vm.snapshots!.list).toHaveLength(1);
  });
});
