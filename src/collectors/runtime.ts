// Runs every registered source (registry.ts) on its cadence and writes the store. Cluster-wide
// sources (pacemaker, stonith) run on one healthy node and fail over; per-node sources run on
// every node, each with its own loop so a down node never blocks the others. Batchable node
// sources due at the same cadence share one exec. `collectOnce` is one complete round for
// `snapshot`/`check`/`--from`.
import type { ResolvedHost } from '../ssh/host.js';
import type { Cmd } from '../ssh/cmd.js';
import { RunError, type NodeConnState, type RunErrorKind, type RunResult, type Runner, type StreamHandle } from '../ssh/runner.js';
import type { SourceId } from '../store/types.js';
import { storeControl } from '../store/store.js';
import { DEFAULT_JOURNAL_UNITS } from './journal/command.js';
import { DEFAULT_LIBVIRT_URI } from './virsh/command.js';
import type { CollectorContext, VdStore } from './context.js';
import { PollLoop } from './schedule.js';
import { ParseReuse } from './reuse.js';
import { WriteCoalescer } from './coalesce.js';
import { errorMessage } from './section.js';
import { readClusterName } from './pacemaker/cluster-name.js';
import { roundError, stopReason, type Attempt } from './failover.js';
import { SOURCES } from './registry.js';
import type { ClusterCollector, ClusterSourceDef, NodeCollector, NodeSourceDef, SourceServices } from './source.js';

import { DEFAULT_INTERVALS, type IntervalKey } from './intervals.js';
export { DEFAULT_INTERVALS, INTERVAL_KEYS, type IntervalKey } from './intervals.js';

export interface CollectorConfig {
  libvirtUri?: string;
  intervals?: Partial<Record<IntervalKey, number>>;
  journalUnits?: readonly string[];
  /** false: nothing is scheduled and no stream starts; only collectOnce runs (snapshot, --from). Default true. */
  live?: boolean;
  /** Streams to start in live mode (default all): iostat, vmevents, journal. */
  streams?: Partial<Record<SourceId, boolean>>;
  /** Add crm_mon's member nodes to the store (and, when possible, to the runner). Default true. */
  discover?: boolean;
  /** Connection parameters for a discovered node (e.g. resolveHosts([name], {configFile})). */
  resolveHost?: (name: string) => Promise<ResolvedHost>;
  /** collectOnce: read /proc twice (around the 1 s iostat sample) so CPU % and NIC rates exist. Default true; off for saved outputs. */
  sampleTwice?: boolean;
  /** Stream samples (iostat, journal) of all nodes within this window are one store commit (default 250 ms; 0: each at once). */
  streamCoalesceMs?: number;
  /** Backoff ceiling for failing sources (default 60 s). */
  maxBackoffMs?: number;
  /** The config names no cluster: read its name (CIB cluster-name, else corosync) after a good crm_mon. */
  detectClusterName?: boolean;
  now?: () => number;
  log?: (msg: string) => void;
}

/** A Runner that can take new targets at run time (SshRunner may grow this; FakeRunner in tests). */
export interface HostAddingRunner extends Runner {
  addHost?(h: ResolvedHost): void | Promise<void>;
}

export interface Collectors {
  /** One complete round: every poll source on every node once (cluster-wide once) + one iostat sample. */
  collectOnce(): Promise<void>;
  stop(): void;
}

/** Extra handles the TUI and tests may use. */
export interface CollectorsHandle extends Collectors {
  /** Poll everything on `node` (or everywhere) now, e.g. after an action. */
  refresh(node?: string): void;
  /** Nodes with per-node collectors (configured + discovered SSH targets). */
  nodes(): string[];
  /**
   * Runs only the pollers of `sources` once (on `nodes`, default every node; cluster-wide
   * sources ignore `nodes`) and resolves when the store holds data collected after this call
   * started: a run already in flight is awaited, then run again. Event streams (vmevents,
   * journal) have nothing to poll; iostat takes one 1 s sample. For actions' verify/wait steps,
   * which need a few sources, not a whole collectOnce round.
   */
  refreshSources(sources: readonly SourceId[], nodes?: readonly string[]): Promise<void>;
}

type ClusterDef = ClusterSourceDef<SourceId, string>;
type NodeDef = NodeSourceDef<SourceId, string>;

/** Node sources read in one exec: batchable, same cadence. Its task (loop) key is `key`. */
interface SharedRead {
  key: string;
  members: NodeDef[];
}

/** Stream writes are joined into one commit per this window (coalesce.ts): iostat samples come every few seconds. */
export const STREAM_COALESCE_MS = 250;

/** Failures of a shared exec that say nothing about the other members: retry them on their own. */
const SPLIT_ON: ReadonlySet<RunErrorKind> = new Set(['timeout', 'output-too-large', 'channel']);

/** Thrown by a task that already marked its sources (partial failures of a shared exec). */
class AlreadyMarked extends Error {}

interface NodeRuntime {
  /** Task key (a source id, a shared read's key, or a follow-up's key) → its loop. */
  loops: Map<string, PollLoop>;
  streams: StreamHandle[];
}

const CLUSTER_DEFS = SOURCES.filter((d): d is Extract<(typeof SOURCES)[number], { scope: 'cluster' }> => d.scope === 'cluster') as readonly ClusterDef[];
const NODE_DEFS = SOURCES.filter((d): d is Extract<(typeof SOURCES)[number], { scope: 'node' }> => d.scope === 'node') as readonly NodeDef[];
/** Node sources with freshness by interval: registered on every node (event streams write when they start). */
const NODE_REGISTERED = NODE_DEFS.filter((d) => d.freshness === 'interval');

export function startCollectors(opts: { runner: Runner; store: VdStore; config: CollectorConfig }): CollectorsHandle {
  const rt = new CollectorRuntime(opts.runner as HostAddingRunner, opts.store, opts.config);
  rt.start();
  return {
    collectOnce: () => rt.collectOnce(),
    stop: () => rt.stop(),
    refresh: (node) => rt.refresh(node),
    nodes: () => [...rt.nodeRuntimes.keys()],
    refreshSources: (sources, nodes) => rt.refreshSources(sources, nodes),
  };
}

/**
 * Groups the batchable node sources by cadence: two or more due together share one exec (one
 * channel) and one store commit. The key names the members, e.g. `host+network+vms`.
 */
export function sharedReads(defs: readonly NodeDef[], intervals: Readonly<Record<string, number>>): SharedRead[] {
  const byCadence = new Map<number, NodeDef[]>();
  for (const d of defs) {
    if (!d.batchable || d.streamed) continue;
    const iv = intervals[d.id]!;
    byCadence.set(iv, [...(byCadence.get(iv) ?? []), d]);
  }
  return [...byCadence.values()].filter((m) => m.length > 1).map((members) => ({ key: members.map((m) => m.id).join('+'), members }));
}

class CollectorRuntime {
  readonly ctx: CollectorContext;
  readonly intervals: Record<IntervalKey, number>;
  readonly live: boolean;
  readonly nodeRuntimes = new Map<string, NodeRuntime>();
  private readonly clusterLoops = new Map<SourceId, PollLoop>();
  /** Per cluster-wide source: nodes whose last try failed → when (failSeq), so the oldest failure is retried first. */
  private readonly clusterFailed = new Map<SourceId, Map<string, number>>();
  private failSeq = 0;
  private readonly clusterVia = new Map<SourceId, string>();
  private readonly clusterCollectors = new Map<SourceId, ClusterCollector>();
  private readonly nodeCollectors = new Map<SourceId, NodeCollector>();
  private readonly shared: SharedRead[];
  /** Source → the shared read it belongs to. */
  private readonly sharedOf = new Map<SourceId, SharedRead>();
  /** Per shared read: nodes whose members are read apart until they succeed again (see pollShared). */
  private readonly apart = new Map<string, Set<string>>();
  private readonly discovering = new Set<string>();
  /** Cluster-name reads left (detectClusterName): a few tries, then the default name stays. */
  private nameTries = 3;
  private unsubscribeConn: (() => void) | undefined;
  private readonly lastConn = new Map<string, NodeConnState['status']>();
  private started = false;
  private stopped = false;

  constructor(
    readonly runner: HostAddingRunner,
    readonly store: VdStore,
    readonly config: CollectorConfig,
  ) {
    this.intervals = { ...DEFAULT_INTERVALS, ...(config.intervals ?? {}) };
    this.live = config.live !== false;
    const streamWrites = new WriteCoalescer((writes) => storeControl(store).batch(writes), this.live ? (config.streamCoalesceMs ?? STREAM_COALESCE_MS) : 0);
    this.ctx = { runner, store, now: config.now ?? Date.now, libvirtUri: config.libvirtUri ?? DEFAULT_LIBVIRT_URI, reuse: new ParseReuse(), streamWrites };
    const svc: SourceServices = {
      trigger: (node, task) => {
        if (this.live && !this.stopped) this.nodeRuntimes.get(node)?.loops.get(task)?.trigger();
      },
      log: (msg) => this.log(msg),
      intervalMs: (key) => this.intervals[key as IntervalKey],
      journalUnits: config.journalUnits ?? DEFAULT_JOURNAL_UNITS,
    };
    for (const d of NODE_DEFS) this.nodeCollectors.set(d.id, d.collector(svc));
    this.shared = sharedReads(NODE_DEFS, this.intervals);
    for (const g of this.shared) {
      this.apart.set(g.key, new Set());
      for (const m of g.members) this.sharedOf.set(m.id, g);
    }
    for (const d of CLUSTER_DEFS) {
      const s = d.id;
      this.clusterCollectors.set(s, d.collector(svc));
      this.clusterFailed.set(s, new Map());
      this.clusterLoops.set(
        s,
        this.loop(`${s}@cluster`, this.intervals[s], async () => {
          try {
            await this.runClusterWide(s);
          } catch (e) {
            this.store.getState().markError(s, undefined, errorMessage(e));
            throw e;
          }
        }),
      );
      this.store.getState().registerSource(s, undefined, this.intervals[s]);
    }
    // Every SSH target is a store node (markError/setNodeData refuse unknown nodes).
    for (const n of runner.nodes()) if (!store.getState().nodes[n]) store.getState().addNode(n);
    for (const n of runner.nodes()) this.addNodeRuntime(n);
  }

  private log(msg: string): void {
    this.config.log?.(msg);
  }

  private loop(name: string, intervalMs: number, run: () => Promise<void>): PollLoop {
    return new PollLoop({ name, intervalMs, run, maxBackoffMs: this.config.maxBackoffMs ?? 60_000 });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribeConn = this.runner.onConnState((s) => this.onConn(s));
    if (!this.live) return;
    for (const l of this.clusterLoops.values()) l.start();
    for (const n of this.nodeRuntimes.keys()) this.startNode(n);
  }

  stop(): void {
    this.stopped = true;
    this.ctx.streamWrites?.flush();
    this.unsubscribeConn?.();
    for (const l of this.clusterLoops.values()) l.stop();
    for (const nr of this.nodeRuntimes.values()) {
      for (const l of nr.loops.values()) l.stop();
      for (const h of nr.streams) h.close();
      nr.streams = [];
    }
  }

  refresh(node?: string): void {
    for (const l of this.clusterLoops.values()) l.trigger();
    for (const [n, nr] of this.nodeRuntimes) if (!node || n === node) for (const l of nr.loops.values()) l.trigger();
  }

  private onConn(s: NodeConnState): void {
    this.store.getState().setConn(s);
    const before = this.lastConn.get(s.node);
    this.lastConn.set(s.node, s.status);
    // A node that came back should not wait out its error backoff.
    if (this.live && !this.stopped && s.status === 'up' && before !== undefined && before !== 'up') {
      const nr = this.nodeRuntimes.get(s.node);
      const oneShot = new Set<string>(NODE_DEFS.filter((d) => d.streamed).map((d) => d.id));
      if (nr) for (const [k, l] of nr.loops) if (!oneShot.has(k)) l.resetBackoff();
      for (const l of this.clusterLoops.values()) l.resetBackoff();
    }
  }

  // ---- per node -----------------------------------------------------------------------

  private nodeTask(node: string, sources: readonly SourceId[], fn: () => Promise<void>): () => Promise<void> {
    return async () => {
      try {
        await fn();
      } catch (e) {
        if (!(e instanceof AlreadyMarked)) for (const s of sources) this.store.getState().markError(s, node, errorMessage(e));
        throw e;
      }
    };
  }

  /** A source has its own loop unless a shared read covers it (a `readAlone` one keeps it for triggers and refreshes). */
  private hasOwnLoop(d: NodeDef): boolean {
    if (!this.polls(d)) return false;
    return !this.sharedOf.has(d.id) || d.readAlone === true;
  }

  private polls(d: NodeDef): boolean {
    const c = this.nodeCollectors.get(d.id)!;
    return c.poll !== undefined || c.batch !== undefined;
  }

  private addNodeRuntime(node: string): void {
    if (this.nodeRuntimes.has(node)) return;
    const loops = new Map<string, PollLoop>();
    const add = (k: string, sources: readonly SourceId[], interval: number, fn: () => Promise<void>) =>
      loops.set(k, this.loop(`${k}@${node}`, interval, this.nodeTask(node, sources, fn)));

    for (const d of NODE_DEFS) {
      const g = this.sharedOf.get(d.id);
      // A shared read's loop sits where its first member would.
      if (g && g.members[0] === d) add(g.key, g.members.map((m) => m.id), this.intervals[d.id], () => this.pollShared(node, g));
      if (this.hasOwnLoop(d)) add(d.id, [d.id], this.intervals[d.id], () => this.pollAlone(node, d));
      const f = this.nodeCollectors.get(d.id)!.followUp;
      // Best effort (console addresses): a failure is logged, not shown as the source's error.
      if (f)
        loops.set(
          f.key,
          this.loop(`${f.key}@${node}`, this.intervals[f.key as IntervalKey], async () => {
            try {
              await f.run(this.ctx, node);
            } catch (e) {
              this.log(`${f.key}@${node}: ${errorMessage(e)}`);
              throw e;
            }
          }),
        );
    }

    this.nodeRuntimes.set(node, { loops, streams: [] });
    const st = this.store.getState();
    for (const d of NODE_REGISTERED) st.registerSource(d.id, node, this.intervals[d.id]);
    if (this.started && this.live && !this.stopped) this.startNode(node);
  }

  private startNode(node: string): void {
    const nr = this.nodeRuntimes.get(node);
    if (!nr) return;
    for (const g of this.shared) nr.loops.get(g.key)?.start();
    for (const d of NODE_DEFS) if (this.hasOwnLoop(d) && !this.sharedOf.has(d.id) && !d.streamed) nr.loops.get(d.id)?.start();
    // A follow-up starts one interval late: its source triggers it when it needs it sooner.
    for (const c of this.nodeCollectors.values()) {
      const f = c.followUp;
      const l = f && nr.loops.get(f.key);
      if (!f || !l) continue;
      const t = setTimeout(() => {
        if (!this.stopped) l.start();
      }, this.intervals[f.key as IntervalKey]);
      t.unref?.();
    }
    const on = this.config.streams ?? {};
    try {
      for (const d of NODE_DEFS) {
        const c = this.nodeCollectors.get(d.id)!;
        if (!c.stream || on[d.id] === false) continue;
        // `iostat -y INTERVAL` prints its first sample only after a whole interval: take one
        // sample now so the first complete picture does not wait for the stream.
        if (d.streamed) void nr.loops.get(d.id)?.runNow();
        nr.streams.push(c.stream(this.ctx, node));
      }
    } catch (e) {
      this.log(`streams@${node}: ${errorMessage(e)}`);
    }
  }

  /** One source in its own exec(s): its poll, else its batch commands alone. */
  private async pollAlone(node: string, d: NodeDef): Promise<void> {
    const c = this.nodeCollectors.get(d.id)!;
    if (c.poll) return c.poll(this.ctx, node);
    const b = c.batch!;
    for (let tries = 0; tries < 2; tries++) {
      const cmds = b.cmds(this.ctx, node);
      if (b.apply(this.ctx, node, cmds, await this.runner.runBatch(node, cmds)) !== 'again') return;
    }
    throw new Error(`${node}: ${d.id}: output unusable after its fallback`);
  }

  /**
   * One exec for `members`, applied in one store commit; a parse failure of one part marks only
   * that source (the others are still written). A part whose output asked for its fallback
   * ('again') is read alone at once.
   */
  private async readTogether(node: string, members: readonly NodeDef[], run: (cmds: readonly Cmd[]) => Promise<RunResult[] | undefined>): Promise<boolean> {
    const parts = members.map((d) => {
      const b = this.nodeCollectors.get(d.id)!.batch!;
      return { d, b, cmds: b.cmds(this.ctx, node) };
    });
    const rs = await run(parts.flatMap((p) => p.cmds));
    if (!rs) return false;
    const failures: string[] = [];
    const again: NodeDef[] = [];
    storeControl(this.store).batch(() => {
      let at = 0;
      for (const p of parts) {
        const mine = rs.slice(at, at + p.cmds.length);
        at += p.cmds.length;
        try {
          if (p.b.apply(this.ctx, node, p.cmds, mine) === 'again') again.push(p.d);
        } catch (e) {
          failures.push(p.d.id);
          this.store.getState().markError(p.d.id, node, errorMessage(e));
        }
      }
    });
    for (const d of again) {
      try {
        await this.pollAlone(node, d);
      } catch (e) {
        failures.push(d.id);
        this.store.getState().markError(d.id, node, errorMessage(e));
      }
    }
    if (failures.length > 0) throw new AlreadyMarked(`${node}: ${failures.join(', ')} failed`);
    return true;
  }

  /**
   * A shared read. A tool can hang where others never do (virsh with a stuck libvirtd,
   * multipathd when storage is in trouble, corosync's tools on a wedged corosync): when the
   * shared exec fails that way (SPLIT_ON), this poll and the following ones read the members
   * apart until all succeed, so one hung tool does not hide the others' data.
   */
  private async pollShared(node: string, g: SharedRead): Promise<void> {
    const apart = this.apart.get(g.key)!;
    if (apart.has(node)) return this.pollApart(node, g);
    const ok = await this.readTogether(node, g.members, async (cmds) => {
      try {
        return await this.runner.runBatch(node, cmds);
      } catch (e) {
        if (!(e instanceof RunError && SPLIT_ON.has(e.kind))) throw e;
        apart.add(node);
        this.log(`${g.key}@${node}: shared read failed (${errorMessage(e)}); reading ${g.members.filter((m) => m.mayHang).map((m) => m.id).join(', ')} apart until it succeeds`);
        return undefined;
      }
    });
    if (!ok) return this.pollApart(node, g);
  }

  /** The split form of a shared read: each member that may hang in an exec of its own, the others still together. */
  private async pollApart(node: string, g: SharedRead): Promise<void> {
    const alone = g.members.filter((m) => m.mayHang);
    const rest = g.members.filter((m) => !m.mayHang);
    const jobs: { sources: NodeDef[]; run: Promise<unknown> }[] = [];
    if (rest.length === 1) jobs.push({ sources: rest, run: this.pollAlone(node, rest[0]!) });
    else if (rest.length > 1) jobs.push({ sources: rest, run: this.readTogether(node, rest, (cmds) => this.runner.runBatch(node, cmds)) });
    for (const d of alone) jobs.push({ sources: [d], run: this.pollAlone(node, d) });
    const results = await Promise.allSettled(jobs.map((j) => j.run));
    const errors: string[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') return;
      errors.push(errorMessage(r.reason));
      if (!(r.reason instanceof AlreadyMarked)) for (const d of jobs[i]!.sources) this.store.getState().markError(d.id, node, errorMessage(r.reason));
    });
    if (errors.length === 0) this.apart.get(g.key)!.delete(node);
    else throw new AlreadyMarked(`${node}: ${errors.join('; ')}`);
  }

  // ---- cluster-wide ---------------------------------------------------------------------

  /**
   * Nodes to try, best first: last good node, then connected ones online in Pacemaker, then the
   * rest; failed nodes (the longest-ago failure first, so a round does not always start on the
   * same bad node) and down nodes last.
   */
  clusterCandidates(source: SourceId): string[] {
    const failed = this.clusterFailed.get(source) ?? new Map<string, number>();
    const via = this.clusterVia.get(source);
    const pcmk = new Map((this.store.getState().cluster.crm?.nodes ?? []).map((p) => [p.name, p]));
    const rank = (n: string): number => {
      const status = this.runner.connState(n)?.status;
      if (status === 'down') return 4;
      if (failed.has(n)) return 3;
      const p = pcmk.get(n);
      if (status === 'up' && (!p || (p.online && !p.unclean))) return n === via ? 0 : 1;
      return 2;
    };
    const nodes = [...this.nodeRuntimes.keys()];
    return nodes
      .map((n, i) => ({ n, r: rank(n), failedAt: failed.get(n) ?? 0, i }))
      .sort((a, b) => a.r - b.r || a.failedAt - b.failedAt || a.i - b.i)
      .map((x) => x.n);
  }

  private async runClusterWide(source: SourceId): Promise<void> {
    const candidates = this.clusterCandidates(source);
    if (candidates.length === 0) throw new Error(`${source}: no node to run on`);
    const failed = this.clusterFailed.get(source)!;
    const collector = this.clusterCollectors.get(source)!;
    const tried: Attempt[] = [];
    for (const node of candidates) {
      try {
        const found = await collector.poll(this.ctx, node, candidates);
        // The source that lists the cluster's members (crm_mon) also leads to its name.
        if (found?.members) {
          if (this.config.detectClusterName && this.nameTries > 0) await this.detectClusterName(node);
          await this.discover(found.members);
        }
        failed.delete(node);
        if (this.clusterVia.get(source) !== node && this.clusterVia.has(source)) this.log(`${source}: now collected via ${node}`);
        this.clusterVia.set(source, node);
        return;
      } catch (e) {
        failed.set(node, ++this.failSeq);
        tried.push({ node, error: e });
        // Bounded (failover.ts): a failure every node would repeat is not walked across the cluster.
        const more = tried.length < candidates.length;
        const stop = more ? stopReason(tried) : undefined;
        this.log(`${source}@${node} failed, ${stop ? `not trying other nodes this round (${stop})` : more ? 'trying the next node' : 'no other node to try'}: ${errorMessage(e)}`);
        if (stop) throw new Error(roundError(tried, candidates.length, stop));
      }
    }
    throw new Error(roundError(tried, candidates.length, undefined));
  }
  private async detectClusterName(via: string): Promise<void> {
    this.nameTries--;
    try {
      const a = await readClusterName(this.runner, via);
      this.nameTries = 0;
      if (a) {
        this.store.getState().setClusterName(a.name);
        this.log(`cluster name ${JSON.stringify(a.name)} (${a.from === 'cib' ? 'CIB cluster-name' : 'corosync totem.cluster_name'}, via ${via})`);
      } else this.log(`cluster name: neither the CIB nor corosync names the cluster (via ${via})`);
    } catch (e) {
      this.log(`cluster name: ${errorMessage(e)}`);
    }
  }

  /** crm_mon's members → store nodes, and SSH targets when the runner and config allow it. */
  private async discover(members: string[]): Promise<void> {
    if (this.config.discover === false) return;
    const st = this.store.getState();
    for (const name of members) {
      if (!st.nodes[name]) st.addNode(name);
      if (this.nodeRuntimes.has(name) || this.discovering.has(name)) continue;
      if (this.runner.nodes().includes(name)) {
        this.addNodeRuntime(name);
        continue;
      }
      const { resolveHost } = this.config;
      if (!this.runner.addHost || !resolveHost) {
        if (!this.discovering.has(name)) {
          this.discovering.add(name);
          for (const d of NODE_REGISTERED) if (!d.streamed) this.store.getState().registerSource(d.id, name, this.intervals[d.id]);
          this.store
            .getState()
            .markError('host', name, `${name}: cluster member from crm_mon with no SSH target (add it to --nodes or the config)`);
        }
        continue;
      }
      this.discovering.add(name);
      try {
        const h = await resolveHost(name);
        await this.runner.addHost(h);
        this.discovering.delete(name);
        if (!this.store.getState().nodes[name]) this.store.getState().addNode(name);
        this.addNodeRuntime(name);
        this.log(`discovered node ${name}`);
      } catch (e) {
        this.discovering.delete(name);
        this.store.getState().markError('host', name, `${name}: discovered but cannot connect: ${errorMessage(e)}`);
      }
    }
  }

  // ---- one round ------------------------------------------------------------------------

  /** The task that reads `d` in a round: its shared read, else its own loop. */
  private roundTask(d: NodeDef): string {
    return this.sharedOf.get(d.id)?.key ?? d.id;
  }

  private async nodeOnce(node: string): Promise<void> {
    const nr = this.nodeRuntimes.get(node);
    if (!nr) return;
    const runs = new Map<string, Promise<boolean>>();
    const once = (k: string): Promise<boolean> => {
      let p = runs.get(k);
      if (!p) runs.set(k, (p = nr.loops.get(k)?.runNow() ?? Promise.resolve(true)));
      return p;
    };
    const polled = NODE_DEFS.filter((d) => this.polls(d));
    const read = new Map<string, Promise<boolean>>();
    // A source waits for the sources it reads after (iostat: multipath first, so dm-N devices get their aliases).
    const readOf = (d: NodeDef): Promise<boolean> => {
      let p = read.get(d.id);
      if (!p) {
        const before = polled.filter((x) => d.after?.includes(x.id));
        read.set(d.id, (p = Promise.all(before.map(readOf)).then(() => once(this.roundTask(d)))));
      }
      return p;
    };
    const twice = polled.filter((d) => d.twoSamples);
    const jobs: Promise<unknown>[] = polled.map(readOf);
    for (const d of polled) {
      const f = this.nodeCollectors.get(d.id)!.followUp;
      if (f) jobs.push(readOf(d).then(() => once(f.key)));
    }
    // Rates (CPU %, NIC) need two samples: take the second once the streamed sources' one sample (iostat's 1 s) is in.
    jobs.push(
      Promise.all([Promise.all(twice.map(readOf)), Promise.all(polled.filter((d) => d.streamed).map(readOf))]).then(([ok]) =>
        ok.every(Boolean) && this.config.sampleTwice !== false ? Promise.all([...new Set(twice.map((d) => this.roundTask(d)))].map((k) => nr.loops.get(k)?.runNow())) : undefined,
      ),
    );
    await Promise.all(jobs);
  }

  /** The poll tasks that collect `source` on one node (none for event streams and cluster-wide sources). */
  private tasksFor(source: SourceId): string[] {
    const d = NODE_DEFS.find((x) => x.id === source);
    if (!d || !this.polls(d)) return [];
    return [d.readAlone && this.hasOwnLoop(d) ? d.id : this.roundTask(d)];
  }

  async refreshSources(sources: readonly SourceId[], nodes?: readonly string[]): Promise<void> {
    // A run in flight may have started before the caller's change: wait for it, then run anew.
    const fresh = async (l: PollLoop | undefined): Promise<void> => {
      if (!l) return;
      if (l.inFlight) await l.runNow();
      await l.runNow();
    };
    const jobs: Promise<void>[] = [];
    for (const d of CLUSTER_DEFS) if (sources.includes(d.id)) jobs.push(fresh(this.clusterLoops.get(d.id)));
    const tasks = new Set(sources.flatMap((s) => this.tasksFor(s)));
    // A shared read in the set covers its members' own reads.
    for (const g of this.shared) if (tasks.has(g.key)) for (const m of g.members) tasks.delete(m.id);
    const targets = nodes ? nodes.filter((n) => this.nodeRuntimes.has(n)) : [...this.nodeRuntimes.keys()];
    for (const n of targets) {
      const nr = this.nodeRuntimes.get(n)!;
      for (const k of tasks) jobs.push(fresh(nr.loops.get(k)));
    }
    await Promise.all(jobs);
  }

  async collectOnce(): Promise<void> {
    const known = [...this.nodeRuntimes.keys()];
    const run = (d: ClusterDef) => this.clusterLoops.get(d.id)!.runNow();
    await Promise.all([
      (async () => {
        // The first cluster reads list the members (discovery); the others read after them.
        await Promise.all(CLUSTER_DEFS.filter((d) => !d.after?.length).map(run));
        const discovered = [...this.nodeRuntimes.keys()].filter((n) => !known.includes(n));
        await Promise.all([...CLUSTER_DEFS.filter((d) => d.after?.length).map(run), ...discovered.map((n) => this.nodeOnce(n))]);
      })(),
      ...known.map((n) => this.nodeOnce(n)),
    ]);
  }
}
