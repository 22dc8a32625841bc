/** @jsxRuntime automatic */
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVdStore, type VdStore } from '../store/store.js';
import { agedNodes, ClockProvider, FramedStore, StoreContext, useDisplay, useNow, useVd } from './store-context.js';
import { useCallback } from 'react';
import { fixtureState } from '../../test/support/store/test-fixtures.js';

const mkStore = (): VdStore => createVdStore({ clusterName: 'c1', nodes: ['n1'], now: () => 1000 });
const push = (store: VdStore, i: number) =>
  store.getState().pushTimeline({ time: 1000 + i, node: 'n1', source: 'conn', kind: 'note', severity: 'info', subject: 'n1', message: `m${i}` });

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

afterEach(() => {
  vi.useRealTimers();
});

describe('FramedStore (store → React pacing)', () => {
  it('a synchronous burst of 100 mutations is one notification with the final state', async () => {
    const store = mkStore();
    const f = new FramedStore(store, 100);
    const seen: number[] = [];
    f.subscribe(() => seen.push(f.getSnapshot().timeline.length));
    for (let i = 0; i < 100; i++) push(store, i);
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual([100]);
  });

  it('mutations spread over a second reach React at most once per frame, the last one within a frame', async () => {
    vi.useFakeTimers();
    const store = mkStore();
    const f = new FramedStore(store, 100);
    const seen: number[] = [];
    f.subscribe(() => seen.push(f.getSnapshot().timeline.length));
    for (let i = 0; i < 100; i++) {
      push(store, i);
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(seen.length).toBeLessThanOrEqual(11);
    expect(seen.length).toBeGreaterThanOrEqual(9);
    await vi.advanceTimersByTimeAsync(100);
    expect(seen[seen.length - 1]).toBe(100);
    expect(f.getSnapshot()).toBe(store.getState());
  });

  it('a change after a quiet frame goes out at once; flush() hands over pending changes now', async () => {
    vi.useFakeTimers();
    const store = mkStore();
    const f = new FramedStore(store, 100);
    let n = 0;
    f.subscribe(() => n++);
    push(store, 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(n).toBe(1);
    push(store, 2); // within the frame: waits
    await vi.advanceTimersByTimeAsync(10);
    expect(n).toBe(1);
    f.flush();
    expect(n).toBe(2);
    expect(f.getSnapshot().timeline).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(n).toBe(2);
  });

  it('unsubscribed, the snapshot follows the store directly', () => {
    const store = mkStore();
    const f = new FramedStore(store, 100);
    const off = f.subscribe(() => {});
    off();
    push(store, 1);
    expect(f.getSnapshot()).toBe(store.getState());
  });
});

describe('useVd', () => {
  it('renders a component a few times, not 100, for a burst of 100 mutations in separate I/O callbacks', async () => {
    const store = mkStore();
    let renders = 0;
    function Count() {
      renders++;
      const n = useVd((s) => s.timeline.length);
      return <Text>entries {n}</Text>;
    }
    const r = render(
      <StoreContext.Provider value={store}>
        <Count />
      </StoreContext.Provider>,
    );
    await tick(20);
    expect(r.lastFrame()).toBe('entries 0');
    const before = renders;
    // Each in its own macrotask, like ssh data events (React batches only within one task).
    const t0 = Date.now();
    for (let i = 0; i < 100; i++) {
      push(store, i);
      await new Promise((r) => setImmediate(r));
    }
    const frames = Math.ceil((Date.now() - t0) / 100); // a loaded machine stretches the burst
    await tick(250);
    expect(r.lastFrame()).toBe('entries 100');
    expect(renders - before).toBeGreaterThanOrEqual(1);
    expect(renders - before).toBeLessThanOrEqual(frames + 2);
    r.unmount();
  });
});

describe('useDisplay and the clock', () => {
  it('a store change that leaves the drawn value alone renders nothing; one that changes it renders once', async () => {
    const store = mkStore();
    let renders = 0;
    function Even() {
      renders++;
      const parity = useDisplay(useCallback((s) => (s.timeline.length % 2 === 0 ? 'even' : 'odd'), []));
      return <Text>{parity}</Text>;
    }
    const r = render(
      <StoreContext.Provider value={store}>
        <Even />
      </StoreContext.Provider>,
    );
    await tick(20);
    const before = renders;
    push(store, 1);
    push(store, 2); // even again within one frame: same drawn value
    await tick(150);
    expect(renders).toBe(before);
    expect(r.lastFrame()).toBe('even');
    push(store, 3);
    await tick(150);
    expect(r.lastFrame()).toBe('odd');
    expect(renders).toBe(before + 1);
    r.unmount();
  });

  it('a tick hands pending store changes over with the clock: one render, ages from the state at the tick', async () => {
    const store = mkStore();
    let t = 5_000;
    let renders = 0;
    function Aged() {
      renders++;
      const now = useNow();
      const v = useDisplay(useCallback((s, tick) => `${s.timeline.length}/${tick.state?.timeline.length ?? '-'}@${tick.now}`, []));
      return <Text>{`${v} ${now}`}</Text>;
    }
    const r = render(
      <StoreContext.Provider value={store}>
        <ClockProvider now={() => t} tickMs={200}>
          <Aged />
        </ClockProvider>
      </StoreContext.Provider>,
    );
    await tick(20);
    expect(r.lastFrame()).toBe('0/-@5000 5000');
    const before = renders;
    t = 6_000;
    await tick(260);
    expect(r.lastFrame()).toBe('0/0@6000 6000');
    expect(renders).toBe(before + 1);
    r.unmount();
  });
});

describe('agedNodes', () => {
  it('current values and connection state, freshness as at the tick; the same object until either changes', () => {
    const atTick = fixtureState();
    const n1 = atTick.nodes['kvm-n1']!;
    const nodes: typeof atTick.nodes = { ...atTick.nodes, 'kvm-n1': { ...n1, conn: { ...n1.conn, status: 'down' }, fresh: { ...n1.fresh, vms: { ...n1.fresh.vms!, lastOk: 1 } } } };
    const now = { ...atTick, nodes };
    const tick = { now: 0, state: atTick as never };
    const aged = agedNodes(now, tick);
    expect(aged['kvm-n1']!.conn.status).toBe('down');
    expect(aged['kvm-n1']!.fresh).toBe(n1.fresh);
    expect(aged['kvm-n2']).toBe(now.nodes['kvm-n2']);
    expect(agedNodes(now, tick)).toBe(aged);
    expect(agedNodes(now, { now: 0, state: undefined })).toBe(now.nodes);
  });

  it("keeps each clock's result: two stores (two clocks) read in turn do not rebuild each other's", () => {
    const aged = (s: ReturnType<typeof fixtureState>) => {
      const n1 = s.nodes['kvm-n1']!;
      return { ...s, nodes: { ...s.nodes, 'kvm-n1': { ...n1, fresh: { ...n1.fresh, vms: { ...n1.fresh.vms!, lastOk: 1 } } } } };
    };
    const [a, b] = [fixtureState(), fixtureState()];
    const [tickA, tickB] = [{ now: 0, state: a as never }, { now: 0, state: b as never }];
    const [nowA, nowB] = [aged(a), aged(b)];
    const first = agedNodes(nowA, tickA);
    expect(agedNodes(nowB, tickB)['kvm-n1']!.fresh).toBe(b.nodes['kvm-n1']!.fresh);
    expect(agedNodes(nowA, tickA)).toBe(first);
  });
});
