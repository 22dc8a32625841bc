/** @jsxRuntime automatic */
// Component tests: the whole screen from fixture stores, driven by keys, at 80 and 160 columns.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import chalk from 'chalk';
import { KEY, renderApp, tick } from '../../test/support/ui/render.js';
import { fixtureStore, FIXTURE_NOW, mkVm } from '../../test/support/store/test-fixtures.js';
import { helpBindings, keyLabel } from './keymap.js';
import type { ActionPlanView, ActionRequest } from './dialogs/plan.js';

afterEach(() => cleanup());

const lines = (f: string) => f.split('\n');

describe('header mode banner', () => {
  const header = (f: string) => lines(f)[0]!;
  it('a cluster not configured as production shows no PRODUCTION banner', async () => {
    const a = renderApp({ columns: 160, rows: 24 });
    await a.settle();
    expect(header(a.frame())).not.toContain('PRODUCTION');
    expect(header(a.frame())).toMatch(/actions enabled\s*$/);
  });
  it('production: true shows PRODUCTION, and PRODUCTION · READ-ONLY when read-only', async () => {
    const a = renderApp({ columns: 160, rows: 24, kind: 'production' });
    await a.settle();
    expect(header(a.frame())).toMatch(/ PRODUCTION · actions enabled\s*$/);
    cleanup();
    const b = renderApp({ columns: 80, rows: 24, kind: 'production', readonly: true });
    await b.settle();
    expect(header(b.frame())).toMatch(/ PRODUCTION · READ-ONLY\s*$/);
  });
  it('the demo says DEMO (and READ-ONLY when read-only), never PRODUCTION', async () => {
    for (const readonly of [false, true])
      for (const columns of [80, 160]) {
        const a = renderApp({ columns, rows: 24, kind: 'demo', readonly });
        await a.settle();
        const h = header(a.frame());
        expect(h).toMatch(readonly ? / DEMO · READ-ONLY\s*$/ : / DEMO\s*$/);
        expect(h).not.toContain('PRODUCTION');
        cleanup();
      }
  });
});

describe('a lost node', () => {
  it('is obvious at once: unreachable over SSH with the reason and the time since anything came from it, no stale metrics drawn as current', async () => {
    const { store, clock } = fixtureStore();
    clock.now += 15_000;
    // retrying: connecting again with the last error kept
    store.getState().setConn({ node: 'kvm-n4', status: 'connecting', since: clock.now, attempts: 3, openChannels: 0, queued: 0, error: { kind: 'unreachable', message: 'connection refused' } });
    const a = renderApp({ store, now: () => clock.now, columns: 220, rows: 40 });
    await a.settle();
    const f = a.frame();
    // Pacemaker still shows it online (not yet noticed): its word, then SSH's failure, never "DOWN"
    expect(lines(f)[1]).toMatch(/kvm-n4 ● online ✖ ssh unreachable: refused 1[56]s/);
    const row = lines(f).find((l) => l.startsWith('kvm-n4 ') && l.includes(' vm cpu '))!;
    expect(row).toMatch(/-\s+vm cpu\s+-\s+mem\s+-/);
    expect(row).toContain('✖ unreachable: refused 1');
    expect(f).toContain('node kvm-n4 unreachable: connection refused');
  });

  it('narrow overview: alerts keep the symbol and drop the severity word, so the message shows', async () => {
    const { store, clock } = fixtureStore();
    store.getState().setConn({ node: 'kvm-n4', status: 'down', since: clock.now, attempts: 1, openChannels: 0, queued: 0, error: { kind: 'unreachable', message: 'refused' } });
    const a = renderApp({ store, now: () => clock.now, columns: 80, rows: 24 });
    await a.settle();
    const f = a.frame();
    expect(f).toContain('✖ node kvm-n4 unreachable');
    expect(f).not.toContain('✖ crit');
  });
});

describe('overview', () => {
  for (const columns of [80, 160]) {
    it(`renders every pane at ${columns} columns without overflowing`, async () => {
      const a = renderApp({ columns, rows: 24 });
      await tick(20);
      const f = a.frame();
      for (const t of ['kvm-lab', 'quorum ●', 'DC kvm-n1', 'Cluster', 'Fencing readiness', 'Storage', 'Alerts', 'Timeline', 'kvm-n4 ●', 'kvm-n1 ● online']) expect(f).toContain(t);
      expect(f).toMatch(/mpatha\s+●2\/2/);
      for (const l of lines(f)) expect([...l].length).toBeLessThanOrEqual(columns);
      expect(lines(f).length).toBeLessThanOrEqual(23);
    });
  }

  it('shows alerts, timeline and failed actions from the store', async () => {
    const { store, clock } = fixtureStore();
    store.getState().pushTimeline({ time: clock.now, node: 'kvm-n2', source: 'conn', kind: 'node-down', severity: 'critical', subject: 'kvm-n2', message: 'kvm-n2 unreachable' });
    const a = renderApp({ store, columns: 160, rows: 40 });
    await tick(20);
    expect(a.frame()).toContain('kvm-n2 unreachable');
  });

  it('stale data shows its age and is not drawn as live', async () => {
    const { store, clock } = fixtureStore();
    clock.now += 60_000; // every source is now older than 2 × its interval (except slow ones)
    const a = renderApp({ store, now: () => clock.now, columns: 160, rows: 40 });
    await tick(20);
    const f = a.frame();
    expect(f).toMatch(/kvm-n1 ● online ⚠ stale 1m/);
    expect(f).toContain('cluster status stale 1m');
    expect(f).toMatch(/mpatha\s+●2\/2\?/);
  });

  it('stale rows are dimmed when colour is on', async () => {
    const { store, clock } = fixtureStore();
    clock.now += 60_000;
    const level = chalk.level;
    chalk.level = 1; // tests run without a TTY
    try {
      const a = renderApp({ store, now: () => clock.now, columns: 160, rows: 40, color: true });
      await tick(20);
      await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter);
      const row = lines(a.frame()).find((l) => l.includes('kvm-n2') && l.includes('stale'))!;
      expect(row).toContain('\x1b[2m'); // SGR dim
    } finally {
      chalk.level = level;
    }
  });

  it('Tab moves pane focus and Enter opens it', async () => {
    const a = renderApp({ columns: 160, rows: 40 });
    await a.type(KEY.tab);
    expect(a.frame()).toContain('› Fencing readiness');
    await a.type(KEY.enter);
    expect(a.frame()).toContain('Fencing [');
    expect(a.frame()).toContain('fence-kvm-n1');
  });
});

describe('views', () => {
  it(':vms, :res, :nodes, :storage, :fence, :net, :logs, :timeline, :alerts, :ctx switch views', async () => {
    const a = renderApp({ columns: 160, rows: 40 });
    const cases: [string, string][] = [
      ['vms', 'VMs ['],
      ['res', 'Resources ['],
      ['nodes', 'Nodes ['],
      ['storage', 'Storage ['],
      ['fence', 'Fencing ['],
      ['net', 'Network ['],
      ['logs', 'Logs ['],
      ['timeline', 'Timeline ['],
      ['alerts', 'Alerts ['],
      ['ctx', 'Contexts ['],
    ];
    for (const [cmd, title] of cases) {
      await a.type(':', ...cmd.split(''), KEY.enter);
      expect(a.frame(), cmd).toContain(title);
    }
    await a.type(':', 'b', 'o', 'g', 'u', 's', KEY.enter);
    expect(a.frame()).toContain('unknown command :bogus');
  }, 60_000); // eleven view switches: slow on a loaded 2-core machine

  it('filter narrows rows, ! inverts, invalid regex shows an error', async () => {
    const a = renderApp({ columns: 160, rows: 40 });
    await a.type(':', 'v', 'm', 's', KEY.enter, '/', 'd', 'b', KEY.enter);
    expect(a.frame()).toContain('of 21]');
    expect(a.frame()).toContain('db1');
    expect(a.frame()).not.toContain('web1');
    await a.type('/', KEY.backspace, KEY.backspace, '!', 'w', 'e', 'b', KEY.enter);
    expect(a.frame()).not.toContain('web1');
    expect(a.frame()).toContain('mail');
    await a.type('/', KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, '(', KEY.enter);
    expect(a.frame()).toContain('invalid filter /(/');
    expect(a.frame()).toContain('web1'); // unfiltered, not crashed
    await a.type(KEY.esc); // Esc clears the filter first
    expect(a.frame()).not.toContain('invalid filter');
    expect(a.frame()).toContain('VMs [');
  });

  it('s cycles the sort column and S reverses', async () => {
    const a = renderApp({ columns: 160, rows: 40 });
    await a.type(':', 'v', 'm', 's', KEY.enter, 's');
    expect(a.frame()).toContain('sort VM↑');
    const first = () => lines(a.frame()).find((l) => l.startsWith('›'))!;
    expect(first()).toMatch(/app1/);
    await a.type('S');
    expect(a.frame()).toContain('sort VM↓');
    expect(first()).toMatch(/web2/);
  });

  it('Enter drills into VM detail with console command; Esc goes back', async () => {
    const a = renderApp({ columns: 160, rows: 40, sshUser: 'root' });
    await a.type(':', 'v', 'm', 's', KEY.enter, '/', '^', 'd', 'b', '1', KEY.enter, 'G', KEY.enter);
    const f = a.frame();
    expect(f).toContain('VM db1 on kvm-n4');
    expect(f).toContain('virt-viewer -c qemu+ssh://root@kvm-n4/system db1');
    expect(f).toContain('ssh -t root@kvm-n4 virsh console db1');
    await a.type(KEY.esc);
    expect(a.frame()).toContain('VMs [');
    expect(a.frame()).toContain('filter /^db1/');
  });

  it('node and resource drill-down', async () => {
    const a = renderApp({ columns: 160, rows: 40 });
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter, 'j', KEY.enter);
    expect(a.frame()).toContain('Node kvm-n2');
    expect(a.frame()).toContain('VMs running');
    await a.type(KEY.esc, ':', 'r', 'e', 's', KEY.enter, '/', 'v', 'm', '-', 'w', 'e', 'b', '1', KEY.enter, KEY.enter);
    expect(a.frame()).toContain('Resource vm-web1');
    expect(a.frame()).toContain('Constraints');
    expect(a.frame()).toContain('Fail counts');
  });

  it('help overlay lists every key from the table', async () => {
    const a = renderApp({ columns: 160, rows: 200, replay: { play() {}, pause() {}, seek() {}, setSpeed() {}, position: () => 0, duration: () => 60_000 } });
    await a.type('?');
    const f = a.frame();
    for (const b of helpBindings(false)) {
      expect(f, b.id).toContain(b.desc);
      expect(f, b.id).toContain(b.keys.map(keyLabel).join(' '));
    }
    await a.type(KEY.esc);
    expect(a.frame()).not.toContain('Keys (');
  });

  it('5,000 VMs: only the visible rows are rendered and paging works', async () => {
    const { store } = fixtureStore();
    const vms = Array.from({ length: 5000 }, (_, i) => mkVm(`vm${String(i).padStart(4, '0')}`, 'kvm-n1'));
    store.getState().setNodeData('kvm-n1', 'vms', { vms });
    const a = renderApp({ store, columns: 120, rows: 30 });
    await a.type(':', 'v', 'm', 's', KEY.enter, '/', '^', 'v', 'm', '\\', 'd', KEY.enter);
    const f = a.frame();
    expect(f).toContain('[1-24/5000 of');
    const vmLines = lines(f).filter((l) => /vm\d{4}/.test(l));
    expect(vmLines.length).toBe(24);
    await a.type(KEY.pgdn, KEY.pgdn);
    expect(a.frame()).toContain('vm0048');
    await a.type('G');
    expect(a.frame()).toContain('vm4999');
    expect(lines(a.frame()).filter((l) => /vm\d{4}/.test(l)).length).toBe(24);
    await a.type('g');
    expect(a.frame()).toContain('› vm0000');
  });

  it('marks with space and acknowledges alerts with a', async () => {
    const { store } = fixtureStore();
    store.setState({
      alerts: [
        { id: 'x1', rule: 'await', severity: 'warning', subject: 'mpatha', message: 'await high', since: FIXTURE_NOW, acknowledged: false },
        { id: 'x2', rule: 'await', severity: 'critical', subject: 'mpathb', message: 'await very high', since: FIXTURE_NOW, acknowledged: false },
      ],
    });
    const a = renderApp({ store, columns: 160, rows: 40 });
    expect(a.frame()).toContain('✖ 1 crit ⚠ 1 warn');
    await a.type(':', 'a', 'l', 'e', 'r', 't', 's', KEY.enter, KEY.space);
    expect(a.frame()).toContain('1 marked');
    await a.type('a');
    expect(store.getState().alerts.find((x) => x.id === 'x2')!.acknowledged).toBe(true);
    expect(store.getState().alerts.find((x) => x.id === 'x1')!.acknowledged).toBe(false);
    expect(a.frame()).toContain('✖ 0 crit ⚠ 1 warn');
  });
});

describe('quit, contexts, actions', () => {
  it('q quits; :q quits', async () => {
    const onQuit = vi.fn();
    const a = renderApp({ onQuit });
    await a.type('q');
    expect(onQuit).toHaveBeenCalledTimes(1);
    await a.type(':', 'q', KEY.enter);
    expect(onQuit).toHaveBeenCalledTimes(2);
  });

  it('q asks first while an action is running', async () => {
    const onQuit = vi.fn();
    const { store } = fixtureStore();
    store.getState().upsertAction({ id: 'a1', title: 'standby kvm-n2', status: 'running', lines: [], startedAt: FIXTURE_NOW });
    const a = renderApp({ store, onQuit });
    await a.type('q');
    expect(onQuit).not.toHaveBeenCalled();
    expect(a.frame()).toContain('Quit anyway?');
    await a.type('n');
    expect(a.frame()).not.toContain('Quit anyway?');
    await a.type('q', 'y');
    expect(onQuit).toHaveBeenCalledTimes(1);
  });

  it(':ctx lists contexts and Enter calls onSwitchContext', async () => {
    const onSwitchContext = vi.fn();
    const a = renderApp({ onSwitchContext, columns: 160 });
    await a.type(':', 'c', 't', 'x', KEY.enter);
    expect(a.frame()).toContain('kvm-prod');
    await a.type('j', KEY.enter);
    expect(onSwitchContext).toHaveBeenCalledWith('kvm-prod');
  });

  it('a dangerous key opens the plan dialog; destructive plans need the target name typed', async () => {
    const onConfirm = vi.fn(async () => {});
    const requests: ActionRequest[] = [];
    const planAction = async (req: ActionRequest): Promise<ActionPlanView> => {
      requests.push(req);
      return {
        title: `Standby ${req.targets.join(',')}`,
        target: req.targets[0]!,
        findings: [{ level: 'warning', message: 'kvm-n2 runs 2 VMs; they will migrate' }],
        steps: [{ node: 'kvm-n1', display: 'crm_attribute --node kvm-n2 --name standby --update on' }],
        whatIf: ['vm-web2: kvm-n2 → kvm-n3'],
        destructive: true,
        onConfirm,
      };
    };
    const a = renderApp({ planAction, columns: 160, rows: 40 });
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter, 'j', 't');
    await tick(20);
    expect(requests).toEqual([{ kind: 'node.standby', targets: ['kvm-n2'] }]);
    let f = a.frame();
    expect(f).toContain('Standby kvm-n2');
    expect(f).toContain('⚠ warning: kvm-n2 runs 2 VMs');
    expect(f).toContain('1. [kvm-n1] crm_attribute --node kvm-n2 --name standby --update on');
    expect(f).toContain('vm-web2: kvm-n2 → kvm-n3');
    await a.type(KEY.enter);
    expect(onConfirm).not.toHaveBeenCalled();
    expect(a.frame()).toContain('press Tab to acknowledge');
    await a.type(KEY.tab, ...'kvm-n'.split(''), 'q', KEY.enter); // wrong name; q is text here
    expect(onConfirm).not.toHaveBeenCalled();
    expect(a.frame()).toContain('type "kvm-n2" to confirm');
    await a.type(KEY.backspace, '2', KEY.enter);
    await tick(20);
    expect(onConfirm).toHaveBeenCalledWith(true);
    f = a.frame();
    expect(f).toContain('done');
  });

  it('errors in the plan block confirmation', async () => {
    const onConfirm = vi.fn(async () => {});
    const planAction = async (): Promise<ActionPlanView> => ({ title: 'Migrate web1', target: 'web1', findings: [{ level: 'error', message: 'no quorum' }], steps: [], destructive: false, onConfirm });
    const a = renderApp({ planAction, columns: 160, rows: 40 });
    await a.type(':', 'v', 'm', 's', KEY.enter, 'm');
    await tick(20);
    await a.type(KEY.enter);
    expect(onConfirm).not.toHaveBeenCalled();
    expect(a.frame()).toContain('blocked by 1 error(s)');
    await a.type(KEY.esc);
    expect(a.frame()).toContain('VMs [');
  });

  it('read-only mode: no action keys, READ-ONLY banner', async () => {
    const planAction = vi.fn();
    const a = renderApp({ readonly: true, planAction, columns: 160 });
    expect(a.frame()).toContain('READ-ONLY');
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter, 't', 'o', 'e');
    expect(planAction).not.toHaveBeenCalled();
    expect(a.frame()).not.toContain('standby');
  });

  it('replay keys drive the replay controls', async () => {
    const r = { play: vi.fn(), pause: vi.fn(), seek: vi.fn(), setSpeed: vi.fn(), position: () => 30_000, duration: () => 120_000 };
    const a = renderApp({ replay: r, columns: 160 });
    expect(a.frame()).toContain('paused 30s / 2m00s');
    await a.type('p', ']', '[', '>');
    expect(r.play).toHaveBeenCalled();
    expect(r.seek).toHaveBeenNthCalledWith(1, 40_000);
    expect(r.seek).toHaveBeenNthCalledWith(2, 20_000);
    expect(r.setSpeed).toHaveBeenCalledWith(2);
    await a.type('p');
    expect(r.pause).toHaveBeenCalled();
  });
});

describe('no colour', () => {
  it('state stays readable from symbols and words alone', async () => {
    const { store, clock } = fixtureStore();
    store.getState().setConn({ node: 'kvm-n3', status: 'down', since: clock.now, attempts: 1, openChannels: 0, queued: 0 });
    clock.now += 60_000;
    const a = renderApp({ store, now: () => clock.now, columns: 160, rows: 40, color: false });
    const f = a.frame();
    expect(f).not.toMatch(/\x1b\[/);
    // Pacemaker's (stale) data still says online: the header says both facts, apart
    expect(f).toContain('kvm-n3 ● online ✖ ssh unreachable');
    expect(f).toContain('⚠ stale');
  });
});

describe('VM detail reads the domain XML through the runner', () => {
  it('shows disks and NICs from virsh dumpxml, and the snapshots (read-only)', async () => {
    const { readFileSync } = await import('node:fs');
    const { FakeRunner } = await import('../../test/support/ssh/fake-runner.js');
    const xml = readFileSync(new URL('../collectors/virsh/fixtures/dumpxml-web-01.xml', import.meta.url), 'utf8');
    const runner = new FakeRunner({ nodes: ['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4'] })
      .expect('kvm-n1', ['virsh', '-c', 'qemu:///system', '-r', 'dumpxml', 'web1'], { stdout: xml })
      // the Snapshots section's reads (real test-driver output: one snapshot, current)
      .expect('kvm-n1', ['virsh', '-c', 'qemu:///system', '-r', 'snapshot-list', '--domain', 'web1', '--parent'], { stdout: ' Name   Creation Time               State     Parent\n------------------------------------------------------\n off1   2026-12-07 14:51:00 +0000   shutoff   \n\n' })
      .expect('kvm-n1', ['virsh', '-c', 'qemu:///system', '-r', 'snapshot-current', '--domain', 'web1', '--name'], { stdout: 'off1\n' });
    const a = renderApp({ runner, columns: 160, rows: 60 });
    await a.type(':', 'v', 'm', 's', KEY.enter, KEY.enter);
    await tick(50);
    await a.settle();
    const f = a.frame();
    expect(f).toContain('VM web1 on kvm-n1');
    expect(f).toMatch(/Disks \(\d+\)/);
    expect(f).toMatch(/NICs \(\d+\)/);
    expect(f).toContain('vda');
    expect(f).toMatch(/Snapshots \(1\)\s+off1 +2026-12-07 14:51:00 \+0000 {2}shutoff {2}\(current\)/);
    runner.assertAllCalled();
  });
});
