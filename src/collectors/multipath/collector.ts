// Per node: multipathd's JSON; falls back to `multipath -ll` text when JSON is unsupported or
// fails, and stays on text for that node afterwards (no double round trip every tick).
import type { MultipathMap } from '../../model/multipath.js';
import type { Cmd } from '../../ssh/cmd.js';
import type { RunResult } from '../../ssh/runner.js';
import type { CollectorContext } from '../context.js';
import { okOutput } from '../section.js';
import { parseSame } from '../reuse.js';
import { multipathJsonCmd, multipathLlCmd } from './command.js';
import { parseMultipathJson, parseMultipathLl } from './parse.js';

export class MultipathCollector {
  private readonly textOnly = new Set<string>();

  /** The read of `node`'s next poll: multipathd's JSON, or `multipath -ll` once the JSON failed there. */
  cmds(node: string): Cmd[] {
    return [this.textOnly.has(node) ? multipathLlCmd() : multipathJsonCmd()];
  }

  /**
   * Applies the result of cmds(node). false: the JSON read failed or was unreadable — nothing was
   * written, the node reads text from now on, and the caller reads again (cmds(node) is text now).
   */
  apply(ctx: CollectorContext, node: string, cmds: readonly Cmd[], [r]: readonly RunResult[]): boolean {
    const c = cmds[0]!;
    let maps: MultipathMap[];
    if (c.argv[0] === 'multipathd') {
      try {
        maps = parseSame(ctx, node, 'multipath-json', okOutput(node, c, r), (t) => parseMultipathJson(t, node));
      } catch {
        this.textOnly.add(node);
        return false;
      }
    } else {
      // `multipath -ll` prints nothing and exits 0 when there are no maps.
      maps = parseSame(ctx, node, 'multipath-ll', okOutput(node, c, r), (t) => parseMultipathLl(t, node));
    }
    ctx.store.getState().setNodeData(node, 'multipath', { multipath: maps });
    return true;
  }

  async poll(ctx: CollectorContext, node: string): Promise<void> {
    const cmds = this.cmds(node);
    if (this.apply(ctx, node, cmds, [await ctx.runner.run(node, cmds[0]!)])) return;
    const text = this.cmds(node);
    this.apply(ctx, node, text, [await ctx.runner.run(node, text[0]!)]);
  }

  usesText(node: string): boolean {
    return this.textOnly.has(node);
  }
}
