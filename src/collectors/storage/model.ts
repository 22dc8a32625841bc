// Storage under the VMs as one node sees it: libvirt's storage pools and their volumes (virsh),
// iSCSI sessions (iscsiadm), Fibre Channel HBA ports and each SCSI LUN's queue depth and
// block-layer scheduler (sysfs).

/** How a pool's storage relates to the other nodes (decided from its libvirt pool type). */
export type PoolKind =
  /** netfs, iscsi, scsi, mpath, rbd, gluster: reached over a network or SAN, the same storage on every node. */
  | 'network'
  /** logical (an LVM VG): shared only when the VG is a shared (lvmlockd) VG on a SAN LUN. */
  | 'logical'
  /** every other type (dir, fs, disk, zfs, …): this node's own storage. */
  | 'local';

export interface StorageVolume {
  name: string;
  path: string;
  /** file, block, dir, network, netdir, ploop */
  type: string;
  capacityBytes?: number;
  allocationBytes?: number;
}

export interface StoragePool {
  name: string;
  /** running, inactive, building, degraded, inaccessible */
  state: string;
  autostart: boolean;
  persistent: boolean;
  /** undefined while inactive (virsh prints "-"). */
  capacityBytes?: number;
  allocationBytes?: number;
  availableBytes?: number;
  kind: PoolKind;
  /** Its volumes; undefined when not read (inactive pool, or vol-list failed). */
  volumes?: StorageVolume[];
}

export interface IscsiDisk {
  /** sdb */
  dev: string;
  /** SCSI device state: running, blocked, offline, transport-offline, … */
  state: string;
  lun: number;
}

export interface IscsiSession {
  sid: number;
  target: string;
  /** Current portal as printed: 10.0.0.10:3260,1 or [fd00::10]:3260,1 */
  portal: string;
  ifaceIp?: string;
  /** Kernel session state (sysfs): LOGGED_IN, FAILED, FREE, or Unknown. */
  state: string;
  /** iscsid's connection state: LOGGED IN, TRANSPORT WAIT, IN LOGIN, FREE, …, Unknown. */
  connState: string;
  disks: IscsiDisk[];
}

export interface FcPort {
  /** host7 */
  host: string;
  /** WWPN as sysfs prints it (0x21000024ff5a1b2c). */
  wwpn: string;
  /** Online, Linkdown, Offline, Blocked, Bypassed, Diagnostics, Error, Loopback, Unknown, Not Present */
  state: string;
  /** "16 Gbit", "unknown" */
  speed: string;
}

export interface LunQueue {
  /** sdb: SCSI disks only (a device/queue_depth file). */
  dev: string;
  queueDepth: number;
  /** The selected scheduler (the bracketed word), e.g. mq-deadline, none. */
  scheduler?: string;
}

/** The pools source's data for one node. */
export interface PoolsNodeData {
  pools: StoragePool[];
}

/** The SAN source's data for one node. */
export interface SanNodeData {
  /** undefined: iscsiadm is not installed (no iSCSI on this node). */
  iscsi?: IscsiSession[];
  fc: FcPort[];
  luns: LunQueue[];
}

/** Used share of a pool (0–100), undefined while its size is unknown or zero. */
export function poolUsedPct(p: StoragePool): number | undefined {
  if (p.capacityBytes === undefined || p.allocationBytes === undefined || p.capacityBytes <= 0) return undefined;
  return (p.allocationBytes / p.capacityBytes) * 100;
}

/**
 * Shared or local: network pools are shared; a logical pool is shared when its VG is one of the
 * node's shared (lvmlockd) VGs — libvirt names the pool after the VG by default (pool-define-as
 * --source-name), so a logical pool named otherwise is counted local; everything else is local.
 */
export function poolShared(p: StoragePool, sharedVgs: readonly string[] = []): boolean {
  return p.kind === 'network' || (p.kind === 'logical' && sharedVgs.includes(p.name));
}

// The sources' store slices (module augmentation: store/types.ts needs no edit). Written by collector.ts.
declare module '../../store/types.js' {
  interface NodeSlice {
    /** libvirt storage pools and volumes (src/collectors/storage). */
    pools?: PoolsNodeData;
    /** iSCSI sessions, FC ports, LUN queue depths (src/collectors/storage). */
    san?: SanNodeData;
  }
}
