// Per node: multipathd's JSON; falls back to `multipath -ll` text when JSON is unsupported or
// fails, and stays on text for that node afterwards (no double round trip every tick).
import type { MultipathMap } from '../../model/multipath.js';
import type { CollectorContext } from '../context.js';
import { okOutput } from '../section.js';
import { parseSame } from '../reuse.js';
import { multipathJsonCmd, multipathLlCmd } from './command.js';
import { parseMultipathJson, parseMultipathLl } from './parse.js';

export class MultipathCollector {
  private readonly textOnly = new Set<string>();

  async poll(ctx: CollectorContext, node: string): Promise<void> {
    let maps: MultipathMap[] | undefined;
    if (!this.textOnly.has(node)) {
      const c = multipathJsonCmd();
      const r = await ctx.runner.run(node, c);
      try {
        maps = parseSame(ctx, node, 'multipath-json', okOutput(node, c, r), (t) => parseMultipathJson(t, node));
      } catch {
        this.textOnly.add(node);
      }
    }
    if (!maps) {
      const c = multipathLlCmd();
      const r = await ctx.runner.run(node, c);
      // `multipath -ll` prints nothing and exits 0 when there are no maps.
      maps = parseSame(ctx, node, 'multipath-ll', okOutput(node, c, r), (t) => parseMultipathLl(t, node));
    }
    ctx.store.getState().setNodeData(node, 'multipath', { multipath: maps });
  }

  usesText(node: string): boolean {
    return this.textOnly.has(node);
  }
}
