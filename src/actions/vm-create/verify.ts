import type { VdState } from '../../store/types.js';
import { nodesDefining, resourceForVm } from '../state.js';
import type { VerifyResult } from '../types.js';
import type { CreateTarget } from './guards.js';

export function verifyCreate(s: VdState, t: CreateTarget): VerifyResult {
  if (!nodesDefining(s, t.name).includes(t.node)) return { ok: false, message: `${t.name} is not listed on ${t.node} yet` };
  if (t.cluster !== false && s.cluster.crm && (t.cluster || s.cluster.crm.resources.some((r) => r.agent?.endsWith(':VirtualDomain'))) && !resourceForVm(s, t.name)) {
    return { ok: false, message: `Pacemaker does not show the resource of ${t.name} yet` };
  }
  return { ok: true, message: `${t.name} is defined on ${t.node}` };
}
