// Builds the initial cluster from (nodes, vms, seed): deterministic for a given seed.
import { Prng } from './prng.js';
import type { SimMap, SimNode, SimResource, SimVm, SimVmDisk } from './state.js';

export const MAX_NODES = 256;
export const MAX_VMS = 8192;

const VM_ROLES = ['web', 'db', 'app', 'cache', 'mq', 'lb', 'mon', 'file', 'mail', 'ci', 'dns', 'auth'];
export const SBD_DEVICE = '/dev/disk/by-id/scsi-36001405sbd0a1b2c3d4e5f60718293a';
const NODE_CPUS = 32;

export function nodeNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `kvm-n${i + 1}`);
}

export function vmNames(n: number): string[] {
  const width = n > VM_ROLES.length * 99 ? 3 : 2;
  return Array.from({ length: n }, (_, i) => {
    const role = VM_ROLES[i % VM_ROLES.length]!;
    return `${role}${String(Math.floor(i / VM_ROLES.length) + 1).padStart(width, '0')}`;
  });
}

function mac(rng: Prng): string {
  return `52:54:00:${rng.hex(2)}:${rng.hex(2)}:${rng.hex(2)}`;
}

function buildMaps(rng: Prng, nodeIdx: number): SimMap[] {
  // Same LUNs (WWIDs) on every node; paths are sdb..sdi: 4 per map, 2 per path group.
  const maps: SimMap[] = [];
  const wwids = ['36001405a3c1f2e9b7d24c6f8e0a1b2c3', '36001405b7e4d0c2a9f14e3b6c5d7e8f9'];
  ['mpatha', 'mpathb'].forEach((alias, mi) => {
    const paths = [0, 1, 2, 3].map((p) => {
      const letter = String.fromCharCode('b'.charCodeAt(0) + mi * 4 + p);
      const minor = (1 + mi * 4 + p) * 16;
      return {
        dev: `sd${letter}`,
        devT: `8:${minor}`,
        hctl: `${p + 1}:0:0:${mi}`,
        group: p < 2 ? 0 : 1,
        failed: false,
        hostAdapter: `10.${30 + (p % 2)}.0.${10 + nodeIdx}`,
      };
    });
    maps.push({
      alias,
      wwid: wwids[mi]!,
      dm: `dm-${mi}`,
      sizeG: mi === 0 ? 2048 : 1024,
      paths,
      extraLatencyMs: 0,
      baseAwaitMs: 0.6 + rng.next() * 0.8,
      pathFaults: 0,
    });
  });
  return maps;
}

export function buildNodes(rng: Prng, count: number, vmsPerNode: number): SimNode[] {
  const memGiB = Math.max(256, Math.ceil((vmsPerNode * 10) / 128) * 128);
  return nodeNames(count).map((name, i) => {
    const id = i + 1;
    const cpuTicks = Array.from({ length: NODE_CPUS }, () => {
      const idle = 5_000_000 + rng.int(0, 500_000);
      return Float64Array.from([idle * 0.08, 120, idle * 0.03, idle, 2000 + rng.int(0, 900), 0, 900, 0, idle * 0.05, 0]);
    });
    const eth = (n: string) => ({ name: n, mac: mac(rng), rxBytes: rng.int(1e9, 9e9), rxPackets: rng.int(1e6, 9e6), txBytes: rng.int(1e9, 9e9), txPackets: rng.int(1e6, 9e6), rateBps: 2e6 + rng.next() * 8e6, errs: 0, drops: 0 });
    const nics = ['eno1', 'eno2', 'ens1f0', 'ens1f1'].map(eth);
    const bondNics = ['bond0', 'bond1', 'br0'].map(eth);
    return {
      name,
      id,
      ring0: `10.10.0.${10 + id}`,
      ring1: `10.20.0.${10 + id}`,
      ssh: 'up',
      member: 'online',
      standby: false,
      cpus: NODE_CPUS,
      memKiB: memGiB * 1024 * 1024,
      pools: [
        { sizeKiB: 2048, total: 16384 },
        { sizeKiB: 1048576, total: Math.max(64, Math.ceil(memGiB / 4)) },
      ],
      cpuTicks,
      ctxt: rng.int(1e9, 5e9),
      intr: rng.int(1e9, 5e9),
      processes: rng.int(1e6, 3e6),
      load: [1 + rng.next() * 3, 1 + rng.next() * 3, 1 + rng.next() * 3],
      bootAt: 0,
      uptimeBaseS: 86400 * rng.int(10, 120) + rng.int(0, 86399),
      bootId: rng.hex(32),
      maps: buildMaps(rng, i),
      localDisk: 'sda',
      nics: [...nics, ...bondNics],
      bonds: [
        { name: 'bond0', mode: 'ieee8023ad', slaves: ['eno1', 'eno2'], downSlaves: new Set() },
        { name: 'bond1', mode: 'active-backup', slaves: ['ens1f0', 'ens1f1'], active: 'ens1f0', downSlaves: new Set() },
      ],
      files: new Map(),
      callId: 100,
      nextDomId: 1,
      kernel: '6.1.0-28-amd64',
    } satisfies SimNode;
  });
}

/** Service-time ranges (ms) a guest sees on a healthy LUN, by role: [min, max] per VM. */
interface DiskProfile {
  rd: [number, number];
  wr: [number, number];
}
const DEFAULT_DISK_PROFILE: DiskProfile = { rd: [0.4, 1.2], wr: [0.6, 1.5] };
const SYSTEM_DISK_PROFILE: DiskProfile = { rd: [0.5, 1.0], wr: [0.7, 1.3] };
const DISK_PROFILES: Record<string, DiskProfile> = {
  // random 8-16 KiB reads that miss the array cache, fsync-heavy commits
  db: { rd: [2.5, 5.5], wr: [1.8, 3.5] },
  // large sequential files, some metadata churn
  file: { rd: [1.5, 3.0], wr: [1.2, 2.6] },
  // mostly served from the guest page cache
  web: { rd: [0.3, 0.8], wr: [0.5, 1.1] },
  cache: { rd: [0.2, 0.5], wr: [0.4, 0.9] },
  lb: { rd: [0.2, 0.6], wr: [0.4, 0.8] },
  dns: { rd: [0.2, 0.6], wr: [0.4, 0.8] },
  // queues and mail spools sync every message
  mq: { rd: [0.6, 1.4], wr: [1.4, 2.8] },
  mail: { rd: [0.8, 1.8], wr: [1.2, 2.4] },
  // build jobs: bursts of writes
  ci: { rd: [0.8, 2.0], wr: [1.5, 3.2] },
  mon: { rd: [0.5, 1.2], wr: [1.0, 2.2] },
};

export function buildVms(rng: Prng, count: number, nodes: readonly SimNode[]): { vms: SimVm[]; resources: SimResource[] } {
  const vms: SimVm[] = [];
  const resources: SimResource[] = [];
  // The last two VMs are libvirt-only (not Pacemaker-managed): the classic forgotten guests.
  const unmanaged = Math.min(2, count);
  const names = vmNames(count);
  names.forEach((name, i) => {
    const managed = i < count - unmanaged;
    const node = nodes[managed ? i % nodes.length : (count - 1 - i) % nodes.length]!;
    const role = name.replace(/\d+$/, '');
    const big = role === 'db' || role === 'file';
    const vcpus = big ? rng.pick([4, 8, 16]) : rng.pick([1, 2, 2, 4]);
    const memKiB = (big ? rng.pick([16, 32, 64]) : rng.pick([2, 4, 4, 8])) * 1024 * 1024;
    const disk = (dev: string, path: string, capacity: number, map: string, lat: DiskProfile, ioShare: number): SimVmDisk => {
      const rdReqs = rng.int(1e4, 1e6);
      const wrReqs = rng.int(1e4, 1e6);
      const flReqs = rng.int(100, 1e4);
      const rdLatMs = lat.rd[0] + rng.next() * (lat.rd[1] - lat.rd[0]);
      const wrLatMs = lat.wr[0] + rng.next() * (lat.wr[1] - lat.wr[0]);
      return { dev, path, capacity, map, rdLatMs, wrLatMs, ioShare, rdReqs, rdBytes: rdReqs * 16384, rdTimesNs: Math.round(rdReqs * rdLatMs * 1e6), wrReqs, wrBytes: wrReqs * 8192, wrTimesNs: Math.round(wrReqs * wrLatMs * 1e6), flReqs, flTimesNs: flReqs * 300_000 };
    };
    const profile = DISK_PROFILES[role] ?? DEFAULT_DISK_PROFILE;
    // Big guests do most of their I/O on the data disk; the system disk sees logs and packages.
    const disks: SimVmDisk[] = [disk('vda', `/var/lib/libvirt/images/${name}.qcow2`, 40 * 2 ** 30, 'mpatha', big ? SYSTEM_DISK_PROFILE : profile, big ? 0.15 : 1)];
    if (big) disks.push(disk('vdb', `/dev/vg_mpathb/${name}-data`, 200 * 2 ** 30, 'mpathb', profile, 0.85));
    const running = managed || i === count - 1;
    vms.push({
      name,
      uuid: rng.uuid(),
      node: node.name,
      state: running ? 'running' : 'shut off',
      domId: running ? node.nextDomId++ : -1,
      managed,
      persistent: !managed,
      autostart: !managed && i === count - 1,
      vcpus,
      memKiB,
      hugepages: role === 'db' ? '1G' : role === 'cache' ? '2M' : undefined,
      cpuBase: 0.05 + rng.next() * (big ? 0.6 : 0.35),
      cpuUtil: 0.2,
      cpuNs: rng.int(1e12, 9e13),
      ioBase: big ? 150 + rng.next() * 300 : 5 + rng.next() * 40,
      disks,
      nics: [{ dev: `vnet${i}`, mac: mac(rng), bridge: 'br0', rxBytes: rng.int(1e8, 1e10), rxPkts: rng.int(1e5, 1e7), txBytes: rng.int(1e8, 1e10), txPkts: rng.int(1e5, 1e7) }],
      vncPort: 5900 + i,
    });
    if (managed) {
      resources.push({
        id: `vm-${name}`,
        vm: name,
        node: node.name,
        failed: false,
        failCount: new Map(),
        failures: [],
        history: new Map(),
      });
    }
  });
  return { vms, resources };
}
