// The cluster LVM alert as a rule object: a shared VG's lockspace missing on a node whose running
// VMs have disks on it (health.ts decides; this declares what it reads).
import type { VmRuntime } from '../../model/vm.js';
import { nodeRule } from '../../store/alerts/rule.js';
import { lockspaceAlerts } from './health.js';

/** The VM list as the rule reads it: a new poll with the same names, states and disk arrays (the
 *  collector keeps a VM's array while its paths do not change) is the same input. */
const sameVmDisks = (a: readonly VmRuntime[] | undefined, b: readonly VmRuntime[] | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((v, i) => v.name === b[i]!.name && v.state === b[i]!.state && v.disks === b[i]!.disks));

export const lvmLockspaceRule = nodeRule({
  id: 'lvm-lockspace',
  inputs: { lvm: (n) => n.lvm, vms: { get: (n) => n.vms, same: sameVmDisks } },
  evaluate: ({ lvm, vms }, node) => lockspaceAlerts(node, lvm, vms),
});
