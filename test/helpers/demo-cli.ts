// The harness of the test/e2e/*-demo tests: one demo cluster served over real SSH on 127.0.0.1,
// reached by the CLI entry (src/cli main(argv, io)) in-process the way it reaches a real cluster:
// a config context whose ssh_config names the demo's ports, key and pinned host keys. Call
// inside a describe: it registers the beforeAll/afterAll that start and stop it.
import { afterAll, beforeAll } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { main, type CliIo } from '../../src/cli/cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Exec strings the demo received during the run ("node: command"). */
  execs: string[];
}

export interface DemoCliOpts {
  /** mkdtemp prefix of the temp dir (state, config, ssh_config, audit file). */
  prefix: string;
  vms: number;
  /** Called once the demo runs, before the config is written (e.g. to wrap sim methods). */
  onStart?: (demo: DemoCluster) => void;
  /** beforeAll timeout (ms); the vitest default when absent. */
  startTimeoutMs?: number;
}

export interface DemoCli {
  readonly demo: DemoCluster;
  readonly dir: string;
  readonly configFile: string;
  readonly auditFile: string;
  /** Runs the CLI with `target` (default: the demo's config context) appended to args. */
  cli(args: string[], target?: string[]): Promise<CliRun>;
  /** The audit file's records in order (none before the first action wrote it). */
  audit<T>(): T[];
}

export const show = (r: CliRun) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

export function demoCli({ prefix, vms, onStart, startTimeoutMs }: DemoCliOpts): DemoCli {
  let demo: DemoCluster | undefined;
  let dir = '';
  let configFile = '';
  let auditFile = '';
  const execLog: string[] = [];
  const savedEnv: Record<string, string | undefined> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    // No user state may leak in or out: audit of a --demo run goes under XDG_STATE_HOME.
    for (const k of ['XDG_STATE_HOME', 'XDG_CONFIG_HOME', 'VIRTDECK_CONFIG', 'NO_COLOR']) savedEnv[k] = process.env[k];
    process.env.XDG_STATE_HOME = join(dir, 'state');
    process.env.XDG_CONFIG_HOME = join(dir, 'config');
    process.env.NO_COLOR = '1';
    delete process.env.VIRTDECK_CONFIG;
    // Speed 5: a 4 GiB guest migrates in ~1 s of wall time, a node drains in ~30 s.
    const d = await startDemoCluster({ nodes: 4, vms, seed: 1, incidents: false, speed: 5, log: (m) => execLog.push(m) });
    demo = d;
    onStart?.(d);
    const sshConfig = join(dir, 'ssh_config');
    writeFileSync(
      sshConfig,
      d.hosts
        .map(
          (h) =>
            `Host ${h.name}\n  HostName ${h.hostname}\n  Port ${h.port}\n  User ${h.user}\n  IdentityFile ${d.clientKeyFile}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${d.knownHostsFile}\n  StrictHostKeyChecking yes\n`,
        )
        .join('\n'),
    );
    auditFile = join(dir, 'audit.jsonl');
    configFile = join(dir, 'virtdeck.json');
    writeFileSync(configFile, JSON.stringify({ clusters: { demo: { nodes: d.hosts.map((h) => h.name), sshConfig, audit: { file: auditFile } } }, defaultCluster: 'demo' }, null, 2));
    chmodSync(configFile, 0o600);
  }, startTimeoutMs);

  afterAll(async () => {
    await demo?.close();
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  return {
    get demo() {
      if (!demo) throw new Error('the demo cluster is not started (use demoCli inside a describe)');
      return demo;
    },
    get dir() {
      return dir;
    },
    get configFile() {
      return configFile;
    },
    get auditFile() {
      return auditFile;
    },
    async cli(args, target = ['--config', configFile, '--context', 'demo']) {
      let stdout = '';
      let stderr = '';
      const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) };
      const from = execLog.length;
      const code = await main([...args, ...target], io);
      return { code, stdout, stderr, execs: execLog.slice(from) };
    },
    audit<T>(): T[] {
      return existsSync(auditFile)
        ? readFileSync(auditFile, 'utf8')
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l) as T)
        : [];
    },
  };
}
