// Per node: interface counters → rates (needs the previous sample) and bonding state.
import type { Cmd } from '../../ssh/cmd.js';
import type { RunResult } from '../../ssh/runner.js';
import type { NetDevCounters, NetDevRates } from '../../model/network.js';
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
    ctx.store.getState().setNodeData(node, 'network', { nics: keepStored(ctx.store.getState().nodes?.[node]?.nics, nics), bonds });
  }

  async poll(ctx: CollectorContext, node: string): Promise<void> {
    this.apply(ctx, node, await ctx.runner.runBatch(node, this.cmds()));
  }
}

/**
 * `nics` with each entry that equals the store's entry at the same place (same interface, same
 * rates and counters) replaced by the stored one, and its counters likewise; the stored array
 * itself when every entry is. The store would end with the same objects (its structural sharing
 * keeps equal parts), but an idle interface's equal counters made it copy the entry around them
 * on every poll: most of the network poll's garbage with a tap device per VM.
 */
export function keepStored(stored: readonly NetDevRates[] | undefined, nics: NetDevRates[]): NetDevRates[] {
  if (!stored) return nics;
  let all = stored.length === nics.length;
  for (let i = 0; i < nics.length; i++) {
    const n = nics[i]!;
    const p = stored[i];
    if (!p || p.iface !== n.iface) {
      all = false;
      continue;
    }
    if (sameCounters(p.counters, n.counters)) n.counters = p.counters;
    if (n.counters === p.counters && sameRates(p, n)) nics[i] = p;
    else all = false;
  }
  return all ? (stored as NetDevRates[]) : nics;
}

const sameRates = (a: NetDevRates, b: NetDevRates): boolean =>
  Object.is(a.rxBps, b.rxBps) &&
  Object.is(a.txBps, b.txBps) &&
  Object.is(a.rxErrsPerS, b.rxErrsPerS) &&
  Object.is(a.txErrsPerS, b.txErrsPerS) &&
  Object.is(a.rxDropPerS, b.rxDropPerS) &&
  Object.is(a.txDropPerS, b.txDropPerS);

const sameCounters = (a: NetDevCounters, b: NetDevCounters): boolean =>
  a.iface === b.iface &&
  Object.is(a.rxBytes, b.rxBytes) &&
  Object.is(a.rxPackets, b.rxPackets) &&
  Object.is(a.rxErrs, b.rxErrs) &&
  Object.is(a.rxDrop, b.rxDrop) &&
  Object.is(a.txBytes, b.txBytes) &&
  Object.is(a.txPackets, b.txPackets) &&
  Object.is(a.txErrs, b.txErrs) &&
  Object.is(a.txDrop, b.txDrop);
