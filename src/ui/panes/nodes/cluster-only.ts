// Rows for the nodes Pacemaker lists that this console does not poll over SSH: remote nodes
// (pacemaker_remote hosts), guests (VMs with remote-node, bundle replicas) and members left out
// of the config. Resources run on them, so the node list must show them; their reach is
// "not polled" (we never tried), which must not read as down.
import { flattenResources, nodeKind, nodeProvider, type CrmNode, type CrmStatus } from '../../../model/pacemaker.js';
import type { Row } from '../../table.js';
import { SYM, type Tone } from '../../theme.js';

/** "guest of vm-web1", "remote node", "remote or guest" (read from Prometheus), "member, not configured". */
export function nodeKindText(n: CrmNode): string {
  const k = nodeKind(n);
  const p = nodeProvider(n);
  return k === 'guest' ? `guest of ${p}` : k === 'remote' ? (n.guestOrRemote ? 'remote or guest' : 'remote node') : k === 'member' ? 'member, not configured' : k;
}

/** Pacemaker's state only: with no SSH there is no reachability to mix in. */
export function pacemakerState(n: CrmNode): { text: string; tone: Tone } {
  if (n.unclean) return { text: `${SYM.down} UNCLEAN`, tone: 'crit' };
  if (!n.online) return { text: `${SYM.down} OFFLINE`, tone: 'crit' };
  if (n.maintenance) return { text: `${SYM.maint} maintenance`, tone: 'warn' };
  if (n.standby) return { text: `${SYM.standby} standby`, tone: 'warn' };
  if (n.pending) return { text: '… pending', tone: 'warn' };
  return { text: `${SYM.ok} online`, tone: 'ok' };
}

/** Same columns as nodeRows (NODE_COLUMNS); host metrics do not exist for these nodes. */
export function clusterOnlyNodeRows(polled: readonly string[], crm: CrmStatus | undefined): Row[] {
  if (!crm) return [];
  const have = new Set(polled);
  return crm.nodes
    .filter((n) => !have.has(n.name) && n.type !== 'ping')
    .map((n) => {
      const st = pacemakerState(n);
      const kind = nodeKindText(n);
      return {
        id: n.name,
        cells: [n.name, st.text, n.isDc ? 'DC' : '', '-', '-', '-', '-', '-', 'not polled', kind],
        tone: st.tone === 'ok' ? 'normal' : st.tone,
        cellTones: [undefined, st.tone, 'info', undefined, undefined, undefined, undefined, undefined, 'muted', 'muted'],
        sortKeys: [n.name, st.text, n.isDc ? 0 : 1, -1, -1, -1, -1, -1, 'not polled', Infinity],
      };
    });
}

/** Detail view of a node this console does not poll: Pacemaker's view and what runs there. */
export function clusterOnlyDetailLines(n: CrmNode, crm: CrmStatus): { text: string; tone?: Tone }[] {
  const st = pacemakerState(n);
  const running = flattenResources(crm.resources).filter((r) => r.kind === 'primitive' && r.nodes.includes(n.name));
  const p = nodeProvider(n);
  const provider = p ? flattenResources(crm.resources).find((r) => r.id === p) : undefined;
  const out: { text: string; tone?: Tone }[] = [
    { text: `Node ${n.name}`, tone: 'accent' },
    { text: `  ${'type'.padEnd(14)} ${nodeKindText(n)}` },
    { text: `  ${'state'.padEnd(14)} ${st.text}`, tone: st.tone },
    { text: `  ${'ssh'.padEnd(14)} not polled: not an SSH target of this console`, tone: 'muted' },
  ];
  if (provider) out.push({ text: `  ${'provided by'.padEnd(14)} ${provider.id} (${provider.agent ?? provider.kind}) ${provider.active ? `on ${provider.nodes.join(', ')}` : provider.role}` });
  out.push({ text: `Resources here (${running.length})`, tone: 'accent' });
  for (const r of running) out.push({ text: `  ${r.id.padEnd(20)} ${r.agent ?? ''} ${r.role}`, ...(r.failed ? { tone: 'crit' as Tone } : {}) });
  return out;
}
