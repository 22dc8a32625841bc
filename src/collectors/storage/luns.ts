// Which SCSI LUNs (sdX) carry a VM's disk: the disk's multipath map (by /dev/mapper name, dm-N,
// or a /dev/disk/by-id name holding its WWID) and that map's paths, or the sdX device itself.
// A disk on an LV (/dev/VG/LV) is not followed: no source here reads which PVs a VG sits on.
import type { MultipathMap } from '../../model/multipath.js';

function mapFor(path: string, maps: readonly MultipathMap[]): MultipathMap | undefined {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (path.startsWith('/dev/mapper/')) return maps.find((m) => m.name === base);
  if (/^\/dev\/dm-\d+$/.test(path)) return maps.find((m) => m.sysfs === base);
  if (path.startsWith('/dev/disk/by-id/')) {
    if (base.startsWith('dm-name-')) return maps.find((m) => m.name === base.slice('dm-name-'.length));
    // dm-uuid-mpath-<wwid>, scsi-<wwid>, wwn-0x<naa> (the wwid without its leading type digit).
    return maps.find((m) => base === `dm-uuid-mpath-${m.wwid}` || base === `scsi-${m.wwid}` || base === `wwn-0x${m.wwid.slice(1)}`);
  }
  return undefined;
}

/** The sdX devices under `diskPath` (empty: not a LUN this node's reads can follow). */
export function lunsOfDisk(diskPath: string, maps: readonly MultipathMap[]): string[] {
  if (/^\/dev\/sd[a-z]+$/.test(diskPath)) return [diskPath.slice(5)];
  const m = mapFor(diskPath, maps);
  return m ? m.pathGroups.flatMap((g) => g.paths.map((p) => p.dev)) : [];
}
