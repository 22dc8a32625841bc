// Fencing: stonith (cluster-wide: which devices can fence which node) and sbd (per node:
// config, devices' slots and headers, the sysfs watchdog listing, the sbd service).
import { basename } from 'node:path';
import type { ClusterSourceDef, NodeSourceDef } from '../source.js';
import { mirroredFile } from '../saved-file.js';
import { pollSbd, pollStonith } from './collector.js';
import { WATCHDOG_SYSFS_SCRIPT, sbdActiveCmd, sbdConfigCmds, sbdDumpCmd, sbdListCmd, stonithRegisteredCmd, stonithTargetsCmd, watchdogSysfsCmd } from './command.js';

export const stonithSource: ClusterSourceDef<'stonith'> = {
  id: 'stonith',
  scope: 'cluster',
  intervalMs: 30_000,
  freshness: 'interval',
  // Its targets are crm_mon's members.
  after: ['pacemaker'],
  commands: (w) => [stonithRegisteredCmd(), stonithTargetsCmd(w.node)],
  saved: {
    files: ['stonith_admin-list-registered.txt', 'stonith_admin-list-<node>.txt'],
    fileFor: (c) => {
      const [p0, p1, p2] = c.argv;
      if (p0 !== 'stonith_admin') return undefined;
      if (p1 === '--list-registered') return { file: 'stonith_admin-list-registered.txt', scope: 'cluster' };
      if (p1 === '--list' && p2) return { file: `stonith_admin-list-${p2}.txt`, scope: 'cluster' };
      return undefined;
    },
  },
  demoTools: ['stonith_admin'],
  // The candidates too: a node's own fencer cannot answer about it (see pollStonith).
  collector: () => ({ poll: (ctx, via, candidates) => pollStonith(ctx, via, candidates) }),
};

export const sbdSource: NodeSourceDef<'sbd'> = {
  id: 'sbd',
  scope: 'node',
  intervalMs: 30_000,
  freshness: 'interval',
  // The watchdog is read from sysfs without sudo (never `sbd query-watchdog`: it arms it); it is
  // listed so a future sudo() on it would show up in the sudoers file and its tests.
  commands: (w) => [...sbdConfigCmds(), sbdListCmd(w.device), sbdDumpCmd(w.device), watchdogSysfsCmd(), sbdActiveCmd()],
  saved: {
    files: ['etc/sysconfig/sbd', 'etc/default/sbd', 'sbd-list-<dev>.txt', 'sbd-dump-<dev>.txt', 'watchdog-sysfs.txt', 'systemctl-is-active-sbd.txt'],
    fileFor: (c) => {
      const a = c.argv;
      if (a[0] === 'systemctl' && a[1] === 'is-active' && a[2]) return { file: `systemctl-is-active-${a[2]}.txt`, scope: 'node' };
      if (a[0] === 'sh' && a[1] === '-c' && a[2] === WATCHDOG_SYSFS_SCRIPT) return { file: 'watchdog-sysfs.txt', scope: 'node' };
      if (a[0] === 'sbd' && a[1] === '-d' && a[2] && a[3]) return { file: `sbd-${a[3]}-${basename(a[2])}.txt`, scope: 'node' };
      return mirroredFile(c);
    },
  },
  demoTools: ['cat', 'sbd', 'sh', 'systemctl'],
  // Two steps (the config names the devices): never part of a shared exec.
  collector: () => ({ poll: (ctx, node) => pollSbd(ctx, node) }),
};
