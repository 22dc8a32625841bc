// Field safety: `sbd query-watchdog` (and `test-watchdog`) arm the watchdog, and a driver with
// nowayout then resets the node (sbd(8)). A monitoring console must never send them: the
// watchdog is read from sysfs (watchdogSysfsCmd), without sudo.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { createVdStore } from '../../store/store.js';
import { startCollectors } from '../runtime.js';
import { fixtureResponder } from '../../../test/support/collectors/test-support.js';
import { fenceProbes } from '../../actions/fence/probes.js';
import { cluster } from '../../../test/support/actions/state.js';
import { watchdogSysfsCmd } from './command.js';

const ARMS_WATCHDOG = /(^|\s)(query|test)-watchdog(\s|$)/;
const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

describe('nothing virtdeck sends arms the watchdog', () => {
  it('a full collection round reads every node\'s watchdog from sysfs, never with sbd query-watchdog', async () => {
    const nodes = ['n1', 'n2', 'n3'];
    const runner = new FakeRunner({ nodes }).respond(fixtureResponder());
    const store = createVdStore({ clusterName: 'c1', nodes });
    const col = startCollectors({ runner, store, config: { live: false } });
    stops.push(() => col.stop());
    await col.collectOnce();
    expect(runner.calls.length).toBeGreaterThan(0);
    expect(runner.calls.filter((c) => c.argv[0] === 'sbd' && c.argv.some((w) => /watchdog/.test(w))).map((c) => c.exec)).toEqual([]);
    expect(runner.calls.filter((c) => ARMS_WATCHDOG.test(c.exec)).map((c) => c.exec)).toEqual([]);
    const wd = runner.calls.filter((c) => c.argv.join(' ') === watchdogSysfsCmd().argv.join(' '));
    expect(wd.map((c) => c.node).sort()).toEqual(nodes);
    expect(wd.every((c) => !c.cmd.sudo)).toBe(true);
    for (const n of nodes) expect(store.getState().nodes[n]?.sbd?.watchdog, n).toEqual({ present: true, device: '/dev/watchdog0', identity: 'iTCO_wdt', state: 'active' });
  });

  it('a watchdog listing that fails is unknown (with why), never "missing"', async () => {
    const nodes = ['n1', 'n2'];
    const wdArgv = watchdogSysfsCmd().argv.join(' ');
    const base = fixtureResponder();
    const runner = new FakeRunner({ nodes }).respond((node, cmd) =>
      node === 'n2' && cmd.argv.join(' ') === wdArgv ? { stdout: '', stderr: 'sh: 1: cannot open /sys/class/watchdog: Permission denied\n', code: 2 } : base(node, cmd),
    );
    const store = createVdStore({ clusterName: 'c1', nodes });
    const col = startCollectors({ runner, store, config: { live: false } });
    stops.push(() => col.stop());
    await col.collectOnce();
    const wd = store.getState().nodes['n2']?.sbd?.watchdog;
    // (a batch keeps no stderr per command: the exit code is what says it failed)
    expect(wd).toMatchObject({ present: false, error: expect.stringMatching(/^watchdog listing failed \(exit 2\)/) });
    expect(store.getState().alerts.map((a) => a.message).filter((m) => /watchdog/.test(m))).toEqual([expect.stringMatching(/^watchdog unknown on n2: watchdog listing failed/)]);
  });

  it('fence check\'s probes list the watchdog from sysfs too', () => {
    const { steps } = fenceProbes(cluster(), ['n1', 'n2']);
    const argvs = steps.flatMap((s) => (s.kind === 'cmd' ? [s.cmd] : []));
    expect(argvs.filter((c) => ARMS_WATCHDOG.test(c.argv.join(' ')))).toEqual([]);
    expect(argvs.filter((c) => c.argv.join(' ') === watchdogSysfsCmd().argv.join(' ')).length).toBeGreaterThan(0);
  });

  it('no source outside the demo (which plays the real sbd) builds a query-watchdog/test-watchdog argv word', () => {
    const src = fileURLToPath(new URL('../../', import.meta.url));
    const files = (readdirSync(src, { recursive: true }) as string[])
      .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
      .map((f) => join(src, f))
      .filter((f) => !relative(src, f).split(/[\\/]/).includes('demo'));
    expect(files.length).toBeGreaterThan(50);
    const hits = files.filter((f) => /['"`](query|test)-watchdog['"`]/.test(readFileSync(f, 'utf8'))).map((f) => relative(src, f));
    expect(hits).toEqual([]);
  });
});
