// Network: bond slaves that are not up, and corosync links to peers Pacemaker has online.
import { nodeRule, type Draft } from './rule.js';

export const bondRule = nodeRule({
  id: 'bond',
  inputs: { bonds: (n) => n.bonds },
  evaluate({ bonds }, node) {
    const drafts: Draft[] = [];
    for (const b of bonds ?? [])
      for (const s of b.slaves) if (s.miiStatus !== 'up') drafts.push({ rule: 'bond', node, subject: `${b.name}/${s.name}`, severity: 'warning', message: `${b.name} slave ${s.name} ${s.miiStatus} on ${node}` });
    return drafts;
  },
});

export const corosyncLinkRule = nodeRule({
  id: 'corosync-link',
  inputs: { links: (n) => n.corosyncLinks, quorum: (n) => n.quorum, crmNodes: (_n, s) => s.cluster.crm?.nodes },
  evaluate({ links, quorum, crmNodes }, node) {
    const drafts: Draft[] = [];
    const peerName = (id: number): string => quorum?.members.find((m) => m.nodeid === id)?.name ?? crmNodes?.find((x) => x.id === String(id))?.name ?? `nodeid ${id}`;
    // Links to a node Pacemaker shows offline are down by definition: its node alert says it once.
    const peerOffline = (id: number): boolean => crmNodes?.some((x) => x.id === String(id) && !x.online) ?? false;
    for (const l of links?.links ?? [])
      for (const p of l.peers)
        if (p.status !== 'localhost' && (p.status === 'disconnected' || p.connected === false) && !peerOffline(p.nodeid))
          drafts.push({ rule: 'corosync-link', node, subject: `link${l.linkNo}/${p.nodeid}`, severity: 'warning', message: `corosync link ${l.linkNo} from ${node} to ${peerName(p.nodeid)} disconnected` });
    return drafts;
  },
});
