// The one store. Collectors write through the mutators; every mutation that can change what the
// cluster looks like also diffs the timeline and re-derives alerts, in the same set() call.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { nodeName } from '../model/names.js';
import type { NodeConnState } from '../ssh/runner.js';
import type { JournalEntry } from '../model/journal.js';
import { redactText } from '../model/redact.js';
import { DEFAULT_INTERVAL_MS, notCollectedReason } from './freshness.js';
import { deriveAlerts, emptyAlertMemory, isDmDevice, memUsedPct, sameAlertList, type AlertMemory } from './alerts.js';
import { diffForTimeline, type TimelineDraft } from './timeline.js';
import { share } from './share.js';
import { MetricHistory, lunSeries, nodeSeries, vmSeries } from './history.js';
import {
  DEFAULT_THRESHOLDS,
  type ActionProgress,
  type Alert,
  type ClusterSlice,
  type Freshness,
  type IoDeviceStats,
  type NodeSlice,
  type SourceId,
  type Thresholds,
  type TimelineEntry,
  type VdActions,
  type VdState,
  type VdStoreState,
} from './types.js';

export type VdStore = StoreApi<VdStoreState>;

export interface VdStoreOptions {
  clusterName: string;
  nodes: string[];
  thresholds?: Partial<Thresholds>;
  readonly?: boolean;
  /** ClusterSlice.vmResourceName */
  vmResourceName?: string;
  now?: () => number;
  /**
   * 0 (default): every data change is followed at once by its timeline diff and alert
   * derivation. > 0: data changes land at once, and one derivation over all of them follows
   * within this many ms (LIVE_DERIVE_MS in the live console: at 32 nodes collectors write ~15
   * times a second, and deriving each time was the store's largest cost).
   */
  deriveDelayMs?: number;
}

/** The live console's deriveDelayMs: alerts and timeline lag data by at most this much. */
export const LIVE_DERIVE_MS = 250;

export const LOG_RING = 5_000;
export const TIMELINE_RING = 10_000;
/** Finished actions kept for the progress pane. */
export const ACTIONS_KEPT = 20;

export type MutatorName = keyof VdActions;
export interface AlertChange {
  raised: Alert[];
  cleared: Alert[];
  time: number;
}

/** Things about a store that are not state: hooks for the CLI (alert hook, recording, replay). */
export interface StoreControl {
  readonly options: Readonly<Required<Omit<VdStoreOptions, 'now' | 'thresholds' | 'deriveDelayMs' | 'vmResourceName'>>> & { thresholds: Thresholds; vmResourceName?: string };
  now(): number;
  /** Alerts raised/cleared by any mutation (e.g. to run a site's hook command). */
  onAlertChange(listener: (c: AlertChange) => void): () => void;
  /** Every mutator call, before it is applied (recording); also each recompute(), which changes
   *  what is shown with time alone, and each deferred derivation ('derive', deriveDelayMs): a
   *  replay re-derives at the same moments, so it shows what the live console showed. */
  onMutation(listener: (op: MutatorName | 'recompute' | 'derive', args: unknown[], t: number) => void): () => void;
  /** Re-derive alerts without new data (freshness ages with time alone). */
  recompute(): void;
  /** Back to the state right after creation (replay seeking backwards). */
  reset(): void;
  /**
   * Runs `fn` and applies every mutation it makes as ONE commit: one timeline diff, one alert
   * derivation, one notification (a collector writing several sources of a node in one tick).
   * Mutations still reach onMutation listeners one by one. A throw inside `fn` still commits
   * what was applied before it, then rethrows. Nested calls join the outer batch. `fn` must be
   * synchronous (its mutations after an await would commit on their own).
   */
  batch<T>(fn: () => T): T;
  /** With deriveDelayMs: runs the pending derivation now (tests; before reading alerts at once). */
  flushDerivation(): void;
}

const controls = new WeakMap<VdStore, StoreControl>();

export function storeControl(store: VdStore): StoreControl {
  const c = controls.get(store);
  if (!c) throw new Error('storeControl: not a store made by createVdStore');
  return c;
}

/** Timeline kinds that already tell an alert rule's raise / clear (same node, same change). */
const RAISE_TOLD_BY: Record<string, readonly string[]> = { unreachable: ['node-unreachable'], 'pcmk-node': ['node-offline', 'node-unclean'], 'failed-action': ['failed-action'] };
const CLEAR_TOLD_BY: Record<string, readonly string[]> = { unreachable: ['node-reachable'], 'pcmk-node': ['node-online'] };

/** A cleared metric alert carries the last (now normal) value: without the "(> 20 ms)" threshold
 *  clause, "await 1.4 ms on n3" does not read as a breach. */
const clearedText = (a: Alert): string => (a.value === undefined ? a.message : a.message.replace(/\s*\((?:was )?[<>][^)]*\)\s*$/, ''));

/** Subscribes to raised/cleared alerts; returns the unsubscribe function. */
export const onAlertChange = (store: VdStore, listener: (c: AlertChange) => void): (() => void) => storeControl(store).onAlertChange(listener);

/** Channel counters (openChannels, queued) change on every command: they reach the store at most this often. */
export const CONN_COUNTERS_MS = 1_000;

/** Equal apart from the channel counters (status, since, attempts, error). */
function sameBesidesCounters(a: NodeConnState, b: NodeConnState): boolean {
  const strip = (c: NodeConnState): Partial<NodeConnState> => {
    const o: Partial<NodeConnState> = { ...c };
    delete o.openChannels;
    delete o.queued;
    return o;
  };
  const sa = strip(a);
  return share(sa, strip(b)) === sa;
}

const initialConn = (node: string, now: number): NodeConnState => ({ node, status: 'connecting', since: now, attempts: 0, openChannels: 0, queued: 0 });
const emptyNode = (name: string, now: number): NodeSlice => ({ name, conn: initialConn(name, now), fresh: {} });

function pushRing<T>(ring: readonly T[], items: readonly T[], max: number): T[] {
  if (items.length >= max) return items.slice(items.length - max);
  const keep = Math.max(0, ring.length + items.length - max);
  return keep > 0 ? [...ring.slice(keep), ...items] : [...ring, ...items];
}

export function createVdStore(opts: VdStoreOptions): VdStore {
  const now = opts.now ?? Date.now;
  if (typeof opts.clusterName !== 'string' || opts.clusterName === '') throw new Error('createVdStore: clusterName is empty');
  const nodes = [...new Set(opts.nodes.map((n) => nodeName(n)))];
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...opts.thresholds };
  for (const [k, v] of Object.entries(thresholds))
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`createVdStore: threshold ${k} must be a non-negative number, got ${String(v)}`);

  const initialData = (): VdState => {
    const t = now();
    return {
      cluster: { name: opts.clusterName, fresh: {}, ...(opts.vmResourceName ? { vmResourceName: opts.vmResourceName } : {}) },
      nodeOrder: [...nodes],
      nodes: Object.fromEntries(nodes.map((n) => [n, emptyNode(n, t)])),
      alerts: [],
      timeline: [],
      logs: [],
      thresholds,
      readonly: opts.readonly ?? false,
      actions: [],
      history: new MetricHistory(),
    };
  };

  let memory: AlertMemory = emptyAlertMemory();
  let seq = 0;
  const alertListeners = new Set<(c: AlertChange) => void>();
  const mutationListeners = new Set<(op: MutatorName | 'recompute' | 'derive', args: unknown[], t: number) => void>();
  let recomputeNow = (): void => undefined;
  // Counter-only connection states, per node, until the next throttled commit.
  const pendingCounters = new Map<string, NodeConnState>();
  let countersTimer: ReturnType<typeof setTimeout> | undefined;
  // Inside batch(): the changes so far (applied to reads, committed once at the end).
  let pending: { change: Partial<VdState>; derive: boolean; ownNodes?: Record<string, NodeSlice> } | undefined;
  let runBatch: <T>(fn: () => T) => T = (fn) => fn();
  // Deferred derivation (opts.deriveDelayMs): the state it starts from, and its timer.
  const deriveDelayMs = opts.deriveDelayMs ?? 0;
  let derivedFrom: VdStoreState | undefined;
  let deriveTimer: ReturnType<typeof setTimeout> | undefined;
  let flushDerivation = (): void => undefined;

  const store = createStore<VdStoreState>()((set, getCommitted) => {
    // Mutators read through get(): inside a batch it includes the batch's pending changes.
    const get = (): VdStoreState => (pending ? { ...getCommitted(), ...pending.change } : getCommitted());
    const toEntries = (drafts: readonly TimelineDraft[]): TimelineEntry[] => drafts.map((d) => ({ seq: ++seq, ...d }));

    /** Timeline entries and alerts for the change from `prev` to `next` (the committed state). */
    const derivation = (prev: VdStoreState, next: VdStoreState): { out: Partial<VdState>; alertChange?: AlertChange } => {
      const t = now();
      const drafts = diffForTimeline(prev, next, t);
      const d = deriveAlerts(next, memory, next.thresholds, t);
      memory = d.memory;
      // An alert whose cause is already an entry of this same change (node unreachable, OFFLINE…) is
      // not written twice.
      const told = (a: Alert, kinds: Record<string, readonly string[]>) => drafts.some((e) => e.node === a.node && (kinds[a.rule] ?? []).includes(e.kind));
      for (const a of d.raised) if (!told(a, RAISE_TOLD_BY)) drafts.push({ time: t, node: a.node, source: 'alert', kind: 'alert-raised', severity: a.severity, subject: a.id, message: a.message });
      for (const a of d.cleared) if (!told(a, CLEAR_TOLD_BY)) drafts.push({ time: t, node: a.node, source: 'alert', kind: 'alert-cleared', severity: 'info', subject: a.id, message: `cleared: ${clearedText(a)}` });
      for (const e of drafts) if (e.node === undefined) delete e.node;
      const out: Partial<VdState> = {};
      if (!sameAlertList(next.alerts, d.alerts)) out.alerts = d.alerts;
      if (drafts.length) out.timeline = pushRing(next.timeline, toEntries(drafts), TIMELINE_RING);
      return d.raised.length || d.cleared.length ? { out, alertChange: { raised: d.raised, cleared: d.cleared, time: t } } : { out };
    };

    const tellAlerts = (c: AlertChange | undefined): void => {
      if (!c || !alertListeners.size) return;
      for (const l of alertListeners) {
        try {
          l(c);
        } catch {
          // A failing hook must not break collection.
        }
      }
    };

    /** The deferred derivation (deriveDelayMs): from the state before the first change since the last one. */
    const deriveNow = (): void => {
      clearTimeout(deriveTimer);
      deriveTimer = undefined;
      const prev = derivedFrom;
      derivedFrom = undefined;
      if (!prev) return;
      if (mutationListeners.size) {
        const t = now();
        for (const l of mutationListeners) l('derive', [], t);
      }
      const { out, alertChange } = derivation(prev, getCommitted());
      if (Object.keys(out).length) set(out);
      tellAlerts(alertChange);
    };
    flushDerivation = deriveNow;

    /** Applies a data change, then timeline diff + alert derivation: in the same set(), or (with
     *  deriveDelayMs) once for every change within that window. */
    const commit = (change: Partial<VdState>, derive = true): void => {
      if (pending) {
        Object.assign(pending.change, change);
        pending.derive ||= derive;
        return;
      }
      const prev = get();
      if (!derive) {
        set(change);
        return;
      }
      if (deriveDelayMs > 0) {
        if (!derivedFrom) {
          derivedFrom = prev;
          deriveTimer = setTimeout(deriveNow, deriveDelayMs);
          deriveTimer.unref?.();
        }
        set(change);
        return;
      }
      const next: VdStoreState = { ...prev, ...change };
      const { out, alertChange } = derivation(prev, next);
      const all: Partial<VdState> = { ...change, ...out };
      if (Object.keys(all).length) set(all);
      tellAlerts(alertChange);
    };

    recomputeNow = () => commit({});
    runBatch = <T,>(fn: () => T): T => {
      if (pending) return fn();
      pending = { change: {}, derive: false };
      try {
        return fn();
      } finally {
        const p = pending;
        pending = undefined;
        if (Object.keys(p.change).length) commit(p.change, p.derive);
      }
    };

    const freshOk = (old: Freshness | undefined, source: SourceId, t: number, via?: string): Freshness => {
      const f: Freshness = { intervalMs: old?.intervalMs ?? DEFAULT_INTERVAL_MS[source], lastOk: t, lastAttempt: t };
      if (via !== undefined) f.via = via;
      return f;
    };

    const requireNode = (node: string, op: string): NodeSlice => {
      const n = get().nodes[node];
      if (!n) throw new Error(`store.${op}: unknown node "${node}" (known: ${get().nodeOrder.join(', ')})`);
      return n;
    };

    const putNode = (n: NodeSlice, derive = true): void => {
      // Inside a batch, the nodes object this batch made is seen by no one yet: write into it. A
      // node's sources applied together copied every node's entry once per source (O(nodes) each).
      if (pending?.ownNodes && pending.change.nodes === pending.ownNodes) {
        pending.ownNodes[n.name] = n;
        pending.derive ||= derive;
        return;
      }
      const nodes = { ...get().nodes, [n.name]: n };
      if (pending) pending.ownNodes = nodes;
      commit({ nodes }, derive);
    };

    /** iostat devices: fill the multipath alias by dm name (the await/util history is recordHistory's). */
    const withIoAlias = (io: IoDeviceStats[], maps: NodeSlice['multipath']): IoDeviceStats[] => {
      const alias = new Map((maps ?? []).map((m) => [m.sysfs, m.name]));
      return io.map((d) => {
        const a = d.alias ?? alias.get(d.device);
        return a === undefined || a === d.alias ? d : { ...d, alias: a };
      });
    };

    /** Metric samples into the session's history (O(1) each; the rings live outside the
     *  immutable state, so nothing is copied per sample). */
    const recordHistory = (node: string, source: SourceId, p: Partial<NodeSlice>, intervalMs: number, t: number): void => {
      const h = get().history;
      if (!h) return;
      if (source === 'host' && p.host) h.record(nodeSeries(node), t, p.host.cpu?.busyPct, memUsedPct(p.host.mem), intervalMs);
      // LUNs: the multipath maps (dm devices), by alias when known (dm-N can change on reboot).
      if (p.io) for (const d of p.io) if (isDmDevice(d)) h.record(lunSeries(node, d.alias ?? d.device), t, Math.max(d.rAwait, d.wAwait), d.util, intervalMs);
      if (source === 'vms' && p.vms)
        for (const v of p.vms) {
          // Only where it runs: its shut-off definition on another node must not blank its curve.
          if (v.state !== 'running') continue;
          const lat = Math.max(v.diskReadLatencyMs ?? -1, v.diskWriteLatencyMs ?? -1);
          h.record(vmSeries(v.name), t, v.cpuPct, lat < 0 ? undefined : lat, intervalMs);
        }
    };

    /** One commit with every node's latest counters (nothing else differs: see setConn). */
    const flushCounters = (): void => {
      countersTimer = undefined;
      const st = get();
      let nodes: VdState['nodes'] | undefined;
      for (const [name, s] of pendingCounters) {
        const n = st.nodes[name];
        if (!n) continue;
        const conn = share(n.conn, s);
        if (conn !== n.conn) (nodes ??= { ...st.nodes })[name] = { ...n, conn };
      }
      pendingCounters.clear();
      if (nodes) commit({ nodes }, false);
    };

    const actions: VdActions = {
      setConn(s) {
        const t = now();
        const st = get();
        const n = st.nodes[s.node] ?? emptyNode(nodeName(s.node), t);
        const conn = share(n.conn, s);
        if (conn === n.conn && st.nodes[s.node]) {
          pendingCounters.delete(s.node);
          return;
        }
        // Only a channel opened or closed: no new state now (every row that reads `nodes` would
        // be rebuilt many times a second); the counters follow at most every CONN_COUNTERS_MS.
        if (st.nodes[s.node] && sameBesidesCounters(n.conn, s)) {
          pendingCounters.set(s.node, s);
          if (!countersTimer) {
            countersTimer = setTimeout(flushCounters, CONN_COUNTERS_MS);
            countersTimer.unref?.();
          }
          return;
        }
        pendingCounters.delete(s.node);
        const change: Partial<VdState> = { nodes: { ...st.nodes, [s.node]: { ...n, conn } } };
        if (!st.nodeOrder.includes(s.node)) change.nodeOrder = [...st.nodeOrder, s.node];
        commit(change);
      },
      setClusterData(source, via, patch) {
        const t = now();
        const c = get().cluster;
        const merged: ClusterSlice = { ...c };
        for (const [k, v] of Object.entries(patch) as [keyof typeof patch, unknown][]) (merged as unknown as Record<string, unknown>)[k] = share(c[k], v);
        merged.fresh = { ...c.fresh, [source]: freshOk(c.fresh[source], source, t, via) };
        commit({ cluster: merged });
      },
      setNodeData(node, source, patch) {
        const t = now();
        const n = requireNode(node, 'setNodeData');
        const next: NodeSlice = { ...n };
        const p = { ...patch };
        if (p.io) p.io = withIoAlias(p.io, p.multipath ?? n.multipath);
        recordHistory(node, source, p, n.fresh[source]?.intervalMs ?? DEFAULT_INTERVAL_MS[source], t);
        for (const [k, v] of Object.entries(p) as [keyof typeof p, unknown][]) (next as unknown as Record<string, unknown>)[k] = share(n[k], v);
        next.fresh = { ...n.fresh, [source]: freshOk(n.fresh[source], source, t) };
        putNode(next, source !== 'capabilities');
      },
      markError(source, node, raw) {
        const t = now();
        const message = redactText(raw); // stderr can carry a fence agent's options
        const mark = (old: Freshness | undefined): Freshness => ({ ...(old ?? { intervalMs: DEFAULT_INTERVAL_MS[source] }), lastAttempt: t, error: message, errorAt: t });
        const why = notCollectedReason(message);
        if (why !== undefined) {
          // Saved outputs (or Prometheus) without this source: "not collected", silently (no error, no alert).
          const none = (old: Freshness | undefined): Freshness => {
            const { error: _e, errorAt: _a, ...rest } = old ?? { intervalMs: DEFAULT_INTERVAL_MS[source] };
            return { ...rest, lastAttempt: t, notCollected: true, notCollectedWhy: why };
          };
          if (node === undefined || node === null) {
            const c = get().cluster;
            commit({ cluster: { ...c, fresh: { ...c.fresh, [source]: none(c.fresh[source]) } } });
            return;
          }
          const n = requireNode(node, 'markError');
          putNode({ ...n, fresh: { ...n.fresh, [source]: none(n.fresh[source]) } });
          return;
        }
        if (node === undefined || node === null) {
          const c = get().cluster;
          commit({ cluster: { ...c, fresh: { ...c.fresh, [source]: mark(c.fresh[source]) } } });
          return;
        }
        const n = requireNode(node, 'markError');
        putNode({ ...n, fresh: { ...n.fresh, [source]: mark(n.fresh[source]) } });
      },
      registerSource(source, node, intervalMs) {
        if (!Number.isFinite(intervalMs) || intervalMs <= 0) throw new Error(`store.registerSource: interval for ${source}${node ? ` on ${node}` : ''} must be > 0, got ${intervalMs}`);
        const reg = (old: Freshness | undefined): Freshness => ({ ...old, intervalMs });
        if (node === undefined || node === null) {
          const c = get().cluster;
          if (c.fresh[source]?.intervalMs === intervalMs) return;
          commit({ cluster: { ...c, fresh: { ...c.fresh, [source]: reg(c.fresh[source]) } } }, false);
          return;
        }
        const n = requireNode(node, 'registerSource');
        if (n.fresh[source]?.intervalMs === intervalMs) return;
        putNode({ ...n, fresh: { ...n.fresh, [source]: reg(n.fresh[source]) } }, false);
      },
      pushLogs(entries: readonly JournalEntry[]) {
        if (entries.length === 0) return;
        const shown = entries.map((e) => {
          const message = redactText(e.message);
          return message === e.message ? e : { ...e, message };
        });
        commit({ logs: pushRing(get().logs, shown, LOG_RING) }, false);
      },
      pushTimeline(e) {
        commit({ timeline: pushRing(get().timeline, [{ ...e, message: redactText(e.message), seq: ++seq }], TIMELINE_RING) }, false);
      },
      ackAlert(id) {
        const alerts = get().alerts;
        const i = alerts.findIndex((a) => a.id === id);
        if (i < 0 || alerts[i]!.acknowledged) return;
        commit({ alerts: alerts.map((a, j) => (j === i ? { ...a, acknowledged: true } : a)) }, false);
      },
      setClusterName(name) {
        if (name === '' || get().cluster.name === name) return;
        commit({ cluster: { ...get().cluster, name } }, false);
      },
      setUnfinishedActions(list) {
        commit({ cluster: { ...get().cluster, unfinishedActions: list } });
      },
      addNode(name) {
        nodeName(name);
        const st = get();
        if (st.nodes[name]) return;
        commit({ nodeOrder: [...st.nodeOrder, name], nodes: { ...st.nodes, [name]: emptyNode(name, now()) } });
      },
      upsertAction(raw: ActionProgress) {
        const p = { ...raw, lines: raw.lines.map((l) => redactText(l)) }; // a failed step's stderr is shown as is
        const list = get().actions;
        const i = list.findIndex((a) => a.id === p.id);
        let next = i < 0 ? [...list, p] : list.map((a, j) => (j === i ? p : a));
        const finished = next.filter((a) => a.status !== 'running');
        if (finished.length > ACTIONS_KEPT) {
          const drop = new Set(finished.slice(0, finished.length - ACTIONS_KEPT));
          next = next.filter((a) => !drop.has(a));
        }
        commit({ actions: next }, false);
      },
    };

    // Announce every call to recorders before applying it.
    const announced = Object.fromEntries(
      (Object.keys(actions) as MutatorName[]).map((op) => [
        op,
        (...args: unknown[]) => {
          if (mutationListeners.size) {
            const t = now();
            for (const l of mutationListeners) l(op, args, t);
          }
          return (actions[op] as (...a: unknown[]) => void)(...args);
        },
      ]),
    ) as unknown as VdActions;

    return { ...initialData(), ...announced };
  });

  const control: StoreControl = {
    options: { clusterName: opts.clusterName, nodes, readonly: opts.readonly ?? false, thresholds, ...(opts.vmResourceName ? { vmResourceName: opts.vmResourceName } : {}) },
    now,
    onAlertChange(l) {
      alertListeners.add(l);
      return () => alertListeners.delete(l);
    },
    onMutation(l) {
      mutationListeners.add(l);
      return () => mutationListeners.delete(l);
    },
    recompute() {
      if (mutationListeners.size) {
        const t = now();
        for (const l of mutationListeners) l('recompute', [], t);
      }
      recomputeNow();
    },
    batch(fn) {
      return runBatch(fn);
    },
    flushDerivation() {
      flushDerivation();
    },
    reset() {
      clearTimeout(deriveTimer);
      deriveTimer = undefined;
      derivedFrom = undefined;
      pendingCounters.clear();
      clearTimeout(countersTimer);
      countersTimer = undefined;
      memory = emptyAlertMemory();
      seq = 0;
      store.setState(initialData());
    },
  };
  controls.set(store, control);
  return store;
}
