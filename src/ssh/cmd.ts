// Commands are data: argv plus how to run them. Only src/ssh/quote.ts turns them into a
// shell string, so quoting lives in exactly one place.

export interface Cmd {
  readonly argv: readonly string[];
  /** Needs root: prefixed with `sudo -n` when the cluster is configured with sudo. */
  readonly sudo?: boolean;
  /** Per-command timeout; the channel is closed when it fires. */
  readonly timeoutMs?: number;
  /** Changes cluster or host state. Refused by the runner in read-only mode. */
  readonly mutates?: boolean;
  /** Environment for this command only (rendered as `env K=V argv…`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Upper bound on captured stdout bytes; more is an `output-too-large` error. */
  readonly maxBytes?: number;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/** Builder in the lazygit style: cmd('virsh', 'list').arg('--all').sudo().done() */
export class CmdBuilder {
  private readonly a: string[];
  private o: Omit<Cmd, 'argv'> = {};
  constructor(argv: readonly string[]) {
    this.a = [...argv];
  }
  arg(...args: string[]): this {
    this.a.push(...args);
    return this;
  }
  argIf(cond: boolean, ...args: string[]): this {
    if (cond) this.a.push(...args);
    return this;
  }
  sudo(on = true): this {
    this.o = { ...this.o, sudo: on };
    return this;
  }
  timeout(ms: number): this {
    this.o = { ...this.o, timeoutMs: ms };
    return this;
  }
  mutating(): this {
    this.o = { ...this.o, mutates: true };
    return this;
  }
  env(vars: Record<string, string>): this {
    this.o = { ...this.o, env: { ...(this.o.env ?? {}), ...vars } };
    return this;
  }
  maxBytes(n: number): this {
    this.o = { ...this.o, maxBytes: n };
    return this;
  }
  done(): Cmd {
    return { argv: [...this.a], ...this.o };
  }
}

export const cmd = (...argv: string[]): CmdBuilder => new CmdBuilder(argv);

/** For logs and plan previews (quoted exactly as it will be sent, without sudo/env decisions). */
export { displayCmd } from './quote.js';
