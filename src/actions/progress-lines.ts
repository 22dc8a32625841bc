// Progress lines of a running action: a log of what happened, ending in a "live" block that each
// poll replaces (one line per resource being drained, the migration's job line), so a long wait
// shows its current state once instead of a new copy on every poll.

export interface ProgressLines {
  lines: readonly string[];
  /** How many lines at the end are live (replaced by the next block). */
  live: number;
}

export const NO_PROGRESS: ProgressLines = { lines: [], live: 0 };

/** A new log line: the live block above it stays as it last was. */
export const appendLine = (p: ProgressLines, line: string): ProgressLines => ({ lines: [...p.lines, line], live: 0 });

/** This poll's state: replaces the previous live block (an empty block removes it). */
export const replaceLive = (p: ProgressLines, block: readonly string[]): ProgressLines => ({
  lines: [...p.lines.slice(0, p.lines.length - p.live), ...block],
  live: block.length,
});
