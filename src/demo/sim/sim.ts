// DemoSim: the simulated cluster (nodes, VMs, Pacemaker, storage, fencing) with a sim-time
// scheduler. Tools render its state in the real formats; fault injection drives incidents.
import { SimClock } from './clock.js';
import { Prng } from './prng.js';
import { seedSnapshots } from './snapshots.js';
import { buildNodes, buildVms, MAX_NODES, MAX_VMS, SBD_DEVICE as SBD_DEVICE_PATH } from './build.js';
import type {
  SimVmDisk,
  SimMigration,
  JournalRecord,
  SimConstraint,
  SimFenceEvent,
  SimMap,
  SimNode,
  SimResource,
  SimVm,
  SshState,
  VirshEventRecord,
} from './state.js';

export interface DemoSimOptions {
  nodes?: number;
  vms?: number;
  seed?: number;
  speed?: number;
  clusterName?: string;
  /** Wall-clock ms of sim time 0 (default: now, whole seconds). */
  epochMs?: number;
}

interface Scheduled {
  at: number;
  seq: number;
  fn: () => void;
}

const STEP_MS = 1000;
/** migration-threshold of the VM resources (crm_mon shows it in resource_history). */
const MIGRATION_THRESHOLD = 3;
const TOKEN_LOSS_MS = 3000;
const FENCE_DELAY_MS = 5000;
/** fence_ipmilan: chassis power off and the status poll that confirms it. */
const FENCE_OP_MS = 4000;
const MONITOR_DETECT_MS = 4000;
const JOURNAL_KEEP = 400;

export class DemoSim {
  readonly clock: SimClock;
  readonly rng: Prng;
  readonly clusterName: string;
  readonly nodes: SimNode[];
  readonly vms: SimVm[];
  readonly resources: SimResource[];
  readonly constraints: SimConstraint[] = [];
  readonly fenceHistory: SimFenceEvent[] = [];
  /** Cluster property maintenance-mode: nothing is started, stopped, moved or recovered. */
  maintenanceMode = false;
  /** Bumped on every change crm_mon/cibadmin output depends on (cache key). */
  version = 1;
  private readonly nodeByName = new Map<string, SimNode>();
  private readonly vmByName = new Map<string, SimVm>();
  private readonly rscById = new Map<string, SimResource>();
  private queue: Scheduled[] = [];
  private seq = 0;
  private journalSeq = 0;
  private readonly journals = new Map<string, JournalRecord[]>();
  private readonly journalListeners = new Set<(r: JournalRecord) => void>();
  private readonly eventListeners = new Set<(e: VirshEventRecord) => void>();
  private readonly sshListeners = new Set<(node: string, state: SshState) => void>();
  private transitionBusy = false;
  private transitionNo = 40;
  private reconcilePending = false;
  /** CIB epoch (admin changes) for cibadmin output. */
  cibEpoch = 42;
  /** Sim time (clock.elapsed) until which a DC election runs: no DC meanwhile. */
  private electionUntil = -1;

  constructor(opts: DemoSimOptions = {}) {
    const nodeCount = opts.nodes ?? 4;
    const vmCount = opts.vms ?? 24;
    if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > MAX_NODES) throw new Error(`demo: nodes must be an integer 1..${MAX_NODES}, got ${nodeCount}`);
    if (!Number.isInteger(vmCount) || vmCount < 0 || vmCount > MAX_VMS) throw new Error(`demo: vms must be an integer 0..${MAX_VMS}, got ${vmCount}`);
    const speed = opts.speed ?? 1;
    if (!(speed > 0)) throw new Error(`demo: speed must be > 0, got ${speed}`);
    this.rng = new Prng(opts.seed ?? 1);
    this.clock = new SimClock(opts.epochMs ?? Math.floor(Date.now() / 1000) * 1000, speed);
    this.clusterName = opts.clusterName ?? 'demo-cluster';
    this.nodes = buildNodes(this.rng, nodeCount, Math.ceil(vmCount / nodeCount));
    const built = buildVms(this.rng, vmCount, this.nodes);
    this.vms = built.vms;
    this.resources = built.resources;
    seedSnapshots(this.vms, this.clock.epochMs);
    for (const n of this.nodes) {
      this.nodeByName.set(n.name, n);
      this.journals.set(n.name, []);
    }
    for (const v of this.vms) this.vmByName.set(v.name, v);
    for (const r of this.resources) {
      this.rscById.set(r.id, r);
      if (r.node) this.recordOp(r, r.node, 'start', 0, 0);
      if (r.node) this.recordOp(r, r.node, 'monitor', 0, 10000);
    }
    // A little history so `journalctl -n N` has a backlog at start.
    for (const n of this.nodes) {
      for (const peer of this.nodes) if (peer !== n) this.log(n.name, 'corosync', 'corosync', `[KNET  ] link: Resetting MTU for link 0 because host ${peer.id} joined`);
      this.log(n.name, 'corosync', 'corosync', `[QUORUM] Members[${nodeCount}]: ${this.nodes.map((x) => x.id).join(' ')}`, 5);
      this.log(n.name, 'sbd', 'sbd', `  notice: inquisitor_child: Servant ${SBD_DEVICE_PATH} is healthy (age: 0)`, 5);
      this.log(n.name, 'pacemaker', 'pacemaker-controld', `Node ${n.name} state is now member`, 5);
    }
    for (const r of this.resources) {
      if (r.node) this.log(r.node, 'pacemaker', 'pacemaker-controld', `Result of start operation for ${r.id} on ${r.node}: ok`, 5);
    }
  }

  // ---- lookups ----
  node(name: string): SimNode {
    const n = this.nodeByName.get(name);
    if (!n) throw new Error(`demo: no node named ${JSON.stringify(name)}`);
    return n;
  }
  hasNode(name: string): boolean {
    return this.nodeByName.has(name);
  }
  vm(name: string): SimVm | undefined {
    return this.vmByName.get(name);
  }
  resource(id: string): SimResource | undefined {
    return this.rscById.get(id);
  }
  resourceOfVm(vm: string): SimResource | undefined {
    return this.rscById.get(`vm-${vm}`) ?? this.resources.find((r) => r.vm === vm);
  }
  /**
   * Domains libvirt on `node` knows about (running ones plus persistent definitions). A domain
   * also defined on other nodes appears there as an inactive copy (a view: mutate through the sim).
   */
  vmsOn(node: string): SimVm[] {
    const out: SimVm[] = [];
    for (const v of this.vms) {
      if (v.node === node) {
        if (v.state !== 'shut off' || v.persistent) out.push(v);
      } else if (v.otherDefs?.has(node)) {
        out.push({ ...v, node, state: 'shut off', domId: -1, persistent: true, autostart: false, migration: undefined });
      }
    }
    return out;
  }
  map(node: string, alias: string): SimMap {
    const m = this.node(node).maps.find((x) => x.alias === alias || x.wwid === alias);
    if (!m) throw new Error(`demo: node ${node} has no multipath map ${JSON.stringify(alias)}`);
    return m;
  }
  dc(): SimNode | undefined {
    if (this.clock.elapsed < this.electionUntil) return undefined;
    return this.nodes.find((n) => n.member === 'online');
  }
  /**
   * A DC election (the DC left, or the membership re-formed): for `ms` there is no DC, so crm_mon
   * prints `<current_dc present="false"/>` (no quorum state at all) and nothing is scheduled.
   */
  electDc(ms: number): void {
    this.logCluster('pacemaker-controld', 'State transition S_IDLE -> S_ELECTION', 5, true);
    this.electionUntil = this.clock.elapsed + ms;
    this.bump();
    this.schedule(ms, () => {
      this.bump();
      this.logCluster('pacemaker-controld', 'State transition S_ELECTION -> S_INTEGRATION', 5);
      this.requestReconcile();
    });
  }
  quorum(): { expected: number; total: number; quorate: boolean; needed: number } {
    const expected = this.nodes.length;
    const total = this.nodes.filter((n) => n.member === 'online').length;
    const needed = Math.floor(expected / 2) + 1;
    return { expected, total, quorate: total >= needed, needed };
  }
  uptimeS(node: SimNode): number {
    return node.uptimeBaseS + (this.clock.elapsed - node.bootAt) / 1000;
  }

  // ---- listeners ----
  onJournal(fn: (r: JournalRecord) => void): () => void {
    this.journalListeners.add(fn);
    return () => this.journalListeners.delete(fn);
  }
  onVirshEvent(fn: (e: VirshEventRecord) => void): () => void {
    this.eventListeners.add(fn);
    return () => this.eventListeners.delete(fn);
  }
  onSshState(fn: (node: string, state: SshState) => void): () => void {
    this.sshListeners.add(fn);
    return () => this.sshListeners.delete(fn);
  }
  journal(node: string): readonly JournalRecord[] {
    return this.journals.get(node) ?? [];
  }

  log(node: string, unit: string, ident: string, message: string, priority = 6): void {
    const list = this.journals.get(node);
    if (!list) return;
    const rec: JournalRecord = { node, at: this.clock.now(), seq: ++this.journalSeq, unit, ident, pid: pidOf(ident, this.node(node).id), priority, message };
    list.push(rec);
    if (list.length > JOURNAL_KEEP) list.splice(0, list.length - JOURNAL_KEEP);
    for (const l of this.journalListeners) l(rec);
  }
  /** Logs on the DC (or every online node for membership news). */
  private logCluster(ident: string, message: string, priority = 6, everywhere = false): void {
    const unit = ident.startsWith('corosync') ? 'corosync' : 'pacemaker';
    for (const n of this.nodes) {
      if (n.member !== 'online') continue;
      if (!everywhere && n !== this.dc()) continue;
      this.log(n.name, unit, ident, message, priority);
    }
  }
  private virshEvent(vm: SimVm, what: string): void {
    const ts = new Date(this.clock.now()).toISOString().replace('T', ' ').replace('Z', '+0000');
    const rec = { node: vm.node, at: this.clock.now(), line: `${ts}: event 'lifecycle' for domain '${vm.name}': ${what}\n` };
    for (const l of this.eventListeners) l(rec);
  }

  // ---- time ----
  /** Advances simulated time deterministically (processes scheduled events in order). */
  tick(ms: number): void {
    const end = this.clock.elapsed + ms;
    while (this.clock.elapsed < end) {
      const next = this.queue.length > 0 ? Math.min(...this.queue.map((q) => q.at)) : Infinity;
      const stepEnd = Math.min(end, this.clock.elapsed + STEP_MS, Math.max(next, this.clock.elapsed));
      const dt = stepEnd - this.clock.elapsed;
      if (dt > 0) this.integrate(dt);
      this.clock.elapsed = stepEnd;
      this.runDue();
    }
    this.runDue();
  }

  schedule(delayMs: number, fn: () => void): void {
    this.queue.push({ at: this.clock.elapsed + Math.max(0, delayMs), seq: ++this.seq, fn });
  }
  /** Schedules at an absolute sim time (ms since start). */
  scheduleAt(at: number, fn: () => void): void {
    this.queue.push({ at, seq: ++this.seq, fn });
  }

  private runDue(): void {
    for (;;) {
      const due = this.queue.filter((q) => q.at <= this.clock.elapsed).sort((a, b) => a.at - b.at || a.seq - b.seq);
      if (due.length === 0) break;
      const first = due[0]!;
      this.queue = this.queue.filter((q) => q !== first);
      first.fn();
    }
    if (this.reconcilePending) {
      this.reconcilePending = false;
      this.reconcile();
    }
  }

  private integrate(dtMs: number): void {
    const rng = this.rng;
    const s = dtMs / 1000;
    const busy = new Map<string, number>();
    for (const vm of this.vms) {
      if (vm.state !== 'running') continue;
      const u = vm.cpuUtil + rng.jitter(0.06) + (vm.cpuBase - vm.cpuUtil) * 0.2;
      vm.cpuUtil = Math.min(0.98, Math.max(0.01, u));
      vm.cpuNs += Math.round(vm.cpuUtil * vm.vcpus * dtMs * 1e6);
      busy.set(vm.node, (busy.get(vm.node) ?? 0) + vm.cpuUtil * vm.vcpus);
      const node = this.nodeByName.get(vm.node);
      for (const d of vm.disks) {
        const map = node?.maps.find((m) => m.alias === d.map);
        const lat = diskLatency(d, map, vm.cpuUtil, rng);
        const iops = vm.ioBase * (0.5 + vm.cpuUtil) * (d.ioShare ?? 1 / vm.disks.length);
        const rd = Math.round(iops * 0.6 * s);
        const wr = Math.round(iops * 0.4 * s);
        d.rdReqs += rd;
        d.rdBytes += rd * 16384;
        d.rdTimesNs += Math.round(rd * lat.rd * 1e6);
        d.wrReqs += wr;
        d.wrBytes += wr * 8192;
        d.wrTimesNs += Math.round(wr * lat.wr * 1e6);
        const fl = Math.round(wr / 20);
        d.flReqs += fl;
        d.flTimesNs += Math.round(fl * 3e5);
      }
      for (const n of vm.nics) {
        const rx = Math.round((2e5 + vm.cpuUtil * 4e6) * s);
        const tx = Math.round((1e5 + vm.cpuUtil * 3e6) * s);
        n.rxBytes += rx;
        n.rxPkts += Math.round(rx / 900);
        n.txBytes += tx;
        n.txPkts += Math.round(tx / 900);
      }
    }
    const jiffies = dtMs / 10;
    for (const n of this.nodes) {
      if (n.ssh === 'down') continue;
      const b = (busy.get(n.name) ?? 0) + 0.4;
      const frac = Math.min(0.97, b / n.cpus);
      for (const t of n.cpuTicks) {
        const f = Math.min(0.99, Math.max(0, frac * (1 + rng.jitter(0.3))));
        const user = jiffies * f * 0.8;
        const sys = jiffies * f * 0.15;
        const iow = jiffies * 0.004 * rng.next();
        const soft = jiffies * 0.002;
        t[0] = t[0]! + user;
        t[2] = t[2]! + sys;
        t[4] = t[4]! + iow;
        t[6] = t[6]! + soft;
        t[8] = t[8]! + user * 0.9;
        t[3] = t[3]! + Math.max(0, jiffies - user - sys - iow - soft);
      }
      const a = Math.min(1, s / 60);
      n.load = [n.load[0] + (b - n.load[0]) * Math.min(1, s / 5), n.load[1] + (b - n.load[1]) * a, n.load[2] + (b - n.load[2]) * a / 3];
      n.ctxt += Math.round(20000 * s * (1 + frac));
      n.intr += Math.round(15000 * s * (1 + frac));
      n.processes += Math.round(3 * s);
      for (const nic of n.nics) {
        const bytes = Math.round(nic.rateBps * s * (0.7 + rng.next() * 0.6));
        nic.rxBytes += bytes;
        nic.rxPackets += Math.round(bytes / 1100);
        nic.txBytes += Math.round(bytes * 0.8);
        nic.txPackets += Math.round((bytes * 0.8) / 1100);
      }
    }
  }

  // ---- Pacemaker model ----
  private bump(): void {
    this.version++;
  }
  nextCall(node: string): number {
    return ++this.node(node).callId;
  }
  private recordOp(r: SimResource, node: string, task: string, rc: number, intervalMs: number): number {
    const call = this.nextCall(node);
    const ops = r.history.get(node) ?? [];
    const filtered = ops.filter((o) => !(o.task === task && o.intervalMs === intervalMs) && !(task === 'stop' && o.task !== 'stop' && o.intervalMs === 0 && false));
    filtered.push({ call, task, rc, intervalMs, at: this.clock.now() });
    if (task === 'stop') {
      r.history.set(node, filtered.filter((o) => o.task === 'stop'));
    } else r.history.set(node, filtered);
    return call;
  }
  eligible(r: SimResource, node: SimNode): boolean {
    if (node.member !== 'online' || node.standby || node.maintenance) return false;
    if ((r.failCount.get(node.name) ?? 0) >= MIGRATION_THRESHOLD) return false;
    return !this.constraints.some((c) => c.rsc === r.id && c.node === node.name && c.score < 0);
  }
  private load(node: string): number {
    let n = 0;
    for (const r of this.resources) if ((r.movingTo ?? r.node) === node) n++;
    return n;
  }
  private bestNode(r: SimResource): SimNode | undefined {
    const pref = this.constraints.find((c) => c.rsc === r.id && c.score > 0);
    if (pref) {
      const pn = this.nodeByName.get(pref.node);
      if (pn && this.eligible(r, pn)) return pn;
    }
    const cur = r.node ? this.nodeByName.get(r.node) : undefined;
    if (cur && this.eligible(r, cur)) return cur;
    let best: SimNode | undefined;
    let bestLoad = Infinity;
    for (const n of this.nodes) {
      if (!this.eligible(r, n)) continue;
      const l = this.load(n.name);
      if (l < bestLoad) {
        best = n;
        bestLoad = l;
      }
    }
    return best;
  }
  requestReconcile(): void {
    this.reconcilePending = true;
  }

  /** One transition at a time: starts in one batch, moves one by one (standby drains gradually). */
  private reconcile(): void {
    if (this.transitionBusy || !this.quorum().quorate || !this.dc() || this.maintenanceMode) return;
    // target-role=Stopped: VirtualDomain shuts the guests down (ACPI; the guest takes seconds).
    const stops = this.resources.filter((r) => r.node && !r.movingTo && !r.stopping && r.targetRole === 'Stopped' && !this.isUnmanaged(r) && this.nodeByName.get(r.node)?.member === 'online');
    if (stops.length > 0) {
      this.transitionBusy = true;
      const tn = this.beginTransition();
      let longest = 0;
      for (const r of stops) {
        r.stopping = true;
        this.logCluster('pacemaker-schedulerd', `  * Stop       ${r.id.padEnd(15)} ( ${r.node} )  due to node availability`, 5);
        const vm = this.vmByName.get(r.vm);
        const ms = vm ? shutdownMs(vm) : 2000;
        longest = Math.max(longest, ms);
        this.schedule(ms, () => this.stopResource(r));
      }
      this.bump();
      this.schedule(longest, () => {
        this.endTransition(tn);
        this.transitionBusy = false;
        this.bump();
        this.requestReconcile();
      });
      return;
    }
    const starts: [SimResource, SimNode][] = [];
    for (const r of this.resources) {
      if (r.node || r.targetRole === 'Stopped' || this.isUnmanaged(r)) continue;
      const vm = this.vmByName.get(r.vm);
      if (!vm || vm.migration) continue;
      const target = this.bestNode(r);
      if (target) {
        starts.push([r, target]);
        r.movingTo = target.name;
      }
    }
    if (starts.length > 0) {
      this.transitionBusy = true;
      const tn = this.beginTransition();
      for (const [r] of starts) this.logCluster('pacemaker-schedulerd', `  * Start      ${r.id.padEnd(15)} ( ${r.movingTo} )`, 5);
      // VirtualDomain start returns once the domain runs; then the first monitor.
      this.schedule(3000, () => {
        for (const [r, n] of starts) this.startResource(r, n.name);
        this.endTransition(tn);
        this.transitionBusy = false;
        this.bump();
        this.requestReconcile();
      });
      return;
    }
    for (const r of this.resources) {
      if (!r.node || r.movingTo || r.stopping || r.targetRole === 'Stopped' || this.isUnmanaged(r)) continue;
      const cur = this.nodeByName.get(r.node)!;
      if (cur.member !== 'online') continue;
      const vm = this.vmByName.get(r.vm);
      if (!vm || vm.migration || vm.state !== 'running') continue;
      const target = this.bestNode(r);
      if (!target || target === cur) continue;
      this.transitionBusy = true;
      const tn = this.beginTransition();
      r.movingTo = target.name;
      this.bump();
      this.logCluster('pacemaker-schedulerd', `  * Migrate    ${r.id.padEnd(15)} ( ${cur.name} -> ${target.name} )`, 5);
      // VirtualDomain's migrate_to runs `virsh migrate --live`: a libvirt job domjobinfo shows.
      const mig: SimMigration = { to: target.name, startedAt: this.clock.elapsed, durationMs: migrationMs(vm), done: [], aborted: false };
      vm.migration = mig;
      this.log(cur.name, 'libvirtd', 'libvirtd', `Starting migration of domain ${vm.name} to ${target.name}`);
      mig.done.push((ok) => {
        if (ok) return;
        // Aborted (domjobabort) or a node died: the guest stays on the source; Pacemaker
        // records the failed migrate_to and keeps the resource off the target until cleanup.
        r.movingTo = undefined;
        if (r.node === cur.name) {
          const call = this.recordOp(r, cur.name, 'migrate_to', 1, 0);
          r.failCount.set(target.name, MIGRATION_THRESHOLD);
          r.failures.push({ opKey: `${r.id}_migrate_to_0`, node: cur.name, rc: 1, call, at: this.clock.now(), intervalMs: 0, task: 'migrate_to' });
          this.log(cur.name, 'pacemaker', 'pacemaker-controld', `Result of migrate_to operation for ${r.id} on ${cur.name}: error (operation aborted)`, 3);
        }
        this.endTransition(tn);
        this.transitionBusy = false;
        this.bump();
        this.requestReconcile();
      });
      this.schedule(mig.durationMs, () => {
        if (vm.migration !== mig || mig.aborted) return;
        vm.migration = undefined;
        this.recordOp(r, cur.name, 'migrate_to', 0, 0);
        r.movingTo = undefined;
        this.recordOp(r, cur.name, 'stop', 0, 0);
        this.moveVm(vm, target.name, 'Migrated');
        r.node = target.name;
        this.recordOp(r, target.name, 'migrate_from', 0, 0);
        this.recordOp(r, target.name, 'monitor', 0, 10000);
        this.log(target.name, 'pacemaker', 'pacemaker-controld', `Result of migrate_from operation for ${r.id} on ${target.name}: ok`, 5);
        this.endTransition(tn);
        this.transitionBusy = false;
        this.bump();
        this.requestReconcile();
        for (const d of mig.done) d(true);
      });
      return;
    }
  }

  private beginTransition(): number {
    const n = ++this.transitionNo;
    this.logCluster('pacemaker-controld', 'State transition S_IDLE -> S_POLICY_ENGINE', 5);
    this.logCluster('pacemaker-schedulerd', `Calculated transition ${n}, saving inputs in /var/lib/pacemaker/pengine/pe-input-${n}.bz2`, 5);
    return n;
  }
  private endTransition(n: number): void {
    this.logCluster('pacemaker-controld', `Transition ${n} (Complete=2, Pending=0, Fired=0, Skipped=0, Incomplete=0, Source=/var/lib/pacemaker/pengine/pe-input-${n}.bz2): Complete`, 5);
    this.logCluster('pacemaker-controld', 'State transition S_TRANSITION_ENGINE -> S_IDLE', 5);
  }

  private startResource(r: SimResource, node: string): void {
    const vm = this.vmByName.get(r.vm);
    r.movingTo = undefined;
    r.node = node;
    r.failed = false;
    this.recordOp(r, node, 'start', 0, 0);
    this.recordOp(r, node, 'monitor', 0, 10000);
    if (vm) {
      this.relocateDefinition(vm, node);
      vm.node = node;
      vm.state = 'running';
      vm.domId = this.node(node).nextDomId++;
      this.virshEvent(vm, 'Started Booted');
    }
    this.log(node, 'pacemaker', 'pacemaker-controld', `Result of start operation for ${r.id} on ${node}: ok`, 5);
  }

  /** Target-role Stopped: the guest is shut down and the resource is Stopped. */
  private stopResource(r: SimResource): void {
    const node = r.node;
    r.stopping = false;
    if (!node) return;
    this.recordOp(r, node, 'stop', 0, 0);
    r.node = undefined;
    const vm = this.vmByName.get(r.vm);
    if (vm && vm.node === node && vm.state !== 'shut off') {
      vm.state = 'shut off';
      vm.domId = -1;
      this.virshEvent(vm, 'Stopped Shutdown');
    }
    this.log(node, 'pacemaker', 'pacemaker-controld', `Result of stop operation for ${r.id} on ${node}: ok`, 5);
    this.bump();
  }

  /**
   * The domain now lives on `node`: a persistent definition it had there becomes the main one,
   * the old node keeps its persistent definition (inactive) if it had one.
   */
  private relocateDefinition(vm: SimVm, node: string, opts: { keepSource?: boolean; persistentOnTarget?: boolean } = {}): void {
    if (vm.node === node) return;
    const defs = vm.otherDefs ?? new Set<string>();
    const hadDef = defs.has(node);
    defs.delete(node);
    if (vm.persistent && opts.keepSource !== false) defs.add(vm.node);
    vm.persistent = opts.persistentOnTarget ?? hadDef;
    vm.otherDefs = defs.size > 0 ? defs : undefined;
  }

  private moveVm(vm: SimVm, to: string, how: string, opts: { keepSource?: boolean; persistentOnTarget?: boolean } = {}): void {
    const from = vm.node;
    this.virshEvent(vm, `Stopped ${how}`);
    this.relocateDefinition(vm, to, opts);
    vm.node = to;
    vm.domId = this.node(to).nextDomId++;
    vm.state = 'running';
    this.virshEvent(vm, `Resumed ${how}`);
    this.log(from, 'libvirtd', 'libvirtd', `migration of domain ${vm.name} to ${to} completed`);
  }

  /** Resource management off for this resource: cluster maintenance-mode, its node's or its own maintenance. */
  isUnmanaged(r: SimResource): boolean {
    return this.maintenanceMode || !!r.maintenance || (!!r.node && !!this.nodeByName.get(r.node)?.maintenance);
  }

  /** crm_attribute maintenance-mode / node maintenance, crm_resource --meta maintenance. */
  setMaintenance(scope: { node: string } | { resource: string } | 'cluster', on: boolean): void {
    if (scope === 'cluster') this.maintenanceMode = on;
    else if ('node' in scope) this.node(scope.node).maintenance = on;
    else {
      const r = this.rscById.get(scope.resource);
      if (!r) throw new Error(`demo: no resource ${JSON.stringify(scope.resource)}`);
      r.maintenance = on;
    }
    this.cibEpoch++;
    this.bump();
    const what = scope === 'cluster' ? 'maintenance-mode' : 'node' in scope ? `maintenance[${scope.node}]` : `${scope.resource} meta maintenance`;
    this.logCluster(scope === 'cluster' ? 'pacemaker-controld' : 'pacemaker-attrd', `Setting ${what}: ${on ? 'true' : 'false'}`, 5);
    // Management resumes with a re-probe: a guest that crashed meanwhile is found now.
    if (!on) for (const r of this.resources) if (r.node && !this.isUnmanaged(r) && this.vmByName.get(r.vm)?.state === 'crashed') this.watchCrash(r, this.vmByName.get(r.vm)!, r.node);
    this.requestReconcile();
    this.runDue();
  }

  setStandby(node: string, on: boolean): void {
    const n = this.node(node);
    if (n.standby === on) return;
    n.standby = on;
    this.cibEpoch++;
    this.bump();
    this.logCluster('pacemaker-attrd', `Setting standby[${node}]: ${on ? '(unset) -> on' : 'on -> off'}`, 5);
    this.requestReconcile();
    this.runDue();
  }

  addConstraint(c: SimConstraint): void {
    const i = this.constraints.findIndex((x) => x.id === c.id);
    if (i >= 0) this.constraints.splice(i, 1);
    this.constraints.push(c);
    this.cibEpoch++;
    this.bump();
    this.requestReconcile();
    this.runDue();
  }
  /** crm_resource --clear: removes cli-prefer/cli-ban for the resource (optionally one node). Returns removed ids. */
  clearConstraints(rsc: string, node?: string): string[] {
    const removed: string[] = [];
    for (let i = this.constraints.length - 1; i >= 0; i--) {
      const c = this.constraints[i]!;
      if (c.rsc === rsc && (c.id.startsWith('cli-prefer-') || c.id.startsWith('cli-ban-')) && (!node || c.node === node)) {
        removed.push(c.id);
        this.constraints.splice(i, 1);
      }
    }
    if (removed.length > 0) {
      this.cibEpoch++;
      this.bump();
      this.requestReconcile();
      this.runDue();
    }
    return removed;
  }
  cleanup(rsc?: string, node?: string): void {
    for (const r of this.resources) {
      if (rsc && r.id !== rsc) continue;
      for (const n of [...r.failCount.keys()]) if (!node || n === node) r.failCount.delete(n);
      r.failures = r.failures.filter((f) => node !== undefined && f.node !== node);
      r.failed = false;
    }
    this.bump();
    this.requestReconcile();
    this.runDue();
  }

  /** crm_resource --meta --set-parameter target-role (undefined = --delete-parameter). */
  setTargetRole(rsc: string, role: 'Started' | 'Stopped' | undefined): void {
    const r = this.rscById.get(rsc);
    if (!r) throw new Error(`demo: no resource ${JSON.stringify(rsc)}`);
    r.targetRole = role;
    this.cibEpoch++;
    this.bump();
    this.requestReconcile();
    this.runDue();
  }

  /** cibadmin --create of a VirtualDomain primitive (the VM's config names the domain). */
  addResource(spec: { id: string; vm: string; targetRole?: 'Started' | 'Stopped'; allowMigrate?: boolean }): SimResource {
    if (this.rscById.has(spec.id)) throw new Error(`demo: resource ${spec.id} exists`);
    const r: SimResource = { id: spec.id, vm: spec.vm, failed: false, failCount: new Map(), failures: [], history: new Map() };
    if (spec.targetRole) r.targetRole = spec.targetRole;
    if (spec.allowMigrate !== undefined) r.allowMigrate = spec.allowMigrate;
    this.resources.push(r);
    this.rscById.set(r.id, r);
    const vm = this.vmByName.get(spec.vm);
    if (vm) vm.managed = true;
    this.cibEpoch++;
    this.bump();
    this.requestReconcile();
    this.runDue();
    return r;
  }

  /** crm_resource --delete: the CIB refuses while a constraint names it; a running one is stopped (orphan). */
  removeResource(id: string): 'ok' | 'missing' | 'referenced' {
    const r = this.rscById.get(id);
    if (!r) return 'missing';
    if (this.constraints.some((c) => c.rsc === id)) return 'referenced';
    if (r.node) this.stopResource(r);
    this.resources.splice(this.resources.indexOf(r), 1);
    this.rscById.delete(id);
    const vm = this.vmByName.get(r.vm);
    if (vm) vm.managed = false;
    this.cibEpoch++;
    this.bump();
    this.requestReconcile();
    this.runDue();
    return 'ok';
  }
  /** crm_resource --utilization --set-parameter: the resource's placement weight. */
  setUtilization(rsc: string, name: 'cpu' | 'hvMemory', value: number): void {
    const r = this.rscById.get(rsc);
    if (!r) throw new Error(`demo: no resource ${JSON.stringify(rsc)}`);
    (r.utilization ??= {})[name] = value;
    this.cibEpoch++;
    this.bump();
  }
  /** cibadmin --delete of one constraint by id (none matching: nothing happens, as in cibadmin). */
  removeConstraint(id: string): boolean {
    const i = this.constraints.findIndex((c) => c.id === id);
    if (i < 0) return false;
    this.constraints.splice(i, 1);
    this.cibEpoch++;
    this.bump();
    this.requestReconcile();
    this.runDue();
    return true;
  }

  // ---- fault injection ----
  failPath(node: string, map: string, dev: string): void {
    const m = this.map(node, map);
    const p = m.paths.find((x) => x.dev === dev);
    if (!p) throw new Error(`demo: map ${map} on ${node} has no path ${dev}`);
    if (p.failed) return;
    p.failed = true;
    m.pathFaults++;
    // multipathd's order: the checker's state change, fail_path(), the map's active-path count.
    this.log(node, 'multipathd', 'multipathd', `${m.alias}: ${p.dev} - tur checker reports path is down`, 3);
    this.log(node, 'multipathd', 'multipathd', `checker failed path ${p.devT} in map ${m.alias}`, 3);
    this.log(node, 'multipathd', 'multipathd', `${m.alias}: remaining active paths: ${m.paths.filter((x) => !x.failed).length}`, 4);
  }
  restorePath(node: string, map: string, dev: string): void {
    const m = this.map(node, map);
    const p = m.paths.find((x) => x.dev === dev);
    if (!p) throw new Error(`demo: map ${map} on ${node} has no path ${dev}`);
    if (!p.failed) return;
    p.failed = false;
    this.log(node, 'multipathd', 'multipathd', `${m.alias}: sd${dev.slice(2)} - tur checker reports path is up`, 5);
    this.log(node, 'multipathd', 'multipathd', `${p.devT}: reinstated`, 5);
    this.log(node, 'multipathd', 'multipathd', `${m.alias}: remaining active paths: ${m.paths.filter((x) => !x.failed).length}`, 5);
  }
  setLatency(node: string, map: string, ms: number): void {
    const m = this.map(node, map);
    m.extraLatencyMs = Math.max(0, ms);
    if (ms > 0) this.log(node, 'kernel', 'kernel', `sd ${m.paths[0]!.hctl}: [${m.paths[0]!.dev}] tag#12 timing out command, waited ${Math.round(ms / 10)}s`, 4);
  }

  /** Link loss on one bond slave (active-backup fails over to the other slave). */
  failBondSlave(node: string, bond: string, slave: string): void {
    const b = this.node(node).bonds.find((x) => x.name === bond);
    if (!b || !b.slaves.includes(slave)) throw new Error(`demo: node ${node} has no bond ${bond} with slave ${slave}`);
    b.downSlaves.add(slave);
    if (b.active === slave) b.active = b.slaves.find((x) => !b.downSlaves.has(x));
    this.log(node, 'kernel', 'kernel', `${bond}: (slave ${slave}): link status definitely down, disabling slave`, 4);
  }
  restoreBondSlave(node: string, bond: string, slave: string): void {
    const b = this.node(node).bonds.find((x) => x.name === bond);
    if (!b || !b.slaves.includes(slave)) throw new Error(`demo: node ${node} has no bond ${bond} with slave ${slave}`);
    b.downSlaves.delete(slave);
    if (!b.active && b.mode === 'active-backup') b.active = slave;
    this.log(node, 'kernel', 'kernel', `${bond}: (slave ${slave}): link status definitely up, 25000 Mbps full duplex`, 5);
  }

  crashVm(name: string): void {
    const vm = this.vmByName.get(name);
    if (!vm) throw new Error(`demo: no VM named ${JSON.stringify(name)}`);
    if (vm.state !== 'running') return;
    vm.state = 'crashed';
    this.virshEvent(vm, 'Crashed Panicked');
    this.log(vm.node, 'libvirtd', 'libvirtd', `internal error: guest ${vm.name} crashed (panicked)`, 3);
    this.log(vm.node, 'kernel', 'kernel', `pvpanic: guest ${vm.name} reported a panic`, 4);
    const r = this.resourceOfVm(name);
    if (!r || !r.node) return;
    this.watchCrash(r, vm, r.node);
  }

  /** The next monitor (or the re-probe when maintenance ends) finds the crashed guest: fail count, failed op, recovery. */
  private watchCrash(r: SimResource, vm: SimVm, node: string): void {
    this.schedule(MONITOR_DETECT_MS, () => {
      // No monitor runs on an unmanaged resource: nothing notices until maintenance ends.
      if (r.node !== node || vm.state !== 'crashed' || this.isUnmanaged(r)) return;
      const call = this.recordOp(r, node, 'monitor', 7, 10000);
      r.failed = true;
      r.failCount.set(node, (r.failCount.get(node) ?? 0) + 1);
      r.failures = r.failures.filter((f) => !(f.node === node && f.task === 'monitor'));
      r.failures.push({ opKey: `${r.id}_monitor_10000`, node, rc: 7, call, at: this.clock.now(), intervalMs: 10000, task: 'monitor' });
      this.bump();
      this.log(node, 'pacemaker', 'pacemaker-controld', `Result of monitor operation for ${r.id} on ${node}: not running`, 3);
      this.logCluster('pacemaker-schedulerd', `Unexpected result (not running) was recorded for monitor of ${r.id} on ${node}`, 4);
      this.logCluster('pacemaker-schedulerd', `  * Recover    ${r.id.padEnd(15)} ( ${node} )`, 5);
      const recover = (): void => {
        if (r.node !== node) return;
        // Recovery is the scheduler's: without a DC nothing is planned until one is elected.
        if (!this.dc()) return void this.schedule(1000, recover);
        this.recordOp(r, node, 'stop', 0, 0);
        vm.state = 'shut off';
        this.virshEvent(vm, 'Stopped Destroyed');
        this.startResource(r, node);
        this.bump();
      };
      this.schedule(3000, recover);
    });
  }

  private setSsh(node: SimNode, s: SshState): void {
    node.ssh = s;
    for (const l of this.sshListeners) l(node.name, s);
  }

  /** Power loss: SSH server closes, cluster loses the node, fences it, restarts its VMs elsewhere. */
  killNode(name: string): void {
    const n = this.node(name);
    this.setSsh(n, 'down');
    this.loseMember(n);
  }
  /** Hang: the node stops answering (connections stay open, nothing comes back). */
  freezeNode(name: string): void {
    const n = this.node(name);
    this.setSsh(n, 'frozen');
    this.loseMember(n);
  }
  /** Node boots again and rejoins; its former VMs stay where they were restarted. */
  reviveNode(name: string): void {
    const n = this.node(name);
    const wasDown = n.ssh === 'down';
    if (wasDown || n.member !== 'online') {
      n.bootAt = this.clock.elapsed;
      n.uptimeBaseS = 0;
      n.bootId = this.rng.hex(32);
      n.nextDomId = 1;
    }
    this.setSsh(n, 'up');
    if (n.member === 'online') return;
    this.schedule(3000, () => {
      if (n.ssh === 'down') return;
      n.member = 'online';
      this.bump();
      this.logCluster('corosync', `[QUORUM] Members[${this.quorum().total}]: ${this.nodes.filter((x) => x.member === 'online').map((x) => x.id).join(' ')}`, 5, true);
      this.logCluster('pacemaker-controld', `Node ${n.name} state is now member`, 5, true);
      this.requestReconcile();
    });
  }

  private loseMember(n: SimNode): void {
    if (n.member !== 'online') return;
    this.schedule(TOKEN_LOSS_MS, () => {
      if (n.ssh === 'up' || n.member !== 'online') return;
      n.member = 'unclean';
      this.bump();
      this.logCluster('corosync', `[TOTEM ] A processor failed, forming new configuration: token timed out (3000ms)`, 4, true);
      this.logCluster('corosync', `[QUORUM] Members[${this.quorum().total}]: ${this.nodes.filter((x) => x.member === 'online').map((x) => x.id).join(' ')}`, 5, true);
      this.logCluster('pacemaker-controld', `Node ${n.name} state is now lost`, 5, true);
      this.logCluster('pacemaker-schedulerd', `Cluster node ${n.name} will be fenced: peer is no longer part of the cluster`, 4);
      this.schedule(FENCE_DELAY_MS, () => this.completeFence(n, 'reboot', 'pacemaker-controld'));
    });
  }

  /**
   * stonith_admin --fence/--reboot: the fencer asks the device (fence_ipmilan powers the node off
   * after a few seconds); resolves when the operation completed.
   */
  fenceNodeAsync(name: string, action: 'off' | 'reboot', client = 'stonith_admin'): Promise<boolean> {
    const n = this.node(name);
    this.logCluster('pacemaker-fenced', `Client ${client} wants to fence (${action}) ${name} using any device`, 5, true);
    return new Promise<boolean>((resolve) => {
      this.schedule(FENCE_OP_MS, () => {
        if (n.member === 'offline' && n.ssh === 'down') {
          resolve(true);
          return;
        }
        this.fenceNode(name, action, client);
        resolve(true);
      });
    });
  }

  /** stonith_admin --fence / scheduler fencing via fence_sbd. */
  fenceNode(name: string, action = 'reboot', client = 'stonith_admin'): void {
    const n = this.node(name);
    if (n.member === 'online') {
      this.setSsh(n, 'down');
      n.member = 'unclean';
      this.bump();
    }
    this.completeFence(n, action, client);
    if (action === 'reboot') this.schedule(20000, () => this.reviveNode(name));
  }

  private completeFence(n: SimNode, action: string, client: string): void {
    if (n.member === 'offline') return;
    const dc = this.dc();
    const delegate = this.nodes.find((x) => x.member === 'online' && x !== n) ?? dc;
    const ev: SimFenceEvent = { target: n.name, action, status: 'success', delegate: delegate?.name ?? n.name, client: `${client}.${1000 + (dc?.id ?? 0) * 17}`, origin: dc?.name ?? n.name, at: this.clock.now() };
    this.fenceHistory.push(ev);
    n.member = 'offline';
    // A hung node is power-cycled by the fence: its connections die now.
    if (n.ssh === 'frozen') this.setSsh(n, 'down');
    this.logCluster('pacemaker-fenced', `Operation '${action}' [fence_sbd] targeting ${n.name} using stonith-sbd returned 0`, 5, true);
    this.logCluster('pacemaker-fenced', `Operation '${action}' targeting ${n.name} by ${ev.delegate} for ${ev.client}@${ev.origin}: OK`, 5, true);
    for (const r of this.resources) {
      if (r.node === n.name) {
        r.node = undefined;
        r.movingTo = undefined;
        r.stopping = false;
        r.history.delete(n.name);
      }
    }
    for (const vm of this.vms) {
      // A migration to or from the dead node fails; the guest stays where it ran.
      if (vm.migration && (vm.node === n.name || vm.migration.to === n.name)) {
        const m = vm.migration;
        m.aborted = true;
        vm.migration = undefined;
        for (const d of m.done) d(false);
      }
      if (vm.node !== n.name) continue;
      if (vm.state !== 'shut off') vm.state = 'shut off';
      vm.domId = -1;
    }
    this.bump();
    this.requestReconcile();
  }

  // ---- libvirt operations ----
  /** Live migration started by `virsh migrate`; resolves when done (false = aborted/failed). */
  migrateVm(name: string, from: string, to: string, opts: { persistent?: boolean; undefineSource?: boolean } = {}): Promise<boolean> {
    const vm = this.vmByName.get(name);
    if (!vm || vm.node !== from) return Promise.reject(new Error(`error: failed to get domain '${name}'`));
    if (vm.state !== 'running') return Promise.reject(new Error(`error: Requested operation is not valid: domain is not running`));
    if (vm.migration) return Promise.reject(new Error(`error: Timed out during operation: cannot acquire state change lock (held by monitor=remoteDispatchDomainMigratePerform3Params)`));
    const target = this.node(to);
    if (target.ssh !== 'up') return Promise.reject(new Error(`error: unable to connect to server at '${to}:22': Connection refused`));
    const mig = { to, startedAt: this.clock.elapsed, durationMs: migrationMs(vm), done: [] as ((ok: boolean) => void)[], aborted: false };
    vm.migration = mig;
    this.log(from, 'libvirtd', 'libvirtd', `Starting migration of domain ${name} to ${to}`);
    return new Promise<boolean>((resolve) => {
      mig.done.push(resolve);
      this.schedule(mig.durationMs, () => {
        if (vm.migration !== mig || mig.aborted) return;
        vm.migration = undefined;
        this.moveVm(vm, to, 'Migrated', { keepSource: !opts.undefineSource, persistentOnTarget: opts.persistent === true || (vm.otherDefs?.has(to) ?? false) });
        const r = this.resourceOfVm(name);
        if (r && r.node === from) {
          r.node = to;
          this.recordOp(r, to, 'monitor', 0, 10000);
        }
        this.bump();
        for (const d of mig.done) d(true);
      });
    });
  }
  /** 0..1 progress of a running migration. */
  migrationProgress(vm: SimVm): number {
    const m = vm.migration;
    if (!m) return 0;
    return Math.min(1, (this.clock.elapsed - m.startedAt) / m.durationMs);
  }
  abortJob(name: string): boolean {
    const vm = this.vmByName.get(name);
    if (!vm?.migration) return false;
    const m = vm.migration;
    m.aborted = true;
    vm.migration = undefined;
    for (const d of m.done) d(false);
    this.log(vm.node, 'libvirtd', 'libvirtd', `operation aborted: migration out job: canceled by client`, 4);
    return true;
  }
  startVm(node: string, name: string): void {
    const vm = this.requireVmOn(node, name);
    if (vm.node !== node) {
      // Defined here too but running elsewhere: qemu's image locking refuses a second copy.
      if (vm.state !== 'shut off') {
        const disk = vm.disks[0]?.path ?? `/var/lib/libvirt/images/${name}.qcow2`;
        throw new Error(`error: Failed to start domain '${name}'\nerror: internal error: process exited while connecting to monitor: qemu-system-x86_64: -blockdev {"driver":"file","filename":"${disk}"}: Failed to get "write" lock\nIs another process using the image [${disk}]?`);
      }
      this.relocateDefinition(vm, node);
      vm.node = node;
    }
    if (vm.state === 'running') throw new Error('error: Domain is already active');
    vm.state = 'running';
    vm.domId = this.node(node).nextDomId++;
    this.virshEvent(vm, 'Started Booted');
    this.bump();
  }
  stopVm(node: string, name: string, how: 'Shutdown' | 'Destroyed'): void {
    const vm = this.requireVmOn(node, name);
    if (vm.state === 'shut off') throw new Error('error: Requested operation is not valid: domain is not running');
    const finish = () => {
      vm.state = 'shut off';
      vm.domId = -1;
      this.virshEvent(vm, `Stopped ${how}`);
      this.bump();
    };
    if (how === 'Shutdown') this.schedule(3000, finish);
    else finish();
  }
  defineVm(node: string, name: string, xml: string, uuid?: string): SimVm {
    let vm = this.vmByName.get(name);
    if (vm && vm.node !== node && (vm.state !== 'shut off' || vm.persistent)) {
      // Another host's libvirt knows nothing of this one: a second, inactive definition.
      (vm.otherDefs ??= new Set()).add(node);
      vm.xml = xml;
      this.virshEvent({ ...vm, node }, 'Defined Added');
      this.bump();
      return vm;
    }
    if (!vm) {
      vm = {
        name,
        uuid: uuid ?? this.rng.uuid(),
        node,
        state: 'shut off',
        domId: -1,
        managed: false,
        persistent: true,
        autostart: false,
        vcpus: Number(/<vcpu[^>]*>(\d+)</.exec(xml)?.[1] ?? 1),
        memKiB: Number(/<memory[^>]*>(\d+)</.exec(xml)?.[1] ?? 1048576),
        cpuBase: 0.1,
        cpuUtil: 0.1,
        cpuNs: 0,
        ioBase: 10,
        disks: [{ dev: 'vda', path: `/var/lib/libvirt/images/${name}.qcow2`, capacity: 20 * 2 ** 30, map: 'mpatha', rdReqs: 0, rdBytes: 0, rdTimesNs: 0, wrReqs: 0, wrBytes: 0, wrTimesNs: 0, flReqs: 0, flTimesNs: 0 }],
        nics: [{ dev: `vnet${this.vms.length}`, mac: `52:54:00:${this.rng.hex(2)}:${this.rng.hex(2)}:${this.rng.hex(2)}`, bridge: 'br0', rxBytes: 0, rxPkts: 0, txBytes: 0, txPkts: 0 }],
        vncPort: 5900 + this.vms.length,
      };
      this.vms.push(vm);
      this.vmByName.set(name, vm);
    }
    vm.node = node;
    vm.persistent = true;
    vm.xml = xml;
    this.virshEvent(vm, 'Defined Added');
    this.bump();
    return vm;
  }
  /** virsh undefine on `node`: a running domain becomes transient; the last definition of a
   *  stopped one removes it; another node's definition is untouched. */
  undefineVm(node: string, name: string): void {
    const vm = this.requireVmOn(node, name);
    const here = vm.node === node;
    if (here && !vm.persistent) throw new Error(`error: Failed to undefine domain '${name}'\nerror: Requested operation is not valid: cannot undefine transient domain`);
    this.virshEvent({ ...vm, node }, 'Undefined Removed');
    if (!here) vm.otherDefs!.delete(node);
    else if (vm.state !== 'shut off') vm.persistent = false;
    else if (vm.otherDefs?.size) {
      const next = [...vm.otherDefs][0]!;
      vm.otherDefs.delete(next);
      vm.node = next;
    } else {
      this.vms.splice(this.vms.indexOf(vm), 1);
      this.vmByName.delete(name);
      for (const d of vm.disks) this.formerDisks.add(d.path);
    }
    if (vm.otherDefs?.size === 0) vm.otherDefs = undefined;
    this.bump();
  }
  /** virsh vol-delete PATH: the image files of the VMs' disks are the demo's volumes. */
  readonly deletedVolumes = new Set<string>();
  deleteVolume(path: string): boolean {
    const image = !path.startsWith('/dev/') && (this.formerDisks.has(path) || this.vms.some((v) => v.disks.some((d) => d.path === path)));
    if (!image || this.deletedVolumes.has(path)) return false;
    this.deletedVolumes.add(path);
    return true;
  }
  /** Disk image paths of VMs undefined since (their volumes outlive them until vol-delete). */
  private readonly formerDisks = new Set<string>();
  setAutostart(node: string, name: string, on: boolean): void {
    this.requireVmOn(node, name).autostart = on;
  }
  requireVmOn(node: string, name: string): SimVm {
    const vm = this.vmByName.get(name);
    const here = vm && vm.node === node && (vm.persistent || vm.state !== 'shut off');
    if (!vm || (!here && !vm.otherDefs?.has(node))) throw new Error(`error: failed to get domain '${name}'`);
    return vm;
  }
}

/**
 * Live migration time: setup plus guest RAM over a ~1.4 GiB/s migration link (10 GbE with
 * compression off), longer for busy guests that dirty pages. 4 GiB ≈ 5 s, 64 GiB ≈ 55 s.
 */
/** Guest ACPI shutdown as VirtualDomain's stop waits for it. */
export function shutdownMs(vm: SimVm): number {
  return Math.round(3000 + vm.vcpus * 400 + (vm.memKiB / 1048576) * 60);
}

export function migrationMs(vm: SimVm): number {
  const gib = vm.memKiB / 1048576;
  return Math.round(Math.min(120_000, 1500 + gib * 700 * (1 + vm.cpuBase * 0.6)));
}

/**
 * One tick's service times (ms) of a guest disk: the guest's own profile (databases do random
 * reads and synchronous writes), the LUN's baseline, the LUN's injected latency (incidents), a
 * little load dependence and jitter, and now and then a short spike.
 */
export function diskLatency(d: SimVmDisk, map: SimMap | undefined, cpuUtil: number, rng: Prng): { rd: number; wr: number } {
  const lun = (map?.baseAwaitMs ?? 0.8) * 0.4;
  const extra = map?.extraLatencyMs ?? 0;
  const load = 1 + cpuUtil * 0.5;
  const spike = rng.next() < 0.02 ? 2 + rng.next() * 3 : 1;
  const j = () => 1 + rng.jitter(0.15);
  const rd = ((d.rdLatMs ?? 0.8) + lun) * load * spike * j() + extra * j();
  const wr = ((d.wrLatMs ?? 1.1) + lun) * load * spike * j() + extra * 1.3 * j();
  return { rd: Math.max(0.05, rd), wr: Math.max(0.05, wr) };
}

const PIDS: Record<string, number> = {
  corosync: 1021,
  'pacemaker-controld': 1190,
  'pacemaker-schedulerd': 1188,
  'pacemaker-fenced': 1185,
  'pacemaker-attrd': 1187,
  libvirtd: 1302,
  multipathd: 612,
  kernel: 0,
  sbd: 987,
};
function pidOf(ident: string, nodeId: number): number {
  return (PIDS[ident] ?? 1500) + (ident === 'kernel' ? 0 : nodeId * 3);
}
