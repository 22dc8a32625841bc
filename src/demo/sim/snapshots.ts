// Snapshot trees of the demo's VMs (libvirt keeps them per domain, on the host that made them).
// Seeded without the PRNG so the rest of the demo stays what a seed gives: a web VM with a
// small tree (managed VMs are transient: all taken running), the unmanaged running VM with a chain deeper than the default warning limit (3).
import type { SimVm } from './state.js';

export interface SimSnapshot {
  name: string;
  parent?: string;
  /** ms since epoch. */
  createdAt: number;
  /** virDomainSnapshotState as virsh prints it. */
  state: 'running' | 'shutoff' | 'paused' | 'disk-snapshot';
  description?: string;
}

export interface SimSnapshots {
  list: SimSnapshot[];
  current?: string;
}

const DAY = 86_400_000;

export function seedSnapshots(vms: readonly SimVm[], epochMs: number): void {
  const at = (daysAgo: number) => Math.floor((epochMs - daysAgo * DAY) / 1000) * 1000;
  const web = vms.find((v) => v.managed && v.name.startsWith('web'));
  if (web)
    web.snapshots = {
      list: [
        { name: 'installed', createdAt: at(40), state: 'running', description: 'fresh install' },
        { name: 'before-upgrade', parent: 'installed', createdAt: at(12), state: 'running' },
        { name: 'after upgrade', parent: 'before-upgrade', createdAt: at(11), state: 'running' },
        { name: 'test-branch', parent: 'installed', createdAt: at(5), state: 'running' },
      ],
      current: 'after upgrade',
    };
  const unmanaged = vms.filter((v) => !v.managed && v.state === 'running').at(-1);
  if (unmanaged)
    unmanaged.snapshots = {
      // base was taken before the first boot: reverting to it shuts the VM off
      list: ['base', 'patch-1', 'patch-2', 'patch-3'].map((name, i, all) => ({ name, ...(i > 0 ? { parent: all[i - 1]! } : {}), createdAt: at(30 - i * 7), state: i === 0 ? ('shutoff' as const) : ('running' as const) })),
      current: 'patch-3',
    };
}

/** Byte order of the UTF-8 names: how virsh sorts snapshot lists. */
export const byName = (a: SimSnapshot, b: SimSnapshot): number => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));
