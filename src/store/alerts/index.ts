// Every alert rule, grouped by the source domain that feeds it. A new source adds its rule here
// (one line); the engine derives each rule's memo from the rule's declared inputs.
import type { AlertRule } from './rule.js';
import { clusterStaleRule, nodeStaleRule, unfinishedActionRule, unreachableRule } from './connection.js';
import { fenceabilityRule, sbdRule, stonithDisabledRule } from './fencing.js';
import { hostRule } from './host.js';
import { ioRule } from './iostat.js';
import { mpathRule } from './multipath.js';
import { bondRule, corosyncLinkRule } from './network.js';
import { failedActionRule, pcmkNodeRule, quorumRule } from './pacemaker.js';
import { vmDupRule, vmMismatchRule, vmRecordRule } from './vms.js';
import { lvmLockspaceRule } from '../../collectors/lvm/alert.js';

export const ALERT_RULES: readonly AlertRule[] = [
  // per node
  ioRule,
  hostRule,
  unreachableRule,
  mpathRule,
  sbdRule,
  bondRule,
  corosyncLinkRule,
  nodeStaleRule,
  vmRecordRule,
  vmMismatchRule,
  lvmLockspaceRule,
  // cluster-wide
  clusterStaleRule,
  unfinishedActionRule,
  quorumRule,
  stonithDisabledRule,
  pcmkNodeRule,
  fenceabilityRule,
  failedActionRule,
  vmDupRule,
];
