// Alert derivation, pure: state + memory of consecutive samples in, alerts + new memory out.
// The rules are objects with declared inputs (./alerts/rule.ts, listed in ./alerts/index.ts); a
// rule is evaluated again only when one of its inputs changed (per node for node rules): the store
// derives after every mutation, but a mutation changes one source of one node.
// Metric rules (await, util, cpu, mem, hugepages) count one sample per new collection of their
// source (the source's lastOk), so re-deriving after unrelated mutations never double-counts.
// State rules (paths, quorum, fencing, …) hold exactly while their condition holds.
import { ALERT_RULES } from './alerts/index.js';
import { alertId } from './alerts/id.js';
import type { AlertRule, Draft, RuleCtx } from './alerts/rule.js';
import type { Alert, Severity, Thresholds, VdState } from './types.js';

export { DEFAULT_THRESHOLDS } from './types.js';
export { alertId } from './alerts/id.js';
export { memUsedPct } from './alerts/host.js';
export { isDmDevice } from './alerts/iostat.js';

export interface MetricTrack {
  /** lastOk of the source sample last counted */
  sampleAt: number;
  over: number;
  under: number;
  active: boolean;
  value: number;
}

export interface AlertMemory {
  /** Metric counters per node, by metric key. */
  tracks: Record<string, Record<string, MetricTrack>>;
  /** When each held-back condition (by alert id) was first seen; forgotten once it is gone. */
  firstSeen?: Record<string, number>;
  /** What each rule produced last time and from which input values. */
  rules?: RuleMemos;
  /** The alert list this derivation returned, by id. */
  index?: { list: readonly Alert[]; byId: ReadonlyMap<string, Alert> };
}

/** A rule's last result and the input values it was evaluated with. */
interface RuleMemo {
  values: readonly unknown[];
  drafts: Draft[];
  /** A metric rule's counters (ctx.step). */
  tracks?: Record<string, MetricTrack>;
}

interface RuleMemos {
  /** The rule list the memos are indexed by. */
  list: readonly AlertRule[];
  /** Per node, by rule index (cluster rules' slots unused). */
  node: Record<string, (RuleMemo | undefined)[]>;
  cluster: (RuleMemo | undefined)[];
}

export const emptyAlertMemory = (): AlertMemory => ({ tracks: {} });

export interface AlertDerivation {
  /** Current alerts, critical first, then by id. */
  alerts: Alert[];
  memory: AlertMemory;
  /** Alerts that are new in this derivation (or escalated in severity). */
  raised: Alert[];
  /** Alerts present before and gone now. */
  cleared: Alert[];
}

const draftId = (d: Draft): string => (d.id ??= alertId(d.rule, d.node, d.subject));

const SEV_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
export const compareAlerts = (a: Alert, b: Alert): number => SEV_RANK[a.severity] - SEV_RANK[b.severity] || a.id.localeCompare(b.id);

type Get = (a: unknown, b: unknown, c: unknown) => unknown;
type Same = (a: unknown, b: unknown) => boolean;
/** A rule's inputs as parallel arrays (made once per rule). */
interface Compiled {
  keys: string[];
  gets: Get[];
  sames: (Same | undefined)[];
}
function compile(rule: AlertRule): Compiled {
  const c: Compiled = { keys: [], gets: [], sames: [] };
  for (const [k, input] of Object.entries(rule.inputs as Record<string, Get | { get: Get; same: Same }>)) {
    c.keys.push(k);
    c.gets.push(typeof input === 'function' ? input : input.get);
    c.sames.push(typeof input === 'function' ? undefined : input.same);
  }
  return c;
}
/** Per rule list (one lookup per derivation, not one per rule and node). */
const compiledLists = new WeakMap<readonly AlertRule[], Compiled[]>();
function compiledList(rules: readonly AlertRule[]): Compiled[] {
  let l = compiledLists.get(rules);
  if (!l) compiledLists.set(rules, (l = rules.map(compile)));
  return l;
}

/** `m` when every input of the rule reads the same as when `m` was made, else a fresh evaluation.
 *  Inputs are read without allocating while nothing changed (this runs per node, per rule, per
 *  mutation). */
function run(rule: AlertRule, c: Compiled, m: RuleMemo | undefined, a: unknown, b: unknown, c3: unknown, ctx: Ctx): RuleMemo {
  if (m) {
    let same = true;
    for (let j = 0; j < c.gets.length && same; j++) {
      const v = c.gets[j]!(a, b, c3);
      const eq = c.sames[j];
      same = eq ? eq(m.values[j], v) : Object.is(m.values[j], v);
    }
    if (same) return m;
  }
  const values: unknown[] = [];
  const named: Record<string, unknown> = {};
  for (let j = 0; j < c.gets.length; j++) {
    const v = c.gets[j]!(a, b, c3);
    // An input its `same` finds unchanged keeps the value the last result was made from.
    const keep = m !== undefined && c.sames[j] !== undefined && c.sames[j]!(m.values[j], v);
    values.push(keep ? m.values[j] : v);
    named[c.keys[j]!] = values[j];
  }
  ctx.own = undefined;
  const drafts = rule.scope === 'node' ? rule.evaluate(named, ctx.node, ctx) : rule.evaluate(named, ctx);
  return ctx.own ? { values, drafts, tracks: ctx.own } : { values, drafts };
}

/** The rule context of one derivation; `node` and `own` are set around each node rule's evaluation. */
interface Ctx extends RuleCtx {
  node: string;
  own: Record<string, MetricTrack> | undefined;
}

const hasKeys = (o: object): boolean => {
  for (const _ in o) return true;
  return false;
};

export function deriveAlerts(state: VdState, prev: AlertMemory, thresholds: Thresholds, now: number, rules: readonly AlertRule[] = ALERT_RULES): AlertDerivation {
  const drafts: Draft[] = [];
  const tracks: Record<string, Record<string, MetricTrack>> = {};
  const firstSeen: Record<string, number> = {};
  // The rules read the thresholds of the derivation.
  const s = state.thresholds === thresholds ? state : { ...state, thresholds };
  // Alerts by id: the map made with the last list, unless the list was replaced since (ack).
  const prevById = prev.index?.list === state.alerts ? prev.index.byId : new Map(state.alerts.map((a) => [a.id, a]));
  const memoIn = prev.rules?.list === rules ? prev.rules : undefined;
  const compiled = compiledList(rules);

  /** Raises `d` only once its condition has lasted `graceMs` (or it is already raised). */
  const held = (d: Draft, graceMs: number): void => {
    const id = draftId(d);
    const first = prev.firstSeen?.[id] ?? now;
    firstSeen[id] = first;
    if (prevById.has(id) || now - first >= graceMs) drafts.push(d);
  };
  const add = (rule: AlertRule, m: RuleMemo): void => {
    if (!rule.graceMs) {
      for (const d of m.drafts) drafts.push(d);
      return;
    }
    const grace = rule.graceMs(thresholds);
    for (const d of m.drafts) held(d, grace);
  };

  const ctx: Ctx = {
    node: '',
    own: undefined,
    step(key, sampleAt, value, threshold, dir, t) {
      const out = (ctx.own ??= {});
      const old = prev.tracks[ctx.node]?.[key];
      if (sampleAt === undefined || (old && old.sampleAt === sampleAt)) {
        if (old) out[key] = old;
        return old?.active ?? false;
      }
      const over = dir === 'above' ? value > threshold : value < threshold;
      const clear = dir === 'above' ? value < threshold * (1 - t.hysteresis) : value > threshold * (1 + t.hysteresis);
      const tr: MetricTrack = {
        sampleAt,
        value,
        over: over ? (old?.over ?? 0) + 1 : 0,
        under: clear ? (old?.under ?? 0) + 1 : 0,
        active: old?.active ?? false,
      };
      if (!tr.active && tr.over >= t.raiseAfter) tr.active = true;
      else if (tr.active && tr.under >= t.clearAfter) tr.active = false;
      // An inactive metric that is back to normal needs no memory.
      if (tr.active || tr.over > 0) out[key] = tr;
      return tr.active;
    },
  };

  const nodeOut: Record<string, (RuleMemo | undefined)[]> = {};
  for (const name of s.nodeOrder) {
    const n = s.nodes[name];
    if (!n) continue;
    const mIn = memoIn?.node[name];
    const mOut: (RuleMemo | undefined)[] = new Array(rules.length);
    let nodeTracks: Record<string, MetricTrack> | undefined;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      if (rule.scope !== 'node') continue;
      ctx.node = name;
      const m = run(rule, compiled[i]!, mIn?.[i], n, s, now, ctx);
      mOut[i] = m;
      add(rule, m);
      if (m.tracks) nodeTracks = !nodeTracks || !hasKeys(nodeTracks) ? m.tracks : hasKeys(m.tracks) ? { ...nodeTracks, ...m.tracks } : nodeTracks;
    }
    tracks[name] = nodeTracks ?? {};
    nodeOut[name] = mOut;
  }

  const clusterOut: (RuleMemo | undefined)[] = new Array(rules.length);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (rule.scope !== 'cluster') continue;
    const m = run(rule, compiled[i]!, memoIn?.cluster[i], s, now, undefined, ctx);
    clusterOut[i] = m;
    add(rule, m);
  }

  // Materialise: keep since/acknowledged of alerts that stay active; one alert per id.
  const byId = new Map<string, Alert>();
  const raised: Alert[] = [];
  let reusedAll = true;
  for (const d of drafts) {
    const id = draftId(d);
    if (byId.has(id)) continue;
    const old = prevById.get(id);
    // Keep the old object when nothing visible changed, so list selectors stay stable.
    if (old && sameAsDraft(old, d)) {
      byId.set(id, old);
      continue;
    }
    reusedAll = false;
    const escalated = old !== undefined && SEV_RANK[d.severity] < SEV_RANK[old.severity];
    const { id: _cached, ...fields } = d;
    const a: Alert = { id, ...fields, since: old?.since ?? now, acknowledged: old !== undefined && !escalated && old.acknowledged };
    if (a.node === undefined) delete a.node;
    if (a.value === undefined) delete a.value;
    byId.set(id, a);
    if (!old || escalated) raised.push(a);
  }
  // The same ids with the same severities (only values changed): the previous order holds.
  const sameOrder = byId.size === state.alerts.length && state.alerts.every((a) => byId.get(a.id)?.severity === a.severity);
  const alerts = !sameOrder ? [...byId.values()].sort(compareAlerts) : reusedAll ? state.alerts : state.alerts.map((a) => byId.get(a.id)!);
  const cleared = sameOrder ? [] : state.alerts.filter((a) => !byId.has(a.id));
  const memory: AlertMemory = { tracks, firstSeen, rules: { list: rules, node: nodeOut, cluster: clusterOut }, index: { list: alerts, byId } };
  return { alerts, memory, raised, cleared };
}

/** `old` stays as it is for draft `d` (same severity, so not escalated: since and ack carry over). */
function sameAsDraft(old: Alert, d: Draft): boolean {
  return old.severity === d.severity && old.message === d.message && old.value === d.value && old.node === d.node;
}

/** True when two alert lists hold the same objects in the same order. */
export const sameAlertList = (a: readonly Alert[], b: readonly Alert[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
