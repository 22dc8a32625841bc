// Per node: interface counters → rates (needs the previous sample) and bonding state.
import type { Cmd } from '../../ssh/cmd.js';
import type { RunResult } from '../../ssh/runner.js';
import type { NetDevCounters } from '../../model/network.js';
import type { CollectorContext } from '../context.js';
import { okOutput } from '../section.js';
import { parseSame } from '../reuse.js';
import { networkBatch } from './command.js';
import { netRates, parseBondingGrep, parseProcNetDev } from './parse.js';

export class NetworkCollector {
  private readonly prev = new Map<string, { at: number; counters: NetDevCounters[] }>();

  cmds(): Cmd[] {
    return networkBatch();
  }

  apply(ctx: CollectorContext, node: string, rs: readonly RunResult[]): void {
    const cmds = this.cmds();
    const counters = parseProcNetDev(okOutput(node, cmds[0]!, rs[0]), node);
    // No /proc/net/bonding (no bonds) makes grep exit 2: that is "no bonds".
    const b = rs[1];
    const bonds = b && b.stdout.trim() !== '' ? parseSame(ctx, node, 'bonding', b.stdout, (t) => parseBondingGrep(t, node)) : [];
    const at = ctx.now();
    const prev = this.prev.get(node);
    this.prev.set(node, { at, counters });
    // First sample: rates are 0 until there is a previous one; the counters are still shown.
    const nics = prev && at > prev.at ? netRates(prev.counters, counters, at - prev.at) : netRates(counters, counters, 1000);
    ctx.store.getState().setNodeData(node, 'network', { nics, bonds });
  }

  async poll(ctx: CollectorContext, node: string): Promise<void> {
    this.apply(ctx, node, await ctx.runner.runBatch(node, this.cmds()));
  }
}
