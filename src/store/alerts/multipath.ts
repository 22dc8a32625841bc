// Multipath: LUNs with paths down, per node.
import { mapHealth } from '../../model/multipath.js';
import { nodeRule, type Draft } from './rule.js';

export const mpathRule = nodeRule({
  id: 'mpath',
  inputs: { multipath: (n) => n.multipath },
  evaluate({ multipath }, node) {
    const drafts: Draft[] = [];
    for (const m of multipath ?? []) {
      const h = mapHealth(m);
      if (h.health === 'ok') continue;
      drafts.push({
        rule: 'mpath',
        node,
        subject: m.name,
        severity: h.health === 'critical' ? 'critical' : 'warning',
        value: h.active,
        message: h.health === 'critical' ? `${m.name} on ${node}: no active path (0/${h.total})` : `${m.name} on ${node} degraded: ${h.active}/${h.total} paths active`,
      });
    }
    return drafts;
  },
});
