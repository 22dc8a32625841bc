// What every collector gets: the runner, the store, a clock and the libvirt URI. Passed in
// explicitly (no globals) so tests hand in a FakeRunner and a fresh store.
import type { StoreApi } from 'zustand/vanilla';
import type { Runner } from '../ssh/runner.js';
import type { VdStoreState } from '../store/types.js';
import type { ParseReuse } from './reuse.js';
import type { WriteCoalescer } from './coalesce.js';

/** Same type as src/store/store.ts `VdStore`. */
export type VdStore = StoreApi<VdStoreState>;

export interface CollectorContext {
  runner: Runner;
  store: VdStore;
  now: () => number;
  libvirtUri: string;
  /** Same output as last time → same parsed value (see reuse.ts); absent: always parse. */
  reuse?: ParseReuse;
  /** Joins stream writes (iostat, journal) into one commit per window (see coalesce.ts); absent: each writes at once. */
  streamWrites?: WriteCoalescer;
}
