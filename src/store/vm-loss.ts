// A fenced node's VM list is history: libvirt data collected before the fence describes guests
// that were powered off with the node (Pacemaker restarts the managed ones elsewhere). Such rows
// are shown as "lost with node (fenced HH:MM)" and never counted as running, so a VM is not
// counted twice beside its restarted copy.
import type { CrmFenceEvent, CrmStatus } from '../model/pacemaker.js';
import type { VdState } from './types.js';

export interface VmLoss {
  /** When the fence completed (ms epoch), when the history says. */
  fencedAt?: number;
  /** For the STATE cell: "fenced 10:42", "fenced", or "offline in Pacemaker". */
  why: string;
  /** Only Pacemaker-managed VMs are lost (the node left Pacemaker cleanly, no fence on record:
   *  Pacemaker stopped or moved its resources; a VM outside Pacemaker may still run there). */
  managedOnly?: boolean;
}

/**
 * A fence event's `completed` (crm_mon XML "2025-06-02 10:00:31Z", "… +02:00", stonith_admin
 * "… +00:00", ISO with a "T"; fractions allowed) → ms epoch. No zone: UTC. Unreadable: undefined.
 */
export function fenceTimeMs(completed: string | undefined): number | undefined {
  if (!completed) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(completed.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0);
  if (zone && zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    t -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
  }
  return Number.isFinite(t) ? t : undefined;
}

const KILLS = new Set(['reboot', 'off']);

/** Latest successful reboot/off per target: time (NaN when unreadable). Per history array. */
const fencedCache = new WeakMap<readonly CrmFenceEvent[], Map<string, number>>();
function lastFences(crm: CrmStatus): Map<string, number> {
  let m = fencedCache.get(crm.fenceHistory);
  if (m) return m;
  m = new Map();
  for (const e of crm.fenceHistory) {
    if (e.status !== 'success' || !KILLS.has(e.action)) continue;
    const t = fenceTimeMs(e.completed) ?? NaN;
    const old = m.get(e.target);
    if (old === undefined || Number.isNaN(old) || t > old) m.set(e.target, t);
  }
  fencedCache.set(crm.fenceHistory, m);
  return m;
}

const hhmm = (ms: number): string => {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

/**
 * Why `node`'s VM list is dead, or undefined when it is not:
 * - a successful fence of it completed after the list was collected (the list predates it), or a
 *   fence with an unreadable time while the node is not reachable;
 * - Pacemaker has it offline and clean (not unclean: that is "fence pending", and the guests may
 *   still run) and this console cannot reach it: Pacemaker-managed VMs are stopped or moved.
 */
export function nodeVmLoss(s: Pick<VdState, 'cluster' | 'nodes'>, node: string): VmLoss | undefined {
  const n = s.nodes[node];
  const crm = s.cluster.crm;
  if (!n?.vms || !crm) return undefined;
  const taken = n.fresh.vms?.lastOk;
  const reachable = n.conn.status === 'up';
  const fenced = lastFences(crm).get(node);
  if (fenced !== undefined) {
    if (Number.isNaN(fenced)) {
      if (!reachable) return { why: 'fenced' };
    } else if (taken === undefined || taken <= fenced) return { fencedAt: fenced, why: `fenced ${hhmm(fenced)}` };
  }
  const pn = crm.nodes.find((x) => x.name === node);
  if (pn && !pn.online && !pn.unclean && !reachable) return { why: 'offline in Pacemaker', managedOnly: true };
  return undefined;
}

/** One string per state of the losses (a memo dependency: equal strings, same rows). */
export function vmLossKey(s: Pick<VdState, 'cluster' | 'nodes' | 'nodeOrder'>): string {
  if (!s.cluster.crm) return '';
  let key = '';
  for (const node of s.nodeOrder) {
    const l = nodeVmLoss(s, node);
    if (l) key += `${node}\t${l.why}\t${l.managedOnly ? 1 : 0}\n`;
  }
  return key;
}

/** "lost with node (fenced 10:42)" */
export const lostText = (l: VmLoss): string => `lost with node (${l.why})`;
