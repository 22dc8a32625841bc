// Per node: quorum and link status in one batch (or inside a shared exec with the sources of
// the same cadence: runtime.ts pollShared).
import type { Cmd } from '../../ssh/cmd.js';
import type { RunResult } from '../../ssh/runner.js';
import type { CollectorContext } from '../context.js';
import { okOutput } from '../section.js';
import { parseSame } from '../reuse.js';
import { linksCmd, quorumCmd } from './command.js';
import { parseCfgtool, parseQuorumtool } from './parse.js';

/** The reads of one corosync poll, in the order applyCorosync takes their results. */
export const corosyncCmds = (): Cmd[] => [quorumCmd(), linksCmd()];

/** Parses the results of corosyncCmds() and writes the node's corosync slice. */
export function applyCorosync(ctx: CollectorContext, node: string, cmds: readonly Cmd[], [q, l]: readonly RunResult[]): void {
  // corosync-quorumtool exits non-zero when not quorate but still prints the report.
  const quorum = parseSame(ctx, node, 'quorumtool', okOutput(node, cmds[0]!, q, true), (t) => parseQuorumtool(t, node));
  const corosyncLinks = parseSame(ctx, node, 'cfgtool', okOutput(node, cmds[1]!, l, true), (t) => parseCfgtool(t, node));
  ctx.store.getState().setNodeData(node, 'corosync', { quorum, corosyncLinks });
}

export async function pollCorosync(ctx: CollectorContext, node: string): Promise<void> {
  const cmds = corosyncCmds();
  applyCorosync(ctx, node, cmds, await ctx.runner.runBatch(node, cmds));
}
