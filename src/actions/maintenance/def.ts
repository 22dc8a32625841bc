// `cluster|node|resource maintenance on|off …`: one action per scope, one shared guard/plan.
// In the TUI each is a toggle: on, or off when the thing already is in maintenance.
import { flattenResources } from '../../model/pacemaker.js';
import { crmNode } from '../state.js';
import { clusterMaintenanceCmd, nodeMaintenanceCmd, resourceMaintenanceCmd } from '../commands.js';
import { defineAction } from '../define.js';
import { need, type ArgSpec } from '../grammar.js';
import { PACEMAKER } from '../reads.js';
import { maintenanceGuards, maintenanceLabel, maintenancePlan, verifyMaintenance, type MaintenanceTarget } from './maintenance.js';

const SWITCH: ArgSpec = { name: 'mode', meta: 'on|off', type: 'text', choices: ['on', 'off'] };
const onOff = (on: boolean | undefined) => (on ? 'off' : 'on');

// Turning it on removes Pacemaker's protection: typed confirmation like the other risky actions.
const common = {
  destructive: true,
  mutates: true,
  targetLabel: maintenanceLabel,
  confirmWords: (t: MaintenanceTarget) => [t.scope.kind === 'cluster' ? 'maintenance' : t.scope.kind === 'node' ? t.scope.node : t.scope.resource],
  guards: maintenanceGuards,
  plan: maintenancePlan,
  verify: verifyMaintenance,
  reads: () => [PACEMAKER],
};

export const clusterMaintenanceAction = defineAction({
  title: 'Cluster maintenance',
  summary: 'Cluster-wide maintenance mode: Pacemaker neither stops, starts nor recovers anything until it is off.',
  cli: { group: 'cluster', verb: 'maintenance', args: [SWITCH] },
  ui: {
    bindings: [{ scope: 'global', key: 'Z', desc: 'Cluster maintenance mode on (off when on): Pacemaker recovers nothing meanwhile' }],
    takes: 'none',
    values: (_row, s) => ({ mode: onOff(s.cluster.crm?.summary.maintenanceMode) }),
  },
  target: (v): MaintenanceTarget => ({ on: need(v, 'mode', 'on|off') === 'on', scope: { kind: 'cluster' } }),
  sudo: () => [clusterMaintenanceCmd(true), clusterMaintenanceCmd(false)],
  ...common,
});

export const nodeMaintenanceAction = defineAction({
  title: 'Node maintenance',
  summary: "Node maintenance: Pacemaker leaves the node's resources alone (no monitor, no recovery) until it is off.",
  cli: { group: 'node', verb: 'maintenance', args: [SWITCH, { name: 'node', meta: 'NODE', type: 'node' }] },
  ui: {
    bindings: [{ scope: 'nodes', key: 'M', desc: 'Node maintenance on (off when it is in maintenance): Pacemaker leaves its resources alone', hint: 'maint' }],
    takes: 'rows',
    values: (row, s) => ({ mode: onOff(row ? crmNode(s, row.name)?.maintenance : undefined), node: row?.name }),
  },
  target: (v): MaintenanceTarget => ({ on: need(v, 'mode', 'on|off') === 'on', scope: { kind: 'node', node: need(v, 'node', 'NODE') } }),
  sudo: (p) => [nodeMaintenanceCmd(p.node, true), nodeMaintenanceCmd(p.node, false)],
  ...common,
});

export const resourceMaintenanceAction = defineAction({
  title: 'Resource maintenance',
  summary: 'Resource maintenance (is-managed=false): Pacemaker hands the resource off until it is off.',
  cli: { group: 'resource', verb: 'maintenance', args: [SWITCH, { name: 'resource', meta: 'RESOURCE', type: 'resource' }] },
  ui: {
    bindings: [{ scope: 'resources', key: 'M', desc: 'Maintenance on (off when already unmanaged): Pacemaker hands off', hint: 'maint' }],
    takes: 'rows',
    // on for a managed resource, off for one already unmanaged (in maintenance)
    values: (row, s) => {
      const r = flattenResources(s.cluster.crm?.resources ?? []).find((x) => x.id === row?.name);
      return { mode: onOff(r ? !r.managed : undefined), resource: row?.name };
    },
  },
  target: (v): MaintenanceTarget => ({ on: need(v, 'mode', 'on|off') === 'on', scope: { kind: 'resource', resource: need(v, 'resource', 'RESOURCE') } }),
  sudo: (p) => [resourceMaintenanceCmd(p.resource, true), resourceMaintenanceCmd(p.resource, false)],
  ...common,
});
