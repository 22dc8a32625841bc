// Pacemaker (crm_mon): quorum, nodes offline or unclean, failed actions.
import { nodeKind, nodeProvider, quorumState } from '../../model/pacemaker.js';
import { alertId } from './id.js';
import { clusterRule, type Draft } from './rule.js';

export const quorumRule = clusterRule({
  id: 'quorum',
  // The summary's fields, not the summary object: a new crm_mon sample with the same quorum keeps the result.
  inputs: { withQuorum: (s) => s.cluster.crm?.summary.withQuorum, quorumUnknown: (s) => s.cluster.crm?.summary.quorumUnknown },
  evaluate({ withQuorum, quorumUnknown }): Draft[] {
    if (withQuorum === undefined) return [];
    const q = quorumState({ withQuorum, ...(quorumUnknown !== undefined ? { quorumUnknown } : {}) });
    if (q.state === 'no') return [{ rule: 'quorum', subject: 'cluster', severity: 'critical', message: 'cluster has no quorum' }];
    if (q.state === 'unknown') return [{ rule: 'quorum', subject: 'cluster', severity: 'critical', message: `quorum unknown: ${q.why}` }];
    return [];
  },
});

export const pcmkNodeRule = clusterRule({
  id: 'pcmk-node',
  inputs: { nodes: (s) => s.cluster.crm?.nodes },
  evaluate({ nodes }) {
    const drafts: Draft[] = [];
    for (const pn of nodes ?? []) {
      if (pn.type === 'ping') continue;
      // Remote and guest nodes say what they are (and what provides a guest).
      const k = nodeKind(pn);
      const what = k === 'guest' ? `guest node ${pn.name} (${nodeProvider(pn)})` : k === 'remote' ? `remote node ${pn.name}` : `node ${pn.name}`;
      if (pn.unclean) drafts.push({ rule: 'pcmk-node', node: pn.name, subject: pn.name, severity: 'critical', message: `${what} UNCLEAN${pn.online ? '' : ' (offline)'}` });
      else if (!pn.online) drafts.push({ rule: 'pcmk-node', node: pn.name, subject: pn.name, severity: 'critical', message: `${what} OFFLINE in Pacemaker` });
    }
    return drafts;
  },
});

export const failedActionRule = clusterRule({
  id: 'failed-action',
  inputs: { failedActions: (s) => s.cluster.crm?.failedActions },
  evaluate({ failedActions }) {
    const drafts: Draft[] = [];
    const seen = new Set<string>();
    for (const fa of failedActions ?? []) {
      const subject = fa.opKey;
      const id = alertId('failed-action', fa.node, subject);
      if (seen.has(id)) continue;
      seen.add(id);
      drafts.push({ id, rule: 'failed-action', node: fa.node, subject, severity: 'warning', message: `failed action ${fa.opKey} on ${fa.node}: ${fa.exitStatus}${fa.exitReason ? ` (${fa.exitReason})` : ''}` });
    }
    return drafts;
  },
});
