/** @jsxRuntime automatic */
// `virtdeck replay` must draw what the live console drew at the same moment: ages and staleness
// on the recording's clock (not today's), and the alerts that time alone raised (recompute).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { Root, type AppProps } from '../ui/screen.js';
import { makeTheme } from '../ui/theme.js';
import { createVdStore, LIVE_DERIVE_MS, storeControl, type VdStore } from '../store/store.js';
import { openReplay, recordStore } from '../store/record.js';
import { FIXTURE_CLUSTER, FIXTURE_NODES, FIXTURE_NOW, fixtureState } from '../../test/support/store/test-fixtures.js';
import { replayControls } from './cli.js';
import type { ReplayControls } from '../ui/components/ReplayBar.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'vd-replay-'))));
afterEach(() => {
  cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** The frame once no new one arrived for 40 ms (bounded: a loaded machine renders late). */
async function settled(r: ReturnType<typeof render>): Promise<string> {
  let n = -1;
  for (let i = 0; i < 100 && r.frames.length !== n; i++) {
    n = r.frames.length;
    await tick(40);
  }
  return r.lastFrame() ?? '';
}

/** A live session, recorded: the fixture cluster polled every 5 s for 60 s; kvm-n4's host and
 *  iostat start failing at +20 s; the store is re-derived every second as the live session does,
 *  each derivation deferred by LIVE_DERIVE_MS (its timer simulated on the fake clock). */
async function recordLive(file: string): Promise<{ live: VdStore; at: number }> {
  const clock = { now: FIXTURE_NOW };
  const live = createVdStore({ clusterName: FIXTURE_CLUSTER, nodes: [...FIXTURE_NODES], now: () => clock.now, deriveDelayMs: LIVE_DERIVE_MS });
  const ctl = storeControl(live);
  const deriveTimer = () => {
    clock.now += LIVE_DERIVE_MS;
    ctl.flushDerivation();
  };
  const rec = recordStore(live, file);
  const a = live.getState();
  const st = fixtureState(FIXTURE_NOW);
  for (const n of FIXTURE_NODES) a.setConn({ ...st.nodes[n]!.conn, since: clock.now });
  const poll = (s: number) => {
    for (const n of FIXTURE_NODES) {
      const x = st.nodes[n]!;
      if (n === 'kvm-n4' && s >= 20) {
        a.markError('host', n, 'timeout after 10 s');
        a.markError('iostat', n, 'timeout after 10 s');
        continue;
      }
      a.setNodeData(n, 'host', { host: x.host });
      a.setNodeData(n, 'iostat', { io: x.io });
      a.setNodeData(n, 'multipath', { multipath: x.multipath });
      a.setNodeData(n, 'vms', { vms: x.vms });
    }
    a.setClusterData('pacemaker', 'kvm-n1', { crm: st.cluster.crm });
    a.setClusterData('stonith', 'kvm-n1', { stonithDevices: st.cluster.stonithDevices, stonithTargets: st.cluster.stonithTargets });
  };
  poll(0);
  deriveTimer();
  for (let s = 1; s <= 60; s++) {
    clock.now = FIXTURE_NOW + s * 1000 - 500;
    ctl.recompute();
    deriveTimer();
    clock.now = FIXTURE_NOW + s * 1000;
    if (s % 5 === 0) {
      poll(s);
      deriveTimer();
    }
  }
  await rec.close();
  return { live, at: clock.now };
}

const draw = (p: Partial<AppProps> & { store: VdStore }) =>
  render(<Root readonly contexts={[]} onQuit={() => {}} theme={makeTheme(false)} size={{ columns: 200, rows: 60 }} tickMs={0} {...p} />);

describe('replay freshness', () => {
  it('draws exactly what the live console drew at that moment (ages, stale sources, freshness alerts)', async () => {
    const file = join(dir, 'live.jsonl');
    const { live, at } = await recordLive(file);
    const { store, replay } = openReplay(file);
    replay.seek(at);
    const controls = replayControls(replay);
    // The live console at the same moment, with a replay bar that reads the same position.
    const bar: ReplayControls = { play() {}, pause() {}, seek() {}, setSpeed() {}, position: () => controls.position(), duration: () => controls.duration() };
    const liveFrame = await settled(draw({ store: live, now: () => at, replay: bar }));
    cleanup();
    const replayFrame = await settled(draw({ store, replay: controls }));
    expect(liveFrame).toContain('host on kvm-n4 failing: timeout after 10 s');
    // Sanity: live shows fresh nodes at 0 s and kvm-n4 failing since its last data 45 s before.
    expect(liveFrame).toMatch(/kvm-n1 ● online +DC +2 vm cpu +20% mem +50% 0s /);
    expect(liveFrame).toMatch(/kvm-n4 ● online .*✖ error 45s host,iostat/);
    expect(replayFrame).toBe(liveFrame);
    replay.close();
  });

  it('the replay clock is the recording position, and it moves with seek', async () => {
    const file = join(dir, 'live.jsonl');
    const { at } = await recordLive(file);
    const { replay } = openReplay(file);
    const c = replayControls(replay);
    expect(c.now!()).toBe(FIXTURE_NOW);
    replay.seek(at - 30_000);
    expect(c.now!()).toBe(at - 30_000);
    replay.close();
  });
});
