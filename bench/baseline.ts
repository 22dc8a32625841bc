// The reference architecture's way of collecting: one OpenSSH `ssh` process (a new TCP
// connection, key exchange and authentication) per command, against the same demo servers.
// CPU of each ssh process is read from bash's `times` (children user+sys) around it.
// The second baseline multiplexes: one persistent OpenSSH master per node (ControlMaster=auto,
// ControlPersist), still one `ssh` client per command; the detached masters' CPU is read from
// /proc/<pid>/stat, since `times` never sees them.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
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

/** OpenSSH multiplexing options: a master per node in `dir`, kept after its last client. */
const muxOpts = (dir: string): string[] => ['-o', 'ControlMaster=auto', '-o', `ControlPath=${join(dir, '%C')}`, '-o', 'ControlPersist=600'];

function sshArgs(h: ResolvedHost, knownHostsFile: string, clientKeyFile: string, command: string, muxDir?: string): string[] {
  return [
    '-F', '/dev/null', // no user ssh_config: nothing like ControlMaster sneaks in unasked
    ...(muxDir ? muxOpts(muxDir) : []),
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
  /** ControlPath directory: every ssh is a client of that node's master. */
  muxDir?: string;
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
        const r = await runOne(sshArgs(h, o.knownHostsFile, o.clientKeyFile, toExecString(c.cmd, { useSudo: false }), o.muxDir));
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

export interface MuxBaselineResult extends BaselineResult {
  /** ssh clients' user+sys CPU seconds (from `times`) */
  clientCpuS: number;
  /** the masters' user+sys CPU seconds over the same commands (from /proc) */
  masterCpuS: number;
  masters: number;
}

/** user+sys CPU seconds of a process from /proc/<pid>/stat (utime, stime: fields 14, 15, in USER_HZ = 100). */
async function procCpuS(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return undefined;
  }
}

function sshOnce(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn('ssh', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    // 'exit', not 'close': a master that forks into the background must not hold us up.
    p.on('exit', (code) => resolve({ code, stderr }));
    p.on('error', (e) => resolve({ code: null, stderr: e.message }));
  });
}

/**
 * The multiplexed baseline: a master per node is opened first (its key exchange and
 * authentication are not counted — they happen once per ControlPersist period), then the
 * commands run as clients of the masters; cost = the clients' CPU + the masters' CPU over the
 * same span. The masters are stopped (`-O exit`) and their directory removed afterwards.
 */
export async function runMuxBaseline(o: Parameters<typeof runBaseline>[0]): Promise<MuxBaselineResult> {
  const dir = await mkdtemp(join(os.tmpdir(), 'vd-cm-'));
  const used = [...new Set(o.cmds.map((c) => c.node))].map((n) => o.hosts.find((h) => h.name === n)).filter((h): h is ResolvedHost => h !== undefined);
  const ctl = (h: ResolvedHost, op: string) =>
    sshOnce(['-F', '/dev/null', '-o', `ControlPath=${join(dir, '%C')}`, '-O', op, '-p', String(h.port), `${h.user}@${h.hostname}`]);
  try {
    const pids: number[] = [];
    for (const h of used) {
      const open = await sshOnce(sshArgs(h, o.knownHostsFile, o.clientKeyFile, 'true', dir));
      if (open.code !== 0) throw new Error(`ControlMaster to ${h.name}: ${open.stderr.trim().split('\n')[0] ?? `exit ${open.code}`}`);
      const pid = Number(/pid=(\d+)/.exec((await ctl(h, 'check')).stderr)?.[1]);
      if (!Number.isInteger(pid)) throw new Error(`ControlMaster to ${h.name}: no master pid from ssh -O check`);
      pids.push(pid);
    }
    const cpu = async () => {
      const each = await Promise.all(pids.map(procCpuS));
      if (each.some((x) => x === undefined)) throw new Error(`ControlMaster: a master exited during the baseline (pids ${pids.join(' ')})`);
      return each.reduce<number>((a, b) => a + b!, 0);
    };
    const before = await cpu();
    const r = await runBaseline({ ...o, muxDir: dir });
    const masterCpuS = (await cpu()) - before;
    const cpuS = r.cpuS + masterCpuS;
    return { ...r, clientCpuS: r.cpuS, masterCpuS, masters: pids.length, cpuS, cpuPerCmdMs: r.runs ? (1000 * cpuS) / r.runs : 0 };
  } finally {
    await Promise.all(used.map((h) => ctl(h, 'exit')));
    await rm(dir, { recursive: true, force: true });
  }
}
