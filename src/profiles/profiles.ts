// VM tuning profiles as data. The renderer turns a profile + sizes + the target's NUMA topology
// into domain XML; nothing here runs commands.

export type ProfileId = 'generic' | 'app' | 'database' | 'iointensive' | 'dc';

export interface VmProfile {
  id: ProfileId;
  description: string;
  /** auto: libvirt/kernel place vCPUs; static: pin each vCPU to a host CPU of one NUMA cell. */
  cpuPlacement: 'auto' | 'static';
  numa: 'auto' | 'strict';
  /** Hugepage size in kB, or none. */
  hugepageKb?: 2048 | 1048576;
  balloon: 'on' | 'optional' | 'off';
  /** full: Pacemaker may live-migrate (allow-migrate=true); conditional: only on explicit, checked request. */
  migration: 'full' | 'conditional';
  disk: { bus: 'virtio' | 'scsi'; cache: 'none' | 'writeback'; io: 'native' | 'threads'; discard?: 'unmap'; queuesPerVcpu?: boolean; iothread?: boolean };
  /** Least SCSI queue depth of the host LUNs under the VM's disks (/sys/block/sdX/device/queue_depth). */
  lunQueueDepth?: number;
  firmware: 'bios' | 'efi';
  tpm: boolean;
  hyperv: boolean;
  defaults: { vcpus: number; memoryMiB: number };
}

export const PROFILES: Record<ProfileId, VmProfile> = {
  generic: {
    id: 'generic',
    description: 'General purpose: CPU/NUMA automatic, no hugepages, balloon on, live migration',
    cpuPlacement: 'auto',
    numa: 'auto',
    balloon: 'on',
    migration: 'full',
    disk: { bus: 'virtio', cache: 'none', io: 'native' },
    firmware: 'bios',
    tpm: false,
    hyperv: false,
    defaults: { vcpus: 2, memoryMiB: 4096 },
  },
  app: {
    id: 'app',
    description: 'Application server: automatic placement, 2 MiB hugepages, balloon optional, live migration',
    cpuPlacement: 'auto',
    numa: 'auto',
    hugepageKb: 2048,
    balloon: 'optional',
    migration: 'full',
    disk: { bus: 'virtio', cache: 'none', io: 'native' },
    firmware: 'bios',
    tpm: false,
    hyperv: false,
    defaults: { vcpus: 4, memoryMiB: 8192 },
  },
  database: {
    id: 'database',
    description: 'Database: static vCPU pinning and strict NUMA on one cell, 1 GiB hugepages, no balloon, migration only on request',
    cpuPlacement: 'static',
    numa: 'strict',
    hugepageKb: 1048576,
    balloon: 'off',
    migration: 'conditional',
    disk: { bus: 'virtio', cache: 'none', io: 'native' },
    firmware: 'bios',
    tpm: false,
    hyperv: false,
    defaults: { vcpus: 8, memoryMiB: 32768 },
  },
  iointensive: {
    id: 'iointensive',
    description: 'I/O intensive: virtio-scsi with one queue per vCPU and an iothread, cache=none, io=native, discard=unmap',
    cpuPlacement: 'auto',
    numa: 'auto',
    balloon: 'on',
    migration: 'full',
    disk: { bus: 'scsi', cache: 'none', io: 'native', discard: 'unmap', queuesPerVcpu: true, iothread: true },
    // One queue per vCPU needs LUNs that take that many requests: the HBA defaults (lpfc 30, qla2xxx 32) throttle it.
    lunQueueDepth: 64,
    firmware: 'bios',
    tpm: false,
    hyperv: false,
    defaults: { vcpus: 4, memoryMiB: 8192 },
  },
  dc: {
    id: 'dc',
    description: 'Windows domain controller: OVMF (UEFI), TPM 2.0, Hyper-V enlightenments',
    cpuPlacement: 'auto',
    numa: 'auto',
    balloon: 'optional',
    migration: 'full',
    disk: { bus: 'virtio', cache: 'none', io: 'native', discard: 'unmap' },
    firmware: 'efi',
    tpm: true,
    hyperv: true,
    defaults: { vcpus: 2, memoryMiB: 4096 },
  },
};

export const profileIds = Object.keys(PROFILES) as ProfileId[];

export function getProfile(id: string): VmProfile {
  const p = (PROFILES as Record<string, VmProfile | undefined>)[id];
  if (!p) throw new Error(`unknown profile ${JSON.stringify(id)} (known: ${profileIds.join(', ')})`);
  return p;
}
