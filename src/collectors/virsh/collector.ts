// Per node: VM list + domstats + autostart names in one batch; CPU % and disk latency are
// deltas against the previous domstats. Consoles (domdisplay) at a slow cadence. The event
// stream only triggers an immediate poll: the poll is the one writer of VM state.
import type { Cmd } from '../../ssh/cmd.js';
import type { RunResult, StreamHandle } from '../../ssh/runner.js';
import type { DomStats, VmRecordProblem, VmRuntime } from '../../model/vm.js';
import { isValid, domainName } from '../../model/names.js';
import type { CollectorContext } from '../context.js';
import { errorMessage, okOutput } from '../section.js';
import { parseSame } from '../reuse.js';
import { autostartNamesCmd, domdisplayCmd, domSizesCmd, domstatsCmd, eventStreamCmd, listAllCmd } from './command.js';
import { VirshEventParser, parseAutostartNames, parseDomdisplay, readDomstatsRecords, readVirshList, vmCpuPct, vmDiskLatency, type BadRecord, type DomCounters } from './parse.js';
import { joinListNames } from './join-names.js';
import { ownCopy } from '../text-scan.js';

/** Counters only, in strings of their own: the sample's names and paths are substrings of the
 *  poll's whole output, which they would keep alive until the next poll. */
const countersOf = (d: DomStats): DomCounters => ({
  name: ownCopy(d.name),
  ...(d.cpuTimeNs === undefined ? {} : { cpuTimeNs: d.cpuTimeNs }),
  block: d.block.map((b) => ({ name: ownCopy(b.name), rdReqs: b.rdReqs, rdTimesNs: b.rdTimesNs, wrReqs: b.wrReqs, wrTimesNs: b.wrTimesNs })),
});

/**
 * `d`'s counters in `last` (the previous sample's counters of the same VM, which only this
 * collector holds) when its disks are the same ones in the same order, else countersOf(d): the
 * usual poll makes no new objects for them.
 */
function updateCounters(last: DomCounters | undefined, d: DomStats): DomCounters {
  if (!last || last.name !== d.name || last.block.length !== d.block.length || ('cpuTimeNs' in last) !== (d.cpuTimeNs !== undefined)) return countersOf(d);
  for (let i = 0; i < d.block.length; i++) if (last.block[i]!.name !== d.block[i]!.name) return countersOf(d);
  if (d.cpuTimeNs !== undefined) last.cpuTimeNs = d.cpuTimeNs;
  for (let i = 0; i < d.block.length; i++) {
    const b = d.block[i]!;
    const c = last.block[i]!;
    c.rdReqs = b.rdReqs;
    c.rdTimesNs = b.rdTimesNs;
    c.wrReqs = b.wrReqs;
    c.wrTimesNs = b.wrTimesNs;
  }
  return last;
}

/** The domain's disk source paths: the last poll's array while they are the same (the store keeps
 *  one object), own strings otherwise (not substrings of the poll's output). */
function diskPaths(d: DomStats, last: readonly string[] | undefined): readonly string[] | undefined {
  // Compared before anything is allocated: on most polls nothing changed.
  if (last) {
    let n = 0;
    for (const b of d.block) if (b.path && !(n < last.length && last[n++] === b.path)) return ownPaths(d);
    if (n === last.length && n > 0) return last;
  }
  return ownPaths(d);
}

function ownPaths(d: DomStats): readonly string[] | undefined {
  const paths = d.block.flatMap((b) => (b.path ? [b.path] : []));
  return paths.length === 0 ? undefined : paths.map(ownCopy);
}

/** vCPU count and memory are re-read at least this often (and whenever the VM set or a state changes). */
export const VM_SIZES_EVERY_MS = 60_000;

interface VmSizes {
  vcpus?: number;
  memoryKb?: number;
}

interface NodeVmState {
  statsAt?: number;
  /** The last sample's counters by VM name (for the next poll's CPU % and latency). */
  stats: Map<string, DomCounters>;
  display: Map<string, string>;
  vms: VmRuntime[];
  sizes: Map<string, VmSizes>;
  sizesAt?: number;
  /** The VM list (name → state) polled with the last sizes read: a start or stop changes what libvirt reports. */
  sizesList: Map<string, string>;
  /** The last poll saw a VM whose sizes are unknown or were read in another state. */
  sizesStale: boolean;
}

export class VmCollector {
  private readonly perNode = new Map<string, NodeVmState>();

  private state(node: string): NodeVmState {
    let s = this.perNode.get(node);
    if (!s) {
      s = { stats: new Map(), display: new Map(), vms: [], sizes: new Map(), sizesList: new Map(), sizesStale: true };
      this.perNode.set(node, s);
    }
    return s;
  }

  /**
   * The VM poll's reads for `node`, in the order apply() takes their results: list, domstats,
   * autostart names, and the sizes read (domSizesCmd) when it is due.
   */
  cmds(uri: string, node: string, now: number): Cmd[] {
    const s = this.state(node);
    const sizesDue = s.sizesStale || s.sizesAt === undefined || now - s.sizesAt >= VM_SIZES_EVERY_MS;
    return [listAllCmd(uri), domstatsCmd(uri), autostartNamesCmd(uri), ...(sizesDue ? [domSizesCmd(uri)] : [])];
  }

  /** Returns true when a running VM has no console address yet (caller runs domdisplay). */
  async poll(ctx: CollectorContext, node: string): Promise<{ needDisplay: boolean }> {
    const cmds = this.cmds(ctx.libvirtUri, node, ctx.now());
    return this.apply(ctx, node, cmds, await ctx.runner.runBatch(node, cmds));
  }

  /** Parses the results of `cmds` (from cmds()) and writes the store. */
  apply(ctx: CollectorContext, node: string, cmds: readonly Cmd[], rs: readonly RunResult[]): { needDisplay: boolean } {
    const [listR, statsR, autoR, sizesR] = rs;
    const at = ctx.now();
    // Per record: a row or a domain block that cannot be read is left out and named in a warning;
    // the node's other VMs stay (one renamed domain must not hide them all).
    const problems: VmRecordProblem[] = [];
    const bad = (what: string) => (b: BadRecord) => problems.push({ subject: JSON.stringify(b.subject), message: `${what} on ${node}: ${JSON.stringify(b.subject)} left out: ${b.reason}` });
    const listed = parseSame(ctx, node, 'virsh-list', okOutput(node, cmds[0]!, listR), (t) => readVirshList(t, node));
    listed.bad.forEach(bad('virsh list'));
    // domstats can fail when a domain vanishes mid-call: keep the list, skip the figures.
    let stats: DomStats[] = [];
    if (statsR && statsR.code === 0) {
      const r = readDomstatsRecords(statsR.stdout, node);
      stats = r.stats;
      r.bad.forEach(bad('virsh domstats'));
    }
    const autostart = autoR && autoR.code === 0 ? parseSame(ctx, node, 'autostart', autoR.stdout, (t) => new Set(parseAutostartNames(t))) : undefined;

    const s = this.state(node);
    const byName = new Map<string, DomStats>();
    for (const d of stats) byName.set(d.name, d);
    const sizes = cmds.length > 3 && sizesR && sizesR.code === 0 ? readDomstatsRecords(sizesR.stdout, node) : undefined;
    if (sizes && statsR?.code !== 0) sizes.bad.forEach(bad('virsh domstats'));
    // The list's names as domstats prints them (edge spaces, escaped bytes: join-names.ts); the
    // sizes read names them too when the figures read failed.
    const exact = new Set(byName.keys());
    if (sizes && stats.length === 0) for (const d of sizes.stats) exact.add(d.name);
    const names = joinListNames(listed.entries.map((e) => e.name), exact);
    const list = listed.entries.map((e, i) => (names[i] === e.name ? e : { ...e, name: names[i]! }));
    if (sizes) {
      this.readSizes(s, sizes.stats, at);
      s.sizesList = new Map(list.map((e) => [ownCopy(e.name), e.state]));
    }
    const dt = s.statsAt !== undefined ? at - s.statsAt : 0;
    let sizesStale = false;
    // The last poll's VM of this name: usually at the same index, so the name index is made only when needed.
    let lastByName: Map<string, VmRuntime> | undefined;
    const lastVm = (i: number, name: string): VmRuntime | undefined => {
      const v = s.vms[i];
      if (v !== undefined && v.name === name) return v;
      if (!lastByName) {
        lastByName = new Map();
        for (const x of s.vms) lastByName.set(x.name, x);
      }
      return lastByName.get(name);
    };
    const vms: VmRuntime[] = list.map((e, i) => {
      const vm: VmRuntime = { name: ownCopy(e.name), node, state: e.state };
      if (e.id !== undefined) vm.id = e.id;
      const st = byName.get(e.name);
      const disks = st ? diskPaths(st, lastVm(i, e.name)?.disks) : undefined;
      if (disks) vm.disks = disks;
      if (disks && st!.block.every((b) => !b.path || /^sd[a-z]+$/.test(b.name))) vm.scsiDisks = true;
      const size = s.sizes.get(e.name);
      if (size?.vcpus !== undefined) vm.vcpus = size.vcpus;
      if (size?.memoryKb !== undefined) vm.memoryKb = size.memoryKb;
      if (s.sizesList.get(e.name) !== e.state) sizesStale = true;
      const prev = s.stats.get(e.name);
      if (st && prev && dt > 0) {
        const cpu = vmCpuPct(prev, st, dt);
        if (cpu !== undefined) vm.cpuPct = cpu;
        const lat = vmDiskLatency(prev, st);
        if (lat.readMs !== undefined) vm.diskReadLatencyMs = lat.readMs;
        if (lat.writeMs !== undefined) vm.diskWriteLatencyMs = lat.writeMs;
      }
      if (autostart) vm.autostart = autostart.has(e.name);
      const disp = e.state === 'running' ? s.display.get(e.name) : undefined;
      if (disp) vm.display = disp;
      return vm;
    });
    if (stats.length > 0 || list.length === 0) {
      const counters = new Map<string, DomCounters>();
      for (const d of stats) {
        const c = updateCounters(counters.get(d.name) ?? s.stats.get(d.name), d);
        counters.set(c.name, c);
      }
      s.stats = counters;
      s.statsAt = at;
    }
    s.vms = vms;
    s.sizesStale = sizesStale;
    ctx.store.getState().setNodeData(node, 'vms', { vms, vmProblems: problems });
    const needDisplay = vms.some((v) => v.state === 'running' && isValid(domainName, v.name) && !s.display.has(v.name));
    return { needDisplay };
  }

  private readSizes(s: NodeVmState, stats: readonly DomStats[], at: number): void {
    const sizes = new Map<string, VmSizes>();
    for (const d of stats) {
      const v: VmSizes = {};
      if (d.vcpuCurrent !== undefined) v.vcpus = d.vcpuCurrent;
      if (d.balloonCurrentKb !== undefined) v.memoryKb = d.balloonCurrentKb;
      sizes.set(ownCopy(d.name), v);
    }
    s.sizes = sizes;
    s.sizesAt = at;
  }

  /** Console addresses of the running VMs, one batch. */
  async pollDisplays(ctx: CollectorContext, node: string): Promise<void> {
    const s = this.state(node);
    const running = s.vms.filter((v) => v.state === 'running' && isValid(domainName, v.name)).map((v) => v.name);
    if (running.length === 0) return;
    const cmds = running.map((vm) => domdisplayCmd(ctx.libvirtUri, vm));
    const rs = await ctx.runner.runBatch(node, cmds);
    const display = new Map<string, string>();
    running.forEach((vm, i) => {
      const r = rs[i];
      if (!r || r.code !== 0) return;
      const d = parseDomdisplay(r.stdout, node);
      if (d) display.set(vm, d);
    });
    s.display = display;
    // Re-publish the last poll's VMs with their consoles (the list itself is at most one tick old).
    if (s.vms.length > 0) {
      s.vms = s.vms.map((v) => {
        const d = v.state === 'running' ? display.get(v.name) : undefined;
        const { display: _old, ...rest } = v;
        return d ? { ...rest, display: d } : rest;
      });
      ctx.store.getState().setNodeData(node, 'vms', { vms: s.vms });
    }
  }
}

/** `virsh event --loop`: any event on the node → onEvent (the runtime triggers the VM poll). */
export function startVmEvents(ctx: CollectorContext, node: string, onEvent: () => void): StreamHandle {
  let parser = new VirshEventParser(node);
  const st = ctx.store.getState;
  return ctx.runner.stream(node, eventStreamCmd(ctx.libvirtUri), {
    onStart() {
      parser = new VirshEventParser(node);
      st().setNodeData(node, 'vmevents', {});
    },
    onData(chunk) {
      try {
        const events = parser.feed(chunk);
        if (events.length > 0) {
          st().setNodeData(node, 'vmevents', {});
          onEvent();
        }
      } catch (e) {
        st().markError('vmevents', node, errorMessage(e));
      }
    },
    onEnd(info) {
      st().markError('vmevents', node, info.error ? errorMessage(info.error) : `virsh event ended (exit ${info.code ?? 'signal'}); restarting`);
    },
  });
}
