// Minimal VdState fixtures for action tests, built from src/store/types.ts and the store's fixture builders.
import type { CrmNode, CrmResource, CrmStatus } from '../../../src/model/pacemaker.js';
import type { HostCapabilities, HostMetrics } from '../../../src/model/host.js';
import type { MultipathMap } from '../../../src/model/multipath.js';
import type { VmRuntime } from '../../../src/model/vm.js';
import type { ActionProgress, NodeSlice, VdState } from '../../../src/store/types.js';
import { DEFAULT_THRESHOLDS } from '../../../src/store/types.js';
import { mkCrmNode, mkPrimitive } from '../store/test-fixtures.js';
import type { ActionStore } from '../../../src/actions/types.js';

export const NOW = 1_800_000_000_000;
const fresh = (intervalMs = 5_000) => ({ lastOk: NOW - 1_000, lastAttempt: NOW - 1_000, intervalMs });

export const host = (memAvailGiB = 64, opts: { huge2M?: [number, number]; huge1G?: [number, number]; cpus?: number; swapKb?: number } = {}): HostMetrics => ({
  cpu: { busyPct: 10, iowaitPct: 0, stealPct: 0, cpus: opts.cpus ?? 32 },
  mem: {
    memTotalKb: 256 * 1024 * 1024,
    memFreeKb: memAvailGiB * 1024 * 1024,
    memAvailableKb: memAvailGiB * 1024 * 1024,
    buffersKb: 0,
    cachedKb: 0,
    swapTotalKb: opts.swapKb ?? 0,
    swapFreeKb: opts.swapKb ?? 0,
    hugePagesTotal: opts.huge2M?.[0] ?? 0,
    hugePagesFree: opts.huge2M?.[1] ?? 0,
    hugePagesRsvd: 0,
    hugePagesSurp: 0,
    hugepageSizeKb: 2048,
  },
  hugepages: [
    { sizeKb: 2048, total: opts.huge2M?.[0] ?? 0, free: opts.huge2M?.[1] ?? 0 },
    { sizeKb: 1048576, total: opts.huge1G?.[0] ?? 0, free: opts.huge1G?.[1] ?? 0 },
  ],
  load: { one: 1, five: 1, fifteen: 1, running: 1, total: 100 },
});

export const caps = (model = 'Cascadelake-Server', cells = 2, cpusPerCell = 16): HostCapabilities => ({
  arch: 'x86_64',
  cpuModel: model,
  cpuVendor: 'Intel',
  cpuFeatures: ['vmx', 'avx2'],
  topology: { sockets: cells, cores: cpusPerCell / 2, threads: 2 },
  cells: Array.from({ length: cells }, (_, i) => ({
    id: i,
    memoryKb: 128 * 1024 * 1024,
    cpus: Array.from({ length: cpusPerCell }, (_, j) => i * cpusPerCell + j),
    hugepages: [
      { sizeKb: 2048, total: 0, free: 0 },
      { sizeKb: 1048576, total: 16, free: 16 },
    ],
  })),
});

export const mpath = (name: string, sysfs: string, paths: [string, string][] = [['sdb', 'ready'], ['sdc', 'ready']]): MultipathMap => ({
  name,
  wwid: `3600${name}`,
  sysfs,
  pathGroups: [{ status: 'active', paths: paths.map(([dev, checker]) => ({ dev, dmState: checker === 'ready' ? 'active' : 'failed', checkerState: checker })) }],
});

export const vm = (name: string, node: string, state = 'running', memGiB = 4, vcpus = 2): VmRuntime => ({ name, node, state, memoryKb: memGiB * 1024 * 1024, vcpus });

// Pacemaker records come from the store's fixture builders; node 1 is the DC here.
export const crmNodeRec = (name: string, id: number, over: Partial<CrmNode> = {}): CrmNode => mkCrmNode(name, { id: String(id), isDc: id === 1, ...over });

export const vdRes = (id: string, nodes: string[], over: Partial<CrmResource> = {}): CrmResource => mkPrimitive(id, 'ocf:heartbeat:VirtualDomain', nodes, over);

export const fenceRes = (id: string, node: string, over: Partial<CrmResource> = {}): CrmResource => mkPrimitive(id, 'stonith:fence_ipmilan', [node], over);

export interface ClusterFixture {
  state: VdState;
  store: ActionStore & { set(fn: (s: VdState) => void): void };
}

/** Three healthy nodes n1..n3; web1 (managed, vm-web1) and app1 (unmanaged) on n1; db1 (managed) on n2. */
export function cluster(nodes = ['n1', 'n2', 'n3']): VdState {
  const slices: Record<string, NodeSlice> = {};
  for (const n of nodes) {
    slices[n] = {
      name: n,
      conn: { node: n, status: 'up', since: NOW - 60_000, attempts: 0, openChannels: 1, queued: 0 },
      fresh: { host: fresh(), vms: fresh(), multipath: fresh(), network: fresh(), capabilities: fresh(60_000), sbd: fresh(), corosync: fresh() },
      host: host(),
      capabilities: caps(),
      multipath: [mpath('mpatha', 'dm-0'), mpath('mpathb', 'dm-1')],
      nics: ['br0', 'br1', 'bond0', 'eth0'].map((iface) => ({ iface, rxBps: 0, txBps: 0, rxErrsPerS: 0, txErrsPerS: 0, rxDropPerS: 0, txDropPerS: 0, counters: { iface, rxBytes: 0, rxPackets: 0, rxErrs: 0, rxDrop: 0, txBytes: 0, txPackets: 0, txErrs: 0, txDrop: 0 } })),
      vms: [],
      quorum: { quorate: true, nodes: nodes.length, expectedVotes: nodes.length, highestExpected: nodes.length, totalVotes: nodes.length, quorum: Math.floor(nodes.length / 2) + 1, flags: ['Quorate'], members: nodes.map((m, i) => ({ nodeid: i + 1, votes: 1, name: m, local: m === n })) },
    };
  }
  slices[nodes[0]!]!.vms = [vm('web1', nodes[0]!), vm('app1', nodes[0]!, 'running', 8, 4)];
  slices[nodes[1]!]!.vms = [vm('db1', nodes[1]!, 'running', 16, 8)];
  const crm: CrmStatus = {
    summary: { withQuorum: true, nodesConfigured: nodes.length, resourcesConfigured: 4, resourcesDisabled: 0, resourcesBlocked: 0, stonithEnabled: true, symmetricCluster: true, maintenanceMode: false, stopAllResources: false },
    nodes: nodes.map((n, i) => crmNodeRec(n, i + 1)),
    resources: [vdRes('vm-web1', [nodes[0]!]), vdRes('vm-db1', [nodes[1]!]), fenceRes('fence-ipmi', nodes[2]!)],
    failedActions: [],
    fenceHistory: [],
    bans: [],
    history: [],
  };
  return {
    cluster: {
      name: 'prod',
      crm,
      stonithDevices: ['fence-ipmi'],
      stonithTargets: nodes.map((n) => ({ target: n, devices: ['fence-ipmi'] })),
      fresh: { pacemaker: { ...fresh(), via: nodes[0]! }, stonith: fresh(30_000) },
    },
    nodeOrder: [...nodes],
    nodes: slices,
    alerts: [],
    timeline: [],
    logs: [],
    thresholds: DEFAULT_THRESHOLDS,
    readonly: false,
    actions: [],
  };
}

/** A store-like holder; `set` mutates a structured clone so tests change one thing at a time. */
export function storeOf(state: VdState): ClusterFixture['store'] & { progress: ActionProgress[] } {
  let cur = state;
  const progress: ActionProgress[] = [];
  return {
    progress,
    getState: () => ({
      ...cur,
      upsertAction: (p: ActionProgress) => {
        progress.push(p);
      },
    }),
    set(fn) {
      const next = structuredClone(cur);
      fn(next);
      cur = next;
    },
  };
}
