// Line splitting for the followed streams (journal, virsh events): chunks arrive cut anywhere,
// and a runaway line must cost bounded memory instead of growing the buffer for ever.

/** What one chunk completed: its whole lines, and the head of a partial line that was dropped. */
export interface LineChunk {
  /** Complete lines, without their '\n', in stream order. */
  lines: string[];
  /** Set when the pending partial line grew past `maxPartial`: it is dropped, up to its end. */
  dropped?: string;
}

/**
 * Keeps the partial last line of a stream between chunks. A partial line longer than
 * `maxPartial` is dropped together with the rest of that line, however many chunks it spans.
 * Complete lines are passed on whatever their length: bounding those is the caller's rule.
 */
export class LineBuffer {
  private buf = '';
  private skipping = false;

  constructor(private readonly maxPartial: number) {}

  push(chunk: string): LineChunk {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      const piece = chunk.slice(start, nl);
      start = nl + 1;
      if (this.skipping) {
        this.skipping = false;
        this.buf = '';
        continue;
      }
      lines.push(this.buf + piece);
      this.buf = '';
    }
    if (this.skipping) return { lines };
    this.buf += chunk.slice(start);
    if (this.buf.length <= this.maxPartial) return { lines };
    const dropped = this.buf;
    this.buf = '';
    this.skipping = true;
    return { lines, dropped };
  }

  /** Forget the partial line (after a stream restart it must not glue onto the new stream). */
  reset(): void {
    this.buf = '';
    this.skipping = false;
  }
}
