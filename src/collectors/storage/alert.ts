// The storage alerts as rule objects: a pool inactive or over 90 % full, an iSCSI session not
// logged in, an FC port not online.
import { nodeRule, type Draft } from '../../store/alerts/rule.js';
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
