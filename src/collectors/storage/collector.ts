// Per node: the pools read (pool list, then each running pool's volumes) and the SAN read
// (iSCSI sessions and the sysfs FC/LUN listing in one exec).
import type { Cmd } from '../../ssh/cmd.js';
import type { RunResult } from '../../ssh/runner.js';
import type { CollectorContext } from '../context.js';
import { okOutput } from '../section.js';
import { parseSame } from '../reuse.js';
import { rowInternerOf } from '../row-interner.js';
import { iscsiSessionsCmd, logicalPoolNamesCmd, networkPoolNamesCmd, poolListCmd, sanSysfsCmd, volListCmd } from './command.js';
import type { IscsiSession, SanNodeData, StoragePool, StorageVolume } from './model.js';
import { NO_ISCSI_SESSIONS, parseIscsiSessions, parsePoolList, parsePoolNames, parseSanSysfs, parseVolList } from './parse.js';

export const poolListCmds = (uri: string): Cmd[] => [poolListCmd(uri), networkPoolNamesCmd(uri), logicalPoolNamesCmd(uri)];

const volumeKey = (v: StorageVolume): string => `${v.name}\0${v.path}\0${v.type}\0${v.capacityBytes ?? ''}\0${v.allocationBytes ?? ''}`;

/** One pools poll in two round trips: the pools, then the volumes of each running one (vol-list fails on an inactive pool). */
export async function pollPools(ctx: CollectorContext, node: string): Promise<void> {
  const cmds = poolListCmds(ctx.libvirtUri);
  const [listR, netR, lvR] = await ctx.runner.runBatch(node, cmds);
  const kinds = { network: parsePoolNames(okOutput(node, cmds[1]!, netR), node), logical: parsePoolNames(okOutput(node, cmds[2]!, lvR), node) };
  const pools: StoragePool[] = parsePoolList(okOutput(node, cmds[0]!, listR), node, kinds);
  const running = pools.filter((p) => p.state === 'running');
  if (running.length > 0) {
    const vcmds = running.map((p) => volListCmd(ctx.libvirtUri, p.name));
    const rs = await ctx.runner.runBatch(node, vcmds);
    const volumes = rowInternerOf(ctx, 'pool-volume', volumeKey);
    running.forEach((p, i) => {
      // One pool's volumes failing (deleted between the reads, a hung backend) leaves that pool's list unknown, not the node's pools.
      const r = rs[i];
      // A shared pool lists the same volumes on every node: one object per distinct row across nodes.
      if (r?.code === 0)
        p.volumes = parseSame(ctx, node, `vol-list\0${p.name}`, r.stdout, (t) => {
          const vols = parseVolList(t, node);
          volumes.report(node, vols.length);
          return vols.map((v) => volumes.one(v));
        });
    });
  }
  ctx.store.getState().setNodeData(node, 'pools', { pools: { pools } });
}

export const sanCmds = (): Cmd[] => [iscsiSessionsCmd(), sanSysfsCmd()];

/** iscsiadm missing (sudo's or the shell's "command not found"): the node has no iSCSI initiator. */
const NO_ISCSIADM = /iscsiadm: command not found|iscsiadm: not found/;

function readIscsi(node: string, c: Cmd, r: RunResult | undefined, ctx: CollectorContext | undefined): IscsiSession[] | undefined {
  if (r && r.code !== 0) {
    const said = `${r.stdout}\n${r.stderr}`;
    // Exit 21 (ISCSI_ERR_NO_OBJS_FOUND): no session, stdout empty.
    if (r.code === 21 || NO_ISCSI_SESSIONS.test(said)) return [];
    if (r.code === 127 || NO_ISCSIADM.test(said)) return undefined;
  }
  const out = okOutput(node, c, r);
  return ctx ? parseSame(ctx, node, 'iscsi', out, (t) => parseIscsiSessions(t, node)) : parseIscsiSessions(out, node);
}

/** With `ctx`, iSCSI sessions equal to the last read's are not parsed again (parseSame). */
export function readSan(node: string, cmds: readonly Cmd[], [iscsiR, sysR]: readonly (RunResult | undefined)[], ctx?: CollectorContext): SanNodeData {
  const iscsi = readIscsi(node, cmds[0]!, iscsiR, ctx);
  const data: SanNodeData = parseSanSysfs(okOutput(node, cmds[1]!, sysR), node);
  if (iscsi) data.iscsi = iscsi;
  return data;
}

function applySan(ctx: CollectorContext, node: string, cmds: readonly Cmd[], rs: readonly RunResult[]): void {
  ctx.store.getState().setNodeData(node, 'san', { san: readSan(node, cmds, rs, ctx) });
}

export async function pollSan(ctx: CollectorContext, node: string): Promise<void> {
  const cmds = sanCmds();
  applySan(ctx, node, cmds, await ctx.runner.runBatch(node, cmds));
}
