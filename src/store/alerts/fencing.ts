// Fencing: sbd devices and watchdogs per node; stonith enabled, and whether each member node can
// be fenced (stonith_admin --list per node when collected, else "any stonith resource at all").
import { clusterRule, nodeRule, type Draft } from './rule.js';
import { crmIndex } from './crm-index.js';

export const sbdRule = nodeRule({
  id: 'sbd',
  inputs: { sbd: (n) => n.sbd },
  evaluate({ sbd }, node) {
    const drafts: Draft[] = [];
    for (const dev of sbd?.devices ?? [])
      if (!dev.readable) drafts.push({ rule: 'sbd-device', node, subject: dev.path, severity: 'warning', message: `sbd device ${dev.path} unreadable on ${node}${dev.error ? `: ${dev.error}` : ''}` });
    if (sbd && !sbd.watchdog.present && sbd.watchdog.notCollected === undefined)
      drafts.push(
        sbd.watchdog.error
          ? { rule: 'watchdog', node, subject: node, severity: 'warning', message: `watchdog unknown on ${node}: ${sbd.watchdog.error}` }
          : { rule: 'watchdog', node, subject: node, severity: 'warning', message: `no watchdog device on ${node} (sbd cannot self-fence)` },
      );
    return drafts;
  },
});

export const stonithDisabledRule = clusterRule({
  id: 'stonith-disabled',
  inputs: { stonithEnabled: (s) => s.cluster.crm?.summary.stonithEnabled },
  evaluate: ({ stonithEnabled }): Draft[] =>
    stonithEnabled === false ? [{ rule: 'stonith-disabled', subject: 'cluster', severity: 'critical', message: 'stonith-enabled=false: failed nodes cannot be fenced' }] : [],
});

export const fenceabilityRule = clusterRule({
  id: 'fenceability',
  inputs: {
    nodes: (s) => s.cluster.crm?.nodes,
    targets: (s) => s.cluster.stonithTargets,
    anyStonith: (s) => (s.cluster.crm ? crmIndex(s.cluster.crm.resources).anyStonith : false),
  },
  evaluate({ nodes, targets, anyStonith }) {
    const drafts: Draft[] = [];
    for (const pn of nodes ?? []) {
      if (pn.type !== 'member') continue;
      const t0 = targets?.find((x) => x.target === pn.name);
      // No fencer answered about it: unknown, said as such (not "no device").
      if (t0?.error !== undefined) {
        drafts.push({ rule: 'fencing-unknown', node: pn.name, subject: pn.name, severity: 'warning', message: `cannot check fencing of ${pn.name}: ${t0.error}` });
        continue;
      }
      const fenceable = t0 ? t0.devices.length > 0 : anyStonith;
      if (!fenceable) drafts.push({ rule: 'unfenceable', node: pn.name, subject: pn.name, severity: 'critical', message: `no stonith device can fence ${pn.name}${t0?.via ? ` (asked ${t0.via})` : ''}` });
    }
    return drafts;
  },
});
