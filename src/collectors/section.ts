// Helpers shared by the collectors: turning one command's result (alone or a batch section)
// into text for a parser, with errors that name the node and the command.
import type { Cmd } from '../ssh/cmd.js';
import { displayCmd } from '../ssh/quote.js';
import type { RunResult } from '../ssh/runner.js';

/** A command ran but did not give usable output. */
export class CommandFailedError extends Error {
  constructor(
    readonly node: string,
    readonly cmd: Cmd,
    readonly code: number | null,
    detail: string,
  ) {
    super(`${node}: \`${displayCmd(cmd)}\` ${detail}`);
    this.name = 'CommandFailedError';
  }
}

function firstLine(s: string): string {
  const l = s.trim().split('\n')[0] ?? '';
  return l.length > 160 ? `${l.slice(0, 160)}…` : l;
}

/**
 * stdout of a command that must succeed. Tools such as corosync-quorumtool use non-zero codes
 * for states (not quorate) while still printing the report, so output with a non-zero code is
 * accepted when `lenient` and non-empty.
 */
export function okOutput(node: string, cmd: Cmd, r: RunResult | undefined, lenient = false): string {
  if (!r) throw new CommandFailedError(node, cmd, null, 'produced no result');
  if (r.code === 0) return r.stdout;
  if (lenient && r.stdout.trim() !== '') return r.stdout;
  const why = r.code === null ? `ended by ${r.signal ?? 'signal'}` : `exited ${r.code}`;
  const err = firstLine(r.stderr);
  throw new CommandFailedError(node, cmd, r.code, err ? `${why}: ${err}` : why);
}

/** Error → one line for the store's error field (RunError/ParseError already name the node). */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
