// Issue 14, 0c: a disk on a multipath partition (/dev/mapper/mpatha-part1) is on LUN mpatha, so
// migrate and create run the real path check instead of refusing with lun-missing.
import { describe, expect, it } from 'vitest';
import type { VdState } from '../store/types.js';
import { lunForDisk } from './disk-lun.js';
import { preparePlan } from './index.js';
import { testCtx } from '../../test/support/actions/ctx.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { cluster, mpath } from '../../test/support/actions/state.js';

const URI = 'qemu:///system';
const maps = [mpath('mpatha', 'dm-0'), mpath('mpath0', 'dm-1'), mpath('mpathb', 'dm-2')];
const DEGRADED: [string, string][] = [['sdb', 'ready'], ['sdc', 'faulty']];

describe('lunForDisk', () => {
  it.each([
    ['/dev/mapper/mpatha', 'mpatha', undefined],
    ['/dev/mapper/mpatha-part1', 'mpatha', 1],
    ['/dev/mapper/mpatha-part2', 'mpatha', 2],
    ['/dev/mapper/mpathap1', 'mpatha', 1],
    ['/dev/mapper/mpatha1', 'mpatha', 1],
    ['/dev/mapper/mpath0p3', 'mpath0', 3],
    ['/dev/disk/by-id/dm-name-mpatha-part1', 'mpatha', 1],
    ['/dev/disk/by-id/dm-uuid-part1-mpath-3600mpatha', 'mpatha', 1],
    ['/dev/disk/by-id/dm-uuid-mpath-3600mpathb', 'mpathb', undefined],
    ['/dev/dm-2', 'mpathb', undefined],
  ])('%s is %s partition %s', (path, map, partition) => {
    expect(lunForDisk(maps, path)).toEqual({ map: maps.find((m) => m.name === map), ...(partition ? { partition } : {}) });
  });

  it('is not fooled: no partition 0, no unknown base, mpath01 is not mpath0 partition 1 (kpartx would say mpath0p1)', () => {
    for (const p of ['/dev/mapper/mpatha-part0', '/dev/mapper/mpathz-part1', '/dev/mapper/mpathc1', '/dev/mapper/mpath01', '/dev/sdb1']) expect(lunForDisk(maps, p)).toBeUndefined();
  });

  it('a name two maps could own (mpathap1 with maps mpatha and mpathap) is neither', () => {
    expect(lunForDisk([...maps, mpath('mpathap', 'dm-9')], '/dev/mapper/mpathap1')).toBeUndefined();
  });
});

const domXml = (disk: string) =>
  `<domain type='kvm'><name>web1</name><memory unit='KiB'>4194304</memory><vcpu placement='static'>2</vcpu><cpu mode='host-passthrough'/><devices>` +
  `<disk type='block' device='disk'><driver name='qemu' type='raw'/><source dev='${disk}'/><target dev='vda' bus='virtio'/></disk>` +
  `<interface type='bridge'><source bridge='br0'/><model type='virtio'/></interface></devices></domain>`;

async function migrate(disk: string, mutate: (s: VdState) => void = () => undefined) {
  const s = cluster();
  mutate(s);
  const r = new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true })
    .allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'web1'], { stdout: domXml(disk) })
    .allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1, stderr: 'no tmp' });
  const { ctx } = testCtx(s, r);
  const p = await preparePlan('vm.migrate', { vm: 'web1', node: 'n2' }, ctx);
  return p.findings.filter((f) => f.level === 'error').map((f) => `${f.code}: ${f.message}`);
}

describe('vm migrate with a disk on a multipath partition', () => {
  for (const disk of ['/dev/mapper/mpatha-part1', '/dev/mapper/mpatha-part2', '/dev/mapper/mpathap1', '/dev/mapper/mpatha1']) {
    it(`${disk}: healthy LUN on the target is fine; a degraded one is refused as degraded, not missing`, async () => {
      expect(await migrate(disk)).toEqual([]);
      expect(await migrate(disk, (s) => (s.nodes['n2']!.multipath = [mpath('mpatha', 'dm-0', DEGRADED), mpath('mpathb', 'dm-1')]))).toEqual([
        "lun-degraded: n2: mpatha (web1's disk) has 1/2 healthy paths",
      ]);
    });
  }
  it('a partition of a LUN the target lacks is still lun-missing', async () => {
    expect(await migrate('/dev/mapper/mpatha-part1', (s) => (s.nodes['n2']!.multipath = [mpath('mpathb', 'dm-1')]))).toEqual([
      "lun-missing: n2 has no multipath map for web1's disk /dev/mapper/mpatha-part1",
    ]);
  });
  it('the target names the LUN differently (user_friendly_names): matched by WWID', async () => {
    expect(await migrate('/dev/mapper/mpatha-part1', (s) => (s.nodes['n2']!.multipath = [{ ...mpath('mpathq', 'dm-5', DEGRADED), wwid: '3600mpatha' }]))).toEqual([
      "lun-degraded: n2: mpathq (web1's disk) has 1/2 healthy paths",
    ]);
  });
});

describe('vm create with a disk on a multipath partition', () => {
  async function create(disks: string[], otherDisk?: string) {
    const s = cluster();
    const r = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
    for (const n of s.nodeOrder) for (const v of s.nodes[n]!.vms ?? []) r.allow(n, ['virsh', '-c', URI, '-r', 'dumpxml', v.name], { stdout: domXml(v.name === 'web1' && otherDisk ? otherDisk : `/dev/disk/by-id/wwn-${v.name}`).replace('<name>web1</name>', `<name>${v.name}</name>`) });
    const { ctx } = testCtx(s, r);
    const p = await preparePlan('vm.create', { name: 'new1', profile: 'generic', node: 'n2', disks, bridges: ['br0'] }, ctx);
    return p.findings.filter((f) => f.level === 'error').map((f) => `${f.code}: ${f.message}`);
  }
  it('mpatha-part2 is on LUN mpatha: no lun-missing', async () => {
    expect(await create(['/dev/mapper/mpatha-part2'])).toEqual([]);
  });
  it('a partition another VM uses, or the whole LUN under another VM’s partition, is in use; another partition is not', async () => {
    expect(await create(['/dev/mapper/mpatha-part2'], '/dev/mapper/mpatha-part2')).toEqual(['disk-in-use: /dev/mapper/mpatha-part2 is already used by VM web1 (defined on n1)']);
    expect(await create(['/dev/mapper/mpatha'], '/dev/mapper/mpatha-part1')).toEqual(['disk-in-use: /dev/mapper/mpatha is already used by VM web1 (defined on n1)']);
    expect(await create(['/dev/mapper/mpatha-part2'], '/dev/mapper/mpatha-part1')).toEqual([]);
  });
});
