// A session = runner + store + collectors for one target (demo, configured cluster, --from).
// Everything it opens is closed by close(), which is idempotent and safe on any exit path.
import type { Runner, SshNotice } from '../ssh/runner.js';
import type { ResolvedHost } from '../ssh/host.js';
import { SshRunner } from '../ssh/ssh-runner.js';
import { resolveHosts } from '../ssh/ssh-config.js';
import { createVdStore, LIVE_DERIVE_MS, storeControl, type VdStore } from '../store/store.js';
import { attachAlertHook } from './alert-hook.js';
import { startCollectors, type CollectorConfig, type CollectorsHandle } from '../collectors/runtime.js';
import { startDemoCluster, type DemoCluster } from '../demo/index.js';
import type { ResolvedTarget } from '../config/load.js';
import type { ClusterConfig } from '../config/schema.js';
import { SavedOutputRunner } from './saved-runner.js';
import { ExpandableRunner } from './expandable-runner.js';
import { sshResolveOptions } from './hosts.js';
import { sshNoticeEntry } from '../store/reach.js';
import type { PromSessionParts } from '../prometheus/session.js';

export interface Session {
  target: ResolvedTarget;
  clusterName: string;
  store: VdStore;
  runner: Runner;
  collectors: CollectorsHandle;
  /** Set when this session runs against the embedded demo. */
  demo?: DemoCluster;
  readonly: boolean;
  /** SSH user of the first node (for the console commands the TUI shows). */
  sshUser?: string;
  /** Set when the store is fed from Prometheus instead of SSH collectors. */
  source?: 'prometheus';
  /** The detail views' reads when they differ from `runner` (Prometheus: SSH on demand). */
  detailRunner?: Runner;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Start the collectors' loops and streams (TUI). false: only collectOnce (snapshot, check). */
  live: boolean;
  log?: (msg: string) => void;
  /** Use this already running demo (tests); it is not closed with the session. */
  demo?: DemoCluster;
  /** Live sessions re-derive freshness alerts this often without new data (default 1000 ms). */
  recomputeMs?: number;
}

function collectorConfig(c: ClusterConfig, live: boolean, log: ((m: string) => void) | undefined): CollectorConfig {
  const cfg: CollectorConfig = { live };
  if (c.libvirtUri) cfg.libvirtUri = c.libvirtUri;
  if (c.intervals) cfg.intervals = c.intervals;
  if (c.journalUnits) cfg.journalUnits = c.journalUnits;
  if (log) cfg.log = log;
  return cfg;
}

export async function openSession(target: ResolvedTarget, opts: SessionOptions): Promise<Session> {
  const log = opts.log ?? (() => undefined);
  const cleanups: (() => Promise<void> | void)[] = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const f of cleanups.reverse()) {
      try {
        await f();
      } catch (e) {
        log(`close: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };

  try {
    let runner: Runner;
    let store: VdStore;
    let demo: DemoCluster | undefined;
    let clusterName = target.clusterName;
    const cluster = target.cluster;
    let resolveHost: ((name: string) => Promise<ResolvedHost>) | undefined;
    let sshUser: string | undefined;

    // SSH notices (StrictHostKeyChecking no not honoured, a host key recorded under accept-new)
    // go to the operator, timeline and status line, not only VIRTDECK_LOG; held until the store exists.
    const held: SshNotice[] = [];
    let toStore: ((n: SshNotice) => void) | undefined;
    const onNotice = (n: SshNotice): void => void (toStore ? toStore(n) : held.push(n));
    // Live: one alert derivation per 250 ms of collector writes instead of one per write.
    const liveDerive = opts.live ? { deriveDelayMs: LIVE_DERIVE_MS } : {};
    let prom: PromSessionParts | undefined;
    let detailRunner: Runner | undefined;
    if (target.kind === 'cluster' && target.prometheus) {
      // No SSH: the Prometheus backend is the collector runtime (src/prometheus/), loaded only here.
      const { openPromParts } = await import('../prometheus/session.js');
      prom = openPromParts(clusterName, target.prometheus, cluster, { live: opts.live, log });
      runner = prom.runner;
      store = prom.store;
      const onDemand = (await import('./on-demand-ssh.js')).onDemandSsh(target, { log, onNotice });
      detailRunner = onDemand;
      cleanups.push(() => onDemand.close());
    } else if (target.kind === 'demo') {
      demo = opts.demo ?? (await startDemoCluster({ nodes: target.nodes, vms: target.vms, ...(target.seed !== undefined ? { seed: target.seed } : {}) }));
      if (!opts.demo) {
        const d = demo;
        cleanups.push(() => d.close());
      }
      clusterName = demo.clusterName;
      runner = new SshRunner({ hosts: demo.hosts, readonly: target.readonly, log, onNotice });
      sshUser = demo.hosts[0]?.user;
      cleanups.push(() => runner.close());
      store = createVdStore({ clusterName, nodes: demo.hosts.map((h) => h.name), readonly: target.readonly, ...liveDerive });
    } else if (target.kind === 'cluster') {
      // The same resolution `virtdeck hosts` shows.
      const resolveOpts = sshResolveOptions(target);
      const hosts = await resolveHosts(target.nodes, resolveOpts);
      resolveHost = async (name) => {
        const [h] = await resolveHosts([name], resolveOpts);
        if (!h) throw new Error(`${name}: could not resolve`);
        return h;
      };
      const sshOpts = { useSudo: cluster.sudo ?? false, readonly: target.readonly, log, onNotice };
      // Discovered members get a connection of their own (SshRunner's host list is fixed).
      runner = new ExpandableRunner(new SshRunner({ hosts, ...sshOpts }), (h) => new SshRunner({ hosts: [h], ...sshOpts }));
      sshUser = hosts[0]?.user;
      cleanups.push(() => runner.close());
      store = createVdStore({
        clusterName,
        nodes: target.nodes,
        readonly: target.readonly,
        ...(cluster.thresholds ? { thresholds: cluster.thresholds } : {}),
        ...(cluster.vmResourceName ? { vmResourceName: cluster.vmResourceName } : {}),
        ...liveDerive,
      });
    } else {
      const saved = new SavedOutputRunner(target.path);
      runner = saved;
      cleanups.push(() => runner.close());
      store = createVdStore({ clusterName, nodes: saved.nodes(), readonly: true });
      // Discovered nodes without a directory still become (empty) targets: errors say what is missing.
      resolveHost = async (name) => ({ name, hostname: name, port: 0, user: '', identities: [], identitiesOnly: true, knownHostsFiles: [], strictHostKeyChecking: 'yes' });
    }

    const st = store;
    toStore = (n) => st.getState().pushTimeline(sshNoticeEntry(n, Date.now()));
    for (const n of held.splice(0)) toStore(n);

    const cfg = collectorConfig(cluster, opts.live && target.kind !== 'from', log);
    if (resolveHost) cfg.resolveHost = resolveHost;
    if (target.kind === 'from') cfg.sampleTwice = false;
    if (target.kind === 'cluster' && target.unnamed) cfg.detectClusterName = true;
    const collectors = prom ? prom.backend : startCollectors({ runner, store, config: cfg });
    cleanups.push(() => collectors.stop());
    if (cluster.alertHook) {
      const hook = attachAlertHook(store, cluster.alertHook, { log });
      cleanups.push(() => hook.close());
    }
    if (opts.live) {
      // The store has no timers: data ageing out raises staleness alerts only when re-derived.
      const ctl = storeControl(store);
      const timer = setInterval(() => ctl.recompute(), opts.recomputeMs ?? 1000);
      timer.unref();
      cleanups.push(() => clearInterval(timer));
    }
    const s: Session = { target, clusterName, store, runner, collectors, readonly: target.readonly, close };
    if (prom) s.source = 'prometheus';
    if (detailRunner) s.detailRunner = detailRunner;
    if (demo) s.demo = demo;
    if (sshUser) s.sshUser = sshUser;
    return s;
  } catch (e) {
    await close();
    throw e;
  }
}
