// The storage alerts as rule objects: a pool inactive or over 90 % full, an iSCSI session not
// logged in, an FC port not online, a LUN under an I/O-intensive VM with too small a queue depth.
import { nodeRule, type Draft } from '../../store/alerts/rule.js';
import { PROFILES } from '../../profiles/profiles.js';
import { lunsOfDisk } from './luns.js';
import { poolUsedPct } from './model.js';

/** A pool fuller than this is an alert (thin volumes stop the VM with an I/O error when it fills). */
export const POOL_FULL_PCT = 90;

export const poolRule = nodeRule({
  id: 'pool',
  inputs: { pools: (n) => n.pools },
  evaluate({ pools }, node): Draft[] {
    const out: Draft[] = [];
    for (const p of pools?.pools ?? []) {
      if (p.state !== 'running') {
        // An inactive pool that is not started at boot is usually parked on purpose: a warning; one marked autostart should be up.
        out.push({ rule: 'pool', node, subject: p.name, severity: p.autostart ? 'critical' : 'warning', message: `storage pool ${p.name} on ${node} is ${p.state}${p.autostart ? ' (autostart: it should be running)' : ''}` });
        continue;
      }
      const used = poolUsedPct(p);
      if (used !== undefined && used > POOL_FULL_PCT)
        out.push({ rule: 'pool', node, subject: p.name, severity: used >= 98 ? 'critical' : 'warning', value: Math.round(used), message: `storage pool ${p.name} on ${node} is ${Math.round(used)} % full` });
    }
    return out;
  },
});

export const iscsiSessionRule = nodeRule({
  id: 'iscsi-session',
  inputs: { san: (n) => n.san },
  evaluate({ san }, node): Draft[] {
    return (san?.iscsi ?? [])
      .filter((s) => s.state !== 'LOGGED_IN')
      .map((s) => ({
        rule: 'iscsi-session',
        node,
        subject: `${s.target} ${s.portal}`,
        severity: 'critical' as const,
        message: `iSCSI session ${s.sid} to ${s.target} via ${s.portal} on ${node} is ${s.state} (connection ${s.connState})${s.disks.length ? `: ${s.disks.map((d) => `${d.dev} ${d.state}`).join(', ')}` : ''}`,
      }));
  },
});

export const fcPortRule = nodeRule({
  id: 'fc-port',
  inputs: { san: (n) => n.san },
  evaluate({ san }, node): Draft[] {
    return (san?.fc ?? [])
      .filter((p) => p.state !== 'Online')
      .map((p) => ({ rule: 'fc-port', node, subject: p.host, severity: 'critical' as const, message: `FC port ${p.host} (WWPN ${p.wwpn}) on ${node} is ${p.state}` }));
  },
});

/**
 * A LUN under a running I/O-intensive VM (every disk on a SCSI bus: the iointensive profile's
 * virtio-scsi layout) whose queue depth is below the profile's: the host throttles the queues
 * the guest was given.
 */
export const lunQueueDepthRule = nodeRule({
  id: 'lun-queue-depth',
  inputs: { vms: (n) => n.vms, multipath: (n) => n.multipath, san: (n) => n.san },
  evaluate({ vms, multipath, san }, node): Draft[] {
    const want = PROFILES.iointensive.lunQueueDepth;
    if (!want || !san?.luns.length) return [];
    const depth = new Map(san.luns.map((l) => [l.dev, l.queueDepth]));
    const users = new Map<string, string[]>();
    for (const v of vms ?? []) {
      if (!v.scsiDisks || v.state !== 'running') continue;
      for (const d of v.disks ?? [])
        for (const dev of lunsOfDisk(d, multipath ?? [])) {
          const qd = depth.get(dev);
          if (qd === undefined || qd >= want) continue;
          users.set(dev, [...new Set([...(users.get(dev) ?? []), v.name])]);
        }
    }
    return [...users].map(([dev, names]) => ({
      rule: 'lun-queue-depth',
      node,
      subject: dev,
      severity: 'warning' as const,
      value: depth.get(dev)!,
      message: `LUN ${dev} on ${node} has queue depth ${depth.get(dev)}, below the iointensive profile's ${want}, under ${names.join(', ')}`,
    }));
  },
});
