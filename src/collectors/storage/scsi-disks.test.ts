// The VM source's scsiDisks flag, which the LUN queue depth alert reads (an I/O-intensive VM's
// disks are on virtio-scsi: sdX targets in domstats).
import { describe, expect, it } from 'vitest';
import { createVdStore } from '../../store/store.js';
import type { RunResult } from '../../ssh/runner.js';
import type { CollectorContext } from '../context.js';
import { VmCollector } from '../virsh/collector.js';

const HEAD = ' Id   Name                 State\n-----------------------------------------\n';
const r = (stdout: string): RunResult => ({ node: 'n1', stdout, stderr: '', code: 0, durationMs: 1 });
const stats = (disks: [string, string | undefined][]) =>
  `Domain: 'db1'\n  state.state=1\n  state.reason=1\n  block.count=${disks.length}\n${disks.map(([n, p], i) => `  block.${i}.name=${n}\n${p ? `  block.${i}.path=${p}\n` : ''}`).join('')}\n`;

describe('VM scsiDisks', () => {
  it('is set when every disk with a source is an sdX target; an empty cdrom does not count', () => {
    const store = createVdStore({ clusterName: 'c1', nodes: ['n1'] });
    const ctx: CollectorContext = { runner: undefined as never, store, now: () => 1_000, libvirtUri: 'qemu:///system' };
    const c = new VmCollector();
    const poll = (disks: [string, string | undefined][]) => {
      const cmds = c.cmds(ctx.libvirtUri, 'n1', 1_000);
      c.apply(ctx, 'n1', cmds, [r(`${HEAD} 1    db1                  running\n\n`), r(stats(disks)), r('\n'), r(stats(disks))]);
      return store.getState().nodes['n1']!.vms![0]!.scsiDisks;
    };
    expect(poll([['sda', '/dev/mapper/mpatha'], ['sdb', '/dev/mapper/mpathb'], ['hdc', undefined]])).toBe(true);
    expect(poll([['sda', '/dev/mapper/mpatha'], ['vdb', '/dev/mapper/mpathb']])).toBeUndefined();
    expect(poll([['vda', '/var/lib/libvirt/images/db1.qcow2']])).toBeUndefined();
  });
});
