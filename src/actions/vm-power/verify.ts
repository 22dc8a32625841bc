import type { VdState } from '../../store/types.js';
import { nodesRunning } from '../state.js';
import type { VerifyResult } from '../types.js';
import type { PowerTarget } from './guards.js';

export function verifyStart(s: VdState, t: PowerTarget): VerifyResult {
  const on = nodesRunning(s, t.vm);
  if (on.length === 1 && (!t.node || on[0] === t.node)) return { ok: true, message: `${t.vm} runs on ${on[0]}` };
  return { ok: false, message: on.length ? `${t.vm} runs on ${on.join(', ')}` : `${t.vm} is not running yet` };
}

export function verifyStop(s: VdState, t: PowerTarget): VerifyResult {
  const on = nodesRunning(s, t.vm);
  return on.length === 0 ? { ok: true, message: `${t.vm} is stopped` } : { ok: false, message: `${t.vm} still runs on ${on.join(', ')}` };
}
