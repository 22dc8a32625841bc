// `cluster|node|resource maintenance on|off …`: one action per scope, one shared guard/plan.
import { nodeName, resourceId } from '../../model/names.js';
import { usageChecked } from '../error-text.js';
import { PACEMAKER } from '../reads.js';
import { UsageError, type ActionDef } from '../types.js';
import { maintenanceGuards, maintenanceLabel, maintenancePlan, verifyMaintenance, type MaintenanceScope, type MaintenanceTarget } from './maintenance.js';

type Kind = MaintenanceScope['kind'];
const USAGE: Record<Kind, string> = { cluster: 'cluster maintenance on|off', node: 'node maintenance on|off NODE', resource: 'resource maintenance on|off RESOURCE' };

export function parseMaintenance(kind: Kind) {
  return (args: readonly string[]): MaintenanceTarget => {
    const usage = `usage: ${USAGE[kind]}`;
    const [sw, name, ...extra] = args;
    if (sw !== 'on' && sw !== 'off') throw new UsageError(`${sw === undefined ? 'say on or off' : `${JSON.stringify(sw)} is not on or off`}\n${usage}`);
    if (extra.length || (kind === 'cluster') !== (name === undefined)) throw new UsageError(usage);
    const scope: MaintenanceScope =
      kind === 'cluster' ? { kind } : kind === 'node' ? { kind, node: usageChecked(() => nodeName(name!)) } : { kind, resource: usageChecked(() => resourceId(name!)) };
    return { on: sw === 'on', scope };
  };
}

const def = (kind: Kind, title: string): ActionDef<MaintenanceTarget, undefined> => ({
  id: `${kind}.maintenance`,
  title,
  usage: USAGE[kind],
  // Turning it on removes Pacemaker's protection: typed confirmation like the other risky actions.
  destructive: true,
  mutates: true,
  parseTarget: parseMaintenance(kind),
  targetLabel: maintenanceLabel,
  confirmWords: (t) => [t.scope.kind === 'cluster' ? 'maintenance' : t.scope.kind === 'node' ? t.scope.node : t.scope.resource],
  guards: maintenanceGuards,
  plan: maintenancePlan,
  verify: verifyMaintenance,
  reads: () => [PACEMAKER],
});

export const clusterMaintenanceAction = def('cluster', 'Cluster maintenance');
export const nodeMaintenanceAction = def('node', 'Node maintenance');
export const resourceMaintenanceAction = def('resource', 'Resource maintenance');
