import { describe, expect, it } from 'vitest';
import type { LvmNodeData, LvmVg } from './model.js';
import { lockspaceAlerts, vgNodeHealth, vgOfPath, vmsOnVg } from './health.js';

const vg = (name: string, lvs: [string, boolean][] = [], lockType = 'dlm'): LvmVg => ({
  name, shared: true, lockType, lvs: lvs.map(([lv, active]) => ({ vg: name, name: lv, activeLocally: active })),
});
const healthy = (vgs: LvmVg[]): LvmNodeData => ({
  lvmlockd: true,
  lockspaces: [{ name: 'lvm_global', lockType: '', lvLocks: [] }, ...vgs.map((g) => ({ vg: g.name, name: `lvm_${g.name}`, lockType: 'dlm', lvLocks: [] }))],
  dlm: vgs.map((g) => ({ name: `lvm_${g.name}`, members: [1, 2, 3], changing: false })),
  vgs,
});
const vms = [
  { name: 'db1', state: 'running', disks: ['/var/lib/libvirt/images/db1.qcow2', '/dev/vg_vms/db1-data'] },
  { name: 'file1', state: 'running', disks: ['/dev/mapper/vg_vms-file1--data'] },
  { name: 'old', state: 'shut off', disks: ['/dev/vg_vms/old'] },
  { name: 'web1', state: 'running', disks: ['/dev/mapper/mpatha'] },
];

describe('vgOfPath', () => {
  it('reads /dev/<vg>/<lv> and /dev/mapper/<vg>-<lv> with doubled dashes', () => {
    expect(vgOfPath('/dev/vg_vms/db1-data')).toBe('vg_vms');
    expect(vgOfPath('/dev/mapper/vg_vms-file1--data')).toBe('vg_vms');
    expect(vgOfPath('/dev/mapper/vg--a-lv')).toBe('vg-a');
  });
  it('sees no VG in files, multipath maps and /dev/disk links', () => {
    expect(vgOfPath('/var/lib/libvirt/images/x.qcow2')).toBeUndefined();
    expect(vgOfPath('/dev/mapper/mpatha')).toBeUndefined();
    expect(vgOfPath('/dev/disk/by-id/wwn-0x5000')).toBeUndefined();
    expect(vgOfPath('/dev/sda')).toBeUndefined();
  });
  it('counts running VMs only', () => {
    expect(vmsOnVg(vms, 'vg_vms')).toEqual(['db1', 'file1']);
  });
});

describe('vgNodeHealth', () => {
  it('is fine with both lockspaces, counting active LVs', () => {
    const g = vg('vg_vms', [['db1-data', true], ['file1-data', false]]);
    expect(vgNodeHealth(g, healthy([g]), vms)).toEqual({ vg: 'vg_vms', lockType: 'dlm', lockspace: 'ok', dlm: 'ok', dlmMembers: 3, lvsActive: 1, lvsTotal: 2, vms: ['db1', 'file1'] });
  });
  it('tells a missing lvmlockd lockspace, a stopped lvmlockd and a missing or changing dlm lockspace apart', () => {
    const g = vg('vg_vms');
    const d = healthy([g]);
    expect(vgNodeHealth(g, { ...d, lockspaces: [] }, []).lockspace).toBe('missing');
    expect(vgNodeHealth(g, { ...d, lvmlockd: false, lockspaces: [] }, []).lockspace).toBe('no-lvmlockd');
    expect(vgNodeHealth(g, { ...d, dlm: [] }, []).dlm).toBe('missing');
    expect(vgNodeHealth(g, { ...d, dlm: [{ name: 'lvm_vg_vms', members: [1, 2], changing: true }] }, []).dlm).toBe('changing');
    expect(vgNodeHealth(g, { ...d, dlm: undefined }, []).dlm).toBe('unknown');
    expect(vgNodeHealth(vg('vg_s', [], 'sanlock'), d, []).dlm).toBe('unknown');
  });
});

describe('lockspaceAlerts', () => {
  const g = vg('vg_vms', [['db1-data', true]]);
  it('raises nothing while the lockspace is held', () => {
    expect(lockspaceAlerts('n2', healthy([g]), vms)).toEqual([]);
  });
  it('raises one critical alert per VG whose lockspace is missing under running VMs', () => {
    expect(lockspaceAlerts('n2', { ...healthy([g]), lockspaces: [] }, vms)).toEqual([
      { rule: 'lvm-lockspace', node: 'n2', subject: 'vg_vms', severity: 'critical', message: 'shared VG vg_vms unlocked on n2 (lvmlockd holds no lockspace lvm_vg_vms) while VMs run on it: db1, file1' },
    ]);
    expect(lockspaceAlerts('n2', { ...healthy([g]), lvmlockd: false, lockspaces: [] }, vms)[0]!.message).toMatch(/lvmlockd is not running/);
    expect(lockspaceAlerts('n2', { ...healthy([g]), dlm: [] }, vms)[0]!.message).toMatch(/the dlm has no lockspace lvm_vg_vms/);
  });
  it('raises nothing for a missing lockspace when no VM here uses the VG', () => {
    expect(lockspaceAlerts('n2', { ...healthy([g]), lockspaces: [] }, vms.filter((v) => v.name === 'web1'))).toEqual([]);
    expect(lockspaceAlerts('n2', undefined, vms)).toEqual([]);
  });
});
