// The demo's fencer answers like the real one: a node does not register (or list) a device
// banned from it, and a node without a running fencer says so on stderr with exit 102.
import { describe, expect, it } from 'vitest';
import { runShell } from '../exec.js';
import { DemoSim } from '../sim/sim.js';
import { fixture } from '../../../test/support/collectors/test-support.js';

async function run(sim: DemoSim, node: string, line: string): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const code = await runShell(sim, node, line, { out: (s) => (out += s), err: (s) => (err += s), stdin: () => Promise.resolve(''), onClose: () => undefined, closed: false });
  return { out, err, code };
}

describe('demo stonith_admin', () => {
  it("a node's own fence device is banned from it: its fencer lists nothing of it, another node's does", async () => {
    const sim = new DemoSim({ seed: 1 });
    expect((await run(sim, 'kvm-n1', 'stonith_admin --list kvm-n1')).out).toBe(' stonith-sbd\n1 fence device found\n');
    expect((await run(sim, 'kvm-n2', 'stonith_admin --list kvm-n1')).out).toBe(' stonith-sbd\n fence-ipmi-kvm-n1\n2 fence devices found\n');
    expect((await run(sim, 'kvm-n1', 'stonith_admin --list-registered')).out).not.toContain('fence-ipmi-kvm-n1');
    const cib = (await run(sim, 'kvm-n1', 'cibadmin --query --scope constraints')).out;
    expect(cib).toContain('<rsc_location id="location-fence-ipmi-kvm-n1-avoids-kvm-n1" rsc="fence-ipmi-kvm-n1" node="kvm-n1" score="-INFINITY"/>');
  });

  it('a node that is not a member has no fencer: the real message and exit code', async () => {
    const sim = new DemoSim({ seed: 1 });
    sim.node('kvm-n3').member = 'offline';
    const r = await run(sim, 'kvm-n3', 'stonith_admin --list kvm-n1');
    expect(r).toEqual({ out: '', err: fixture('fencing', 'stonith-list-not-connected.txt'), code: 102 });
  });
});

describe('demo fence probes answer in the real formats (src/actions/fence/fixtures)', () => {
  it('stonith_admin --query: nothing printed; 0 registered here, 105 not (own device), 102 without a fencer', async () => {
    const sim = new DemoSim({ seed: 1 });
    expect(await run(sim, 'kvm-n2', 'stonith_admin --query fence-ipmi-kvm-n1')).toEqual({ out: '', err: '', code: 0 });
    expect(await run(sim, 'kvm-n1', 'stonith_admin --query fence-ipmi-kvm-n1')).toEqual({ out: '', err: '', code: 105 });
    sim.node('kvm-n3').member = 'offline';
    const { readFileSync } = await import('node:fs');
    const nc = readFileSync(new URL('../../actions/fence/fixtures/stonith-query-not-connected.txt', import.meta.url), 'utf8');
    expect(await run(sim, 'kvm-n3', 'stonith_admin --query stonith-sbd')).toEqual({ out: '', err: nc, code: 102 });
  });

  it('crm_simulate --node-fail: the modifications section, a Fence line, Move (never Migrate) off the failed node', async () => {
    const sim = new DemoSim({ seed: 1 });
    sim.node('kvm-n2').files.set('/tmp/c.xml', (await run(sim, 'kvm-n2', 'cibadmin --query')).out);
    const r = await run(sim, 'kvm-n2', 'crm_simulate -S -x /tmp/c.xml --node-fail kvm-n1');
    expect(r.code).toBe(0);
    // Same layout as the real capture: "Performing Requested Modifications:" then the summary.
    expect(r.out).toContain("\n\nPerforming Requested Modifications:\n  * Failing node kvm-n1\n\nTransition Summary:\n  * Fence (reboot) kvm-n1 'peer is no longer part of the cluster'\n");
    const { parseTransitionSummary } = await import('../../actions/whatif.js');
    const changes = parseTransitionSummary(r.out);
    const off = changes.filter((c) => c.from === 'kvm-n1' && c.to);
    expect(off.length).toBeGreaterThan(0);
    expect(off.every((c) => c.action === 'Move')).toBe(true);
    expect(changes.some((c) => c.to === 'kvm-n1')).toBe(false);
    // Executed: fenced first, its stops are pseudo actions; the revised status has it OFFLINE.
    expect(r.out).toContain('Executing Cluster Transition:\n  * Fencing kvm-n1 (reboot)\n');
    expect(r.out).not.toMatch(/Resource action: \S+\s+stop on kvm-n1/);
    expect(r.out.split('Revised Cluster Status:')[1]).toContain('    * OFFLINE: [ kvm-n1 ]');
  });
});

describe('demo crm_simulate --node-fail summary: byte-identical to the real one', () => {
  it('fence line first, Move for stonith devices and VMs, Stop for the dlm instance, the real column widths', async () => {
    const { readFileSync } = await import('node:fs');
    const { failSummary } = await import('./pacemaker.js');
    // Real 2.1.5 on src/demo/fixtures/cib-stonith-dlm-input.xml (settled), --node-fail node1.
    const real = readFileSync(new URL('../../actions/fence/fixtures/crm_simulate-node-fail-stonith-dlm.txt', import.meta.url), 'utf8');
    const block = real.slice(real.indexOf('Transition Summary:'), real.indexOf('\n\nExecuting Cluster Transition:') + 1);
    const moves = [
      { rsc: 'stonith-sbd', from: 'node1', to: 'node2', action: 'Move' as const },
      { rsc: 'fence-ipmi-node2', from: 'node1', to: 'node3', action: 'Move' as const },
      { rsc: 'dlm:0', from: 'node1' },
      { rsc: 'vm-web1', from: 'node1', to: 'node3', action: 'Move' as const },
    ];
    expect(failSummary(moves, new Set(['node1']))).toBe(block);
  });
});

describe('demo watchdog listing (fence check reads sysfs, never sbd query-watchdog)', () => {
  it('answers the exact script the probe sends, in its NAME<TAB>IDENTITY<TAB>STATE format', async () => {
    const { WATCHDOG_SYSFS_SCRIPT, watchdogSysfsCmd } = await import('../../collectors/fencing/command.js');
    const { DEMO_WATCHDOG_SYSFS_SCRIPT } = await import('./shell.js');
    expect(DEMO_WATCHDOG_SYSFS_SCRIPT).toBe(WATCHDOG_SYSFS_SCRIPT);
    const { toExecString } = await import('../../ssh/quote.js');
    const sim = new DemoSim({ seed: 1 });
    expect(await run(sim, 'kvm-n1', toExecString(watchdogSysfsCmd()))).toEqual({ out: 'watchdog0\tSoftware Watchdog\tactive\n', err: '', code: 0 });
  });
});
