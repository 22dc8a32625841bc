/** @jsxRuntime automatic */
// The store reaches components through one context; panes read it with narrow selectors.
// Collectors mutate the store many times a second (hundreds during a burst of VM events) while
// ink draws at most maxFps frames: components see the store through a frame-paced snapshot, so
// a burst costs one React render instead of one per mutation.
import { createContext, useCallback, useContext, useDebugValue, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { NodeSlice, VdState, VdStoreState } from '../store/types.js';
import { selectorsOf, type VdSelectors } from '../store/selectors.js';

export type UiStore = StoreApi<VdStoreState>;

export const StoreContext = createContext<UiStore | undefined>(undefined);

/** The memoised views (src/store/selectors.ts) of the store in context: one set per store, so two
 *  cluster contexts in one process never share a cache. */
export function useSelectors(): VdSelectors {
  return selectorsOf(useVdStore());
}

/** ink's default frame cap is 10 fps. */
export const DEFAULT_FRAME_MS = 100;
/** Minimum time between two store → React notifications (1000 / maxFps). */
export const FrameMsContext = createContext<number>(DEFAULT_FRAME_MS);

export function useVdStore(): UiStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('virtdeck UI: StoreContext missing (render inside <App store=…>)');
  return s;
}

/**
 * The store as React sees it: a snapshot renewed at most once per frame. A change after a quiet
 * frame goes out at once (next microtask, so a synchronous burst is one notification); changes
 * within a frame of the last notification wait for the frame's end. One per store, shared by
 * every component, so all panes render the same state.
 */
export class FramedStore {
  private snapshot: VdStoreState;
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | undefined;
  private pending = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastNotify = -Infinity;
  /** React notifications sent (tests, benchmarks). */
  notifications = 0;

  constructor(
    private readonly store: UiStore,
    public frameMs: number = DEFAULT_FRAME_MS,
  ) {
    this.snapshot = store.getState();
  }

  readonly getSnapshot = (): VdStoreState => {
    // Not subscribed (before the first effect, after the last unmount): nothing keeps it current.
    if (!this.unsubscribe) this.snapshot = this.store.getState();
    return this.snapshot;
  };

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (!this.unsubscribe) {
      this.snapshot = this.store.getState();
      this.unsubscribe = this.store.subscribe(this.onChange);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.unsubscribe) {
        this.unsubscribe();
        this.unsubscribe = undefined;
        clearTimeout(this.timer);
        this.timer = undefined;
        this.pending = false;
      }
    };
  };

  /** Hands the current state to React now (e.g. right after a key that changed the store). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = false;
    const s = this.store.getState();
    if (s === this.snapshot) return;
    this.snapshot = s;
    this.lastNotify = Date.now();
    this.notifications++;
    for (const l of [...this.listeners]) l();
  }

  private readonly onChange = (): void => {
    if (this.pending) return;
    this.pending = true;
    const wait = this.lastNotify + this.frameMs - Date.now();
    if (wait <= 0) {
      queueMicrotask(() => {
        if (this.pending && !this.timer) this.flush();
      });
    } else {
      this.timer = setTimeout(() => this.flush(), wait);
      this.timer.unref?.();
    }
  };
}

const framed = new WeakMap<UiStore, FramedStore>();

/** The shared frame-paced view of `store`. */
export function framedStore(store: UiStore, frameMs: number = DEFAULT_FRAME_MS): FramedStore {
  let f = framed.get(store);
  if (!f) {
    f = new FramedStore(store, frameMs);
    framed.set(store, f);
  }
  f.frameMs = frameMs;
  return f;
}

/** Narrow subscription: re-renders only when the selected value changes (wrap with useShallow for objects). */
export function useVd<T>(selector: (s: VdStoreState) => T): T {
  const f = framedStore(useVdStore(), useContext(FrameMsContext));
  const get = useCallback(() => selector(f.getSnapshot()), [f, selector]);
  const slice = useSyncExternalStore(f.subscribe, get, get);
  useDebugValue(slice);
  return slice;
}

/** One clock tick: the time ages are computed against, and the store as it was at that moment
 *  (undefined before the first tick, and in tests that pin the clock: use the current state). */
export interface Tick {
  now: number;
  state: VdStoreState | undefined;
}

/**
 * The UI clock. Ages advance once a second: a tick hands pending store changes to React and
 * moves the clock in the same task, so both land in one React render and one frame. Components
 * that show ages of sources which report all the time (the header's node strip) compute them from
 * `tick.state`, so a report between ticks does not cost a frame of its own.
 */
export class UiClock {
  private tick: Tick;
  private readonly listeners = new Set<() => void>();
  constructor(now: number) {
    this.tick = { now, state: undefined };
  }
  readonly get = (): Tick => this.tick;
  readonly subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  set(now: number, state: VdStoreState | undefined): void {
    this.tick = { now, state };
    for (const l of [...this.listeners]) l();
  }
}

// The last result per tick (a tick belongs to one clock, so to one store): a WeakMap keyed by the
// nodes object would chain every tick's state to the next through the cached values and keep them
// all alive; a tick's entry goes with the tick.
const agedLast = new WeakMap<Tick, { nodes: VdState['nodes']; out: VdState['nodes'] }>();

/** The nodes of `s` with each node's freshness as it was at the tick: values and connection state
 *  are current, ages move only with the clock (see UiClock). */
export function agedNodes(s: VdState, tick: Tick): VdState['nodes'] {
  const at = tick.state?.nodes;
  if (!at || at === s.nodes) return s.nodes;
  const last = agedLast.get(tick);
  if (last && last.nodes === s.nodes) return last.out;
  const out: Record<string, NodeSlice> = {};
  for (const [n, node] of Object.entries(s.nodes)) {
    const old = at[n];
    out[n] = old && old.fresh !== node.fresh ? { ...node, fresh: old.fresh } : node;
  }
  agedLast.set(tick, { nodes: s.nodes, out });
  return out;
}

/** The state panes draw at a tick: current values with freshness as at the tick (agedNodes), and
 *  `now` in whole seconds (ages are shown in seconds, so results stay stable within one). */
export function atTick(st: VdState, tick: Tick): { s: VdState; now: number } {
  return { s: { ...st, nodes: agedNodes(st, tick) }, now: Math.floor(tick.now / 1000) * 1000 };
}

/** Clock for ages; tests pin it (ClockProvider with tickMs 0). */
export const NowContext = createContext<UiClock>(new UiClock(0));

/** Re-renders on every tick (components whose whole output follows the clock). */
export function useNow(): number {
  const c = useContext(NowContext);
  const get = useCallback(() => c.get().now, [c]);
  return useSyncExternalStore(c.subscribe, get, get);
}

export function ClockProvider({ now, tickMs, children }: { now: () => number; tickMs: number; children: ReactNode }) {
  const [clock] = useState(() => new UiClock(now()));
  const f = framedStore(useVdStore(), useContext(FrameMsContext));
  useEffect(() => {
    if (!tickMs) return;
    const h = setInterval(() => {
      f.flush();
      clock.set(now(), f.getSnapshot());
    }, tickMs);
    return () => clearInterval(h);
  }, [now, tickMs, clock, f]);
  return <NowContext.Provider value={clock}>{children}</NowContext.Provider>;
}

/**
 * What a component draws, computed from the frame-paced store and the clock. The component
 * re-renders only when `equal(previous, next)` is false: every React render makes ink lay out
 * and re-measure the whole screen, so store changes and ticks that do not change what it draws
 * must not render at all. `compute` should keep its identity (useCallback) while its inputs do.
 */
export function useDisplay<T>(compute: (s: VdStoreState, tick: Tick) => T, equal: (a: T, b: T) => boolean = Object.is): T {
  const f = framedStore(useVdStore(), useContext(FrameMsContext));
  const clock = useContext(NowContext);
  const last = useRef<{ s: VdStoreState; t: Tick; compute: typeof compute; v: T } | undefined>(undefined);
  const subscribe = useCallback(
    (l: () => void) => {
      const a = f.subscribe(l);
      const b = clock.subscribe(l);
      return () => {
        a();
        b();
      };
    },
    [f, clock],
  );
  const get = (): T => {
    const s = f.getSnapshot();
    const t = clock.get();
    const L = last.current;
    if (L && L.s === s && L.t === t && L.compute === compute) return L.v;
    const v = compute(s, t);
    const keep = L !== undefined && equal(L.v, v);
    last.current = { s, t, compute, v: keep ? L.v : v };
    return keep ? L.v : v;
  };
  return useSyncExternalStore(subscribe, get, get);
}
