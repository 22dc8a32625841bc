// One node's LVM read: lvmlockctl --info, dlm_tool ls and lvs in one exec → LvmNodeData.
import type { Cmd } from '../../ssh/cmd.js';
import type { RunResult } from '../../ssh/runner.js';
import type { CollectorContext } from '../context.js';
import { okOutput } from '../section.js';
import { dlmToolLsCmd, lvmlockctlInfoCmd, lvsSharedCmd } from './command.js';
import type { LvmNodeData } from './model.js';
import { parseDlmToolLs, parseLvmlockctlInfo, parseLvsJson } from './parse.js';
import { lvInternerOf } from './lv-interner.js';
import { parseSame } from '../reuse.js';
import { ownCopy } from '../text-scan.js';

/** The reads of one poll, in the order readLvm takes their results. */
export const lvmCmds = (): Cmd[] => [lvmlockctlInfoCmd(), dlmToolLsCmd(), lvsSharedCmd()];

/** lvmlockctl's words when lvmlockd is not running (it exits 255): a state, not a failed read. */
const NO_LVMLOCKD = /Cannot connect to lvmlockd|lvmlockd\.socket: connect failed/;

/** `vgsOf`: how the lvs report becomes VGs (the runtime reuses and interns, see applyLvm). */
export function readLvm(node: string, cmds: readonly Cmd[], [lockR, dlmR, lvsR]: readonly (RunResult | undefined)[], vgsOf = (text: string) => parseLvsJson(text, node)): LvmNodeData {
  const down = lockR !== undefined && lockR.code !== 0 && NO_LVMLOCKD.test(`${lockR.stdout}\n${lockR.stderr}`);
  // The sections are slices of the whole exec's output, lvs's JSON included (466 KB at 1,300 LVs):
  // names and UUIDs parsed out of them would keep all of it alive, per node (120 MB at 256 nodes).
  const lockspaces = down ? [] : parseLvmlockctlInfo(ownCopy(okOutput(node, cmds[0]!, lockR)), node);
  // dlm_tool prints nothing and exits 1 without dlm_controld (sanlock sites have none): unknown.
  const dlm = dlmR?.code === 0 ? parseDlmToolLs(ownCopy(dlmR.stdout), node) : undefined;
  // lvs exits 5 when one VG fails while still reporting the others: take any report it printed.
  const vgs = vgsOf(okOutput(node, cmds[2]!, lvsR, true));
  const data: LvmNodeData = { lvmlockd: !down, lockspaces, vgs };
  if (dlm) data.dlm = dlm;
  return data;
}

/** Applies one poll's results: the node's `lvm` slice. */
export function applyLvm(ctx: CollectorContext, node: string, cmds: readonly Cmd[], rs: readonly RunResult[]): void {
  // Every node lists the shared VGs' LVs: one object per distinct row across nodes; a node's
  // report that did not change since its last poll is not parsed again.
  const interner = lvInternerOf(ctx);
  const lvm = readLvm(node, cmds, rs, (text) => parseSame(ctx, node, 'lvs', text, (t) => interner.intern(node, parseLvsJson(t, node))));
  ctx.store.getState().setNodeData(node, 'lvm', { lvm });
}

/** One poll in its own exec. */
export async function pollLvm(ctx: CollectorContext, node: string): Promise<void> {
  const cmds = lvmCmds();
  applyLvm(ctx, node, cmds, await ctx.runner.runBatch(node, cmds));
}
