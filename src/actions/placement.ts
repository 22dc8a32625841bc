// Where VMs can go: greedy placement by free memory with vCPU and hugepage limits. Pure.
import type { VdState } from '../store/types.js';
import type { DomainXmlInfo } from '../model/vm.js';
import { hostCpus, hugepagesFreeKb, vcpusRunning } from './state.js';

export interface VmLoad {
  vm: string;
  memoryKb: number;
  vcpus: number;
  hugepageKb?: number;
}

export interface NodeRoom {
  node: string;
  memKb: number;
  vcpus: number;
  huge: Map<number, number>;
}

export function roomOf(s: VdState, node: string, overcommit: number): NodeRoom {
  const n = s.nodes[node];
  const cpus = hostCpus(n);
  const huge = new Map<number, number>();
  for (const p of n?.host?.hugepages ?? []) huge.set(p.sizeKb, hugepagesFreeKb(n, p.sizeKb));
  return {
    node,
    memKb: n?.host?.mem.memAvailableKb ?? 0,
    vcpus: cpus === undefined ? Number.POSITIVE_INFINITY : cpus * overcommit - vcpusRunning(s, node),
    huge,
  };
}

/** Why one VM does not fit a node, or undefined when it fits. */
export function misfit(room: NodeRoom, vm: VmLoad): string | undefined {
  if (vm.hugepageKb) {
    const free = room.huge.get(vm.hugepageKb) ?? 0;
    if (free < vm.memoryKb) return `${room.node} has ${Math.floor(free / 1024)} MiB free in ${vm.hugepageKb} kB hugepages, ${vm.vm} needs ${Math.ceil(vm.memoryKb / 1024)} MiB`;
  } else if (room.memKb < vm.memoryKb) {
    return `${room.node} has ${Math.floor(room.memKb / 1024)} MiB available, ${vm.vm} needs ${Math.ceil(vm.memoryKb / 1024)} MiB`;
  }
  if (room.vcpus < vm.vcpus) return `${room.node} would exceed the vCPU overcommit limit with ${vm.vm} (${vm.vcpus} vCPUs, ${Math.max(0, room.vcpus)} left)`;
  return undefined;
}

export function take(room: NodeRoom, vm: VmLoad): void {
  if (vm.hugepageKb) room.huge.set(vm.hugepageKb, (room.huge.get(vm.hugepageKb) ?? 0) - vm.memoryKb);
  else room.memKb -= vm.memoryKb;
  room.vcpus -= vm.vcpus;
}

/** x86 default hugepage size, used when neither the domain nor the host names one. */
const DEFAULT_HUGEPAGE_KB = 2048;

export function loadOf(s: VdState, node: string, vm: string, facts?: DomainXmlInfo): VmLoad {
  const rt = s.nodes[node]?.vms?.find((v) => v.name === vm);
  const l: VmLoad = { vm, memoryKb: rt?.memoryKb ?? facts?.memoryKb ?? 0, vcpus: rt?.vcpus ?? facts?.vcpus ?? 1 };
  // <hugepages/> without a <page size> means the host's default hugepage size.
  if (facts?.hugepages) l.hugepageKb = facts.hugepageKb ?? s.nodes[node]?.host?.mem.hugepageSizeKb ?? DEFAULT_HUGEPAGE_KB;
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
