// The reference architecture's way of collecting: one OpenSSH `ssh` process (a new TCP
// connection, key exchange and authentication) per command, against the same demo servers.
// CPU of each ssh process is read from bash's `times` (children user+sys) around it.
import { spawn } from 'node:child_process';
import type { Cmd } from '../src/ssh/cmd.js';
import type { ResolvedHost } from '../src/ssh/host.js';
import { toExecString } from '../src/ssh/quote.js';
import type { ScheduledExec } from './counting-runner.js';
import { childCpuFromTimes } from './stats.js';

export interface BaselineResult {
  /** ssh processes run */
  runs: number;
  failed: number;
  /** summed user+sys CPU seconds of the ssh processes */
  cpuS: number;
  cpuPerCmdMs: number;
  wallMs: number;
  /** slowest start behind schedule (the concurrency cap or a busy machine) */
  maxLagMs: number;
  firstError?: string;
}

export interface BaselineCmd {
  t: number;
  node: string;
  cmd: Cmd;
}

/** The schedule as the reference runs it: every member of a batch is its own ssh, plus one
 *  `iostat … 1 1` per node and iostat interval in place of the iostat stream. */
export function referenceSchedule(schedule: readonly ScheduledExec[], nodes: readonly string[], windowMs: number, iostatEveryMs: number): BaselineCmd[] {
  const keep = new Set(nodes);
  const out: BaselineCmd[] = [];
  for (const e of schedule) if (keep.has(e.node) && e.t < windowMs) for (const c of e.cmds) out.push({ t: e.t, node: e.node, cmd: c });
  const iostat: Cmd = { argv: ['iostat', '-dxy', '-o', 'JSON', '1', '1'], env: { LC_ALL: 'C' } };
  nodes.forEach((n, i) => {
    // Spread like the console's loops: each node's first sample at a different offset.
    for (let t = (i * 97) % iostatEveryMs; t < windowMs; t += iostatEveryMs) out.push({ t, node: n, cmd: iostat });
  });
  return out.sort((a, b) => a.t - b.t);
}

function sshArgs(h: ResolvedHost, knownHostsFile: string, clientKeyFile: string, command: string): string[] {
  return [
    '-F', '/dev/null', // no user ssh_config: nothing like ControlMaster sneaks in
    '-o', 'BatchMode=yes',
    '-o', `UserKnownHostsFile=${knownHostsFile}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'IdentitiesOnly=yes',
    '-i', clientKeyFile,
    '-p', String(h.port),
    `${h.user}@${h.hostname}`,
    command,
  ];
}

function runOne(args: string[]): Promise<{ cpuS: number | undefined; code: number | null; stderr: string; bytes: number }> {
  return new Promise((resolve) => {
    const p = spawn('bash', ['-c', 'ssh "$@"; rc=$?; times >&2; exit $rc', 'bash', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    p.stdout.on('data', (b: Buffer) => (bytes += b.length));
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    p.on('close', (code) => resolve({ cpuS: childCpuFromTimes(stderr), code, stderr, bytes }));
    p.on('error', (e) => resolve({ cpuS: undefined, code: null, stderr: e.message, bytes }));
  });
}

export async function runBaseline(o: {
  cmds: readonly BaselineCmd[];
  hosts: readonly ResolvedHost[];
  knownHostsFile: string;
  clientKeyFile: string;
  maxConcurrent?: number;
}): Promise<BaselineResult> {
  const byName = new Map(o.hosts.map((h) => [h.name, h]));
  const max = o.maxConcurrent ?? 48;
  const t0 = performance.now();
  let running = 0;
  let cpuS = 0;
  let failed = 0;
  let runs = 0;
  let maxLagMs = 0;
  let firstError: string | undefined;
  const slots: (() => void)[] = [];
  const acquire = () => (running < max ? (running++, Promise.resolve()) : new Promise<void>((r) => slots.push(() => (running++, r()))));
  const release = () => {
    running--;
    slots.shift()?.();
  };
  await Promise.all(
    o.cmds.map(async (c) => {
      const wait = c.t - (performance.now() - t0);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await acquire();
      maxLagMs = Math.max(maxLagMs, performance.now() - t0 - c.t);
      try {
        const h = byName.get(c.node);
        if (!h) throw new Error(`baseline: no host ${c.node}`);
        const r = await runOne(sshArgs(h, o.knownHostsFile, o.clientKeyFile, toExecString(c.cmd, { useSudo: false })));
        runs++;
        if (r.cpuS !== undefined) cpuS += r.cpuS;
        // Non-zero exits of the command itself (e.g. a probe that finds nothing) still cost a full ssh;
        // 255 is ssh's own failure.
        if (r.code === 255 || r.cpuS === undefined) {
          failed++;
          firstError ??= `${c.node}: ${c.cmd.argv.join(' ')}: ${r.stderr.trim().split('\n')[0] ?? ''}`;
        }
      } finally {
        release();
      }
    }),
  );
  const out: BaselineResult = { runs, failed, cpuS, cpuPerCmdMs: runs ? (1000 * cpuS) / runs : 0, wallMs: performance.now() - t0, maxLagMs };
  if (firstError) out.firstError = firstError;
  return out;
}
