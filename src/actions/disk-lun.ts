// Which multipath map (LUN) a VM's disk path sits on, partitions included. kpartx names a map's
// partitions after the map: "mpatha-part1" (Debian/Ubuntu udev rules run `kpartx -p -part`),
// "mpathap1" (`-p p`, and kpartx's own default after a name ending in a digit: "mpath0p1"),
// "mpatha1" (kpartx's default after a name ending in a non-digit; set_delimiter() in kpartx.c).
// Their udev links: /dev/disk/by-id/dm-name-<partition name>, dm-uuid-part<N>-mpath-<wwid>.
import type { MultipathMap } from '../model/multipath.js';

export interface DiskLun {
  map: MultipathMap;
  /** Partition number when the path is a kpartx partition of the map. */
  partition?: number;
}

const PART_FORMS: readonly RegExp[] = [/^(.+)-part([1-9]\d{0,3})$/, /^(.+)p([1-9]\d{0,3})$/, /^(.*\D)([1-9]\d{0,3})$/];

/** The map named `name`, or the one map `name` is a kpartx partition of. */
export function lunByName(maps: readonly MultipathMap[], name: string): DiskLun | undefined {
  const whole = maps.find((m) => m.name === name);
  if (whole) return { map: whole };
  const found: DiskLun[] = [];
  for (const re of PART_FORMS) {
    const g = re.exec(name);
    const m = g && maps.find((x) => x.name === g[1]);
    if (m && !found.some((f) => f.map === m)) found.push({ map: m, partition: Number(g[2]) });
  }
  // "mpathap1" is mpatha's partition 1 or mpathap's: with both maps present, it is neither for sure.
  return found.length === 1 ? found[0] : undefined;
}

/** Map (and partition) a disk source path points at, if any. */
export function lunForDisk(maps: readonly MultipathMap[], source: string): DiskLun | undefined {
  for (const prefix of ['/dev/mapper/', '/dev/disk/by-id/dm-name-']) if (source.startsWith(prefix)) return lunByName(maps, source.slice(prefix.length));
  const uuid = /^\/dev\/disk\/by-id\/dm-uuid-(?:part([1-9]\d{0,3})-)?mpath-(.+)$/.exec(source);
  if (uuid) {
    const m = maps.find((x) => x.wwid === uuid[2]);
    return m ? { map: m, ...(uuid[1] ? { partition: Number(uuid[1]) } : {}) } : undefined;
  }
  const m = maps.find((x) => x.sysfs && source === `/dev/${x.sysfs}`);
  return m ? { map: m } : undefined;
}

/** The map of the same LUN on another node: same WWID (names may differ per node), else same name. */
export const sameLun = (maps: readonly MultipathMap[], m: MultipathMap): MultipathMap | undefined =>
  maps.find((x) => (m.wwid && x.wwid === m.wwid) || x.name === m.name);
