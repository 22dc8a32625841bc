import type { VdState } from '../../store/types.js';
import type { NodeTarget } from '../standby/guards.js';
import { resourcesOn } from '../standby/verify.js';
import { runningVmsOn } from '../state.js';
import type { VerifyResult } from '../types.js';

export function verifyEvacuated(s: VdState, t: NodeTarget): VerifyResult {
  const left = [...new Set([...runningVmsOn(s, t.node).map((v) => v.name), ...resourcesOn(s, t.node).map((r) => r.id)])];
  return left.length === 0 ? { ok: true, message: `${t.node} runs no VMs` } : { ok: false, message: `still on ${t.node}: ${left.join(', ')}` };
}
