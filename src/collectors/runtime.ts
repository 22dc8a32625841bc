// Runs every collector on its cadence and writes the store. Cluster-wide sources (pacemaker,
// stonith) run on one healthy node and fail over; per-node sources run on every node, each
// with its own loop so a down node never blocks the others. `collectOnce` is one complete
// round for `snapshot`/`check`/`--from`.
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
import { memberNodes, pollPacemaker } from './pacemaker/collector.js';
import { readClusterName } from './pacemaker/cluster-name.js';
import { CrmMonReparser } from './pacemaker/reparse.js';
import { pollSbd, pollStonith } from './fencing/collector.js';
import { applyCorosync, corosyncCmds, pollCorosync } from './corosync/collector.js';
import { MultipathCollector } from './multipath/collector.js';
import { HostCollector, pollCapabilities } from './host/collector.js';
import { NetworkCollector } from './network/collector.js';
import { VmCollector, startVmEvents } from './virsh/collector.js';
import { IostatCollector } from './iostat/collector.js';
import { startJournal } from './journal/collector.js';

import { DEFAULT_INTERVALS, type IntervalKey } from './intervals.js';
export { DEFAULT_INTERVALS, INTERVAL_KEYS, type IntervalKey } from './intervals.js';

export interface CollectorConfig {
  libvirtUri?: string;
  intervals?: Partial<Record<IntervalKey, number>>;
  journalUnits?: readonly string[];
  /** false: nothing is scheduled and no stream starts; only collectOnce runs (snapshot, --from). Default true. */
  live?: boolean;
  /** Streams to start in live mode (default all). */
  streams?: { iostat?: boolean; vmevents?: boolean; journal?: boolean };
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

type ClusterSource = 'pacemaker' | 'stonith';
type NodeTask = 'corosync' | 'sbd' | 'multipath' | 'corosyncmp' | 'hostnetvms' | 'hostnet' | 'host' | 'network' | 'capabilities' | 'vms' | 'domdisplay' | 'iostatOnce';

/** Stream writes are joined into one commit per this window (coalesce.ts): iostat samples come every 2 s. */
export const STREAM_COALESCE_MS = 250;

/** Failures of a shared exec that say nothing about the other members: retry them on their own. */
const SPLIT_ON: ReadonlySet<RunErrorKind> = new Set(['timeout', 'output-too-large', 'channel']);

/** Thrown by a task that already marked its sources (partial failures of a shared batch). */
class AlreadyMarked extends Error {}

interface NodeRuntime {
  loops: Map<NodeTask, PollLoop>;
  streams: StreamHandle[];
}

const NODE_POLL_SOURCES: readonly SourceId[] = ['corosync', 'sbd', 'multipath', 'host', 'network', 'capabilities', 'vms'];

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

class CollectorRuntime {
  readonly ctx: CollectorContext;
  readonly intervals: Record<IntervalKey, number>;
  readonly live: boolean;
  readonly nodeRuntimes = new Map<string, NodeRuntime>();
  private readonly clusterLoops = new Map<ClusterSource, PollLoop>();
  private readonly clusterFailed = new Map<ClusterSource, Set<string>>();
  private readonly clusterVia = new Map<ClusterSource, string>();
  private readonly discovering = new Set<string>();
  /** Cluster-name reads left (detectClusterName): a few tries, then the default name stays. */
  private nameTries = 3;
  private readonly mp = new MultipathCollector();
  private readonly host = new HostCollector();
  private readonly net = new NetworkCollector();
  private readonly vm = new VmCollector();
  private readonly io = new IostatCollector();
  private readonly crmMon = new CrmMonReparser();
  /** Nodes whose VM reads run in their own exec until they succeed again (see pollHostNetVms). */
  private readonly vmsApart = new Set<string>();
  /** Nodes whose corosync and multipath reads run apart until both succeed (see pollCorosyncMultipath). */
  private readonly mpApart = new Set<string>();
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
    const streamWrites = new WriteCoalescer(store, this.live ? (config.streamCoalesceMs ?? STREAM_COALESCE_MS) : 0);
    this.ctx = { runner, store, now: config.now ?? Date.now, libvirtUri: config.libvirtUri ?? DEFAULT_LIBVIRT_URI, reuse: new ParseReuse(), streamWrites };
    for (const s of ['pacemaker', 'stonith'] as const) {
      this.clusterFailed.set(s, new Set());
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
      if (nr) for (const [k, l] of nr.loops) if (k !== 'iostatOnce') l.resetBackoff();
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

  private addNodeRuntime(node: string): void {
    if (this.nodeRuntimes.has(node)) return;
    const iv = this.intervals;
    const c = this.ctx;
    const loops = new Map<NodeTask, PollLoop>();
    const add = (k: NodeTask, sources: readonly SourceId[], interval: number, fn: () => Promise<void>) =>
      loops.set(k, this.loop(`${k}@${node}`, interval, this.nodeTask(node, sources, fn)));

    add('sbd', ['sbd'], iv.sbd, () => pollSbd(c, node));
    if (iv.corosync === iv.multipath) {
      add('corosyncmp', ['corosync', 'multipath'], iv.corosync, () => this.pollCorosyncMultipath(node));
    } else {
      add('corosync', ['corosync'], iv.corosync, () => pollCorosync(c, node));
      add('multipath', ['multipath'], iv.multipath, () => this.mp.poll(c, node));
    }
    // Sources due at the same cadence share one exec (one channel) and one store commit.
    // The VM poll alone stays as an unscheduled task: a virsh event or an action's wait on the
    // VMs reads only them.
    if (iv.host === iv.network && iv.host === iv.vms) {
      add('hostnetvms', ['host', 'network', 'vms'], iv.host, () => this.pollHostNetVms(node));
      add('vms', ['vms'], iv.vms, () => this.pollVms(node));
    } else {
      if (iv.host === iv.network) {
        add('hostnet', ['host', 'network'], iv.host, () => this.pollHostNet(node));
      } else {
        add('host', ['host'], iv.host, () => this.host.poll(c, node));
        add('network', ['network'], iv.network, () => this.net.poll(c, node));
      }
      add('vms', ['vms'], iv.vms, () => this.pollVms(node));
    }
    add('capabilities', ['capabilities'], iv.capabilities, () => pollCapabilities(c, node));
    // Console addresses are best effort: a failure is logged, not shown as a VM-source error.
    loops.set(
      'domdisplay',
      this.loop(`domdisplay@${node}`, iv.domdisplay, async () => {
        try {
          await this.vm.pollDisplays(c, node);
        } catch (e) {
          this.log(`domdisplay@${node}: ${errorMessage(e)}`);
          throw e;
        }
      }),
    );
    add('iostatOnce', ['iostat'], iv.iostat, () => this.io.pollOnce(c, node));

    this.nodeRuntimes.set(node, { loops, streams: [] });
    const st = this.store.getState();
    for (const s of NODE_POLL_SOURCES) st.registerSource(s, node, iv[s as IntervalKey]);
    st.registerSource('iostat', node, iv.iostat);
    if (this.started && this.live && !this.stopped) this.startNode(node);
  }

  private startNode(node: string): void {
    const nr = this.nodeRuntimes.get(node);
    if (!nr) return;
    const shared = nr.loops.has('hostnetvms');
    for (const [k, l] of nr.loops) if (k !== 'iostatOnce' && k !== 'domdisplay' && !(shared && k === 'vms')) l.start();
    // The console refresh starts one interval late: the VM poll triggers it when it sees new VMs.
    const dd = nr.loops.get('domdisplay');
    if (dd) {
      const t = setTimeout(() => {
        if (!this.stopped) dd.start();
      }, this.intervals.domdisplay);
      t.unref?.();
    }
    const streams = this.config.streams ?? {};
    const c = this.ctx;
    // `iostat -y INTERVAL` prints its first sample only after a whole interval: take one 1 s
    // sample now so the first complete picture does not wait for the stream.
    if (streams.iostat !== false) void nr.loops.get('iostatOnce')?.runNow();
    try {
      if (streams.iostat !== false) nr.streams.push(this.io.startStream(c, node, this.intervals.iostat));
      if (streams.vmevents !== false) nr.streams.push(startVmEvents(c, node, () => nr.loops.get('vms')?.trigger()));
      if (streams.journal !== false) nr.streams.push(startJournal(c, node, this.config.journalUnits ?? DEFAULT_JOURNAL_UNITS));
    } catch (e) {
      this.log(`streams@${node}: ${errorMessage(e)}`);
    }
  }

  private async pollVms(node: string): Promise<void> {
    this.afterVms(node, await this.vm.poll(this.ctx, node));
  }

  private afterVms(node: string, r: { needDisplay: boolean }): void {
    if (r.needDisplay && this.live) this.nodeRuntimes.get(node)?.loops.get('domdisplay')?.trigger();
  }

  /**
   * Applies the parts of one shared exec in one store commit; a parse failure of one part marks
   * only that source (the others are still written).
   */
  private applyParts(node: string, parts: readonly [SourceId, () => void][]): void {
    const failures: string[] = [];
    storeControl(this.store).batch(() => {
      for (const [source, f] of parts) {
        try {
          f();
        } catch (e) {
          failures.push(source);
          this.store.getState().markError(source, node, errorMessage(e));
        }
      }
    });
    if (failures.length > 0) throw new AlreadyMarked(`${node}: ${failures.join(', ')} failed`);
  }

  /** host + network in one round trip. */
  private async pollHostNet(node: string): Promise<void> {
    const hc = this.host.cmds();
    const nc = this.net.cmds();
    const rs = await this.runner.runBatch(node, [...hc, ...nc]);
    this.applyParts(node, [
      ['host', () => this.host.apply(this.ctx, node, rs.slice(0, hc.length))],
      ['network', () => this.net.apply(this.ctx, node, rs.slice(hc.length))],
    ]);
  }

  /**
   * One exec for reads that share a cadence. undefined when it failed the way a hung tool makes it
   * fail (SPLIT_ON): the node is then in `apart` and the caller reads the parts on their own.
   */
  private async sharedBatch(node: string, cmds: readonly Cmd[], apart: Set<string>, what: string, then: string): Promise<RunResult[] | undefined> {
    try {
      return await this.runner.runBatch(node, cmds);
    } catch (e) {
      if (!(e instanceof RunError && SPLIT_ON.has(e.kind))) throw e;
      apart.add(node);
      this.log(`${what}: shared read failed (${errorMessage(e)}); ${then}`);
      return undefined;
    }
  }

  /**
   * host + network + VMs in one round trip and one store commit. virsh can hang (a stuck
   * libvirtd) or time out where /proc reads never do: when the shared exec fails that way, this
   * poll and the following ones read the VMs in their own exec (host + network keep arriving)
   * until a VM poll succeeds again.
   */
  private async pollHostNetVms(node: string): Promise<void> {
    if (this.vmsApart.has(node)) return this.pollApart(node);
    const hc = this.host.cmds();
    const nc = this.net.cmds();
    const vc = this.vm.cmds(this.ctx.libvirtUri, node, this.ctx.now());
    const rs = await this.sharedBatch(node, [...hc, ...nc, ...vc], this.vmsApart, `vms@${node}`, 'reading VMs in their own exec until it succeeds');
    if (!rs) return this.pollApart(node);
    const a = hc.length;
    const b = a + nc.length;
    let vmr: { needDisplay: boolean } | undefined;
    try {
      this.applyParts(node, [
        ['host', () => this.host.apply(this.ctx, node, rs.slice(0, a))],
        ['network', () => this.net.apply(this.ctx, node, rs.slice(a, b))],
        ['vms', () => void (vmr = this.vm.apply(this.ctx, node, vc, rs.slice(b)))],
      ]);
    } finally {
      if (vmr) this.afterVms(node, vmr);
    }
  }

  /** The split form of pollHostNetVms: two execs, each source marked on its own. */
  private async pollApart(node: string): Promise<void> {
    const [hn, vms] = await Promise.allSettled([this.pollHostNet(node), this.pollVms(node)]);
    if (vms.status === 'rejected') this.store.getState().markError('vms', node, errorMessage(vms.reason));
    else this.vmsApart.delete(node);
    if (hn.status === 'rejected' && !(hn.reason instanceof AlreadyMarked)) for (const s of ['host', 'network'] as const) this.store.getState().markError(s, node, errorMessage(hn.reason));
    const failed = [hn, vms].filter((r) => r.status === 'rejected');
    if (failed.length > 0) throw new AlreadyMarked(`${node}: ${failed.map((r) => errorMessage((r as PromiseRejectedResult).reason)).join('; ')}`);
  }

  /**
   * corosync + multipath in one round trip and one store commit (both every 10 s by default).
   * multipathd is what hangs when storage is in trouble, and corosync's tools can hang on a
   * wedged corosync: when the shared exec fails that way, this poll and the following ones read
   * the two apart until both succeed, so one hung tool does not hide the other's data.
   */
  private async pollCorosyncMultipath(node: string): Promise<void> {
    if (this.mpApart.has(node)) return this.pollCorosyncMultipathApart(node);
    const cc = corosyncCmds();
    const mc = this.mp.cmds(node);
    const rs = await this.sharedBatch(node, [...cc, ...mc], this.mpApart, `corosync+multipath@${node}`, 'reading them apart until both succeed');
    if (!rs) return this.pollCorosyncMultipathApart(node);
    let readText = false;
    let failed: unknown;
    try {
      this.applyParts(node, [
        ['corosync', () => applyCorosync(this.ctx, node, cc, rs.slice(0, cc.length))],
        ['multipath', () => void (readText = !this.mp.apply(this.ctx, node, mc, rs.slice(cc.length)))],
      ]);
    } catch (e) {
      failed = e;
    }
    // multipathd's JSON was unreadable: this node reads `multipath -ll` from now on, starting now.
    if (readText) {
      try {
        await this.mp.poll(this.ctx, node);
      } catch (e) {
        this.store.getState().markError('multipath', node, errorMessage(e));
        failed ??= new AlreadyMarked(`${node}: multipath failed`);
      }
    }
    if (failed) throw failed;
  }

  /** The split form of pollCorosyncMultipath: two execs, each source marked on its own. */
  private async pollCorosyncMultipathApart(node: string): Promise<void> {
    const results = await Promise.allSettled([pollCorosync(this.ctx, node), this.mp.poll(this.ctx, node)]);
    const sources = ['corosync', 'multipath'] as const;
    results.forEach((r, i) => {
      if (r.status === 'rejected') this.store.getState().markError(sources[i]!, node, errorMessage(r.reason));
    });
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length === 0) this.mpApart.delete(node);
    else throw new AlreadyMarked(`${node}: ${failed.map((r) => errorMessage((r as PromiseRejectedResult).reason)).join('; ')}`);
  }

  // ---- cluster-wide ---------------------------------------------------------------------

  /** Nodes to try, best first: last good node, then connected ones, then the rest; recently failed and down nodes last. */
  clusterCandidates(source: ClusterSource): string[] {
    const failed = this.clusterFailed.get(source) ?? new Set<string>();
    const via = this.clusterVia.get(source);
    const rank = (n: string): number => {
      const status = this.runner.connState(n)?.status;
      if (status === 'down') return 4;
      if (failed.has(n)) return 3;
      if (status === 'up') return n === via ? 0 : 1;
      return 2;
    };
    const nodes = [...this.nodeRuntimes.keys()];
    return nodes.map((n, i) => ({ n, r: rank(n), i })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.n);
  }

  private async runClusterWide(source: ClusterSource): Promise<void> {
    const candidates = this.clusterCandidates(source);
    if (candidates.length === 0) throw new Error(`${source}: no node to run on`);
    const failed = this.clusterFailed.get(source)!;
    const errors: string[] = [];
    for (const node of candidates) {
      try {
        if (source === 'pacemaker') {
          const crm = await pollPacemaker(this.ctx, node, this.crmMon);
          if (this.config.detectClusterName && this.nameTries > 0) await this.detectClusterName(node);
          await this.discover(memberNodes(crm));
        } else {
          // The candidates too: a node's own fencer cannot answer about it (see pollStonith).
          await pollStonith(this.ctx, node, candidates);
        }
        failed.delete(node);
        if (this.clusterVia.get(source) !== node && this.clusterVia.has(source)) this.log(`${source}: now collected via ${node}`);
        this.clusterVia.set(source, node);
        return;
      } catch (e) {
        failed.add(node);
        errors.push(errorMessage(e));
        this.log(`${source}@${node} failed, trying the next node: ${errorMessage(e)}`);
      }
    }
    throw new Error(errors.length === 1 ? errors[0] : `failed on every node: ${errors.join('; ')}`);
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
          for (const s of NODE_POLL_SOURCES) this.store.getState().registerSource(s, name, this.intervals[s as IntervalKey]);
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

  private async nodeOnce(node: string): Promise<void> {
    const nr = this.nodeRuntimes.get(node);
    if (!nr) return;
    const l = (k: NodeTask) => nr.loops.get(k)?.runNow() ?? Promise.resolve(true);
    const fast = () => Promise.all([l('hostnetvms'), l('hostnet'), l('host'), l('network')]);
    const hostnet = fast();
    const io = l(nr.loops.has('corosyncmp') ? 'corosyncmp' : 'multipath').then(() => l('iostatOnce')); // multipath first: dm-N devices get their aliases
    await Promise.all([
      l('corosync'),
      l('sbd'),
      l('capabilities'),
      Promise.all([nr.loops.has('hostnetvms') ? true : l('vms'), hostnet]).then(() => l('domdisplay')),
      // CPU % and NIC rates need two samples: take the second once iostat's 1 s sample is in.
      Promise.all([hostnet, io]).then(([ok]) => (ok.every(Boolean) && this.config.sampleTwice !== false ? fast() : undefined)),
    ]);
  }

  /** The poll tasks that collect `source` on one node (host/network share one when their cadences match). */
  private tasksFor(nr: NodeRuntime, source: SourceId): NodeTask[] {
    const has = (k: NodeTask) => nr.loops.has(k);
    switch (source) {
      case 'host':
        return has('hostnetvms') ? ['hostnetvms'] : has('hostnet') ? ['hostnet'] : ['host'];
      case 'network':
        return has('hostnetvms') ? ['hostnetvms'] : has('hostnet') ? ['hostnet'] : ['network'];
      case 'vms':
        return ['vms'];
      case 'iostat':
        return ['iostatOnce'];
      case 'corosync':
      case 'multipath':
        return has('corosyncmp') ? ['corosyncmp'] : [source];
      case 'sbd':
      case 'capabilities':
        return [source];
      default:
        return []; // streams (vmevents, journal) and cluster-wide sources
    }
  }

  async refreshSources(sources: readonly SourceId[], nodes?: readonly string[]): Promise<void> {
    // A run in flight may have started before the caller's change: wait for it, then run anew.
    const fresh = async (l: PollLoop | undefined): Promise<void> => {
      if (!l) return;
      if (l.inFlight) await l.runNow();
      await l.runNow();
    };
    const jobs: Promise<void>[] = [];
    for (const s of ['pacemaker', 'stonith'] as const) if (sources.includes(s)) jobs.push(fresh(this.clusterLoops.get(s)));
    const targets = nodes ? nodes.filter((n) => this.nodeRuntimes.has(n)) : [...this.nodeRuntimes.keys()];
    for (const n of targets) {
      const nr = this.nodeRuntimes.get(n)!;
      const tasks = new Set(sources.flatMap((s) => this.tasksFor(nr, s)));
      if (tasks.has('hostnetvms')) tasks.delete('vms'); // the shared read covers the VMs
      for (const k of tasks) jobs.push(fresh(nr.loops.get(k)));
    }
    await Promise.all(jobs);
  }

  async collectOnce(): Promise<void> {
    const known = [...this.nodeRuntimes.keys()];
    const pm = this.clusterLoops.get('pacemaker')!;
    const stonith = this.clusterLoops.get('stonith')!;
    await Promise.all([
      (async () => {
        await pm.runNow();
        const discovered = [...this.nodeRuntimes.keys()].filter((n) => !known.includes(n));
        await Promise.all([stonith.runNow(), ...discovered.map((n) => this.nodeOnce(n))]);
      })(),
      ...known.map((n) => this.nodeOnce(n)),
    ]);
  }
}
