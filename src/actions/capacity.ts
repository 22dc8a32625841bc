// What the guards may say about a node's free room: unknown is unknown, never 0 MiB ("node3 has
// 0 MiB available" was printed for an unreachable node), and a plan that moves VMs while another
// node is out says that the cluster's capacity is reduced.
import type { VdState } from '../store/types.js';
import { crmNode, isActiveMember } from './state.js';

/** UTC date and time of a ms epoch, as guards print it. */
export const utcStamp = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** Why what a node has free is unknown: not reachable (its last figures are not now's), or its
 *  memory never collected. Undefined when known. */
export function roomUnknown(s: VdState, node: string): string | undefined {
  const n = s.nodes[node];
  if (!n) return `${node} is not polled by virtdeck`;
  if (n.conn.status !== 'up') return `${node} unreachable since ${utcStamp(n.conn.since)}`;
  if (n.host?.mem.memAvailableKb === undefined) return `${node}'s memory not collected yet`;
  return undefined;
}

/** Nodes other than `except` that cannot take VMs now, each with why (down, unclean, standby,
 *  maintenance, unreachable). Remote and guest nodes do not host VMs and are left out. */
export function capacityLost(s: VdState, except: string): string[] {
  const out: string[] = [];
  for (const n of s.nodeOrder) {
    if (n === except || isActiveMember(s, n)) continue;
    const c = crmNode(s, n);
    if (c?.type !== undefined && c.type !== 'member') continue;
    let why: string;
    if (!c) why = 'not in Pacemaker';
    else if (c.unclean) why = 'unclean in Pacemaker';
    else if (!c.online) why = 'offline in Pacemaker';
    else if (c.standby) why = 'in standby';
    else if (c.maintenance) why = 'in maintenance';
    else why = roomUnknown(s, n)?.slice(n.length + 1) ?? 'not active';
    out.push(`${n} ${why}`);
  }
  return out;
}
