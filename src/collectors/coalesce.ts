// Stream samples (iostat every 2 s on every node, journal lines) arrive one node at a time, and
// each write used to be its own store commit: alert derivation, timeline diff and subscriber
// notification, ~16 times a second at 32 nodes. They are queued here and applied together, in
// one commit, at most `windowMs` after the first of them. Polls are not queued: actions wait on
// them (refreshSources) and VM state changes should reach the screen at once.
import type { SourceId } from '../store/types.js';
import type { CollectorContext } from './context.js';
import { errorMessage } from './section.js';

export class WriteCoalescer {
  private queue: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `commit` runs its callback's writes as one store commit (storeControl(store).batch: the
   *  runtime passes it, so the collectors never load the store module themselves). */
  constructor(
    private readonly commit: (writes: () => void) => void,
    private readonly windowMs: number,
  ) {}

  /** Runs `write` in the next joint commit (at once when the window is 0). `write` handles its own errors. */
  add(write: () => void): void {
    if (this.windowMs <= 0) return write();
    this.queue.push(write);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
      this.timer.unref?.();
    }
  }

  /** Applies everything queued now, in one commit. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const q = this.queue;
    if (q.length === 0) return;
    this.queue = [];
    this.commit(() => {
      for (const w of q) {
        try {
          w();
        } catch {
          // Each write marks its own source on failure; one bad write must not drop the others.
        }
      }
    });
  }

  get pending(): number {
    return this.queue.length;
  }
}

/** A stream's store write, through the context's coalescer when it has one; a failing write marks its source. */
export function writeStream(ctx: CollectorContext, source: SourceId, node: string, write: () => void): void {
  const guarded = (): void => {
    try {
      write();
    } catch (e) {
      ctx.store.getState().markError(source, node, errorMessage(e));
    }
  };
  if (ctx.streamWrites) ctx.streamWrites.add(guarded);
  else guarded();
}
