// VM disk source paths in the store (what the cluster LVM alert maps to VGs).
import { describe, expect, it } from 'vitest';
import { createVdStore } from '../../store/store.js';
import type { RunResult } from '../../ssh/runner.js';
import type { CollectorContext } from '../context.js';
import { VmCollector } from './collector.js';

const HEAD = ' Id   Name                 State\n-----------------------------------------\n';
const r = (stdout: string): RunResult => ({ node: 'n1', stdout, stderr: '', code: 0, durationMs: 1 });
const stats = (paths: string[]) =>
  `Domain: 'db1'\n  state.state=1\n  state.reason=1\n  block.count=${paths.length}\n${paths.map((p, i) => `  block.${i}.name=vd${'ab'[i]}\n  block.${i}.path=${p}\n`).join('')}\n`;

describe('VM disks', () => {
  it('keeps each VM’s disk paths, the same array while they do not change', () => {
    const store = createVdStore({ clusterName: 'c1', nodes: ['n1'] });
    // apply() only parses results: the runner is never used.
    const ctx: CollectorContext = { runner: undefined as never, store, now: () => 1_000, libvirtUri: 'qemu:///system' };
    const c = new VmCollector();
    const poll = (paths: string[]) => {
      const cmds = c.cmds(ctx.libvirtUri, 'n1', 1_000);
      c.apply(ctx, 'n1', cmds, [r(`${HEAD} 1    db1                  running\n\n`), r(stats(paths)), r('\n'), r(stats(paths))]);
      return store.getState().nodes['n1']!.vms![0]!.disks;
    };
    const first = poll(['/var/lib/libvirt/images/db1.qcow2', '/dev/vg_vms/db1-data']);
    expect(first).toEqual(['/var/lib/libvirt/images/db1.qcow2', '/dev/vg_vms/db1-data']);
    expect(poll(['/var/lib/libvirt/images/db1.qcow2', '/dev/vg_vms/db1-data'])).toBe(first);
    expect(poll(['/dev/vg_vms/db1-data'])).toEqual(['/dev/vg_vms/db1-data']);
  });
});
