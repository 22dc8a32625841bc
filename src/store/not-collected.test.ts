// --from: a source the saved data does not hold is "not collected" — in the freshness column,
// with no error, no alert and no timeline entry (it used to be an INFO "failing" alert per source).
import { describe, expect, it } from 'vitest';
import { fixtureStore } from '../../test/support/store/test-fixtures.js';
import { NOT_COLLECTED, freshnessOf, nodeFreshness } from './freshness.js';
import { fencingReadiness } from './selectors.js';
import { freshCell, nodeFreshSummary, nodeSourceCell } from '../ui/panes/fresh.js';
import { fencingTile } from '../ui/panes/overview/tiles.js';

/** The fixture as if `sources` had never been read (a --from session reads each once). */
function neverRead(store: ReturnType<typeof fixtureStore>['store'], sources: { cluster?: string[]; node?: string[] }) {
  store.setState((s) => ({
    cluster: { ...s.cluster, fresh: { ...s.cluster.fresh, ...Object.fromEntries((sources.cluster ?? []).map((k) => [k, { intervalMs: 60_000 }])) } },
    nodes: Object.fromEntries(Object.entries(s.nodes).map(([n, x]) => [n, { ...x, fresh: { ...x.fresh, ...Object.fromEntries((sources.node ?? []).map((k) => [k, { intervalMs: 5_000 }])) } }])),
  }));
}

const missing = (what: string) => `kvm-n1: \`${what}\` exited 1: ${NOT_COLLECTED} (no crm_mon.xml: one crm_mon XML file was given)`;

describe('not collected (saved outputs)', () => {
  it('is recorded without an error, raises nothing, and shows as "not collected"', () => {
    const { store, clock } = fixtureStore();
    neverRead(store, { cluster: ['stonith'], node: ['iostat'] });
    const before = store.getState();
    store.getState().markError('iostat', 'kvm-n1', missing('iostat -dxy -o JSON 1 1'));
    store.getState().markError('stonith', undefined, `failed on every node: stonith_admin on kvm-n1 exited 1: ${NOT_COLLECTED} (no stonith_admin-list-registered.txt)`);
    const s = store.getState();
    expect(s.nodes['kvm-n1']!.fresh.iostat).toMatchObject({ notCollected: true });
    expect(s.nodes['kvm-n1']!.fresh.iostat?.error).toBeUndefined();
    expect(s.alerts.length).toBe(before.alerts.length);
    expect(s.timeline.length).toBe(before.timeline.length);
    expect(nodeSourceCell(s.nodes['kvm-n1'], 'iostat', clock.now)).toMatchObject({ text: 'not collected', tone: 'muted', live: false });
    expect(freshCell(freshnessOf(s.cluster.fresh.stonith, clock.now)).text).toBe('not collected');
  });
  it('does not make the rest of the node look partial or stale', () => {
    const { store, clock } = fixtureStore();
    neverRead(store, { node: ['iostat'] });
    // unread, iostat makes the node "partial"; absent from the saved data, it no longer does
    expect(nodeFreshSummary(store.getState().nodes['kvm-n1']!, clock.now).lagging).toContain('iostat');
    store.getState().markError('iostat', 'kvm-n1', missing('iostat -dxy -o JSON 1 1'));
    const n = store.getState().nodes['kvm-n1']!;
    expect(nodeFreshness(n, clock.now).state).toBe('live');
    expect(nodeFreshSummary(n, clock.now).lagging).not.toContain('iostat');
  });
  it('a node with nothing saved says "not collected", not "no data"', () => {
    const { store, clock } = fixtureStore();
    const n0 = store.getState().nodes['kvm-n2']!;
    const bare = { ...n0, fresh: Object.fromEntries(Object.keys(n0.fresh).map((k) => [k, { intervalMs: 5_000, notCollected: true as const }])) };
    const sum = nodeFreshSummary(bare, clock.now);
    expect(freshCell(sum).text).toBe('not collected');
  });
  it('a real failure is still an error', () => {
    const { store, clock } = fixtureStore();
    clock.now += 60_000;
    store.getState().markError('iostat', 'kvm-n1', 'kvm-n1: `iostat` exited 1: No such file or directory');
    expect(store.getState().nodes['kvm-n1']!.fresh.iostat?.error).toMatch(/No such file/);
    expect(nodeSourceCell(store.getState().nodes['kvm-n1'], 'iostat', clock.now).text).toMatch(/error/);
  });
  it('the fencing tile does not call crm_mon-only fencing "stale"', () => {
    const { store, clock } = fixtureStore();
    neverRead(store, { cluster: ['stonith'], node: ['sbd'] });
    store.getState().markError('stonith', undefined, `stonith_admin on kvm-n1 exited 1: ${NOT_COLLECTED} (no stonith_admin-list-registered.txt)`);
    for (const n of ['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4']) store.getState().markError('sbd', n, `${n}: sbd: ${NOT_COLLECTED} (no ${n}/systemctl-is-active-sbd.txt)`);
    const s = store.getState();
    const lines = fencingTile(fencingReadiness(s), s, clock.now).map((l) => l.text);
    expect(lines[0]).toMatch(/\(not collected\)$/);
    expect(lines.join('\n')).not.toMatch(/stale/);
  });
});
