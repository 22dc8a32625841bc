// The cluster LVM alert as a rule object: a shared VG's lockspace missing on a node whose running
// VMs have disks on it (health.ts decides; this declares what it reads).
import { nodeRule } from '../../store/alerts/rule.js';
import { lockspaceAlerts } from './health.js';

export const lvmLockspaceRule = nodeRule({
  id: 'lvm-lockspace',
  inputs: { lvm: (n) => n.lvm, vms: (n) => n.vms },
  evaluate: ({ lvm, vms }, node) => lockspaceAlerts(node, lvm, vms),
});
