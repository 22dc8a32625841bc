// Every alert rule: the built-in ones grouped by the source domain that feeds them, then the rules
// a source declares in its own folder (SourceDef.alerts, through the source registry). The engine
// derives each rule's memo from the rule's declared inputs.
import type { AlertRule } from './rule.js';
import { clusterStaleRule, nodeStaleRule, unfinishedActionRule, unreachableRule } from './connection.js';
import { fenceabilityRule, sbdRule, stonithDisabledRule } from './fencing.js';
import { hostRule } from './host.js';
import { ioRule } from './iostat.js';
import { mpathRule } from './multipath.js';
import { bondRule, corosyncLinkRule } from './network.js';
import { failedActionRule, pcmkNodeRule, quorumRule } from './pacemaker.js';
import { vmDupRule, vmMismatchRule, vmRecordRule } from './vms.js';
import { SOURCES } from '../../collectors/registry.js';

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
  ...SOURCES.flatMap((s) => s.alerts ?? []),
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
