/** @jsxRuntime automatic */
// The store reaches components through one context; panes read it with narrow selectors.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { VdStoreState } from '../store/types.js';

export type UiStore = StoreApi<VdStoreState>;

export const StoreContext = createContext<UiStore | undefined>(undefined);

export function useVdStore(): UiStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('virtdeck UI: StoreContext missing (render inside <App store=…>)');
  return s;
}

/** Narrow subscription: re-renders only when the selected value changes (wrap with useShallow for objects). */
export function useVd<T>(selector: (s: VdStoreState) => T): T {
  return useStore(useVdStore(), selector);
}

/** Clock for ages; tests pin it. */
export const NowContext = createContext<number>(0);
export const useNow = (): number => useContext(NowContext);
