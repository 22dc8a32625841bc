// The CLI: argv → config → target → session → command. main() returns the exit code; the
// entry (main.ts) owns the process. Every path closes the session (signals included).
import { appendFileSync, closeSync, fchmodSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTION_COMMANDS, COMMAND_USAGE, USAGE, UsageError, commandOf, parseArgv, type ParsedArgs } from './args.js';
import { ConfigError } from '../config/schema.js';
import { loadConfig, resolveTarget, TargetError, type LoadedConfig, type ResolvedTarget } from '../config/load.js';
import { openSession, type Session, type SessionOptions } from './session.js';
import { checkCommand, snapshotCommand } from './commands.js';
import type { ActionCliCtx } from '../actions/cli.js';
import type { ReplayControls } from '../ui/components/ReplayBar.js';
import type { Recorder, Replay } from '../store/record.js';
import { redactText } from '../model/redact.js';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Registers a cleanup for SIGINT/SIGTERM; returns the unregister function. */
  onSignal?(f: () => Promise<void>): () => void;
}

export const processIo: CliIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  onSignal(f) {
    const handler = (sig: NodeJS.Signals) => {
      void f().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
    };
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
};

export function version(): string {
  // src/cli/ and dist/cli/ both sit two levels below the package root.
  const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json');
  try {
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Builds the actions' context: a session (one collection round done) and the audit log. */
async function actionContext(session: Session, target: ResolvedTarget, io: CliIo): Promise<ActionCliCtx> {
  await session.collectors.collectOnce();
  const { AuditLog, defaultAuditPath } = await import('../actions/index.js');
  const auditFile = target.cluster.audit?.file;
  const ctx: ActionCliCtx = {
    store: session.store,
    runner: session.runner,
    refresh: () => session.collectors.collectOnce(),
    refreshSources: (sources, nodes) => session.collectors.refreshSources(sources, nodes),
    audit: new AuditLog(auditFile ?? defaultAuditPath()),
    now: Date.now,
    out: (l) => io.stdout(`${l}\n`),
    err: (l) => io.stderr(`${l}\n`),
  };
  if (target.cluster.libvirtUri) ctx.options = { libvirtUri: target.cluster.libvirtUri };
  if (target.cluster.snapshotDepthWarn !== undefined) ctx.options = { ...ctx.options, snapshotDepthWarn: target.cluster.snapshotDepthWarn };
  // An action a killed virtdeck left half done is said before anything else runs.
  const { reportUnfinished, unfinishedDetail } = await import('../actions/unfinished.js');
  const unfinished = await reportUnfinished(session.store, ctx.audit, { named: !(target.kind === 'cluster' && target.unnamed) }).catch((e: unknown) => {
    io.stderr(`virtdeck: warning: could not check the audit log for interrupted actions: ${e instanceof Error ? e.message : String(e)}\n`);
    return [];
  });
  for (const u of unfinished) io.stderr(`virtdeck: warning: an earlier action was interrupted (no result in the audit log):\n${unfinishedDetail(u).map((l) => `  ${l}\n`).join('')}`);
  return ctx;
}

/** For commands that need no cluster (sudoers): any use of the connection is a bug, said clearly. */
async function offlineContext(io: CliIo): Promise<ActionCliCtx> {
  const { AuditLog, defaultAuditPath } = await import('../actions/index.js');
  const none = <T extends object>(what: string): T =>
    new Proxy({} as T, {
      get() {
        throw new Error(`this command has no cluster connection (${what})`);
      },
    });
  return {
    store: none('store'),
    runner: none('runner'),
    refresh: async () => undefined,
    audit: new AuditLog(defaultAuditPath()),
    now: Date.now,
    out: (l) => io.stdout(`${l}\n`),
    err: (l) => io.stderr(`${l}\n`),
  };
}

/** Records the session's store to `file`, created (or tightened to) mode 0600 first: the
 *  recording holds the whole cluster state. */
export async function startRecording(s: Session, file: string): Promise<Recorder> {
  const fd = openSync(file, 'a', 0o600);
  try {
    fchmodSync(fd, 0o600);
  } finally {
    closeSync(fd);
  }
  const { recordStore } = await import('../store/record.js');
  return recordStore(s.store, file);
}

function logger(): ((m: string) => void) | undefined {
  const file = process.env.VIRTDECK_LOG;
  if (!file) return undefined;
  return (m) => {
    try {
      appendFileSync(file, `${new Date().toISOString()} ${redactText(m)}\n`);
    } catch {
      // logging must never break the console
    }
  };
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgv(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`virtdeck: ${e.message}\n${await usageOf(argv)}`);
      return 2;
    }
    throw e;
  }
  const { command, opts, args } = parsed;
  if (command === 'help') {
    // `virtdeck vm migrate --help`: that command's usage and options, not the whole help
    const sub = commandOf(argv);
    const actionHelp = sub && (ACTION_COMMANDS as readonly string[]).includes(sub) ? (await import('../actions/cli.js')).ACTION_HELP : { usage: [], verbs: [] };
    io.stdout((await import('./help.js')).commandHelp(argv, actionHelp) ?? USAGE);
    return 0;
  }
  if (command === 'version') {
    io.stdout(opts.verbose ? await (await import('./version-report.js')).verboseVersion(version()) : `virtdeck ${version()}\n`);
    return 0;
  }
  const noColor = opts.noColor === true || (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '');

  if (command === 'replay') return replay(args[0]!, noColor, io, opts.noMouse !== true);
  if (command === 'completion') {
    io.stdout((await import('./completion.js')).completionScript(args[0] as 'bash' | 'zsh' | 'fish'));
    return 0;
  }

  let loaded: LoadedConfig;
  let target: ResolvedTarget;
  try {
    loaded = loadConfig(opts.config);
    for (const w of loaded.warnings) io.stderr(`virtdeck: ${w}\n`);
    target = resolveTarget(opts, loaded.config);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof TargetError) {
      io.stderr(`virtdeck: ${e.message}\n`);
      // monitoring-plugin convention: a check that cannot run is UNKNOWN (3), not CRITICAL (2)
      if (command === 'check') {
        io.stdout(`VIRTDECK UNKNOWN - ${e.message.split('\n')[0]}\n`);
        return 3;
      }
      return 2;
    }
    throw e;
  }
  const log = logger();
  if (command === 'fleet') {
    // Prometheus only: no SSH session.
    const r = await (await import('../fleet/command.js')).fleetCommand(loaded.config, { json: opts.json === true });
    if (r.stdout) io.stdout(r.stdout);
    if (r.stderr) io.stderr(r.stderr);
    return r.code;
  }
  if (command === 'hosts') {
    if (target.kind === 'cluster' && target.prometheus) {
      const { publicUrl } = await import('../prometheus/client.js');
      io.stderr(`virtdeck: hosts: cluster ${target.clusterName} is read from Prometheus (${publicUrl(target.prometheus.client.url)}): no SSH hosts\n`);
      return 0;
    }
    // Resolution only: no connection, no session.
    const { hostsCommand } = await import('./hosts.js');
    const r = await hostsCommand(target, { json: opts.json === true });
    if (r.stdout) io.stdout(r.stdout);
    if (r.stderr) io.stderr(r.stderr);
    return r.code;
  }

  const sessions: Session[] = [];
  const closeAll = async () => {
    await Promise.all(sessions.map((s) => s.close()));
  };
  // The console handles SIGINT/SIGTERM itself (restores the terminal, then returns here).
  const offSignal = command === 'tui' ? undefined : io.onSignal?.(closeAll);
  const open = async (o: Partial<SessionOptions> = {}): Promise<Session> => {
    const s = await openSession(target, { live: false, ...(log ? { log } : {}), ...o });
    sessions.push(s);
    return s;
  };

  try {
    if ((ACTION_COMMANDS as readonly string[]).includes(command)) {
      const actionsCli = await import('../actions/cli.js');
      const argvA = [command, ...args];
      if (target.kind === 'cluster' && target.prometheus && actionsCli.isActionCommand(argvA) && actionsCli.needsCluster(argvA)) {
        const { NO_SSH } = await import('../prometheus/no-ssh.js');
        // A context with SSH nodes acts over SSH when it is not asked to read from Prometheus.
        const why = target.cluster.nodes.length ? 'its context has SSH nodes: run the action without --prometheus/--cluster' : NO_SSH;
        io.stderr(`virtdeck: ${command}: refused: cluster ${target.clusterName} is read from Prometheus only (${why})\n`);
        return 2;
      }
      // usage errors and sudoers need no connection
      const ctx = actionsCli.isActionCommand(argvA) && actionsCli.needsCluster(argvA) ? await actionContext(await open({ live: false }), target, io) : await offlineContext(io);
      return await actionsCli.runActionCommand(argvA, ctx);
    }
    if (command === 'snapshot' || command === 'check') {
      // -w/-c are checked before connecting: a bad level is UNKNOWN at once (plugin convention).
      const levels = command === 'check' ? await checkLevelsOf(opts, target) : undefined;
      const s = await open({ live: false });
      const r =
        command === 'snapshot'
          ? await snapshotCommand(s, { json: opts.json === true })
          : await checkCommand(s, { json: opts.json === true, ...(levels ? { levels } : {}), ...(opts.timeout !== undefined ? { timeoutS: opts.timeout } : {}) });
      if (r.stdout) io.stdout(r.stdout);
      if (r.stderr) io.stderr(r.stderr);
      return r.code;
    }
    // The console.
    if (target.kind === 'demo' && target.reason === 'no-config') io.stderr('virtdeck: no cluster configured: starting the demo cluster (see README, "Config file")\n');
    const first = await open({ live: true });
    // Saved outputs are not polled (no loops): read them once, or the console stays empty.
    if (target.kind === 'from') await first.collectors.collectOnce();
    const { ConsoleSessions } = await import('./console.js');
    let recorder: { close(): Promise<void> } | undefined;
    if (opts.record) recorder = await startRecording(first, opts.record);
    const consoleSessions = new ConsoleSessions(first, {
      config: loaded.config,
      ...(opts.readonly ? { readonly: true } : {}),
      open: (t) => openSession(t, { live: true, ...(log ? { log } : {}) }),
      // The recording holds one cluster: it ends where the operator switched away.
      onSwitch: async () => {
        const r = recorder;
        recorder = undefined;
        await r?.close();
      },
    });
    try {
      const { runTui } = await import('../ui/app.js');
      // skin.json beside the config; a bad one is reported and the default skin used
      const skin = (await import('../ui/skin.js')).loadSkin(loaded.file);
      if (skin.error) io.stderr(`virtdeck: ${skin.error}\n`);
      const initial = consoleSessions.initial();
      const fleet = (await import('../fleet/console.js')).consoleFleet(loaded.config, opts, consoleSessions);
      await runTui({
        ...initial,
        ...fleet,
        ...(log ? { log } : {}),
        readonly: initial.readonly,
        noColor,
        ...(loaded.config.views ? { views: loaded.config.views } : {}),
        palette: skin.palette,
        mouse: opts.noMouse !== true,
        ...(opts.maxFps ? { maxFps: opts.maxFps } : {}),
        switchContext: (name) => consoleSessions.switchTo(name),
      });
    } finally {
      await recorder?.close();
      await consoleSessions.close();
    }
    return 0;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr(`virtdeck: ${msg}\n`);
    if (command === 'check') {
      io.stdout(`VIRTDECK UNKNOWN - ${msg.split('\n')[0]}\n`);
      return 3;
    }
    return 1;
  } finally {
    offSignal?.();
    await closeAll();
  }
}

/** A usage error's hint: the usage line(s) of the command at hand, not the whole help. */
async function usageOf(argv: readonly string[]): Promise<string> {
  const cmd = commandOf(argv);
  const more = 'virtdeck --help lists every command and option\n';
  if (cmd && (ACTION_COMMANDS as readonly string[]).includes(cmd)) {
    const lines = (await import('../actions/cli.js')).groupUsage(cmd);
    if (lines.length) return `usage:\n  ${lines.join('\n  ')}\n${more}`;
  }
  const line = cmd ? COMMAND_USAGE[cmd] : undefined;
  return line ? `usage: ${line}\n${more}` : more;
}

/** check's metric levels: the cluster's thresholds (config, else defaults) under -w/-c. */
async function checkLevelsOf(opts: ParsedArgs['opts'], target: ResolvedTarget) {
  const { checkLevels, parseLevelSpec } = await import('../store/check-metrics.js');
  const { DEFAULT_THRESHOLDS } = await import('../store/types.js');
  return checkLevels({ ...DEFAULT_THRESHOLDS, ...target.cluster.thresholds }, parseLevelSpec(opts.warning ?? [], '-w'), parseLevelSpec(opts.critical ?? [], '-c'));
}

/** The replay bar's controls over a Replay (positions relative to the recording's start). */
export function replayControls(r: Replay): ReplayControls {
  return {
    play: () => r.play(),
    pause: () => r.pause(),
    seek: (ms: number) => r.seek(r.start + ms),
    setSpeed: (x: number) => r.setSpeed(x),
    position: () => r.t - r.start,
    duration: () => r.end - r.start,
    isPlaying: () => r.playing,
    speed: () => r.speed,
    onChange: (l) => r.onChange(l),
    now: () => r.now(),
  };
}

async function replay(file: string, noColor: boolean, io: CliIo, mouse = true): Promise<number> {
  try {
    const { openReplay } = await import('../store/record.js');
    const { store, replay: r } = openReplay(file);
    const { runTui } = await import('../ui/app.js');
    r.play();
    const controls = replayControls(r);
    const log = logger();
    try {
      await runTui({ store, readonly: true, kind: 'replay', noColor, mouse, replay: controls, ...(log ? { log } : {}) });
    } finally {
      r.close();
    }
    return 0;
  } catch (e) {
    io.stderr(`virtdeck: replay ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
