import type { VdState } from '../../store/types.js';
import { crmNode } from '../state.js';
import type { VerifyResult } from '../types.js';
import type { FenceNodeTarget } from './guards.js';

export function verifyFenced(s: VdState, t: FenceNodeTarget): VerifyResult {
  const n = crmNode(s, t.node);
  const done = (s.cluster.crm?.fenceHistory ?? []).some((e) => e.target === t.node && e.status === 'success');
  return done || (n && !n.online) ? { ok: true, message: `${t.node} was fenced` } : { ok: false, message: `${t.node} is still shown online` };
}
