// Fixture-backed answers for collector tests: each command gets the real output captured in
// src/collectors/<source>/fixtures (see the README/capture.sh next to each fixture).
import { readFileSync } from 'node:fs';
import type { Cmd } from '../../../src/ssh/cmd.js';
import { WATCHDOG_SYSFS_SCRIPT } from '../../../src/collectors/fencing/command.js';
import { SAN_SYSFS_SCRIPT } from '../../../src/collectors/storage/command.js';
import type { FakeResponder, FakeResult } from '../ssh/fake-runner.js';

export const fixture = (source: string, name: string): string =>
  readFileSync(new URL(`../../../src/collectors/${source}/fixtures/${name}`, import.meta.url), 'utf8');

/**
 * multipathd JSON and `multipath -ll` text for one map on dm-0, written from the formats in
 * multipath-tools (libmultipath/print.c JSON templates; multipath(8) "-ll" example).
 */
export const MULTIPATH_JSON = `{
   "major_version": 0,
   "minor_version": 1,
   "maps": [{
      "name" : "mpatha",
      "uuid" : "3600140512345678901234567890abcde",
      "sysfs" : "dm-0",
      "failback" : "immediate",
      "queueing" : "5 chk",
      "paths" : 2,
      "write_prot" : "rw",
      "dm_st" : "active",
      "features" : "1 queue_if_no_path",
      "hwhandler" : "1 alua",
      "action" : "",
      "path_faults" : 0,
      "vend" : "LIO-ORG",
      "prod" : "disk0",
      "rev" : "4.0",
      "switch_grp" : 0,
      "map_loads" : 1,
      "total_q_time" : 0,
      "q_timeouts" : 0,
      "path_groups": [{
         "selector" : "service-time 0",
         "pri" : 50,
         "dm_st" : "active",
         "marginal_st" : "normal",
         "group" : 1,
         "paths": [{
            "dev" : "sdb",
            "dev_t" : "8:16",
            "dm_st" : "active",
            "dev_st" : "running",
            "chk_st" : "ready",
            "checker" : "tur",
            "pri" : 50,
            "host_wwnn" : "[undef]",
            "target_wwnn" : "iqn.2003-01.org.linux-iscsi.t1",
            "host_wwpn" : "[undef]",
            "target_wwpn" : "[undef]",
            "host_adapter" : "10.0.0.1",
            "lun_hcil" : "2:0:0:0",
            "marginal_st" : "normal"
         },{
            "dev" : "sdc",
            "dev_t" : "8:32",
            "dm_st" : "active",
            "dev_st" : "running",
            "chk_st" : "ready",
            "checker" : "tur",
            "pri" : 50,
            "host_wwnn" : "[undef]",
            "target_wwnn" : "iqn.2003-01.org.linux-iscsi.t1",
            "host_wwpn" : "[undef]",
            "target_wwpn" : "[undef]",
            "host_adapter" : "10.0.1.1",
            "lun_hcil" : "3:0:0:0",
            "marginal_st" : "normal"
         }]
      }]
   }]
}
`;

export const MULTIPATH_LL = `mpatha (3600140512345678901234567890abcde) dm-0 LIO-ORG,disk0
size=10G features='1 queue_if_no_path' hwhandler='1 alua' wp=rw
\`-+- policy='service-time 0' prio=50 status=active
  |- 2:0:0:0 sdb 8:16 active ready running
  \`- 3:0:0:0 sdc 8:32 active ready running
`;

/** iostat one-shot output with dm-0 added to the captured sample (same sysstat 12 layout). */
export function iostatOnceJson(): string {
  const text = fixture('iostat', 'iostat-dxy-json-1-3.json');
  const doc = JSON.parse(text) as { sysstat: { hosts: { statistics: { disk: Record<string, unknown>[] }[] }[] } };
  const host = doc.sysstat.hosts[0]!;
  const first = host.statistics[0]!;
  const vda = first.disk[0]!;
  first.disk.push({ ...vda, disk_device: 'dm-0', r_await: 12.5, w_await: 3.25 });
  host.statistics = [first];
  return JSON.stringify(doc);
}

const ok = (stdout: string): FakeResult => ({ stdout });
const missing = (): FakeResult => ({ stdout: '', code: 1 });

/** Answers every collector command from fixtures (a healthy node). */
export function fixtureAnswer(_node: string, c: Cmd): FakeResult | undefined {
  const a = c.argv;
  const has = (...w: string[]) => w.every((x) => a.includes(x));
  switch (a[0]) {
    case 'crm_mon':
      return ok(fixture('pacemaker', 'healthy.crm_mon.xml'));
    case 'stonith_admin':
      if (has('--list-registered')) return ok(fixture('fencing', 'stonith-registered.txt'));
      return ok(fixture('fencing', 'stonith-list-n2.txt'));
    case 'corosync-quorumtool':
      return ok(fixture('corosync', 'quorumtool-healthy.txt'));
    case 'corosync-cfgtool':
      return ok(fixture('corosync', 'cfgtool-knet.txt'));
    case 'cat':
      switch (a[1]) {
        case '/etc/sysconfig/sbd':
          return ok(fixture('fencing', 'sbd-config.sysconfig.txt'));
        case '/etc/default/sbd':
          return missing();
        case '/proc/stat':
          return ok(fixture('host', 'proc-stat.txt'));
        case '/proc/meminfo':
          return ok(fixture('host', 'meminfo.txt'));
        case '/proc/loadavg':
          return ok(fixture('host', 'loadavg.txt'));
        case '/proc/uptime':
          return ok(fixture('host', 'uptime.txt'));
        case '/proc/net/dev':
          return ok(fixture('network', 'proc-net-dev.txt'));
      }
      return missing();
    case 'grep':
      if (a[3] === '/sys/kernel/mm/hugepages') return ok(fixture('host', 'hugepages-grep.txt'));
      if (a[3] === '/proc/net/bonding') return ok(fixture('network', 'bonding-active-backup.txt'));
      return missing();
    case 'sh':
      if (a[2] === WATCHDOG_SYSFS_SCRIPT) return ok(fixture('fencing', 'watchdog-sysfs-itco.txt'));
      if (a[2] === SAN_SYSFS_SCRIPT) return ok(fixture('storage', 'san-sysfs.txt'));
      return missing();
    case 'sbd':
      if (has('list')) return ok(fixture('fencing', 'sbd-list.txt'));
      if (has('dump')) return ok(fixture('fencing', 'sbd-dump.txt'));
      return missing();
    case 'systemctl':
      return ok('active\n');
    case 'multipathd':
      return ok(MULTIPATH_JSON);
    case 'multipath':
      return ok(MULTIPATH_LL);
    case 'iscsiadm':
      return ok(fixture('storage', 'iscsiadm-session-P3.txt'));
    case 'iostat':
      return ok(iostatOnceJson());
    case 'virsh':
      if (has('capabilities')) return ok(fixture('host', 'capabilities-test-driver.xml'));
      if (has('--autostart')) return ok(fixture('virsh', 'autostart-names.txt'));
      if (has('list')) return ok(fixture('virsh', 'list-all.txt'));
      if (has('domstats')) return ok(fixture('virsh', 'domstats-qemu.txt'));
      if (has('domdisplay')) return ok(fixture('virsh', 'domdisplay-test-driver.txt'));
      if (has('pool-list')) return ok(fixture('storage', has('--type') ? (has('logical') ? 'pool-list-logical.txt' : 'pool-list-shared.txt') : 'pool-list-details.txt'));
      if (has('vol-list')) return ok(fixture('storage', a.includes('default') ? 'vol-list-default.txt' : a.includes('vg_san') ? 'vol-list-vg_san.txt' : 'vol-list-empty.txt'));
      return missing();
  }
  return undefined;
}

/** fixtureAnswer with per-test overrides (return undefined from `over` to fall through). */
export const fixtureResponder =
  (over?: (node: string, c: Cmd) => FakeResult | undefined): FakeResponder =>
  (node, c) =>
    over?.(node, c) ?? fixtureAnswer(node, c);
