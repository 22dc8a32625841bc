import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from '../../../test/support/collectors/test-support.js';
import { ParseError } from '../parse-error.js';
import { SAN_SYSFS_SCRIPT, poolName, volListCmd } from './command.js';
import { parseIscsiSessions, parsePoolList, parsePoolNames, parseSanSysfs, parseVolList, selectedScheduler } from './parse.js';
import { poolShared, poolUsedPct } from './model.js';

const f = (name: string) => fixture('storage', name);
const GiB = 2 ** 30;

describe('virsh pool-list --all --details (test driver)', () => {
  const kinds = { network: parsePoolNames(f('pool-list-shared.txt')), logical: parsePoolNames(f('pool-list-logical.txt')) };
  it('reads name, state, autostart, persistence and sizes; inactive pools have no sizes; names keep spaces and metacharacters', () => {
    const pools = parsePoolList(f('pool-list-details.txt'), 'n1', kinds);
    expect(pools.map((p) => [p.name, p.state, p.autostart, p.persistent, p.kind])).toEqual([
      ['default', 'running', true, true, 'local'],
      ['iso', 'inactive', false, true, 'local'],
      ['san a;b $x', 'running', false, true, 'network'],
      ['vg_san', 'running', false, true, 'logical'],
    ]);
    expect(pools[0]).toMatchObject({ capacityBytes: 100 * GiB, allocationBytes: 11 * GiB, availableBytes: 89 * GiB });
    expect(pools[1]!.capacityBytes).toBeUndefined();
    expect(poolUsedPct(pools[3]!)).toBeCloseTo(95);
    expect(poolUsedPct(pools[1]!)).toBeUndefined();
    expect(pools[2]!.allocationBytes).toBe(0);
  });
  it('reads the default test driver pool', () => {
    expect(parsePoolList(f('pool-list-default-driver.txt'))).toEqual([{ name: 'default-pool', state: 'running', autostart: false, persistent: true, kind: 'local', capacityBytes: 100 * GiB, allocationBytes: 0, availableBytes: 100 * GiB }]);
  });
  it('pool names of a type are padded with spaces; no pool is an empty list', () => {
    expect(parsePoolNames(f('pool-list-shared.txt'))).toEqual(['san a;b $x']);
    expect(parsePoolList('')).toEqual([]);
  });
  it('shared: network pools, and logical pools whose VG is a shared (lvmlockd) VG', () => {
    const pools = parsePoolList(f('pool-list-details.txt'), 'n1', kinds);
    expect(pools.map((p) => poolShared(p))).toEqual([false, false, true, false]);
    expect(poolShared(pools[3]!, ['vg_san'])).toBe(true);
  });
  it('garbage is a ParseError', () => {
    expect(() => parsePoolList(' Name State\n---------\n x running maybe yes - - -\n')).toThrow(ParseError);
    expect(() => parsePoolList('error: failed to connect to the hypervisor\n')).toThrow(ParseError);
  });
});

describe('virsh vol-list --details', () => {
  it('reads name, path, type and sizes; names and paths with spaces', () => {
    expect(parseVolList(f('vol-list-default.txt'))).toEqual([
      { name: 'db1.qcow2', path: '/var/lib/libvirt/images/db1.qcow2', type: 'file', capacityBytes: 40 * GiB, allocationBytes: 10 * GiB },
      { name: 'my disk (copy).img', path: '/var/lib/libvirt/images/my disk (copy).img', type: 'file', capacityBytes: 1 * GiB, allocationBytes: 1 * GiB },
    ]);
    expect(parseVolList(f('vol-list-vg_san.txt')).map((v) => [v.name, v.path, v.type])).toEqual([
      ['db1-data', '/dev/vg_san/db1-data', 'block'],
      ['web1-root', '/dev/vg_san/web1-root', 'block'],
    ]);
    expect(parseVolList(f('vol-list-empty.txt'))).toEqual([]);
  });
  it('a non-ASCII name is split at the column gap', () => {
    const t = ' Name      Path                Type   Capacity   Allocation\n--------------------------\n café é    /p/café é           file   1.00 GiB   0.00 B\n';
    expect(parseVolList(t)).toEqual([{ name: 'café é', path: '/p/café é', type: 'file', capacityBytes: GiB, allocationBytes: 0 }]);
  });
  it('pool names go to virsh as one argument after --pool; "/" and control characters are refused', () => {
    expect(volListCmd('qemu:///system', '-x y;$z').argv.slice(-3)).toEqual(['--pool', '-x y;$z', '--details']);
    expect(() => poolName('a/b')).toThrow(/pool name/);
    expect(() => poolName('a\nb')).toThrow(/pool name/);
  });
});

describe('iscsiadm -m session -P 3', () => {
  it('healthy: one target over two portals, each session LOGGED_IN with its disks', () => {
    const s = parseIscsiSessions(f('iscsiadm-session-P3.txt'));
    expect(s.map((x) => [x.sid, x.target, x.portal, x.ifaceIp, x.state, x.connState])).toEqual([
      [1, 'iqn.2003-01.org.linux-iscsi.san1.x8664:sn.4a1b2c3d', '10.0.0.10:3260,1', '10.0.0.1', 'LOGGED_IN', 'LOGGED IN'],
      [2, 'iqn.2003-01.org.linux-iscsi.san1.x8664:sn.4a1b2c3d', '10.0.1.10:3260,1', '10.0.1.1', 'LOGGED_IN', 'LOGGED IN'],
    ]);
    expect(s[0]!.disks).toEqual([
      { dev: 'sdb', state: 'running', lun: 0 },
      { dev: 'sdd', state: 'running', lun: 1 },
    ]);
  });
  it('degraded: a FAILED session waiting for its transport, disks blocked', () => {
    const s = parseIscsiSessions(f('iscsiadm-session-P3-failed.txt'));
    expect(s[1]).toMatchObject({ sid: 2, state: 'FAILED', connState: 'TRANSPORT WAIT', disks: [{ dev: 'sdc', state: 'blocked' }, { dev: 'sde', state: 'blocked' }] });
    expect(s[0]!.state).toBe('LOGGED_IN');
  });
  it('offline: a FREE session, an IPv6 portal and Unknown states', () => {
    const s = parseIscsiSessions(f('iscsiadm-session-P3-offline.txt'));
    expect(s.map((x) => [x.target, x.portal, x.state, x.connState, x.disks.map((d) => d.state).join(',')])).toEqual([
      ['iqn.2003-01.org.linux-iscsi.san1.x8664:sn.4a1b2c3d', '10.0.0.10:3260,1', 'FREE', 'FREE', 'transport-offline,transport-offline'],
      ['iqn.2003-01.org.linux-iscsi.san2.x8664:sn.99', '[fd00::10]:3260,1', 'Unknown', 'Unknown', 'offline,offline'],
    ]);
  });
  it('no sessions (stdout empty) is an empty list; other text is a ParseError', () => {
    expect(parseIscsiSessions('')).toEqual([]);
    expect(() => parseIscsiSessions('iscsiadm: unrecognized option\n')).toThrow(ParseError);
  });
});

describe('SAN sysfs read', () => {
  it('runs the real script over a sysfs tree: FC ports (WWPN, state, speed) and SCSI LUNs only (queue depth, selected scheduler)', () => {
    const root = mkdtempSync(join(tmpdir(), 'vd-sysfs-'));
    try {
      const put = (p: string, v: string) => {
        mkdirSync(join(root, p, '..'), { recursive: true });
        writeFileSync(join(root, p), `${v}\n`);
      };
      put('fc_host/host7/port_name', '0x21000024ff5a1b2c');
      put('fc_host/host7/port_state', 'Online');
      put('fc_host/host7/speed', '16 Gbit');
      put('fc_host/host8/port_name', '0x21000024ff5a1b2d');
      put('fc_host/host8/port_state', 'Linkdown');
      put('fc_host/host8/speed', 'unknown');
      put('block/sdb/device/queue_depth', '64');
      put('block/sdb/queue/scheduler', '[mq-deadline] kyber bfq none');
      put('block/sdc/device/queue_depth', '32');
      put('block/sdc/queue/scheduler', 'mq-deadline kyber bfq [none]');
      put('block/dm-0/queue/scheduler', '[none] mq-deadline');
      put('block/vda/queue/scheduler', '[none] mq-deadline');
      const out = execFileSync('sh', ['-c', SAN_SYSFS_SCRIPT, 'sh', join(root, 'fc_host'), join(root, 'block')], { encoding: 'utf8' });
      expect(parseSanSysfs(out)).toEqual({
        fc: [
          { host: 'host7', wwpn: '0x21000024ff5a1b2c', state: 'Online', speed: '16 Gbit' },
          { host: 'host8', wwpn: '0x21000024ff5a1b2d', state: 'Linkdown', speed: 'unknown' },
        ],
        luns: [
          { dev: 'sdb', queueDepth: 64, scheduler: 'mq-deadline' },
          { dev: 'sdc', queueDepth: 32, scheduler: 'none' },
        ],
      });
      // No FC HBA and no SCSI disk (a VM, a laptop): nothing, not an error.
      const none = execFileSync('sh', ['-c', SAN_SYSFS_SCRIPT, 'sh', join(root, 'nope'), join(root, 'nope2')], { encoding: 'utf8' });
      expect(parseSanSysfs(none)).toEqual({ fc: [], luns: [] });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
  it('selected scheduler is the bracketed word; garbage lines are a ParseError', () => {
    expect(selectedScheduler('[none]')).toBe('none');
    expect(selectedScheduler('none')).toBeUndefined();
    expect(() => parseSanSysfs('fc\thost1\n')).toThrow(ParseError);
    expect(() => parseSanSysfs('lun\tsdb\tdeep\t[none]\n')).toThrow(ParseError);
  });
});
