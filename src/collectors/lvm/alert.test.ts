import { describe, expect, it } from 'vitest';
import type { VmRuntime } from '../../model/vm.js';
import { lvmLockspaceRule } from './alert.js';

const vm = (name: string, state: string, disks?: readonly string[]): VmRuntime => ({ name, node: 'n1', state, ...(disks ? { disks } : {}) });

describe('lvmLockspaceRule', () => {
  const same = lvmLockspaceRule.inputs.vms.same;
  it('takes a new VM poll with the same names, states and disk arrays as the same input', () => {
    const disks = ['/dev/vg_vms/db1-data'];
    expect(same([vm('db1', 'running', disks)], [{ ...vm('db1', 'running', disks), cpuPct: 50 }])).toBe(true);
  });
  it('sees a started or stopped VM and changed disks as a change', () => {
    const disks = ['/dev/vg_vms/db1-data'];
    expect(same([vm('db1', 'running', disks)], [vm('db1', 'shut off', disks)])).toBe(false);
    expect(same([vm('db1', 'running', disks)], [vm('db1', 'running', ['/dev/vg_vms/db1-data'])])).toBe(false);
    expect(same([vm('db1', 'running', disks)], [])).toBe(false);
    expect(same(undefined, [])).toBe(false);
  });
  it('raises the lockspace alert from the node’s LVM data and VMs', () => {
    const drafts = lvmLockspaceRule.evaluate(
      { lvm: { lvmlockd: true, lockspaces: [], vgs: [{ name: 'vg_vms', shared: true, lockType: 'dlm', lvs: [] }] }, vms: [vm('db1', 'running', ['/dev/vg_vms/db1-data'])] },
      'n1',
      { step: () => false },
    );
    expect(drafts.map((d) => [d.rule, d.node, d.subject, d.severity])).toEqual([['lvm-lockspace', 'n1', 'vg_vms', 'critical']]);
  });
});
