import type { VdState } from '../../../src/store/types.js';
import { MemoryAuditLog, type AuditLog } from '../../../src/actions/audit.js';
import type { ActionCtx } from '../../../src/actions/types.js';
import type { FakeRunner } from '../ssh/fake-runner.js';
import { NOW, storeOf } from './state.js';

/** Test context: fake clock advanced by sleep(), refresh hook to play the collectors' part. */
export function testCtx(state: VdState, runner: FakeRunner, opts: { audit?: AuditLog; onRefresh?: (round: number, set: (fn: (s: VdState) => void) => void) => void } = {}) {
  let clock = NOW;
  let round = 0;
  const store = storeOf(state);
  const audit = opts.audit ?? new MemoryAuditLog();
  const ctx: ActionCtx = {
    store,
    runner,
    audit,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
    refresh: async () => {
      round++;
      // Collectors stamp fresh data on every round.
      store.set((s) => {
        for (const n of Object.values(s.nodes)) for (const f of Object.values(n.fresh)) if (f) f.lastOk = clock;
        for (const f of Object.values(s.cluster.fresh)) if (f) f.lastOk = clock;
      });
      opts.onRefresh?.(round, store.set);
    },
    options: { pollMs: 1_000, migrateTimeoutMs: 60_000, verifyTimeoutMs: 30_000 },
  };
  return { ctx, store, audit, advance: (ms: number) => (clock += ms) };
}
