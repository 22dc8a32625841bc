// Hand-built store states for tests (store, UI, actions): a healthy 4-node KVM cluster with
// VMs as Pacemaker VirtualDomain resources, a fencing setup, two multipath LUNs and host metrics.
// Every factory returns fresh objects: tests may mutate them freely.
import type { CrmFenceEvent, CrmNode, CrmResource, CrmStatus, CrmFailedAction } from '../../../src/model/pacemaker.js';
import type { MultipathMap, MultipathPath } from '../../../src/model/multipath.js';
import type { VmRuntime } from '../../../src/model/vm.js';
import type { HostMetrics } from '../../../src/model/host.js';
import type { SbdStatus } from '../../../src/model/fencing.js';
import type { CorosyncLinks, QuorumInfo } from '../../../src/model/corosync.js';
import type { Bond } from '../../../src/model/network.js';
import type { NodeConnState } from '../../../src/ssh/runner.js';
import { DEFAULT_THRESHOLDS, type Freshness, type IoDeviceStats, type NodeSlice, type SourceId, type VdState } from '../../../src/store/types.js';
import { DEFAULT_INTERVAL_MS } from '../../../src/store/freshness.js';
import { createVdStore, type VdStore } from '../../../src/store/store.js';

/** Fixed clock for fixtures: 2026-11-24T08:00:00Z. */
export const FIXTURE_NOW = Date.UTC(2026, 10, 24, 8, 0, 0);
export const FIXTURE_CLUSTER = 'kvm-lab';
export const FIXTURE_NODES = ['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4'] as const;
export const SBD_DEVICE = '/dev/disk/by-id/scsi-3600a0980sbd0001';

/** VM name → [resource id, node it runs on]. "scratch" is not managed by Pacemaker. */
export const FIXTURE_VMS: readonly { name: string; resource?: string; node: string; vcpus: number; memGb: number }[] = [
  { name: 'web1', resource: 'vm-web1', node: 'kvm-n1', vcpus: 2, memGb: 4 },
  { name: 'web2', resource: 'vm-web2', node: 'kvm-n2', vcpus: 2, memGb: 4 },
  { name: 'db1', resource: 'vm-db1', node: 'kvm-n3', vcpus: 8, memGb: 32 },
  { name: 'app1', resource: 'res-app1', node: 'kvm-n4', vcpus: 4, memGb: 8 },
  { name: 'mail', resource: 'vm_mail', node: 'kvm-n1', vcpus: 2, memGb: 2 },
  { name: 'scratch', node: 'kvm-n2', vcpus: 1, memGb: 1 },
];

export function mkCrmNode(name: string, over: Partial<CrmNode> = {}): CrmNode {
  return {
    name,
    id: String(FIXTURE_NODES.indexOf(name as (typeof FIXTURE_NODES)[number]) + 1 || 99),
    online: true,
    standby: false,
    standbyOnFail: false,
    maintenance: false,
    pending: false,
    unclean: false,
    shutdown: false,
    expectedUp: true,
    isDc: false,
    type: 'member',
    resourcesRunning: 0,
    attributes: {},
    ...over,
  };
}

export function mkPrimitive(id: string, agent: string, nodes: string[], over: Partial<CrmResource> = {}): CrmResource {
  return {
    id,
    kind: 'primitive',
    agent,
    role: nodes.length ? 'Started' : 'Stopped',
    active: nodes.length > 0,
    orphaned: false,
    blocked: false,
    managed: true,
    failed: false,
    failureIgnored: false,
    nodes,
    children: [],
    ...over,
  };
}

export function mkVmResource(id: string, node: string | undefined, over: Partial<CrmResource> = {}): CrmResource {
  return mkPrimitive(id, 'ocf:heartbeat:VirtualDomain', node ? [node] : [], over);
}

export function mkFailedAction(resource: string, node: string, over: Partial<CrmFailedAction> = {}): CrmFailedAction {
  return {
    opKey: `${resource}_monitor_10000`,
    node,
    exitStatus: 'not running',
    exitCode: 7,
    call: 42,
    status: 'complete',
    lastRcChange: 'Tue Nov 24 07:58:00 2026',
    interval: 10000,
    task: 'monitor',
    resource,
    ...over,
  };
}

export function mkFenceEvent(target: string, over: Partial<CrmFenceEvent> = {}): CrmFenceEvent {
  return { target, action: 'reboot', delegate: 'kvm-n1', origin: 'kvm-n1', status: 'success', completed: '2026-11-24 07:30:00Z', ...over };
}

export function mkCrm(nodes: readonly string[] = FIXTURE_NODES): CrmStatus {
  const dlmChildren = nodes.map((n) => mkPrimitive('dlm', 'ocf:pacemaker:controld', [n], { parent: 'base-clone' }));
  const vmResources = FIXTURE_VMS.filter((v) => v.resource).map((v) => mkVmResource(v.resource!, v.node));
  const fence = nodes.map((n, i) => mkPrimitive(`fence-${n}`, 'stonith:fence_ipmilan', [nodes[(i + 1) % nodes.length]!]));
  return {
    summary: {
      stack: 'corosync',
      dcName: nodes[0],
      dcVersion: '2.1.5-a3f44794f94',
      withQuorum: true,
      lastUpdated: 'Tue Nov 24 08:00:00 2026',
      lastChange: 'Tue Nov 24 07:00:00 2026',
      nodesConfigured: nodes.length,
      resourcesConfigured: dlmChildren.length + vmResources.length + fence.length,
      resourcesDisabled: 0,
      resourcesBlocked: 0,
      stonithEnabled: true,
      symmetricCluster: true,
      noQuorumPolicy: 'stop',
      maintenanceMode: false,
      stopAllResources: false,
    },
    nodes: nodes.map((n, i) => mkCrmNode(n, { isDc: i === 0, id: String(i + 1) })),
    resources: [
      ...fence,
      {
        id: 'base-clone',
        kind: 'clone',
        role: 'Started',
        active: true,
        orphaned: false,
        blocked: false,
        managed: true,
        failed: false,
        failureIgnored: false,
        nodes: [...nodes],
        unique: false,
        promotable: false,
        children: dlmChildren,
      },
      ...vmResources,
    ],
    failedActions: [],
    fenceHistory: [],
    bans: [],
    history: [],
  };
}

export function mkPath(dev: string, ok = true): MultipathPath {
  return ok
    ? { dev, dmState: 'active', checkerState: 'ready', onlineState: 'running' }
    : { dev, dmState: 'failed', checkerState: 'faulty', onlineState: 'running' };
}

/** LUN "mpatha"/"mpathb" with two paths each; `faulty` lists path devs to fail. */
export function mkMaps(faulty: readonly string[] = []): MultipathMap[] {
  const lun = (name: string, wwid: string, dm: string, devs: [string, string]): MultipathMap => ({
    name,
    wwid,
    sysfs: dm,
    vendor: 'NETAPP',
    product: 'LUN C-Mode',
    size: '500G',
    features: "1 queue_if_no_path",
    pathGroups: [
      { priority: 50, status: 'active', selector: 'service-time 0', paths: [mkPath(devs[0], !faulty.includes(devs[0]))] },
      { priority: 10, status: 'enabled', selector: 'service-time 0', paths: [mkPath(devs[1], !faulty.includes(devs[1]))] },
    ],
  });
  return [lun('mpatha', '3600a098038303053453f463045727a41', 'dm-0', ['sdb', 'sdd']), lun('mpathb', '3600a098038303053453f463045727a42', 'dm-1', ['sdc', 'sde'])];
}

export function mkIoDev(device: string, awaitMs = 1.2, over: Partial<IoDeviceStats> = {}): IoDeviceStats {
  return {
    device,
    rs: 120,
    ws: 80,
    rkBs: 4800,
    wkBs: 3200,
    rAwait: awaitMs,
    wAwait: awaitMs,
    aquSz: 0.3,
    util: 12,
    ...over,
  };
}

export function mkHost(over: { cpuPct?: number; memUsedPct?: number; hugeFree?: number; hugeTotal?: number } = {}): HostMetrics {
  const memTotalKb = 256 * 1024 * 1024;
  const used = over.memUsedPct ?? 50;
  return {
    cpu: { busyPct: over.cpuPct ?? 20, iowaitPct: 0.5, stealPct: 0, cpus: 64 },
    mem: {
      memTotalKb,
      memFreeKb: Math.round((memTotalKb * (100 - used)) / 100 / 2),
      memAvailableKb: Math.round((memTotalKb * (100 - used)) / 100),
      buffersKb: 1024,
      cachedKb: 4096,
      swapTotalKb: 0,
      swapFreeKb: 0,
      hugePagesTotal: over.hugeTotal ?? 1024,
      hugePagesFree: over.hugeFree ?? 512,
      hugePagesRsvd: 0,
      hugePagesSurp: 0,
      hugepageSizeKb: 2048,
    },
    hugepages: [{ sizeKb: 2048, total: over.hugeTotal ?? 1024, free: over.hugeFree ?? 512 }],
    load: { one: 1.5, five: 1.2, fifteen: 1.0, running: 2, total: 900 },
    uptimeS: 864_000,
  };
}

export function mkSbd(nodes: readonly string[] = FIXTURE_NODES): SbdStatus {
  return {
    devices: [
      {
        path: SBD_DEVICE,
        readable: true,
        header: { uuid: '1b2c3d4e', slots: 255, sectorSize: 512, timeoutWatchdog: 15, timeoutAllocate: 2, timeoutLoop: 1, timeoutMsgwait: 30 },
        slots: nodes.map((n, i) => ({ slot: i, node: n, message: 'clear' })),
      },
    ],
    watchdog: { device: '/dev/watchdog0', identity: 'iTCO_wdt', driver: 'iTCO_wdt', present: true },
    serviceActive: true,
  };
}

export function mkQuorum(local: string, nodes: readonly string[] = FIXTURE_NODES): QuorumInfo {
  return {
    quorate: true,
    nodeId: nodes.indexOf(local) + 1,
    ringId: '1.2c',
    nodes: nodes.length,
    expectedVotes: nodes.length,
    highestExpected: nodes.length,
    totalVotes: nodes.length,
    quorum: Math.floor(nodes.length / 2) + 1,
    flags: ['Quorate'],
    members: nodes.map((n, i) => ({ nodeid: i + 1, votes: 1, name: n, local: n === local })),
  };
}

export function mkLinks(local: string, nodes: readonly string[] = FIXTURE_NODES, disconnected: readonly number[] = []): CorosyncLinks {
  const self = nodes.indexOf(local) + 1;
  return {
    localNodeId: self,
    links: [0, 1].map((linkNo) => ({
      linkNo,
      address: `10.0.${linkNo}.${self}`,
      peers: nodes.map((_, i) => {
        const id = i + 1;
        if (id === self) return { nodeid: id, status: 'localhost', enabled: true, connected: true };
        const down = linkNo === 0 && disconnected.includes(id);
        return { nodeid: id, status: down ? 'disconnected' : 'connected', enabled: true, connected: !down };
      }),
    })),
  };
}

export function mkBonds(downSlave?: string): Bond[] {
  return [
    {
      name: 'bond0',
      mode: 'IEEE 802.3ad Dynamic link aggregation',
      miiStatus: 'up',
      slaves: ['eno1', 'eno2'].map((s) => ({ name: s, miiStatus: s === downSlave ? 'down' : 'up', speed: '25000 Mbps', duplex: 'full', linkFailureCount: 0 })),
    },
  ];
}

export function mkVm(name: string, node: string, state = 'running', over: Partial<VmRuntime> = {}): VmRuntime {
  const spec = FIXTURE_VMS.find((v) => v.name === name);
  return {
    name,
    node,
    state,
    ...(state === 'running' ? { id: 1 + FIXTURE_VMS.findIndex((v) => v.name === name) } : {}),
    vcpus: spec?.vcpus ?? 2,
    memoryKb: (spec?.memGb ?? 2) * 1024 * 1024,
    ...(state === 'running' ? { cpuPct: 7.5, diskReadLatencyMs: 0.8, diskWriteLatencyMs: 1.1, display: 'spice://127.0.0.1:5900' } : {}),
    persistent: true,
    autostart: false,
    ...over,
  };
}

/** Running VMs where FIXTURE_VMS puts them; Pacemaker-managed VMs are also defined (shut off) on every other node. */
export function mkVmsFor(node: string, nodes: readonly string[] = FIXTURE_NODES): VmRuntime[] {
  return FIXTURE_VMS.filter((v) => v.node === node || (v.resource && nodes.includes(v.node))).map((v) =>
    mkVm(v.name, node, v.node === node ? 'running' : 'shut off'),
  );
}

export const NODE_SOURCES: readonly SourceId[] = ['corosync', 'sbd', 'multipath', 'iostat', 'host', 'network', 'capabilities', 'vms'];
export const CLUSTER_SOURCES: readonly SourceId[] = ['pacemaker', 'stonith'];

export function mkFresh(now: number, source: SourceId, over: Partial<Freshness> = {}): Freshness {
  return { lastOk: now - 1000, lastAttempt: now - 1000, intervalMs: DEFAULT_INTERVAL_MS[source], ...over };
}

export function mkConn(node: string, now: number, status: NodeConnState['status'] = 'up'): NodeConnState {
  return { node, status, since: now - 3_600_000, attempts: 0, openChannels: 2, queued: 0 };
}

export function mkNodeSlice(name: string, now: number, nodes: readonly string[] = FIXTURE_NODES): NodeSlice {
  const fresh: NodeSlice['fresh'] = {};
  for (const s of NODE_SOURCES) fresh[s] = mkFresh(now, s);
  return {
    name,
    conn: mkConn(name, now),
    fresh,
    host: mkHost(),
    bonds: mkBonds(),
    multipath: mkMaps(),
    io: [mkIoDev('sda', 0.5), { ...mkIoDev('dm-0', 1.2), alias: 'mpatha' }, { ...mkIoDev('dm-1', 2.0), alias: 'mpathb' }],
    vms: mkVmsFor(name, nodes),
    sbd: mkSbd(nodes),
    corosyncLinks: mkLinks(name, nodes),
    quorum: mkQuorum(name, nodes),
  };
}

/** The healthy 4-node cluster, all sources fresh at `now`. */
export function fixtureState(now: number = FIXTURE_NOW): VdState {
  const nodes: Record<string, NodeSlice> = {};
  for (const n of FIXTURE_NODES) nodes[n] = mkNodeSlice(n, now);
  const fresh: VdState['cluster']['fresh'] = {};
  for (const s of CLUSTER_SOURCES) fresh[s] = mkFresh(now, s, { via: 'kvm-n1' });
  return {
    cluster: {
      name: FIXTURE_CLUSTER,
      crm: mkCrm(),
      stonithDevices: FIXTURE_NODES.map((n) => `fence-${n}`),
      stonithTargets: FIXTURE_NODES.map((n) => ({ target: n, devices: [`fence-${n}`] })),
      fresh,
    },
    nodeOrder: [...FIXTURE_NODES],
    nodes,
    alerts: [],
    timeline: [],
    logs: [],
    thresholds: { ...DEFAULT_THRESHOLDS },
    readonly: false,
    actions: [],
  };
}

/**
 * A real store fed with the fixture data through its mutators (so alerts/timeline are derived the
 * way production derives them). The clock is `clock.now`; advance it with `clock.now += ms`.
 */
export function fixtureStore(opts: { now?: number; readonly?: boolean } = {}): { store: VdStore; clock: { now: number } } {
  const clock = { now: opts.now ?? FIXTURE_NOW };
  const state = fixtureState(clock.now);
  const store = createVdStore({ clusterName: FIXTURE_CLUSTER, nodes: [...FIXTURE_NODES], readonly: opts.readonly ?? false, now: () => clock.now });
  const a = store.getState();
  for (const n of FIXTURE_NODES) {
    const s = state.nodes[n]!;
    a.setConn({ ...s.conn, since: clock.now });
    a.setNodeData(n, 'host', { host: s.host });
    a.setNodeData(n, 'network', { bonds: s.bonds });
    a.setNodeData(n, 'multipath', { multipath: s.multipath });
    a.setNodeData(n, 'iostat', { io: s.io });
    a.setNodeData(n, 'vms', { vms: s.vms });
    a.setNodeData(n, 'sbd', { sbd: s.sbd });
    a.setNodeData(n, 'corosync', { corosyncLinks: s.corosyncLinks, quorum: s.quorum });
  }
  a.setClusterData('pacemaker', 'kvm-n1', { crm: state.cluster.crm });
  a.setClusterData('stonith', 'kvm-n1', { stonithDevices: state.cluster.stonithDevices, stonithTargets: state.cluster.stonithTargets });
  return { store, clock };
}
