// An alert rule: the inputs it reads, each a named selector over the state, and what it makes of
// their values. The engine (../alerts.ts) evaluates a rule again only when one of its inputs
// changed, so the memo's dependencies are the rule's declared inputs: `evaluate` is handed those
// values and nothing else, so it cannot read what it did not declare (and stay stale).
import type { Alert, NodeSlice, Thresholds, VdState } from '../types.js';

/** An alert as a rule makes it; the engine adds since and acknowledged. `id` is filled in once
 *  (drafts are cached across derivations: the same string, hashed once). */
export type Draft = Omit<Alert, 'id' | 'since' | 'acknowledged'> & { id?: string };

/** An input compared with `same` instead of identity (e.g. a VM list, by names and states only:
 *  a new list that differs in figures alone keeps the last result). While `same` holds, the rule
 *  keeps the value it was evaluated with. */
export interface InputSpec<A extends unknown[], R> {
  get: (...a: A) => R;
  same: (a: R, b: R) => boolean;
}
// `any`: a record of differently typed inputs; InputValues recovers each one's type.
type Input<A extends unknown[]> = ((...a: A) => unknown) | InputSpec<A, any>;
/** A node rule's input: read from the node's slice (and the cluster, e.g. crm_mon's node list). */
export type NodeInput = Input<[n: NodeSlice, s: VdState, now: number]>;
/** A cluster rule's input. An input that reads `now` changes on every derivation. */
export type ClusterInput = Input<[s: VdState, now: number]>;

export type InputValues<I> = {
  readonly [K in keyof I]: I[K] extends { get: (...a: never[]) => infer R } ? R : I[K] extends (...a: never[]) => infer R ? R : never;
};

export interface RuleCtx {
  /**
   * Advances one metric's counters (the rule's memory of consecutive samples, by `key`): `dir`
   * 'above' raises when value > threshold, 'below' when value < threshold, after raiseAfter
   * samples; clears after clearAfter samples beyond threshold × (1 ∓ hysteresis). A sample is
   * counted once per `sampleAt` (its source's lastOk). Returns whether the metric is alerting.
   */
  step(key: string, sampleAt: number | undefined, value: number, threshold: number, dir: 'above' | 'below', t: Thresholds): boolean;
}

interface RuleBase {
  /** Unique among the rules (the rule names of its drafts may differ: one rule can raise several). */
  id: string;
  /** Its drafts are raised only once their condition has lasted this long (or were raised before). */
  graceMs?: (t: Thresholds) => number;
}

/** Evaluated per node; its memo is per node. */
export interface NodeRule<I extends Record<string, NodeInput> = Record<string, NodeInput>> extends RuleBase {
  scope: 'node';
  inputs: I;
  evaluate(v: InputValues<I>, node: string, ctx: RuleCtx): Draft[];
}

export interface ClusterRule<I extends Record<string, ClusterInput> = Record<string, ClusterInput>> extends RuleBase {
  scope: 'cluster';
  inputs: I;
  evaluate(v: InputValues<I>, ctx: RuleCtx): Draft[];
}

// `any`: one list holds rules with different inputs; each was checked against its own inputs
// where it was made (nodeRule / clusterRule).
export type AlertRule = NodeRule<any> | ClusterRule<any>;

export const nodeRule = <I extends Record<string, NodeInput>>(r: Omit<NodeRule<I>, 'scope'>): NodeRule<I> => ({ ...r, scope: 'node' });
export const clusterRule = <I extends Record<string, ClusterInput>>(r: Omit<ClusterRule<I>, 'scope'>): ClusterRule<I> => ({ ...r, scope: 'cluster' });

/** Common inputs. */
export const thresholdsOf = (_n: NodeSlice, s: VdState): Thresholds => s.thresholds;
