// Per node: the iostat stream (one JSON sample per interval), or one sample for `snapshot`.
// dm-N devices get their multipath alias from the node's multipath maps (the store fills it), and
// the store records each LUN's await/util in the session history (src/store/history.ts).
import { cmd, type Cmd } from '../../ssh/cmd.js';
import type { StreamHandle } from '../../ssh/runner.js';
import type { IostatSample } from '../../model/io.js';
import type { CollectorContext } from '../context.js';
import { errorMessage, okOutput } from '../section.js';
import { writeStream } from '../coalesce.js';
import { iostatStreamCmd } from './command.js';
import { IostatStreamParser, parseIostatJson } from './parse.js';

/** One sample after 1 s (`-y` drops the since-boot report). Used by collectOnce. */
export const iostatOnceCmd = (): Cmd => cmd('iostat', '-dxy', '-o', 'JSON', '1', '1').timeout(15_000).done();

export class IostatCollector {
  /** Writes a sample's devices (the store adds the multipath aliases and the history). */
  applySample(ctx: CollectorContext, node: string, sample: IostatSample): void {
    ctx.store.getState().setNodeData(node, 'iostat', { io: sample.devices });
  }

  async pollOnce(ctx: CollectorContext, node: string): Promise<void> {
    const c = iostatOnceCmd();
    const r = await ctx.runner.run(node, c);
    const samples = parseIostatJson(okOutput(node, c, r), node);
    const last = samples[samples.length - 1];
    if (!last) throw new Error(`${node}: iostat printed no sample`);
    this.applySample(ctx, node, last);
  }

  startStream(ctx: CollectorContext, node: string, intervalMs: number): StreamHandle {
    const parser = new IostatStreamParser(node);
    const st = ctx.store.getState;
    return ctx.runner.stream(node, iostatStreamCmd(intervalMs / 1000), {
      onStart: () => parser.reset(),
      onData: (chunk) => {
        try {
          for (const s of parser.feed(chunk)) writeStream(ctx, 'iostat', node, () => this.applySample(ctx, node, s));
        } catch (e) {
          st().markError('iostat', node, errorMessage(e));
          parser.reset();
        }
      },
      onEnd: (info) => {
        st().markError('iostat', node, info.error ? errorMessage(info.error) : `iostat ended (exit ${info.code ?? 'signal'}); restarting`);
      },
    });
  }
}
