// Cluster-wide: node and VM-resource utilization and the placement strategy, one exec on one node.
import type { CollectorContext } from '../context.js';
import { okOutput } from '../section.js';
import { utilizationCmds } from './command.js';
import { parseNodeUtilization, parsePlacementStrategy, parseResourceUtilization, type UtilizationStatus } from './parse.js';

declare module '../../store/types.js' {
  interface ClusterSlice {
    utilization?: UtilizationStatus;
  }
}

export async function pollUtilization(ctx: CollectorContext, via: string): Promise<void> {
  const cmds = utilizationCmds();
  const [nodes, prims, config] = await ctx.runner.runBatch(via, cmds);
  // exit 105: no VirtualDomain primitive at all (an empty answer, not a failure)
  const primsOut = prims?.code === 105 ? '' : okOutput(via, cmds[1]!, prims!);
  const utilization: UtilizationStatus = {
    nodes: parseNodeUtilization(okOutput(via, cmds[0]!, nodes!)),
    resources: parseResourceUtilization(primsOut),
    placementStrategy: parsePlacementStrategy(okOutput(via, cmds[2]!, config!)),
  };
  ctx.store.getState().setClusterData('utilization', via, { utilization });
}
