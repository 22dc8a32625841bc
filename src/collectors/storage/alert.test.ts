import { describe, expect, it } from 'vitest';
import { mkMaps, mkVm } from '../../../test/support/store/test-fixtures.js';
import type { RuleCtx } from '../../store/alerts/rule.js';
import { fcPortRule, iscsiSessionRule, lunQueueDepthRule, poolRule } from './alert.js';
import { lunsOfDisk } from './luns.js';
import type { SanNodeData, StoragePool } from './model.js';

const ctx = {} as RuleCtx;
const pool = (over: Partial<StoragePool>): StoragePool => ({ name: 'p', state: 'running', autostart: true, persistent: true, kind: 'local', capacityBytes: 100, allocationBytes: 50, ...over });
const san = (over: Partial<SanNodeData>): SanNodeData => ({ fc: [], luns: [], ...over });

describe('storage alert rules', () => {
  it('pool: inactive (critical when autostart), over 90 % full (critical from 98 %); size unknown is no alert', () => {
    const d = poolRule.evaluate({ pools: { pools: [pool({ name: 'a' }), pool({ name: 'b', state: 'inactive' }), pool({ name: 'c', state: 'inactive', autostart: false }), pool({ name: 'd', allocationBytes: 91 }), pool({ name: 'e', allocationBytes: 99 }), pool({ name: 'f', capacityBytes: undefined })] } }, 'n1', ctx);
    expect(d.map((x) => [x.subject, x.severity])).toEqual([
      ['b', 'critical'],
      ['c', 'warning'],
      ['d', 'warning'],
      ['e', 'critical'],
    ]);
    expect(d[2]!.message).toBe('storage pool d on n1 is 91 % full');
  });
  it('iscsi-session: every state but LOGGED_IN; fc-port: every state but Online', () => {
    const sess = (sid: number, state: string) => ({ sid, target: 'iqn.t', portal: `10.0.0.${sid}:3260,1`, state, connState: 'x', disks: [{ dev: 'sdb', state: 'blocked', lun: 0 }] });
    const d = iscsiSessionRule.evaluate({ san: san({ iscsi: [sess(1, 'LOGGED_IN'), sess(2, 'FAILED'), sess(3, 'FREE'), sess(4, 'Unknown')] }) }, 'n1', ctx);
    expect(d.map((x) => x.subject)).toEqual(['iqn.t 10.0.0.2:3260,1', 'iqn.t 10.0.0.3:3260,1', 'iqn.t 10.0.0.4:3260,1']);
    expect(d[0]!.message).toBe('iSCSI session 2 to iqn.t via 10.0.0.2:3260,1 on n1 is FAILED (connection x): sdb blocked');
    const port = (host: string, state: string) => ({ host, wwpn: '0x1', state, speed: 'unknown' });
    expect(fcPortRule.evaluate({ san: san({ fc: [port('host1', 'Online'), port('host2', 'Linkdown'), port('host3', 'Blocked')] }) }, 'n1', ctx).map((x) => x.subject)).toEqual(['host2', 'host3']);
  });
  it('lun-queue-depth: only LUNs under running SCSI-bus (iointensive) VMs, below the profile depth', () => {
    const maps = mkMaps();
    const [a, b] = maps;
    const devs = (m: typeof a) => m!.pathGroups.flatMap((g) => g.paths.map((p) => p.dev));
    const luns = [...devs(a), ...devs(b)].map((dev, i) => ({ dev, queueDepth: i < 2 ? 32 : 16 }));
    const vms = [
      mkVm('db1', 'n1', 'running', { disks: [`/dev/mapper/${a!.name}`], scsiDisks: true }),
      mkVm('web1', 'n1', 'running', { disks: [`/dev/mapper/${b!.name}`] }), // virtio: not I/O-intensive
      mkVm('db2', 'n1', 'shut off', { disks: [`/dev/mapper/${b!.name}`], scsiDisks: true }),
    ];
    const d = lunQueueDepthRule.evaluate({ vms, multipath: maps, san: san({ luns }) }, 'n1', ctx);
    expect(d.map((x) => [x.subject, x.value])).toEqual(devs(a).map((dev) => [dev, 32]));
    expect(d[0]!.message).toBe(`LUN ${devs(a)[0]} on n1 has queue depth 32, below the iointensive profile's 64, under db1`);
    expect(lunQueueDepthRule.evaluate({ vms, multipath: maps, san: san({ luns: luns.map((l) => ({ ...l, queueDepth: 64 })) }) }, 'n1', ctx)).toEqual([]);
  });
  it('follows a disk to its LUNs by map name, dm-N, by-id WWID and sdX; not through an LV', () => {
    const maps = mkMaps();
    const m = maps[0]!;
    const devs = m.pathGroups.flatMap((g) => g.paths.map((p) => p.dev));
    for (const p of [`/dev/mapper/${m.name}`, `/dev/${m.sysfs}`, `/dev/disk/by-id/dm-uuid-mpath-${m.wwid}`, `/dev/disk/by-id/dm-name-${m.name}`, `/dev/disk/by-id/scsi-${m.wwid}`]) expect(lunsOfDisk(p, maps), p).toEqual(devs);
    expect(lunsOfDisk('/dev/sdq', maps)).toEqual(['sdq']);
    expect(lunsOfDisk('/dev/vg_vms/db1', maps)).toEqual([]);
    expect(lunsOfDisk('/var/lib/libvirt/images/a.qcow2', maps)).toEqual([]);
  });
});
