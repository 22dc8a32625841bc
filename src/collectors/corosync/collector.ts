// Per node: quorum and link status in one batch.
import type { CollectorContext } from '../context.js';
import { okOutput } from '../section.js';
import { parseSame } from '../reuse.js';
import { linksCmd, quorumCmd } from './command.js';
import { parseCfgtool, parseQuorumtool } from './parse.js';

export async function pollCorosync(ctx: CollectorContext, node: string): Promise<void> {
  const cmds = [quorumCmd(), linksCmd()];
  const [q, l] = await ctx.runner.runBatch(node, cmds);
  // corosync-quorumtool exits non-zero when not quorate but still prints the report.
  const quorum = parseSame(ctx, node, 'quorumtool', okOutput(node, cmds[0]!, q, true), (t) => parseQuorumtool(t, node));
  const corosyncLinks = parseSame(ctx, node, 'cfgtool', okOutput(node, cmds[1]!, l, true), (t) => parseCfgtool(t, node));
  ctx.store.getState().setNodeData(node, 'corosync', { quorum, corosyncLinks });
}
