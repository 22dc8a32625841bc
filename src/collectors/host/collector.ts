// Per node: /proc reads (one batch, shared with network and VMs: runtime.ts pollShared) and, slowly, virsh
// capabilities. CPU % needs two /proc/stat samples, so the previous one is kept per node.
import type { Cmd } from '../../ssh/cmd.js';
import type { RunResult } from '../../ssh/runner.js';
import type { HostMetrics, ProcStat } from '../../model/host.js';
import type { CollectorContext } from '../context.js';
import { okOutput } from '../section.js';
import { parseSame } from '../reuse.js';
import { capabilitiesCmd, hostBatch } from './command.js';
import { cpuUsage, parseCapabilities, parseHugepagesSysfs, parseLoadavg, parseMeminfo, parseProcStat, parseUptime } from './parse.js';

export class HostCollector {
  private readonly prevStat = new Map<string, ProcStat>();

  cmds(): Cmd[] {
    return hostBatch();
  }

  /** Parses this part's sections (in cmds() order) and writes the store. */
  apply(ctx: CollectorContext, node: string, rs: readonly RunResult[]): void {
    const cmds = this.cmds();
    const stat = parseProcStat(okOutput(node, cmds[0]!, rs[0]), node);
    const mem = parseMeminfo(okOutput(node, cmds[1]!, rs[1]), node);
    const load = parseLoadavg(okOutput(node, cmds[2]!, rs[2]), node);
    const uptimeS = parseUptime(okOutput(node, cmds[3]!, rs[3]), node);
    // No hugepages directory (or no pools) is normal: grep exits non-zero.
    const hp = rs[4];
    const hugepages = hp && hp.stdout.trim() !== '' ? parseSame(ctx, node, 'hugepages', hp.stdout, (t) => parseHugepagesSysfs(t, node)) : [];
    const prev = this.prevStat.get(node);
    this.prevStat.set(node, stat);
    const host: HostMetrics = { mem, hugepages, load, uptimeS };
    if (prev) host.cpu = cpuUsage(prev, stat);
    ctx.store.getState().setNodeData(node, 'host', { host });
  }

  async poll(ctx: CollectorContext, node: string): Promise<void> {
    this.apply(ctx, node, await ctx.runner.runBatch(node, this.cmds()));
  }
}

export async function pollCapabilities(ctx: CollectorContext, node: string): Promise<void> {
  const c = capabilitiesCmd(ctx.libvirtUri);
  const r = await ctx.runner.run(node, c);
  const capabilities = parseCapabilities(okOutput(node, c, r), node);
  ctx.store.getState().setNodeData(node, 'capabilities', { capabilities });
}
