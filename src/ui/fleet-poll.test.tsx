/** @jsxRuntime automatic */
// The fleet feed queries Prometheus only while :fleet is shown: not before, not after leaving it,
// and at once on entering it. Rows not refreshed for two intervals read stale with their real age.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { SessionRoot } from './session-root.js';
import { makeTheme } from './theme.js';
import { fixtureStore, FIXTURE_NOW } from '../../test/support/store/test-fixtures.js';
import { KEY, tick, waitFor } from '../../test/support/ui/render.js';
import { startFleetPromStub, type PromStub } from '../../test/support/fleet/prom-stub.js';
import { FleetFeed } from '../fleet/feed.js';
import { createPromClient } from '../prometheus/client.js';
import { agedFleetRow, fleetViewRows } from './panes/fleet/rows.js';
import type { FleetRow } from '../fleet/fleet.js';

let stub: PromStub;
beforeAll(async () => {
  stub = await startFleetPromStub();
});
afterAll(() => stub.close());
afterEach(() => cleanup());

const INTERVAL = 100;

describe('the fleet feed polls only while :fleet is shown', () => {
  it('no query off :fleet; a refresh at once on entering it, polling while shown, none after leaving', async () => {
    stub.seen.length = 0;
    const { store } = fixtureStore();
    const feed = new FleetFeed(createPromClient({ url: stub.url }), { intervalMs: INTERVAL });
    const r = render(<SessionRoot initial={{ store, readonly: false, contexts: [] }} fleet={feed} onQuit={() => {}} theme={makeTheme(false)} size={{ columns: 160, rows: 30 }} now={() => FIXTURE_NOW} tickMs={0} />);
    const frame = () => r.lastFrame() ?? '';
    const type = async (...keys: string[]) => {
      for (const k of keys) {
        r.stdin.write(k);
        await tick(30);
      }
    };
    // The overview for several intervals: Prometheus is not asked.
    await tick(INTERVAL * 5);
    expect(stub.seen).toEqual([]);
    // :fleet: the three fleet queries at once (not an interval later), rows shown.
    const t0 = Date.now();
    await type(':', 'f', 'l', 'e', 'e', 't', KEY.enter);
    await waitFor(frame, (f) => f.includes('fleet-03'), 5000, 'the fleet rows');
    expect(stub.seen.length).toBeGreaterThanOrEqual(3);
    expect(Date.now() - t0).toBeLessThan(5000);
    // While shown, it keeps polling.
    const shown = stub.seen.length;
    await waitFor(() => String(stub.seen.length), () => stub.seen.length >= shown + 6, 5000, 'two more refreshes');
    // Away from :fleet: once a refresh under way has landed, nothing more.
    await type(':', 'n', 'o', 'd', 'e', 's', KEY.enter);
    await tick(INTERVAL * 2);
    const left = stub.seen.length;
    await tick(INTERVAL * 5);
    expect(stub.seen.length).toBe(left);
    // Back: at once again.
    await type(':', 'f', 'l', 'e', 'e', 't', KEY.enter);
    await waitFor(() => String(stub.seen.length), () => stub.seen.length >= left + 3, 2000, 'a refresh on re-entering :fleet');
    r.unmount();
    await tick(INTERVAL * 2);
    const gone = stub.seen.length;
    await tick(INTERVAL * 4);
    expect(stub.seen.length).toBe(gone);
  });

  it('rows not refreshed for two intervals read stale, their age counted to now', () => {
    const row: FleetRow = { name: 'prod-a', nodes: { online: 2, total: 2 }, quorum: true, dc: 'kvm1', resources: { started: 4, total: 4 }, failedActions: 0, vms: { running: 2, total: 2 }, worst: 'ok', freshness: { state: 'fresh', ageS: 3, up: 6, targets: 6 } };
    const snap = { rows: [row], at: 1_000_000, intervalMs: 5000 };
    // Recent: as read, and the same rows each second (nothing to redraw).
    expect(agedFleetRow(row, snap, 1_009_000)).toBe(row);
    const contexts: string[] = [];
    expect(fleetViewRows(snap, contexts, 1_009_000)).toBe(fleetViewRows(snap, contexts, 1_001_000));
    // Not refreshed for two intervals: stale, with its age counted to now.
    expect(agedFleetRow(row, snap, 1_011_000).freshness).toEqual({ state: 'stale', ageS: 14, up: 6, targets: 6 });
    const [shown] = fleetViewRows(snap, [], 1_000_000 + 180_000);
    expect(shown!.cells.at(-1)).toBe('stale 183s, 6/6 up');
    expect(shown!.cellTones?.at(-1)).toBe('stale');
  });
});
