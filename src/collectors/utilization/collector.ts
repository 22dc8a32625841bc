// Cluster-wide: node and VM-resource utilization and the placement strategy, one exec on one node.
import type { CollectorContext } from '../context.js';
import { okOutput } from '../section.js';
import { parseSame } from '../reuse.js';
import { utilizationCmds } from './command.js';
import { parseNodeUtilization, parsePlacementStrategy, parseResourceUtilization, type UtilizationStatus } from './parse.js';

declare module '../../store/types.js' {
  interface ClusterSlice {
    utilization?: UtilizationStatus;
  }
}

/** Reuse key of the cluster-wide reads: every node reads the same CIB, so not keyed by the node it ran on. */
const CLUSTER = '';

export async function pollUtilization(ctx: CollectorContext, via: string): Promise<void> {
  const cmds = utilizationCmds();
  const [nodes, prims, config] = await ctx.runner.runBatch(via, cmds);
  // exit 105: no VirtualDomain primitive at all (an empty answer, not a failure)
  const primsOut = prims?.code === 105 ? '' : okOutput(via, cmds[1]!, prims!);
  // The VM primitives are ~1 KB of XML per VM (1 MB at 1,024 VMs) and rarely change: the same
  // text is not parsed again (at 32 × 32 its parse was a third of the engine's allocation).
  const utilization: UtilizationStatus = {
    nodes: parseSame(ctx, CLUSTER, 'utilization-nodes', okOutput(via, cmds[0]!, nodes!), parseNodeUtilization),
    resources: parseSame(ctx, CLUSTER, 'utilization-resources', primsOut, parseResourceUtilization),
    placementStrategy: parsePlacementStrategy(okOutput(via, cmds[2]!, config!)),
  };
  ctx.store.getState().setClusterData('utilization', via, { utilization });
}
