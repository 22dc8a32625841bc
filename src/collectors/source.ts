// What a data source declares about itself, once, in its own folder (collectors/<x>/source.ts).
// The registry (registry.ts) lists the definitions; SourceId, the interval table, the runtime's
// tasks and batching, the sudoers read role, the `--from` lookup and the snapshot's freshness
// map are all derived from it (see docs in /README.md "Adding a source").
import type { AlertRule } from '../store/alerts/rule.js';
import type { Cmd } from '../ssh/cmd.js';
import type { RunResult, StreamHandle } from '../ssh/runner.js';
import type { SavedFile } from './saved-file.js';
import type { CollectorContext } from './context.js';

/**
 * Variable words of a command's argv shape. sudoers passes sentinels it turns into anchored
 * patterns; the registry test passes plain sample values.
 */
export interface ArgWords {
  node: string;
  /** A block device path (/dev/…). */
  device: string;
  resource: string;
  /** A libvirt domain (VM) name. */
  domain: string;
  /** libvirt connection URI. */
  libvirtUri: string;
  /** A libvirt storage pool name. */
  pool: string;
}

/** How a source's data ages (store/freshness.ts). */
export type FreshnessRule =
  /** Stale after 2 × its interval without a good collection. */
  | 'interval'
  /** An event stream: silence is not staleness; live while its channel is up. */
  | 'event';

/** What the runtime lends a source's collectors. */
export interface SourceServices {
  /** Runs `task` (a source id or a follow-up key of the node) on `node` now (live mode only). */
  trigger(node: string, task: string): void;
  log(msg: string): void;
  /** Effective cadence of an interval key (config over default). */
  intervalMs(key: string): number;
  /** Units the journal stream follows (config). */
  journalUnits: readonly string[];
}

/** A slow, best-effort companion task of a node source (the VM source's console addresses). */
export interface FollowUp {
  /** Task name (and interval key: extraIntervals). */
  key: string;
  run(ctx: CollectorContext, node: string): Promise<void>;
}

/** One instance per runtime: it may keep per-node state (previous samples, fallbacks). */
export interface NodeCollector {
  /** One poll of `node` in its own exec(s), writing the store; throws when it failed. */
  poll?(ctx: CollectorContext, node: string): Promise<void>;
  /**
   * For `batchable` sources: the commands of the next poll, and how their results become the
   * store patch. apply throws on unusable output; 'again' means the results were unusable and
   * cmds() changed (a fallback): the runtime polls this source alone at once.
   */
  batch?: {
    cmds(ctx: CollectorContext, node: string): Cmd[];
    apply(ctx: CollectorContext, node: string, cmds: readonly Cmd[], rs: readonly RunResult[]): void | 'again';
  };
  /** A long-running command (iostat, virsh event, journalctl); restarted by the runner. */
  stream?(ctx: CollectorContext, node: string): StreamHandle;
  followUp?: FollowUp;
}

/** A cluster-wide poll: run on one node, failing over to the next candidate. */
export interface ClusterCollector {
  /** `candidates`: every node the runtime would try, best first. `members`: nodes this read found (discovery). */
  poll(ctx: CollectorContext, via: string, candidates: readonly string[]): Promise<{ members?: string[] } | void>;
}

interface SourceDefBase<Id extends string, Extra extends string> {
  id: Id;
  /** Default cadence (ms): the poll interval, or a stream's expected sample interval. */
  intervalMs: number;
  /** The cadence is a config `intervals` key (streams of events are not). Default true. */
  configurable?: boolean;
  /** More config interval keys of this source (e.g. the VM source's console refresh). */
  extraIntervals?: Readonly<Record<Extra, number>>;
  freshness: FreshnessRule;
  /**
   * Every argv shape the source runs, built with its command builders. The sudoers read role
   * is the sudo() ones; the registry test checks the runtime sends nothing else.
   */
  commands(w: ArgWords): Cmd[];
  /**
   * `--from`: the saved files (relative to PATH, or PATH/<node> for node sources; `<word>`
   * stands for a variable part) and which one answers a command (undefined: not answered).
   * Streams have none: saved data does not move.
   */
  saved?: { files: readonly string[]; fileFor(c: Cmd): SavedFile | undefined };
  /** argv[0] of every command, as the demo cluster's tool registry (src/demo/tools/registry.ts) names them. */
  demoTools: readonly string[];
  /**
   * Where the root-only tools this source runs live on the nodes (argv[0] → absolute path), for
   * the programs sudoers does not already know (actions/sudoers.ts DEFAULT_PATHS): a sudoers rule
   * names the program by its absolute path.
   */
  sudoPaths?: Readonly<Record<string, string>>;
  /**
   * Alert rules fed by this source (store/alerts/rule.ts: declared inputs, pure evaluate); the
   * alert engine runs them after the built-in per-node rules (store/alerts/index.ts).
   */
  alerts?: readonly AlertRule[];
}

export interface ClusterSourceDef<Id extends string = string, Extra extends string = never> extends SourceDefBase<Id, Extra> {
  scope: 'cluster';
  /** Sources whose one round must be in first (collectOnce). */
  after?: readonly string[];
  collector(svc: SourceServices): ClusterCollector;
}

export interface NodeSourceDef<Id extends string = string, Extra extends string = never> extends SourceDefBase<Id, Extra> {
  scope: 'node';
  /**
   * Node sources with this flag and equal cadences share one exec (one channel) and one store
   * commit per poll: collector().batch gives their commands and apply.
   */
  batchable?: boolean;
  /** Its tool can hang (a stuck daemon): when a shared exec times out it is read in an exec of its own until it succeeds. */
  mayHang?: boolean;
  /** Read alone (not through its shared exec) when triggered or refreshed on demand: an event or an action wait needs only it. */
  readAlone?: boolean;
  /** Its poll is not scheduled (a stream collects it); collectOnce and refreshSources still poll it. */
  streamed?: boolean;
  /** Rates need two samples: collectOnce polls it a second time (when `sampleTwice`). */
  twoSamples?: boolean;
  /** Sources whose one round must be in first (collectOnce: iostat needs multipath's aliases). */
  after?: readonly string[];
  collector(svc: SourceServices): NodeCollector;
}

export type SourceDef<Id extends string = string, Extra extends string = never> = ClusterSourceDef<Id, Extra> | NodeSourceDef<Id, Extra>;
