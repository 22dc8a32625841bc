import { flattenResources } from '../../model/pacemaker.js';
import type { VdState } from '../../store/types.js';
import { crmNode } from '../state.js';
import type { VerifyResult } from '../types.js';
import type { NodeTarget } from './guards.js';

/** Primitive resources active on a node. */
export const resourcesOn = (s: VdState, node: string) =>
  flattenResources(s.cluster.crm?.resources ?? []).filter((r) => r.kind === 'primitive' && r.active && r.nodes.includes(node));

export function verifyStandby(s: VdState, t: NodeTarget): VerifyResult {
  const n = crmNode(s, t.node);
  if (!n?.standby) return { ok: false, message: `${t.node} is not shown in standby yet` };
  const left = resourcesOn(s, t.node);
  if (left.length > 0) return { ok: false, message: `${left.length} resource(s) still on ${t.node}: ${left.map((r) => r.id).join(', ')}` };
  return { ok: true, message: `${t.node} is in standby and has no resources left` };
}

export function verifyOnline(s: VdState, t: NodeTarget): VerifyResult {
  const n = crmNode(s, t.node);
  return n && n.online && !n.standby ? { ok: true, message: `${t.node} is online` } : { ok: false, message: `${t.node} is still in standby or offline` };
}
