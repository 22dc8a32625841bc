// Context switching (ConsoleSessions), recording file mode, replay controls, the live session's
// freshness recompute.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleSessions, sessionKind, tuiSession } from './console.js';
import { replayControls, startRecording } from './cli.js';
import { openSession, type Session } from './session.js';
import { createVdStore, storeControl } from '../store/store.js';
import { openReplay } from '../store/record.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import type { ResolvedTarget } from '../config/load.js';
import type { VirtdeckConfig } from '../config/schema.js';
import { fixture } from '../../test/support/collectors/test-support.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-console-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const config: VirtdeckConfig = { clusters: { lab: { nodes: ['l1', 'l2'] }, prod: { nodes: ['p1', 'p2'], readonly: true } } };

/** A session stand-in: a real store, a FakeRunner, and a close() that is counted. */
function fakeSession(target: ResolvedTarget): Session & { closed: number } {
  const nodes = target.kind === 'cluster' ? target.nodes : ['n1'];
  const s = {
    target,
    clusterName: target.clusterName,
    store: createVdStore({ clusterName: target.clusterName, nodes, readonly: target.readonly }),
    runner: new FakeRunner({ nodes }),
    collectors: { collectOnce: async () => undefined, stop: () => undefined, refresh: () => undefined, nodes: () => nodes, refreshSources: async () => undefined },
    readonly: target.readonly,
    closed: 0,
    close: async () => {
      s.closed++;
    },
  };
  return s;
}
const labTarget: ResolvedTarget = { kind: 'cluster', clusterName: 'lab', nodes: ['l1', 'l2'], readonly: false, cluster: config.clusters.lab!, contexts: ['lab', 'prod'] };

describe('sessionKind (the header banner)', () => {
  it('PRODUCTION only for a cluster configured production: true; the demo is DEMO', () => {
    expect(sessionKind(labTarget)).toBe('cluster');
    expect(sessionKind({ ...labTarget, cluster: { ...labTarget.cluster, production: true } })).toBe('production');
    const demo: ResolvedTarget = { kind: 'demo', clusterName: 'demo', nodes: 4, vms: 24, readonly: false, cluster: { nodes: [] }, reason: 'flag' };
    expect(sessionKind(demo)).toBe('demo');
    expect(tuiSession(fakeSession(demo), []).kind).toBe('demo');
    expect(sessionKind({ kind: 'from', clusterName: 'x', path: '/tmp/x', readonly: true, cluster: { nodes: [] } })).toBe('saved');
  });
});

describe('ConsoleSessions (:ctx)', () => {
  it('opens the chosen context, then closes the old session; the TUI gets the new store', async () => {
    const first = fakeSession(labTarget);
    const opened: (Session & { closed: number })[] = [];
    const order: string[] = [];
    const cs = new ConsoleSessions(first, {
      config,
      open: async (t) => {
        order.push(`open ${t.clusterName}`);
        expect(first.closed).toBe(0); // the old one is still up while the new one opens
        const s = fakeSession(t);
        opened.push(s);
        return s;
      },
      onSwitch: (from, to) => void order.push(`switch ${from.clusterName}→${to.clusterName}`),
    });
    expect(cs.contexts()).toEqual(['lab', 'prod']);
    expect(cs.initial().planAction).toBeTypeOf('function');
    const t = await cs.switchTo('prod');
    expect(order).toEqual(['open prod', 'switch lab→prod']);
    expect(first.closed).toBe(1);
    expect(t.store).toBe(opened[0]!.store);
    expect(t.store.getState().cluster.name).toBe('prod');
    // prod is read-only in the config: only actions that change nothing (fence check's probes)
    expect(t.readonly).toBe(true);
    await expect(t.planAction!({ kind: 'node.standby', targets: ['p1'] })).rejects.toThrow('node.standby: this session is read-only');
    expect(cs.current).toBe(opened[0]);
    await cs.close();
    expect(opened[0]!.closed).toBe(1);
  });

  it('an unknown context or a failed open leaves the current session running', async () => {
    const first = fakeSession(labTarget);
    const cs = new ConsoleSessions(first, { config, open: async () => Promise.reject(new Error('p1: connection refused')) });
    await expect(cs.switchTo('nope')).rejects.toThrow('unknown context "nope" (configured: lab, prod)');
    await expect(cs.switchTo('prod')).rejects.toThrow('p1: connection refused');
    expect(cs.current).toBe(first);
    expect(first.closed).toBe(0);
  });

  it('refuses to switch while an action runs; --readonly applies to every context', async () => {
    const first = fakeSession(labTarget);
    const targets: ResolvedTarget[] = [];
    const cs = new ConsoleSessions(first, { config: { clusters: { ...config.clusters, prod: { nodes: ['p1'] } } }, readonly: true, open: async (t) => (targets.push(t), fakeSession(t)) });
    first.store.getState().upsertAction({ id: 'x', title: 'Node standby l1', status: 'running', lines: [], startedAt: 0 });
    await expect(cs.switchTo('prod')).rejects.toThrow(/action is still running/);
    first.store.getState().upsertAction({ id: 'x', title: 'Node standby l1', status: 'done', lines: [], startedAt: 0 });
    const t = await cs.switchTo('prod');
    expect(targets[0]!.readonly).toBe(true);
    await expect(t.planAction!({ kind: 'fence.node', targets: ['p1'], values: { reason: 'x' } })).rejects.toThrow('fence.node: this session is read-only');
  });

  it('tuiSession passes the ssh user and the libvirt URI', () => {
    const s = fakeSession({ ...labTarget, cluster: { ...labTarget.cluster, libvirtUri: 'qemu+tls://x/system' } });
    s.sshUser = 'ops';
    const t = tuiSession(s, ['lab']);
    expect(t).toMatchObject({ sshUser: 'ops', libvirtUri: 'qemu+tls://x/system', contexts: ['lab'], readonly: false });
  });
});

describe('--record', () => {
  it('records to a file only the user can read (also an existing, looser file)', async () => {
    const file = join(dir, 'rec.jsonl');
    writeFileSync(file, '', { mode: 0o644 });
    const s = fakeSession(labTarget);
    const rec = await startRecording(s, file);
    s.store.getState().registerSource('host', 'l1', 5000);
    await new Promise((r) => setTimeout(r, 30));
    s.store.getState().registerSource('host', 'l2', 5000);
    await rec.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('"registerSource"');
    // …and replays: the controls the replay bar uses
    const { replay } = openReplay(file);
    const c = replayControls(replay);
    expect(c.isPlaying!()).toBe(false);
    c.play();
    expect(c.isPlaying!()).toBe(true);
    c.pause();
    expect(c.speed!()).toBe(1);
    c.setSpeed(4);
    expect(c.speed!()).toBe(4);
    expect(c.position()).toBe(0);
    replay.close();
  });
});

describe('live session', () => {
  it('re-derives freshness once per interval without new data, and stops on close', async () => {
    const saved = join(dir, 'saved');
    mkdirSync(join(saved, 'n1'), { recursive: true });
    writeFileSync(join(saved, 'crm_mon.xml'), fixture('pacemaker', 'healthy.crm_mon.xml'));
    const target: ResolvedTarget = { kind: 'from', clusterName: 'saved', path: saved, readonly: true, cluster: { nodes: [] } };
    const s = await openSession(target, { live: true, recomputeMs: 20 });
    const spy = vi.spyOn(storeControl(s.store), 'recompute');
    await new Promise((r) => setTimeout(r, 150));
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(2);
    await s.close();
    const n = spy.mock.calls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(spy.mock.calls.length).toBe(n);
  });
});
