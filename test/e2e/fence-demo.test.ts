// End to end: `fence check NODE` runs its probes and `fence node NODE` (dry run) says what dies
// and where it restarts, through the CLI entry (src/cli main(argv, io)), in-process, against a
// demo cluster served over real SSH on 127.0.0.1 (same setup as actions-demo.test.ts).
// Assertions read the commands the demo received and the simulated cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { main, type CliIo } from '../../src/cli/cli.js';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  execs: string[];
}

describe('fence check probes and fence node what-if against the demo cluster (CLI in-process)', () => {
  let demo: DemoCluster;
  let dir: string;
  let configFile: string;
  const execLog: string[] = [];
  const savedEnv: Record<string, string | undefined> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vd-fence-e2e-'));
    for (const k of ['XDG_STATE_HOME', 'XDG_CONFIG_HOME', 'VIRTDECK_CONFIG', 'NO_COLOR']) savedEnv[k] = process.env[k];
    process.env.XDG_STATE_HOME = join(dir, 'state');
    process.env.XDG_CONFIG_HOME = join(dir, 'config');
    process.env.NO_COLOR = '1';
    delete process.env.VIRTDECK_CONFIG;
    demo = await startDemoCluster({ nodes: 4, vms: 16, seed: 1, incidents: false, speed: 5, log: (m) => execLog.push(m) });
    const sshConfig = join(dir, 'ssh_config');
    writeFileSync(
      sshConfig,
      demo.hosts
        .map(
          (h) =>
            `Host ${h.name}\n  HostName ${h.hostname}\n  Port ${h.port}\n  User ${h.user}\n  IdentityFile ${demo.clientKeyFile}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${demo.knownHostsFile}\n  StrictHostKeyChecking yes\n`,
        )
        .join('\n'),
    );
    configFile = join(dir, 'virtdeck.json');
    writeFileSync(configFile, JSON.stringify({ clusters: { demo: { nodes: demo.hosts.map((h) => h.name), sshConfig, audit: { file: join(dir, 'audit.jsonl') } } }, defaultCluster: 'demo' }, null, 2));
    chmodSync(configFile, 0o600);
  }, 60_000);

  afterAll(async () => {
    await demo?.close();
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function cli(args: string[]): Promise<CliRun> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) };
    const from = execLog.length;
    const code = await main([...args, '--config', configFile, '--context', 'demo'], io);
    return { code, stdout, stderr, execs: execLog.slice(from) };
  }
  const show = (r: CliRun) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
  const mutating = (r: CliRun) => r.execs.filter((e) => /stonith_admin --fence|crm_attribute .*--update|crm_resource --(move|ban|clear)|--set-parameter/.test(e) && !/CIB_file=/.test(e));

  it('fence check kvm-n2 runs the probes fresh over SSH: each device on another node, sbd list, watchdog; each with its time', async () => {
    const r = await cli(['fence', 'check', 'kvm-n2']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toContain('Probes (run now, read-only; times UTC):');
    expect(r.stdout).toMatch(/\n {2}\d\d:\d\d:\d\d OK fence-ipmi-kvm-n2: answers: its agent's status check succeeded \(asked kvm-n\d's fencer\)/);
    expect(r.stdout).toMatch(/\n {2}\d\d:\d\d:\d\d OK stonith-sbd: answers/);
    expect(r.stdout).toMatch(/\n {2}\d\d:\d\d:\d\d OK kvm-n2: sbd slot 1 on \/dev\/disk\/by-id\/\S+: clear/);
    expect(r.stdout).toMatch(/\n {2}\d\d:\d\d:\d\d OK kvm-n2: watchdog \/dev\/watchdog0 \(Software Watchdog, active\)/);
    expect(r.stdout).toMatch(/done: all 4 probe result\(s\) OK/);
    // The demo received the probes; stonith_admin never on the target itself.
    const queries = r.execs.filter((e) => /stonith_admin --query/.test(e));
    expect(queries.map((e) => e.replace(/^(kvm-n\d): .*--query (\S+)$/, '$2'))).toEqual(['stonith-sbd', 'fence-ipmi-kvm-n2']);
    expect(queries.every((e) => !e.startsWith('kvm-n2:'))).toBe(true);
    expect(r.execs.some((e) => /^kvm-n2: .*sbd -d \/dev\/disk\/by-id\/\S+ list$/.test(e))).toBe(true);
    // The probe reads the watchdog from sysfs, not with `sbd query-watchdog` (it arms the watchdog: sbd(8)).
    expect(r.execs.some((e) => /^kvm-n2: .*sh -c .*\/sys\/class\/watchdog$/.test(e))).toBe(true);
    expect(mutating(r)).toEqual([]);
  }, 60_000);

  it('fence node kvm-n2 (dry run) lists what dies with it and where Pacemaker restarts it (crm_simulate --node-fail)', async () => {
    const victims = demo.sim.resources.filter((x) => x.node === 'kvm-n2').map((x) => x.id);
    expect(victims.length).toBeGreaterThan(0);
    const r = await cli(['fence', 'node', 'kvm-n2', '--reason', 'e2e dry run']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toContain('Dry run: nothing changed');
    expect(r.stdout).toMatch(/Note: killed with kvm-n2: \d+ running VM\(s\) \(/);
    expect(r.stdout).toMatch(/What-if \(crm_simulate on kvm-n\d\):\n/);
    for (const id of victims) expect(r.stdout).toMatch(new RegExp(`INFO\\s+${id} \\(VM \\S+\\): dies with kvm-n2; Pacemaker restarts it on kvm-n[134] \\(Move\\)`));
    expect(r.execs.some((e) => /crm_simulate -S -x \/tmp\/virtdeck-cib\.\S+ --node-fail kvm-n2$/.test(e))).toBe(true);
    expect(mutating(r)).toEqual([]);
    expect(demo.sim.node('kvm-n2').member).toBe('online');
  }, 60_000);
});
