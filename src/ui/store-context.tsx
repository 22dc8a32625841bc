/** @jsxRuntime automatic */
// The store reaches components through one context; panes read it with narrow selectors.
// Collectors mutate the store many times a second (hundreds during a burst of VM events) while
// ink draws at most maxFps frames: components see the store through a frame-paced snapshot, so
// a burst costs one React render instead of one per mutation.
import { createContext, useCallback, useContext, useDebugValue, useSyncExternalStore } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { VdStoreState } from '../store/types.js';

export type UiStore = StoreApi<VdStoreState>;

export const StoreContext = createContext<UiStore | undefined>(undefined);

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

/** Clock for ages; tests pin it. */
export const NowContext = createContext<number>(0);
export const useNow = (): number => useContext(NowContext);
