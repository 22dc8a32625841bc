// node_exporter and libvirt exporter series → the per-node slices the SSH collectors write
// (host, iostat, network, vms). Rates come from the `vd` tag refreshQueries puts on each rate.
import type { HostMetrics, MemInfo } from '../model/host.js';
import type { IoDeviceStats } from '../store/types.js';
import type { Bond, NetDevRates } from '../model/network.js';
import { DOMAIN_STATE_NAMES, type VmRuntime } from '../model/vm.js';
import type { PromSample } from './client.js';

/** Node identity of a series: `nodeLabel` when the context maps one, else the host part of `instance`. */
export function nodeOfLabels(labels: Readonly<Record<string, string>>, nodeLabel?: string): string | undefined {
  if (nodeLabel) return labels[nodeLabel] || undefined;
  const inst = labels.instance;
  if (!inst) return undefined;
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(inst);
  if (v6) return v6[1];
  return inst.replace(/:\d+$/, '') || undefined;
}

type ByNode<T> = Map<string, T>;
const bucket = <T,>(m: ByNode<T>, node: string, init: () => T): T => {
  let v = m.get(node);
  if (v === undefined) m.set(node, (v = init()));
  return v;
};
const round = (v: number, d = 2): number => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : 0);

const MEM_KEYS: Record<string, keyof MemInfo> = {
  node_memory_MemTotal_bytes: 'memTotalKb',
  node_memory_MemFree_bytes: 'memFreeKb',
  node_memory_MemAvailable_bytes: 'memAvailableKb',
  node_memory_Buffers_bytes: 'buffersKb',
  node_memory_Cached_bytes: 'cachedKb',
  node_memory_SwapTotal_bytes: 'swapTotalKb',
  node_memory_SwapFree_bytes: 'swapFreeKb',
  node_memory_Hugepagesize_bytes: 'hugepageSizeKb',
  node_memory_HugePages_Total: 'hugePagesTotal',
  node_memory_HugePages_Free: 'hugePagesFree',
  node_memory_HugePages_Rsvd: 'hugePagesRsvd',
  node_memory_HugePages_Surp: 'hugePagesSurp',
};

export interface NodeMaps {
  host: ByNode<HostMetrics>;
  io: ByNode<IoDeviceStats[]>;
  net: ByNode<{ bonds: Bond[]; nics: NetDevRates[] }>;
}

/** Host metrics, disks, NICs and bonds per node from the node_exporter gauge and rate queries. */
export function nodeSlices(gauges: readonly PromSample[], rates: readonly PromSample[], nodeLabel?: string): NodeMaps {
  const mem: ByNode<Partial<MemInfo>> = new Map();
  const load: ByNode<{ one: number; five: number; fifteen: number }> = new Map();
  const bonds: ByNode<Map<string, { slaves?: number; active?: number }>> = new Map();
  for (const s of gauges) {
    const node = nodeOfLabels(s.labels, nodeLabel);
    if (!node) continue;
    const name = s.labels.__name__ ?? '';
    const mk = MEM_KEYS[name];
    // /proc/meminfo has whole kB and page counts.
    if (mk) bucket(mem, node, (): Partial<MemInfo> => ({}))[mk] = round(name.endsWith('_bytes') ? s.value / 1024 : s.value, 0);
    else if (name.startsWith('node_load')) {
      const l = bucket(load, node, () => ({ one: 0, five: 0, fifteen: 0 }));
      // /proc/loadavg's two decimals, as the SSH path reads them (node_exporter's value is a float).
      l[name === 'node_load1' ? 'one' : name === 'node_load5' ? 'five' : 'fifteen'] = round(s.value);
    } else if (name === 'node_bonding_slaves' || name === 'node_bonding_active') {
      const b = bucket(bucket(bonds, node, () => new Map()), s.labels.master ?? '?', () => ({}));
      b[name === 'node_bonding_slaves' ? 'slaves' : 'active'] = s.value;
    }
  }
  const cpu: ByNode<Map<string, number>> = new Map();
  const disks: ByNode<Map<string, Record<string, number>>> = new Map();
  const nics: ByNode<Map<string, Record<string, number>>> = new Map();
  for (const s of rates) {
    const node = nodeOfLabels(s.labels, nodeLabel);
    const tag = s.labels.vd;
    if (!node || !tag || !Number.isFinite(s.value)) continue;
    if (tag === 'cpu') bucket(cpu, node, () => new Map()).set(s.labels.mode ?? '', s.value);
    else if (s.labels.device && tag in DISK_TAGS) bucket(bucket(disks, node, () => new Map()), s.labels.device, () => ({}))[tag] = s.value;
    else if (s.labels.device) bucket(bucket(nics, node, () => new Map()), s.labels.device, () => ({}))[tag] = s.value;
  }

  const out: NodeMaps = { host: new Map(), io: new Map(), net: new Map() };
  for (const [node, m] of mem) {
    const mi: MemInfo = {
      memTotalKb: 0, memFreeKb: 0, memAvailableKb: 0, buffersKb: 0, cachedKb: 0, swapTotalKb: 0, swapFreeKb: 0,
      hugePagesTotal: 0, hugePagesFree: 0, hugePagesRsvd: 0, hugePagesSurp: 0, hugepageSizeKb: 0, ...m,
    };
    const h: HostMetrics = {
      mem: mi,
      hugepages: mi.hugepageSizeKb > 0 ? [{ sizeKb: mi.hugepageSizeKb, total: mi.hugePagesTotal, free: mi.hugePagesFree }] : [],
      load: { ...(load.get(node) ?? { one: 0, five: 0, fifteen: 0 }), running: 0, total: 0 },
    };
    const c = cpu.get(node);
    if (c) {
      const total = [...c.values()].reduce((a, b) => a + b, 0);
      const g = (k: string) => c.get(k) ?? 0;
      const pct = (v: number) => (total > 0 ? round(Math.min(100, Math.max(0, (v / total) * 100)), 1) : 0);
      // CPU-seconds per second summed over CPUs ≈ the number of CPUs.
      h.cpu = { busyPct: pct(total - g('idle') - g('iowait')), iowaitPct: pct(g('iowait')), stealPct: pct(g('steal')), cpus: Math.max(1, Math.round(total)) };
    }
    out.host.set(node, h);
  }
  for (const [node, devs] of disks)
    out.io.set(
      node,
      [...devs].map(([device, r]) => {
        const g = (k: string) => r[k] ?? 0;
        const perOp = (sec: number, ops: number) => (ops > 0 ? round((sec / ops) * 1000) : 0);
        return {
          device,
          rs: round(g('rs')),
          ws: round(g('ws')),
          rkBs: round(g('rbytes') / 1024),
          wkBs: round(g('wbytes') / 1024),
          rAwait: perOp(g('rsec'), g('rs')),
          wAwait: perOp(g('wsec'), g('ws')),
          aquSz: round(g('queue')),
          util: round(Math.min(100, g('busy') * 100)),
        };
      }),
    );
  const nodesWithNet = new Set([...nics.keys(), ...bonds.keys()]);
  for (const node of nodesWithNet) {
    const rows: NetDevRates[] = [...(nics.get(node) ?? [])].map(([iface, r]) => {
      const g = (k: string) => round(r[k] ?? 0);
      return {
        iface,
        rxBps: g('rxBps'),
        txBps: g('txBps'),
        rxErrsPerS: g('rxErrsPerS'),
        txErrsPerS: g('txErrsPerS'),
        rxDropPerS: g('rxDropPerS'),
        txDropPerS: g('txDropPerS'),
        // Prometheus holds the counters; the console shows rates only.
        counters: { iface, rxBytes: 0, rxPackets: 0, rxErrs: 0, rxDrop: 0, txBytes: 0, txPackets: 0, txErrs: 0, txDrop: 0 },
      };
    });
    // node_exporter counts a bond's slaves and active ones; it does not name them.
    const bs: Bond[] = [...(bonds.get(node) ?? [])].map(([name, b]) => {
      const total = b.slaves ?? 0;
      const active = Math.min(total, b.active ?? 0);
      return {
        name,
        mode: 'unknown',
        miiStatus: active > 0 ? 'up' : 'down',
        slaves: Array.from({ length: total }, (_, i) => ({ name: `slave ${i + 1} of ${total}`, miiStatus: i < active ? 'up' : 'down', linkFailureCount: 0 })),
      };
    });
    out.net.set(node, { bonds: bs, nics: rows });
  }
  return out;
}

const DISK_TAGS: Record<string, true> = { rs: true, ws: true, rsec: true, wsec: true, rbytes: true, wbytes: true, busy: true, queue: true };

/** Domains per node from the libvirt exporter (state, vCPUs, memory, CPU %); disk latency is
 *  not exported (libvirt exporter 0.2 has no block times). */
export function vmSlices(gauges: readonly PromSample[], rates: readonly PromSample[], nodeLabel?: string): ByNode<VmRuntime[]> {
  const doms: ByNode<Map<string, VmRuntime>> = new Map();
  const dom = (node: string, name: string): VmRuntime => bucket(bucket(doms, node, () => new Map()), name, () => ({ name, node, state: 'no state' }));
  const nodesUp = new Set<string>();
  for (const s of gauges) {
    const node = nodeOfLabels(s.labels, nodeLabel);
    if (!node) continue;
    const name = s.labels.__name__;
    if (name === 'libvirt_up') {
      if (s.value === 1) nodesUp.add(node);
      continue;
    }
    const d = s.labels.domain;
    if (!d) continue;
    const v = dom(node, d);
    if (name === 'libvirt_domain_state_code') v.state = DOMAIN_STATE_NAMES[s.value] ?? 'no state';
    else if (name === 'libvirt_domain_info_virtual_cpus') v.vcpus = s.value;
    else if (name === 'libvirt_domain_info_maximum_memory_bytes') v.memoryKb = Math.round(s.value / 1024);
  }
  for (const s of rates) {
    if (s.labels.vd !== 'cpu' || !s.labels.domain) continue;
    const node = nodeOfLabels(s.labels, nodeLabel);
    const v = node ? doms.get(node)?.get(s.labels.domain) : undefined;
    // CPU-seconds per second as a % of one CPU, as the SSH path computes it from domstats.
    if (v && v.state === 'running' && Number.isFinite(s.value)) v.cpuPct = round(s.value * 100, 1);
  }
  const out: ByNode<VmRuntime[]> = new Map();
  for (const node of new Set([...doms.keys(), ...nodesUp])) out.set(node, [...(doms.get(node)?.values() ?? [])]);
  return out;
}

/** Nodes whose libvirt exporter answers but cannot reach libvirt (libvirt_up 0), with the instance. */
export function libvirtDown(gauges: readonly PromSample[], nodeLabel?: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of gauges) {
    if (s.labels.__name__ !== 'libvirt_up' || s.value !== 0) continue;
    const node = nodeOfLabels(s.labels, nodeLabel);
    if (node) out.set(node, s.labels.instance ?? '');
  }
  return out;
}
