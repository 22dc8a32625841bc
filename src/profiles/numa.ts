// Static pinning for the database profile: all vCPUs and memory on ONE NUMA cell of the target,
// taken from `virsh capabilities` (store: NodeSlice.capabilities.cells). Pure.
import type { HostCapabilities } from '../model/host.js';

export interface Pinning {
  cell: number;
  /** vCPU i → host CPU cpus[i] */
  cpus: number[];
  /** Host CPUs of the same cell for the emulator threads: every CPU of the cell no vCPU (of any domain) is pinned to. */
  emulatorCpus: number[];
}

export type PinResult = { ok: true; pinning: Pinning } | { ok: false; reason: string };

/**
 * Pins vCPUs into the first cell that has enough CPUs (keeping one for the host and the emulator)
 * and memory; the emulator threads get every CPU of that cell no vCPU is pinned to.
 * busyCpus: host CPUs other domains' vCPUs are pinned to (dedicated): never handed out again.
 * sharedCpus: host CPUs other domains' emulator threads are pinned to: vCPUs avoid them while the
 * cell has other CPUs left (they may still serve as this VM's emulator CPUs: emulators share).
 */
export function pinToCell(
  caps: HostCapabilities | undefined,
  vcpus: number,
  memoryKb: number,
  hugepageKb?: number,
  busyCpus: ReadonlySet<number> = new Set(),
  sharedCpus: ReadonlySet<number> = new Set(),
): PinResult {
  if (!caps || caps.cells.length === 0) return { ok: false, reason: 'NUMA topology of the target is unknown (no virsh capabilities data)' };
  const reasons: string[] = [];
  for (const cell of caps.cells) {
    const free = cell.cpus.filter((c) => !busyCpus.has(c));
    const pinned = cell.cpus.length - free.length;
    // Leave the first free CPU of the cell to the emulator and host (CPU 0 of the host takes interrupts).
    if (free.length < vcpus + 1) {
      reasons.push(`cell ${cell.id}: ${free.length} free CPUs${pinned ? ` (${pinned} pinned by other VMs)` : ''}, need ${vcpus} + 1 for the emulator`);
      continue;
    }
    if (hugepageKb) {
      const pool = cell.hugepages.find((p) => p.sizeKb === hugepageKb);
      const freeKb = pool ? pool.free * pool.sizeKb : 0;
      if (freeKb < memoryKb) {
        reasons.push(`cell ${cell.id}: ${Math.floor(freeKb / 1024)} MiB free in ${hugepageKb} kB pages, need ${Math.ceil(memoryKb / 1024)} MiB`);
        continue;
      }
    } else if (cell.memoryKb < memoryKb) {
      reasons.push(`cell ${cell.id}: ${Math.floor(cell.memoryKb / 1024)} MiB, need ${Math.ceil(memoryKb / 1024)} MiB`);
      continue;
    }
    const rest = free.slice(1);
    const pool = [...rest.filter((c) => !sharedCpus.has(c)), ...rest.filter((c) => sharedCpus.has(c))];
    const cpus = pool.slice(0, vcpus).sort((a, b) => a - b);
    const mine = new Set(cpus);
    return { ok: true, pinning: { cell: cell.id, cpus, emulatorCpus: free.filter((c) => !mine.has(c)) } };
  }
  return { ok: false, reason: reasons.join('; ') };
}

/** "0-3,8" style list for cpuset attributes. */
export function cpuList(cpus: readonly number[]): string {
  const s = [...cpus].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(i === j ? String(s[i]) : `${s[i]}-${s[j]}`);
    i = j + 1;
  }
  return out.join(',');
}
