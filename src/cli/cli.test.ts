import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main, type CliIo } from './cli.js';
import { fixture } from '../../test/support/collectors/test-support.js';
import type { Snapshot } from '../store/snapshot.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const x: CliIo = { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s) };
  return { x, out: () => out.join(''), err: () => err.join('') };
}

/** An empty, valid config so the user's own config never leaks into a test. */
const cfg = () => {
  const f = put('cfg.json', '{"clusters": {}}');
  chmodSync(f, 0o600);
  return f;
};

const put = (rel: string, text: string) => {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
};

describe('main', () => {
  it('usage errors exit 2 with the message and the usage line of that command, not the whole help', async () => {
    const o = io();
    expect(await main(['snapshot', '--bogus'], o.x)).toBe(2);
    expect(o.err()).toBe('virtdeck: unknown option --bogus\nusage: virtdeck snapshot [--json] [target options]\nvirtdeck --help lists every command and option\n');
  });

  it('--help and --version', async () => {
    const h = io();
    expect(await main(['--help'], h.x)).toBe(0);
    expect(h.out()).toContain('snapshot [--json]');
    const v = io();
    expect(await main(['--version'], v.x)).toBe(0);
    expect(v.out()).toMatch(/^virtdeck \d+\.\d+\.\d+\n$/);
  });

  it('--version --verbose: node, ink, react, ssh2 and whether the ink output patch is installed', async () => {
    const v = io();
    expect(await main(['--version', '--verbose'], v.x)).toBe(0);
    expect(v.out()).toMatch(/^virtdeck \d+\.\d+\.\d+\nnode \d+\.\d+\.\d+\nink \d+\.\d+\.\d+\nreact \d+\.\d+\.\d+\nssh2 \d+\.\d+\.\d+\nink output patch: installed \(ink \d+\.\d+\.\d+\)\n$/);
    const u = io();
    expect(await main(['snapshot', '--verbose'], u.x)).toBe(2);
    expect(u.err()).toMatch(/^virtdeck: --verbose is for --version\n/);
  });

  it('a config error names the file and key, exit 2', async () => {
    const f = put('config.json', JSON.stringify({ clusters: { prod: { nodes: ['a'], intervals: { vms: 10 } } } }));
    chmodSync(f, 0o600);
    const o = io();
    expect(await main(['snapshot', '--config', f], o.x)).toBe(2);
    expect(o.err()).toBe(`virtdeck: config error in ${f}: clusters.prod.intervals.vms must be a number ≥ 1000 and ≤ 86400000 (got 10)\n`);
  });

  it('snapshot --from a directory prints the JSON document and says which nodes had no data', async () => {
    put('saved/crm_mon.xml', fixture('pacemaker', 'healthy.crm_mon.xml'));
    put('saved/n1/proc/meminfo', fixture('host', 'meminfo.txt'));
    put('saved/n1/proc/stat', fixture('host', 'proc-stat.txt'));
    put('saved/n1/proc/loadavg', fixture('host', 'loadavg.txt'));
    put('saved/n1/proc/uptime', fixture('host', 'uptime.txt'));
    const o = io();
    const code = await main(['snapshot', '--json', '--from', join(dir, 'saved'), '--config', cfg()], o.x);
    expect(code).toBe(0);
    const snap = JSON.parse(o.out()) as Snapshot;
    // The members read from the saved outputs, then the remote and guest nodes crm_mon lists (not polled).
    expect(snap.nodes.map((n) => `${n.name}:${n.type}:${String(n.reachable)}`)).toEqual([
      'n1:member:true', 'n2:member:true', 'n3:member:true', 'n4:member:true',
      'guest1:guest:not-polled', 'remote1:remote:not-polled', 'web-bundle-0:guest:not-polled', 'web-bundle-1:guest:not-polled',
    ]);
    expect(snap.resources.length).toBeGreaterThan(0);
    expect(snap.nodes[0]?.host).toBeDefined();
    expect(o.err()).toMatch(/virtdeck: no data from n2: not collected: not in the saved data\n/);
    expect(o.err()).not.toMatch(/no data from n1/);
  });

  it('check --from a crm_mon file prints one status line', async () => {
    const f = put('crm.xml', fixture('pacemaker', 'healthy.crm_mon.xml'));
    const o = io();
    const code = await main(['check', '--from', f, '--config', cfg()], o.x);
    expect([0, 1, 2]).toContain(code);
    expect(o.out()).toMatch(/^VIRTDECK (OK|WARNING|CRITICAL) - .* \| nodes_online=/);
  });

  it('snapshot exits 1 with a clear message when nothing could be collected', async () => {
    put('empty/n1/notes.txt', 'nothing saved here\n');
    const o = io();
    expect(await main(['snapshot', '--from', join(dir, 'empty'), '--config', cfg()], o.x)).toBe(1);
    expect(o.out()).toBe('');
    expect(o.err()).toMatch(/^virtdeck: nothing could be collected from cluster empty \(pacemaker: not in the saved data\)/);
    expect(o.err()).toMatch(/\n  n1: /);
  });

  it('check that cannot run is UNKNOWN (3), per the monitoring-plugin convention', async () => {
    const o = io();
    expect(await main(['check', '--from', join(dir, 'nope.xml'), '--config', cfg()], o.x)).toBe(3);
    expect(o.out()).toMatch(/^VIRTDECK UNKNOWN - --from .*nope\.xml: not found\n$/);
  });

  it('check: a bad -w/-c level is UNKNOWN (3) naming it, before anything is collected; --help documents them', async () => {
    const f = put('crm.xml', fixture('pacemaker', 'healthy.crm_mon.xml'));
    const o = io();
    expect(await main(['check', '--from', f, '--config', cfg(), '-w', 'latency=5'], o.x)).toBe(3);
    expect(o.out()).toBe('VIRTDECK UNKNOWN - -w "latency=5": unknown metric "latency" (one of await, util, cpu, mem, hugepages)\n');
    const both = io();
    expect(await main(['check', '--from', f, '--config', cfg(), '-w', 'await=50', '-c', 'await=20'], both.x)).toBe(3);
    expect(both.out()).toMatch(/^VIRTDECK UNKNOWN - -w await=50 and -c await=20: /);
    const h = io();
    await main(['--help'], h.x);
    expect(h.out()).toContain('check [-w L] [-c L] [-t S]');
    expect(h.out()).toContain('-w await=10,util=80 -c await=20');
  });

  it('a missing --from path is a clear error', async () => {
    const o = io();
    expect(await main(['snapshot', '--from', join(dir, 'nope.xml'), '--config', cfg()], o.x)).toBe(1);
    expect(o.err()).toMatch(/virtdeck: --from .*nope\.xml: not found/);
  });

  it('dispatches action commands to src/actions/cli.ts (sudoers needs no cluster)', async () => {
    const o = io();
    expect(await main(['sudoers', '--role', 'readonly', '--config', cfg()], o.x)).toBe(0);
    expect(o.out()).toMatch(/^# virtdeck sudoers \(readonly role\)/);
    const bad = io();
    expect(await main(['node', 'reboot', 'n1', '--from', join(dir, 'x'), '--config', cfg()], bad.x)).toBe(2);
    expect(bad.err()).toMatch(/unknown action command: node reboot/);
  });
});
