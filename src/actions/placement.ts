// Where VMs can go: greedy placement by free memory with vCPU and hugepage limits. Pure.
import type { VdState } from '../store/types.js';
import type { DomainXmlInfo } from '../model/vm.js';
import { hostCpus, hugepagesFreeKb, vcpusRunning } from './state.js';
import { roomUnknown } from './capacity.js';

export interface VmLoad {
  vm: string;
  memoryKb: number;
  vcpus: number;
  hugepageKb?: number;
  /** KiB taken from each hugepage pool (guest NUMA cells may use different page sizes); set when hugepageKb is. */
  hugepages?: { sizeKb: number; memoryKb: number }[];
  /** Why the VM's memory size is not known (then it fits nowhere): never placed as 0 MiB. */
  unknown?: string;
}

export interface NodeRoom {
  node: string;
  memKb: number;
  vcpus: number;
  huge: Map<number, number>;
  /** Why the node's room is not known (then it fits nothing): never shown as 0 MiB. */
  unknown?: string;
}

export function roomOf(s: VdState, node: string, overcommit: number): NodeRoom {
  const n = s.nodes[node];
  const cpus = hostCpus(n);
  const huge = new Map<number, number>();
  for (const p of n?.host?.hugepages ?? []) huge.set(p.sizeKb, hugepagesFreeKb(n, p.sizeKb));
  const unknown = roomUnknown(s, node);
  return {
    node,
    memKb: n?.host?.mem.memAvailableKb ?? 0,
    vcpus: cpus === undefined ? Number.POSITIVE_INFINITY : cpus * overcommit - vcpusRunning(s, node),
    huge,
    ...(unknown ? { unknown } : {}),
  };
}

/** The hugepage pools a hugepage-backed VM draws from (all its memory from hugepageKb unless split). */
const poolsOf = (vm: VmLoad): { sizeKb: number; memoryKb: number }[] => vm.hugepages ?? (vm.hugepageKb ? [{ sizeKb: vm.hugepageKb, memoryKb: vm.memoryKb }] : []);

/** Why one VM does not fit a node, or undefined when it fits. */
export function misfit(room: NodeRoom, vm: VmLoad): string | undefined {
  if (room.unknown) return `unknown: ${room.unknown}`;
  if (vm.unknown) return `unknown: ${vm.unknown}`;
  if (vm.hugepageKb) {
    // Every pool the VM draws from must hold its share.
    for (const p of poolsOf(vm)) {
      const free = room.huge.get(p.sizeKb) ?? 0;
      if (free < p.memoryKb) return `${room.node} has ${Math.floor(free / 1024)} MiB free in ${p.sizeKb} kB hugepages, ${vm.vm} needs ${Math.ceil(p.memoryKb / 1024)} MiB`;
    }
  } else if (room.memKb < vm.memoryKb) {
    return `${room.node} has ${Math.floor(room.memKb / 1024)} MiB available, ${vm.vm} needs ${Math.ceil(vm.memoryKb / 1024)} MiB`;
  }
  if (room.vcpus < vm.vcpus) return `${room.node} would exceed the vCPU overcommit limit with ${vm.vm} (${vm.vcpus} vCPUs, ${Math.max(0, room.vcpus)} left)`;
  return undefined;
}

export function take(room: NodeRoom, vm: VmLoad): void {
  if (vm.hugepageKb) for (const p of poolsOf(vm)) room.huge.set(p.sizeKb, (room.huge.get(p.sizeKb) ?? 0) - p.memoryKb);
  else room.memKb -= vm.memoryKb;
  room.vcpus -= vm.vcpus;
}

/** x86 default hugepage size, used when neither the domain nor the host names one. */
const DEFAULT_HUGEPAGE_KB = 2048;

export function loadOf(s: VdState, node: string, vm: string, facts?: DomainXmlInfo): VmLoad {
  const rt = s.nodes[node]?.vms?.find((v) => v.name === vm);
  const l: VmLoad = { vm, memoryKb: rt?.memoryKb ?? facts?.memoryKb ?? 0, vcpus: rt?.vcpus ?? facts?.vcpus ?? 1 };
  if (rt?.memoryKb === undefined && facts?.memoryKb === undefined) l.unknown = `${vm}'s memory size (no domstats on ${node}, domain XML not read)`;
  // <hugepages/> without a <page size> means the host's default hugepage size.
  if (facts?.hugepages) {
    const dflt = s.nodes[node]?.host?.mem.hugepageSizeKb ?? DEFAULT_HUGEPAGE_KB;
    l.hugepageKb = facts.hugepageKb ?? dflt;
    // Guest NUMA cells backed by different page sizes: each size's pool gets its cells' share.
    const needs = facts.hugepageNeeds?.map((h) => ({ sizeKb: h.sizeKb ?? dflt, memoryKb: h.memoryKb }));
    if (needs && needs.length > 0) {
      const merged = new Map<number, number>();
      for (const h of needs) merged.set(h.sizeKb, (merged.get(h.sizeKb) ?? 0) + h.memoryKb);
      if (merged.size > 1 || !merged.has(l.hugepageKb)) l.hugepages = [...merged].map(([sizeKb, memoryKb]) => ({ sizeKb, memoryKb }));
    }
  }
  return l;
}

/** Places the biggest VMs first on the node with the most room left. */
export function placeAll(rooms: NodeRoom[], vms: readonly VmLoad[]): { placed: { vm: string; to: string }[]; unplaced: { vm: string; why: string }[] } {
  const placed: { vm: string; to: string }[] = [];
  const unplaced: { vm: string; why: string }[] = [];
  for (const vm of [...vms].sort((a, b) => b.memoryKb - a.memoryKb || a.vm.localeCompare(b.vm))) {
    const fits = rooms.filter((r) => !misfit(r, vm)).sort((a, b) => b.memKb - a.memKb || a.node.localeCompare(b.node));
    const best = fits[0];
    if (best) {
      take(best, vm);
      placed.push({ vm: vm.vm, to: best.node });
    } else {
      unplaced.push({ vm: vm.vm, why: rooms.length === 0 ? 'no other active node' : rooms.map((r) => misfit(r, vm)).join('; ') });
    }
  }
  return { placed, unplaced };
}
