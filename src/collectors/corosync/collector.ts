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

/**
 * corosync-quorumtool -s prints the time it ran ("Date:             Mon Jun  2 10:00:00 2025", ctime
 * format), so its output never repeats. parseQuorumtool reads no "Date:" value (the line stays a
 * "Date:" line either way), and a ctime value holds nothing else it looks for: the output without
 * that value decides whether the last parse still holds. Any other form of the line is compared
 * as it is.
 */
export function withoutDate(text: string): string {
  const at = text.startsWith('Date:') ? 0 : text.indexOf('\nDate:') + 1;
  if (at === 0 && !text.startsWith('Date:')) return text;
  const m = CTIME_VALUE.exec(text.slice(at + 5, at + 64));
  return m ? text.slice(0, at + 5) + text.slice(at + 5 + m[0].length) : text;
}

/** What follows "Date:" when it is ctime(3)'s value, up to the line break. */
const CTIME_VALUE = /^[ \t]+[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}(?=\r?\n|$)/;

/** Parses the results of corosyncCmds() and writes the node's corosync slice. */
export function applyCorosync(ctx: CollectorContext, node: string, cmds: readonly Cmd[], [q, l]: readonly RunResult[]): void {
  // corosync-quorumtool exits non-zero when not quorate but still prints the report.
  const qText = okOutput(node, cmds[0]!, q, true);
  const quorum = parseSame(ctx, node, 'quorumtool', qText, (t) => parseQuorumtool(t, node), withoutDate(qText));
  const corosyncLinks = parseSame(ctx, node, 'cfgtool', okOutput(node, cmds[1]!, l, true), (t) => parseCfgtool(t, node));
  ctx.store.getState().setNodeData(node, 'corosync', { quorum, corosyncLinks });
}

export async function pollCorosync(ctx: CollectorContext, node: string): Promise<void> {
  const cmds = corosyncCmds();
  applyCorosync(ctx, node, cmds, await ctx.runner.runBatch(node, cmds));
}
