// Per node: libvirt storage pools and volumes (pools), and the SAN underneath — iSCSI sessions,
// FC HBA ports, SCSI LUN queue depths and schedulers (san).
import type { NodeSourceDef } from '../source.js';
import { virshWords } from '../saved-file.js';
import { fcPortRule, iscsiSessionRule, lunQueueDepthRule, poolRule } from './alert.js';
import { pollPools, pollSan, poolListCmds, sanCmds } from './collector.js';
import { SAN_SYSFS_SCRIPT, volListCmd } from './command.js';

export const poolsSource: NodeSourceDef<'pools'> = {
  id: 'pools',
  scope: 'node',
  // Pools fill and stop slowly; two round trips (the volume reads need the pool names).
  intervalMs: 30_000,
  freshness: 'interval',
  commands: (w) => [...poolListCmds(w.libvirtUri), volListCmd(w.libvirtUri, w.pool)],
  saved: {
    files: ['virsh-pool-list.txt', 'virsh-pool-list-network.txt', 'virsh-pool-list-logical.txt', 'virsh-vol-list-<pool>.txt'],
    fileFor: (c) => {
      const rest = virshWords(c);
      if (rest?.[0] === 'pool-list') {
        const type = rest[rest.indexOf('--type') + 1];
        return { file: !rest.includes('--type') ? 'virsh-pool-list.txt' : type === 'logical' ? 'virsh-pool-list-logical.txt' : 'virsh-pool-list-network.txt', scope: 'node' };
      }
      if (rest?.[0] === 'vol-list') return { file: `virsh-vol-list-${rest[rest.indexOf('--pool') + 1] ?? ''}.txt`, scope: 'node' };
      return undefined;
    },
  },
  demoTools: ['virsh'],
  alerts: [poolRule],
  collector: () => ({ poll: (ctx, node) => pollPools(ctx, node) }),
};

export const sanSource: NodeSourceDef<'san'> = {
  id: 'san',
  scope: 'node',
  // A dropped session or a port going down is what an admin wants seen at once: multipath's
  // cadence, but in an exec of its own (not batchable): iscsiadm waits on iscsid, which blocks
  // while it recovers sessions, and must not hold up the corosync+multipath shared read.
  intervalMs: 10_000,
  freshness: 'interval',
  commands: () => sanCmds(),
  saved: {
    files: ['iscsiadm-session-P3.txt', 'san-sysfs.txt'],
    fileFor: (c) => (c.argv[0] === 'iscsiadm' ? { file: 'iscsiadm-session-P3.txt', scope: 'node' } : c.argv[0] === 'sh' && c.argv[2] === SAN_SYSFS_SCRIPT ? { file: 'san-sysfs.txt', scope: 'node' } : undefined),
  },
  demoTools: ['iscsiadm', 'sh'],
  sudoPaths: { iscsiadm: '/usr/sbin/iscsiadm' },
  alerts: [iscsiSessionRule, fcPortRule, lunQueueDepthRule],
  collector: () => ({ poll: (ctx, node) => pollSan(ctx, node) }),
};
