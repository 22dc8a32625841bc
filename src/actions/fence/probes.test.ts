// fence check runs its probes fresh (stonith_admin --query, sbd list, the sysfs watchdog listing) and says
// each answer with its time; fence node's what-if says what dies with the node and where it goes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/support/collectors/test-support.js';
import type { VdState } from '../../store/types.js';
import { executePlan, preparePlan } from '../index.js';
import { runActionCommand } from '../cli.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { NOW, cluster, vdRes, vm } from '../../../test/support/actions/state.js';
import { watchdogSysfsCmd } from '../../collectors/fencing/command.js';
import { sbdListVerdict, stonithQueryVerdict, watchdogVerdict } from './probes.js';
import type { Plan } from '../types.js';

const fx = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const TOPO_Q = ['cibadmin', '--query', '--scope', 'fencing-topology'];
const QUERY = (d: string) => ['stonith_admin', '--query', d];
const SBD_LIST = ['sbd', '-d', '/dev/mapper/sbd', 'list'];
const WATCHDOG = [...watchdogSysfsCmd().argv];
const WD_SOFTDOG = 'watchdog0\tSoftware Watchdog\tactive\n';
const argvOf = (p: Plan) => p.steps.map((s) => (s.kind === 'cmd' ? [s.node, ...s.cmd.argv] : [s.node, 'wait']));

/** n1..n3 (the sbd-list fixture has slots n1..n4); n2 uses the shared sbd disk. */
function withSbd(s: VdState, nodes = ['n1', 'n2', 'n3']): VdState {
  for (const n of nodes) s.nodes[n]!.sbd = { devices: [{ path: '/dev/mapper/sbd', readable: true, slots: [] }], watchdog: { present: true, device: '/dev/watchdog' }, serviceActive: true };
  return s;
}

async function planCheck(s: VdState, r: FakeRunner, node?: string) {
  r.allow(undefined, TOPO_Q, { code: 105 });
  const { ctx, store } = testCtx(s, r);
  const plan = await preparePlan('fence.check', node ? { node } : {}, ctx);
  return { plan, ctx, store };
}

describe('fence check: the probe plan (exact argv, never on the target)', () => {
  it('one node: its device asked on the node whose fencer listed it, then sbd list and the watchdog on the node', async () => {
    const s = withSbd(cluster());
    s.cluster.stonithTargets = s.cluster.stonithTargets!.map((t) => ({ ...t, via: t.target === 'n2' ? 'n3' : 'n2' }));
    const { plan } = await planCheck(s, new FakeRunner({ ordered: true }), 'n2');
    expect(argvOf(plan)).toEqual([
      ['n3', 'stonith_admin', '--query', 'fence-ipmi'],
      ['n2', 'sbd', '-d', '/dev/mapper/sbd', 'list'],
      ['n2', ...WATCHDOG],
    ]);
    // The device and sbd reads need root (sudoers read role); the sysfs listing does not.
    expect(plan.steps.map((x) => x.kind === 'cmd' && !x.cmd.mutates && x.cmd.sudo === true)).toEqual([true, true, false]);
    expect(plan.mutates).toBe(false);
  });

  it('a `via` that is the target itself (one-node answer) is not used: another reachable node is asked', async () => {
    const s = cluster();
    s.cluster.stonithTargets = s.cluster.stonithTargets!.map((t) => ({ ...t, via: t.target }));
    const { plan } = await planCheck(s, new FakeRunner({ ordered: true }), 'n1');
    expect(argvOf(plan)[0]).toEqual(['n2', 'stonith_admin', '--query', 'fence-ipmi']);
  });

  it('all nodes: each device and each sbd disk probed once, every reachable node\'s watchdog', async () => {
    const s = withSbd(cluster());
    s.nodes['n3']!.conn.status = 'down';
    const { plan } = await planCheck(s, new FakeRunner({ ordered: true }));
    expect(argvOf(plan)).toEqual([
      ['n2', 'stonith_admin', '--query', 'fence-ipmi'],
      ['n1', 'sbd', '-d', '/dev/mapper/sbd', 'list'],
      ['n1', ...WATCHDOG],
      ['n2', ...WATCHDOG],
    ]);
    expect(plan.summary).toContain('n3: not reachable over SSH: its watchdog is not probed');
  });

  it('devices unknown (fencer not answering): no device probe, the reason in the plan', async () => {
    const s = cluster();
    s.cluster.stonithTargets = s.cluster.stonithTargets!.map((t) => ({ target: t.target, devices: [], error: 'fencer not answering on n1: x' }));
    const { plan } = await planCheck(s, new FakeRunner({ ordered: true }), 'n2');
    expect(argvOf(plan)).toEqual([['n2', ...WATCHDOG]]);
    expect(plan.summary.join('\n')).toContain('n2: its fence devices are unknown (fencer not answering on n1: x): no device to probe');
  });
});

describe('fence check: running the probes (fresh answers, each with its time)', () => {
  it('real answers: device OK, sbd slot holding "reset", no watchdog → results with times, failed overall', async () => {
    const s = withSbd(cluster());
    const r = new FakeRunner({ ordered: true })
      .expect('n1', QUERY('fence-ipmi'), { code: 0 })
      .expect('n2', SBD_LIST, { stdout: fixture('fencing', 'sbd-list.txt') })
      .expect('n2', WATCHDOG, { stdout: '' });
    const { plan, ctx, store } = await planCheck(s, r, 'n2');
    const lines: string[] = [];
    const res = await executePlan(plan, ctx, { onProgress: (l) => lines.push(l) });
    r.assertAllCalled();
    expect(res.report!.map((l) => [l.level, l.subject, l.message])).toEqual([
      ['ok', 'fence-ipmi', "answers: its agent's status check succeeded (asked n1's fencer)"],
      ['warning', 'n2', 'sbd slot 1 on /dev/mapper/sbd holds "reset" from vm'],
      ['error', 'n2', 'no watchdog device: sbd cannot self-fence this node'],
    ]);
    expect(res.report!.every((l) => l.at === NOW)).toBe(true);
    expect(lines).toEqual([
      'probing: 3 read-only command(s) on 2 node(s), nodes in parallel',
      '[1/3] n1: status of fence device fence-ipmi (fences n2), asked on n1',
      `  ${new Date(NOW).toISOString().slice(11, 19)} OK fence-ipmi: answers: its agent's status check succeeded (asked n1's fencer)`,
      '[2/3] n2: sbd slots on /dev/mapper/sbd (n2)',
      `  ${new Date(NOW).toISOString().slice(11, 19)} WARNING n2: sbd slot 1 on /dev/mapper/sbd holds "reset" from vm`,
      '[3/3] n2: watchdog device on n2 (sysfs)',
      `  ${new Date(NOW).toISOString().slice(11, 19)} ERROR n2: no watchdog device: sbd cannot self-fence this node`,
      'failed: 2 of 3 probe result(s) need attention',
    ]);
    expect(res).toMatchObject({ ok: false, status: 'failed' });
    // The TUI follows the same lines through store.actions (Enter run → Progress).
    expect(store.progress.at(-1)).toMatchObject({ id: plan.id, status: 'failed' });
    expect(store.progress.at(-1)!.lines).toEqual(lines);
    expect(r.mutations()).toEqual([]);
  });

  it('read-only mode runs the probes (they change nothing); no audit record', async () => {
    const s = cluster();
    s.readonly = true;
    const r = new FakeRunner({ ordered: true }).expect('n1', QUERY('fence-ipmi'), { code: 0 }).expect('n2', WATCHDOG, { stdout: '' });
    const { plan, ctx } = await planCheck(s, r, 'n2');
    expect(plan.blocked).toBe(false);
    const res = await executePlan(plan, ctx);
    expect(res.ok).toBe(true);
    expect(res.report!.map((l) => l.level)).toEqual(['ok', 'info']);
    expect((ctx.audit as unknown as { records: unknown[] }).records).toEqual([]);
  });

  it('a blocked check (unknown node) runs nothing', async () => {
    const r = new FakeRunner({ ordered: true });
    const { plan, ctx } = await planCheck(cluster(), r, 'n9');
    expect(plan.blocked).toBe(true);
    expect(plan.steps).toEqual([]);
    const res = await executePlan(plan, ctx);
    expect(res.status).toBe('refused');
    expect(r.calls.filter((c) => c.cmd.argv[0] !== 'cibadmin')).toEqual([]);
  });

  it('a report-only plan with a changing step is refused, nothing runs (never fence by mistake)', async () => {
    const r = new FakeRunner({ ordered: true });
    const { plan, ctx } = await planCheck(cluster(), r, 'n2');
    const { fenceCmd } = await import('../commands.js');
    const bad: Plan = { ...plan, steps: [{ kind: 'cmd', node: 'n1', cmd: fenceCmd('n2'), purpose: 'oops' }] };
    const res = await executePlan(bad, ctx);
    expect(res.status).toBe('refused');
    expect(res.message).toMatch(/not a read-only command: oops/);
    expect(r.mutations()).toEqual([]);
  });

  it('cancelled (Esc + cancel / Ctrl-C): the probes not yet run are not run, and said so', async () => {
    const r = new FakeRunner({ ordered: true });
    const { plan, ctx } = await planCheck(cluster(), r, 'n2');
    const ac = new AbortController();
    ac.abort();
    const res = await executePlan(plan, ctx, { signal: ac.signal });
    expect(res.report).toEqual([expect.objectContaining({ level: 'warning', subject: 'probes', message: 'cancelled by the operator: 2 probe(s) not run' })]);
    expect(r.calls.filter((c) => c.cmd.argv[0] !== 'cibadmin')).toEqual([]);
  });

  it('nodes are probed in parallel: a fence agent hanging on one node does not hold back the others', async () => {
    const s = withSbd(cluster());
    let release!: () => void;
    const slow = new Promise<{ code: number }>((res) => (release = () => res({ code: 0 })));
    const r = new FakeRunner({ ordered: true })
      .allow('n1', QUERY('fence-ipmi'), () => slow)
      .allow('n2', SBD_LIST, { stdout: fixture('fencing', 'sbd-list.txt') })
      .allow('n2', WATCHDOG, { stdout: WD_SOFTDOG });
    const { plan, ctx } = await planCheck(s, r, 'n2');
    const lines: string[] = [];
    const run = executePlan(plan, ctx, { onProgress: (l) => lines.push(l) });
    for (let k = 0; k < 20 && !lines.some((l) => l.includes('watchdog /dev/watchdog')); k++) await new Promise((res) => setImmediate(res));
    // n2's answers are in while n1's device query still runs.
    expect(lines.some((l) => l.includes('OK n2: watchdog /dev/watchdog'))).toBe(true);
    expect(lines.some((l) => l.includes('fence-ipmi: answers'))).toBe(false);
    release();
    const res = await run;
    // The report keeps the plan's order whatever order the answers came in.
    expect(res.report!.map((l) => l.subject)).toEqual(['fence-ipmi', 'n2', 'n2']);
  });

  it('SSH failure of one probe is a result, the others still run', async () => {
    const { RunError } = await import('../../ssh/runner.js');
    const r = new FakeRunner({ ordered: true }).expect('n1', QUERY('fence-ipmi'), new RunError('unreachable', 'n1', 'connection lost')).expect('n2', WATCHDOG, { stdout: WD_SOFTDOG });
    const { plan, ctx } = await planCheck(cluster(), r, 'n2');
    const res = await executePlan(plan, ctx);
    expect(res.report!.map((l) => l.level)).toEqual(['error', 'ok']);
    expect(res.report![0]!.message).toMatch(/^could not run on n1: /);
  });
});

describe('fence check: what each answer means (real exit codes, fixtures/README.md)', () => {
  it('stonith_admin --query: 0 answered, 1 agent failed, 105 not registered, 102 fencer down, 124 timeout', () => {
    const v = (code: number, stderr = '') => stonithQueryVerdict({ code, stdout: '', stderr }, 'fence-ipmi-n1', 'n2');
    expect(v(0).level).toBe('ok');
    expect(v(1)).toEqual({ level: 'error', subject: 'fence-ipmi-n1', message: "status check FAILED: the agent's monitor and list actions failed (the fencer's log on n2 names the agent's error)" });
    expect(v(105).message).toBe("not registered with n2's fencer (a location constraint, or the device is not configured)");
    expect(v(102, fx('stonith-query-not-connected.txt')).message).toBe('fencer not answering on n2: Could not connect to fencer: Transport endpoint is not connected');
    expect(v(124).message).toBe('status check timed out on n2');
    expect(v(127).message).toBe('stonith_admin is not installed on n2');
    expect(stonithQueryVerdict({ code: null, stdout: '', stderr: '' }, 'd', 'n2').message).toBe('stonith_admin --query on n2 ended by a signal');
  });
  it('sbd list (real capture): clear, a message with its sender, a missing slot, an unreadable disk', () => {
    const ok = { code: 0, stdout: fixture('fencing', 'sbd-list.txt'), stderr: '' };
    expect(sbdListVerdict(ok, '/dev/sbd', 'n1', ['n1', 'n3', 'n9'])).toEqual([
      { level: 'ok', subject: 'n1', message: 'sbd slot 0 on /dev/sbd: clear' },
      { level: 'warning', subject: 'n3', message: 'sbd slot 2 on /dev/sbd holds "off" from vm' },
      { level: 'error', subject: 'n9', message: 'no sbd slot on /dev/sbd: sbd cannot fence it through this device' },
    ]);
    const bad = { code: 1, stdout: fixture('fencing', 'sbd-list-unreadable.txt'), stderr: '' };
    expect(sbdListVerdict(bad, '/dev/sbd', 'n1', ['n1'])[0]!.message).toMatch(/^sbd device \/dev\/sbd unreadable from n1: /);
  });
  it('watchdog (sysfs): present, absent where sbd runs = error, absent elsewhere = info, none fed where sbd runs = warning', () => {
    const a = (stdout: string, sbd = true) => watchdogVerdict({ code: 0, stdout, stderr: '' }, 'n1', sbd);
    expect(a('watchdog0\tiTCO_wdt\tactive\n')).toEqual({ level: 'ok', subject: 'n1', message: 'watchdog /dev/watchdog0 (iTCO_wdt, active)' });
    expect(a('watchdog0\t\t\n')).toEqual({ level: 'ok', subject: 'n1', message: 'watchdog /dev/watchdog0' }); // no CONFIG_WATCHDOG_SYSFS details
    expect(a('').level).toBe('error');
    expect(a('', false)).toEqual({ level: 'info', subject: 'n1', message: 'no watchdog device (sbd not used here)' });
    expect(a('watchdog0\tsoftdog\tinactive\n')).toEqual({ level: 'warning', subject: 'n1', message: 'watchdog /dev/watchdog0 (softdog, inactive): none active, so nothing (sbd) is feeding it' });
    expect(watchdogVerdict({ code: 2, stdout: '', stderr: 'sh: 1: cannot open' }, 'n1', true).message).toBe('cannot list /sys/class/watchdog: sh: 1: cannot open: sbd cannot self-fence this node');
  });

  it('the sysfs script, run by the real sh on a fake /sys/class/watchdog, prints what the verdict reads (opens no device)', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { execFileSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'vd-wd-'));
    try {
      mkdirSync(join(dir, 'watchdog0'));
      writeFileSync(join(dir, 'watchdog0', 'identity'), 'iTCO_wdt\n');
      writeFileSync(join(dir, 'watchdog0', 'state'), 'active\n');
      mkdirSync(join(dir, 'watchdog1'));
      const c = watchdogSysfsCmd(dir);
      const out = execFileSync(c.argv[0]!, c.argv.slice(1), { encoding: 'utf8' });
      expect(out).toBe('watchdog0\tiTCO_wdt\tactive\nwatchdog1\t\t\n');
      expect(watchdogVerdict({ code: 0, stdout: out, stderr: '' }, 'n1', true).message).toBe('watchdog /dev/watchdog0 (iTCO_wdt, active), /dev/watchdog1');
      const none = watchdogSysfsCmd(join(dir, 'absent'));
      expect(execFileSync(none.argv[0]!, none.argv.slice(1), { encoding: 'utf8' })).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('virtdeck fence check NODE (CLI): runs the probes without --yes, exit 1 when one needs attention', () => {
  it('prints the collected report, then each probe answer with its time', async () => {
    const s = cluster();
    const r = new FakeRunner({ ordered: true }).allow(undefined, TOPO_Q, { code: 105 }).expect('n1', QUERY('fence-ipmi'), { code: 1 }).expect('n2', WATCHDOG, { stdout: WD_SOFTDOG });
    const { ctx } = testCtx(s, r);
    const out: string[] = [];
    const code = await runActionCommand(['fence', 'check', 'n2'], { ...ctx, out: (l) => out.push(l), err: (l) => out.push(`E ${l}`) });
    r.assertAllCalled();
    expect(code).toBe(1);
    const text = out.join('\n');
    expect(text).toContain('OK      n2: ready: devices fence-ipmi');
    expect(text).toContain('Probes (run now, read-only; times UTC):');
    expect(text).toMatch(/\n {2}\d\d:\d\d:\d\d ERROR fence-ipmi: status check FAILED/);
    expect(text).toMatch(/\n {2}\d\d:\d\d:\d\d OK n2: watchdog \/dev\/watchdog0 \(Software Watchdog, active\)/);
    expect(text).toContain('failed: 1 of 2 probe result(s) need attention');
  });
});

describe('fence node: what it kills and where Pacemaker restarts it (crm_simulate --node-fail)', () => {
  // The real capture fails node1: vm-web1 → node2, vm-db1 → node3. Here the node fenced is n2.
  const SIM = fx('crm_simulate-node-fail.txt').replaceAll('node1', 'n2').replaceAll('node2', 'n1').replaceAll('node3', 'n3');
  const victimsState = () => {
    const s = cluster();
    s.cluster.crm!.resources = [vdRes('vm-web1', ['n2']), vdRes('vm-db1', ['n2']), ...s.cluster.crm!.resources.filter((r) => !r.id.startsWith('vm-'))];
    s.nodes['n1']!.vms = [];
    s.nodes['n2']!.vms = [vm('web1', 'n2'), vm('db1', 'n2'), vm('scratch', 'n2')];
    return s;
  };

  it('exact what-if argv; each victim with its destination; a guest outside Pacemaker is NOT restarted', async () => {
    const r = new FakeRunner({ ordered: true })
      .expect('n1', ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { stdout: '/tmp/virtdeck-cib.F\n' })
      .expect('n1', ['sh', '-c', 'cibadmin --query > "$1"', 'sh', '/tmp/virtdeck-cib.F'])
      .expect('n1', ['crm_simulate', '-S', '-x', '/tmp/virtdeck-cib.F', '--node-fail', 'n2'], { stdout: SIM })
      .expect('n1', ['rm', '-f', '/tmp/virtdeck-cib.F']);
    const { ctx } = testCtx(victimsState(), r);
    const plan = await preparePlan('fence.node', { node: 'n2', reason: 'kernel hung' }, ctx);
    r.assertAllCalled();
    expect(plan.whatIf?.changes.map((c) => [c.action, c.resource, c.from, c.to])).toEqual([
      ['Move', 'vm-web1', 'n2', 'n1'],
      ['Move', 'vm-db1', 'n2', 'n3'],
    ]);
    expect(plan.summary[1]).toBe('killed with n2: 3 running VM(s) (web1, db1, scratch), 2 resource(s) (vm-web1, vm-db1); 1 VM(s) not run by Pacemaker are NOT restarted anywhere');
    expect(plan.report).toEqual([
      { level: 'info', subject: 'vm-web1 (VM web1)', message: 'dies with n2; Pacemaker restarts it on n1 (Move)' },
      { level: 'info', subject: 'vm-db1 (VM db1)', message: 'dies with n2; Pacemaker restarts it on n3 (Move)' },
      { level: 'warning', subject: 'VM scratch', message: 'runs on n2 outside Pacemaker: dies and is NOT restarted anywhere' },
    ]);
    // The only cluster command of the plan is still the fence itself.
    expect(argvOf(plan)).toEqual([['n1', 'stonith_admin', '--fence', 'n2']]);
    // The guest that is lost for good is a warning the operator acknowledges (--ack-warnings / Tab).
    expect(plan.findings).toEqual([{ level: 'warning', code: 'unmanaged-vms-die', node: 'n2', message: '1 VM(s) on n2 run outside Pacemaker and are NOT restarted anywhere: scratch' }]);
  });

  it('a resource the scheduler cannot place stays stopped: a warning; a what-if that cannot run says so', async () => {
    const stop = 'Transition Summary:\n  * Fence (reboot) n2 \'peer is no longer part of the cluster\'\n  * Stop       vm-web1     (      n2 )  due to node availability\n';
    const r = new FakeRunner({ ordered: true })
      .expect('n1', ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { stdout: '/tmp/virtdeck-cib.G\n' })
      .allow('n1', ['sh', '-c', 'cibadmin --query > "$1"', 'sh', '/tmp/virtdeck-cib.G'])
      .allow('n1', ['crm_simulate', '-S', '-x', '/tmp/virtdeck-cib.G', '--node-fail', 'n2'], { stdout: stop })
      .allow('n1', ['rm', '-f', '/tmp/virtdeck-cib.G']);
    const { ctx } = testCtx(victimsState(), r);
    const plan = await preparePlan('fence.node', { node: 'n2', reason: 'x' }, ctx);
    expect(plan.report!.slice(0, 2)).toEqual([
      { level: 'warning', subject: 'vm-web1 (VM web1)', message: 'dies with n2 and stays stopped (Stop due to node availability)' },
      { level: 'warning', subject: 'vm-db1 (VM db1)', message: 'dies with n2; the what-if plans no recovery for it' },
    ]);
    const r2 = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1, stderr: 'no space' });
    const p2 = await preparePlan('fence.node', { node: 'n2', reason: 'x' }, testCtx(victimsState(), r2).ctx);
    expect(p2.report![0]).toEqual({ level: 'warning', subject: 'what-if', message: 'not available (mktemp failed on n1: no space): where the 2 resource(s) of n2 restart is unknown' });
  });
});

describe('fence node what-if: clone instances and fence devices (demo-style summary)', () => {
  it('a clone instance stopping with its node is expected (info), a fence device is named as one', async () => {
    const { victimsReport } = await import('./kills.js');
    const s = cluster();
    s.cluster.crm!.resources = [
      { ...vdRes('dlm', ['n2']), agent: 'ocf:pacemaker:controld', parent: 'dlm-clone' },
      { ...vdRes('fence-ipmi-n1', ['n2']), agent: 'stonith:fence_ipmilan' },
    ];
    s.nodes['n2']!.vms = [];
    const w = { node: 'n1', changes: [{ resource: 'fence-ipmi-n1', action: 'Move', from: 'n2', to: 'n3' }, { resource: 'dlm:1', action: 'Stop', from: 'n2', note: 'due to node availability' }] };
    expect(victimsReport(s, 'n2', w)).toEqual([
      { level: 'info', subject: 'dlm', message: 'clone instance dlm:1 stops with n2; the clone keeps running on the other nodes' },
      { level: 'info', subject: 'fence-ipmi-n1 (fence device)', message: 'dies with n2; Pacemaker restarts it on n3 (Move)' },
    ]);
  });
});
