// How a simulated command sees its channel and the cluster.
import type { DemoSim } from '../sim/sim.js';

export interface ToolIo {
  out(s: string): void;
  err(s: string): void;
  /** The channel's stdin up to EOF. */
  stdin(): Promise<string>;
  /** Called once when the channel closes (streams clear their timers here). */
  onClose(fn: () => void): void;
  readonly closed: boolean;
}

export interface ToolCtx {
  sim: DemoSim;
  /** The node this command runs on. */
  node: string;
  io: ToolIo;
  /** `env K=V` prefix of the command (e.g. CIB_file for what-if edits). */
  env: Readonly<Record<string, string>>;
  /** The program as typed (`crm_mon` or `/usr/sbin/crm_mon`): crm_mon echoes it in request="…". */
  argv0?: string;
}

/** Returns the exit code (streams resolve when their channel closes). */
export type Tool = (ctx: ToolCtx, args: string[]) => number | Promise<number>;

/** Values of `--name value`, `--name=value` and short `-n value` options. */
export function optValue(args: readonly string[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const n of names) {
      if (a === n) return args[i + 1];
      if (n.startsWith('--') && a.startsWith(`${n}=`)) return a.slice(n.length + 1);
    }
  }
  return undefined;
}

export function hasFlag(args: readonly string[], ...names: string[]): boolean {
  return args.some((a) => names.includes(a));
}

export const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** ctime(3) style (UTC): "Tue Nov 24 07:44:23 2026" (day padded with a space like asctime). */
export function ctimeUtc(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}
/** "2026-11-24 07:44:23Z" */
export function isoZ(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
