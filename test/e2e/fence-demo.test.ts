// End to end: `fence check NODE` runs its probes and `fence node NODE` (dry run) says what dies
// and where it restarts, through the CLI entry (src/cli main(argv, io)), in-process, against a
// demo cluster served over real SSH on 127.0.0.1 (same setup as actions-demo.test.ts).
// Assertions read the commands the demo received and the simulated cluster.
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoCluster } from '../../src/demo/index.js';
import { demoCli, show, type CliRun } from '../helpers/demo-cli.js';

describe('fence check probes and fence node what-if against the demo cluster (CLI in-process)', () => {
  const dc = demoCli({ prefix: 'vd-fence-e2e-', vms: 16, startTimeoutMs: 60_000 });
  const cli = dc.cli;
  let demo: DemoCluster;
  beforeAll(() => {
    demo = dc.demo;
  });
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
