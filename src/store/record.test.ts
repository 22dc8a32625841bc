import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReplay, loadRecording, openReplay, parseRecording, recordStore } from './record.js';
import { createVdStore, LIVE_DERIVE_MS, storeControl } from './store.js';
import { FIXTURE_NOW, fixtureState, mkConn, mkMaps } from '../../test/support/store/test-fixtures.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vd-rec-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Records a short incident: a path fails at +2 s, the node drops at +4 s, recovers at +6 s. */
async function recordIncident(file: string) {
  const clock = { now: FIXTURE_NOW };
  const store = createVdStore({ clusterName: 'kvm-lab', nodes: ['kvm-n1', 'kvm-n2'], now: () => clock.now });
  const rec = recordStore(store, file);
  const a = store.getState();
  a.registerSource('multipath', 'kvm-n1', 5000);
  a.registerSource('pacemaker', undefined, 5000);
  a.setConn(mkConn('kvm-n1', clock.now));
  a.setNodeData('kvm-n1', 'multipath', { multipath: mkMaps() });
  a.setClusterData('pacemaker', 'kvm-n1', { crm: fixtureState().cluster.crm });
  clock.now += 2000;
  a.setNodeData('kvm-n1', 'multipath', { multipath: mkMaps(['sdb']) });
  clock.now += 2000;
  a.setConn({ ...mkConn('kvm-n1', clock.now), status: 'down' });
  a.markError('pacemaker', undefined, 'timeout');
  clock.now += 2000;
  a.setConn({ ...mkConn('kvm-n1', clock.now), status: 'up' });
  await rec.close();
  return store;
}

describe('recording', () => {
  it('writes an init line and one JSONL line per mutator call', async () => {
    const file = join(dir, 'r.jsonl');
    await recordIncident(file);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ op: 'init', t: FIXTURE_NOW, args: [{ clusterName: 'kvm-lab', nodes: ['kvm-n1', 'kvm-n2'] }] });
    expect(lines.slice(1).map((l) => l.op)).toEqual(['registerSource', 'registerSource', 'setConn', 'setNodeData', 'setClusterData', 'setNodeData', 'setConn', 'markError', 'setConn']);
    expect(lines[2]).toEqual({ t: FIXTURE_NOW, op: 'registerSource', args: ['pacemaker', null, 5000] });
  });

  it('loadRecording names the file and line of a bad entry; tolerates a torn last line', () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"t":1,"op":"init","args":[{"clusterName":"c","nodes":["n1"]}]}\n{"t":2,"op":"rm -rf","args":[]}\n');
    expect(() => loadRecording(file)).toThrow(`recording ${file} line 2: unknown op "rm -rf"`);
    expect(() => parseRecording('{"t":1,"op":"ackAlert","args":["x"]}\n{"t":2,"op":"ack\n{"t":3,"op":"ackAlert","args":["y"]}\n', 'f')).toThrow(/line 2: not JSON/);
    expect(parseRecording('{"t":1,"op":"ackAlert","args":["x"]}\n{"t":2,"op":"ack').entries).toHaveLength(1);
    expect(() => loadRecording(join(dir, 'missing.jsonl'))).toThrow(/missing\.jsonl/);
  });
});

describe('replay', () => {
  it('rebuilds the recorded state, including derived alerts and timeline', async () => {
    const file = join(dir, 'r.jsonl');
    const original = await recordIncident(file);
    const { store, replay } = openReplay(file);
    expect(replay.start).toBe(FIXTURE_NOW);
    expect(replay.end).toBe(FIXTURE_NOW + 6000);
    // At the start: initial data only.
    expect(store.getState().nodes['kvm-n1']!.multipath).toEqual(mkMaps());
    expect(store.getState().alerts).toEqual([]);

    replay.seek(FIXTURE_NOW + 4000);
    expect(store.getState().alerts.map((a) => a.id)).toEqual(['unreachable:kvm-n1:kvm-n1', 'mpath:kvm-n1:mpatha']);
    expect(store.getState().nodes['kvm-n1']!.conn.status).toBe('down');
    expect(store.getState().cluster.fresh.pacemaker).toMatchObject({ error: 'timeout', errorAt: FIXTURE_NOW + 4000 });

    replay.seek(replay.end);
    const o = original.getState();
    const r = store.getState();
    expect(r.alerts).toEqual(o.alerts);
    expect(r.timeline).toEqual(o.timeline);
    expect(r.nodes).toEqual(o.nodes);
    expect(r.cluster).toEqual(o.cluster);

    // Backwards: the store is reset and re-applied.
    replay.seek(FIXTURE_NOW + 2500);
    expect(store.getState().alerts.map((a) => a.id)).toEqual(['mpath:kvm-n1:mpatha']);
    expect(store.getState().nodes['kvm-n1']!.conn.status).toBe('up');
    expect(store.getState().timeline.map((e) => e.kind)).toEqual(['path-down', 'alert-raised']);
  });

  it('re-derivations with time alone (the live session\'s recompute) are recorded and replayed at their moments', async () => {
    const file = join(dir, 'r.jsonl');
    const clock = { now: FIXTURE_NOW };
    const live = createVdStore({ clusterName: 'kvm-lab', nodes: ['kvm-n1'], now: () => clock.now });
    const rec = recordStore(live, file);
    const a = live.getState();
    a.registerSource('host', 'kvm-n1', 5000);
    a.setConn(mkConn('kvm-n1', clock.now));
    a.setNodeData('kvm-n1', 'host', {});
    clock.now += 1000;
    a.markError('host', 'kvm-n1', 'timeout');
    // No more data: the source ages out at +10 s; only a recompute notices.
    for (let s = 2; s <= 15; s++) {
      clock.now = FIXTURE_NOW + s * 1000;
      storeControl(live).recompute();
    }
    await rec.close();
    const failing = live.getState().alerts.find((x) => x.id === 'stale:kvm-n1:host');
    expect(failing).toMatchObject({ since: FIXTURE_NOW + 11_000 });
    expect(readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"op":"recompute"'))).toHaveLength(14);

    const { store, replay } = openReplay(file);
    replay.seek(FIXTURE_NOW + 10_500);
    expect(store.getState().alerts).toEqual([]);
    replay.seek(FIXTURE_NOW + 15_000);
    expect(store.getState().alerts).toEqual(live.getState().alerts);
    expect(store.getState().timeline).toEqual(live.getState().timeline);

    // A recording without recompute lines (older builds) is re-derived where the replay stops.
    const old = join(dir, 'old.jsonl');
    const kept = readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.includes('"op":"recompute"'));
    writeFileSync(old, [...kept, JSON.stringify({ t: FIXTURE_NOW + 15_000, op: 'ackAlert', args: ['none'] })].join('\n') + '\n');
    const o = openReplay(old);
    o.replay.seek(FIXTURE_NOW + 12_000);
    expect(o.store.getState().alerts.map((x) => x.id)).toEqual(['stale:kvm-n1:host']);
  });

  it('a live console derives once per 250 ms of writes: the replay derives at the recorded moments too', async () => {
    const file = join(dir, 'r.jsonl');
    const clock = { now: FIXTURE_NOW };
    // As the live session: deferred derivation; the timer's runs are simulated at fake times.
    const live = createVdStore({ clusterName: 'kvm-lab', nodes: ['kvm-n1', 'kvm-n2'], now: () => clock.now, deriveDelayMs: LIVE_DERIVE_MS });
    const ctl = storeControl(live);
    const rec = recordStore(live, file);
    const a = live.getState();
    const timerAt = (ms: number) => {
      clock.now = FIXTURE_NOW + ms;
      ctl.flushDerivation();
    };
    a.setConn(mkConn('kvm-n1', clock.now));
    a.setConn(mkConn('kvm-n2', clock.now));
    a.setNodeData('kvm-n1', 'multipath', { multipath: mkMaps() });
    timerAt(250);
    // kvm-n2's connection drops and comes back within one derivation window: the live console
    // never showed it (one diff, from before to after); a path fails in the same window.
    clock.now = FIXTURE_NOW + 5000;
    a.setConn({ ...mkConn('kvm-n2', clock.now), status: 'down', error: { kind: 'unreachable', message: 'reset' } });
    clock.now = FIXTURE_NOW + 5100;
    a.setConn(mkConn('kvm-n2', clock.now));
    a.setNodeData('kvm-n1', 'multipath', { multipath: mkMaps(['sdb']) });
    timerAt(5250);
    await rec.close();
    const o = live.getState();
    expect(o.timeline.map((e) => [e.time - FIXTURE_NOW, e.kind])).toEqual([
      [5250, 'path-down'],
      [5250, 'alert-raised'],
    ]);

    const { store, replay } = openReplay(file);
    replay.seek(FIXTURE_NOW + 5100);
    // Between the writes and their derivation: the data is there, its alert not yet (as live).
    expect(store.getState().nodes['kvm-n1']!.multipath).toEqual(mkMaps(['sdb']));
    expect(store.getState().alerts).toEqual([]);
    replay.seek(FIXTURE_NOW + 5250);
    expect(store.getState().timeline).toEqual(o.timeline);
    expect(store.getState().alerts).toEqual(o.alerts);
    replay.close();
  });

  it('play/pause/speed drive the clock through injected timers', async () => {
    const file = join(dir, 'r.jsonl');
    await recordIncident(file);
    const rec = loadRecording(file);
    const timers: { fn: () => void; ms: number }[] = [];
    const clock = { t: 0 };
    const store = createVdStore({ ...rec.init!, now: () => clock.t });
    const replay = createReplay(store, rec.entries, { speed: 2, wallNow: () => 0, setTimer: (fn, ms) => timers.push({ fn, ms }), clearTimer: () => {} });
    clock.t = replay.start;
    const changes: number[] = [];
    replay.onChange(() => changes.push(replay.t));
    replay.play();
    expect(replay.playing).toBe(true);
    // Timer delays are recording gaps divided by speed.
    expect(timers.at(-1)!.ms).toBe(0);
    timers.at(-1)!.fn();
    expect(replay.t).toBe(FIXTURE_NOW);
    expect(timers.at(-1)!.ms).toBe(1000); // 2 s gap at 2×
    timers.at(-1)!.fn();
    expect(replay.t).toBe(FIXTURE_NOW + 2000);
    replay.pause();
    expect(replay.playing).toBe(false);
    replay.setSpeed(4);
    expect(() => replay.setSpeed(0)).toThrow(/speed/);
    replay.advance(10_000);
    expect(replay.t).toBe(replay.end);
    expect(changes.length).toBeGreaterThan(3);
    replay.close();
  });
});
