import type { VdState } from '../../store/types.js';
import { nodesRunning, resourceForVm } from '../state.js';
import type { VerifyResult } from '../types.js';
import type { MigrateTarget } from './guards.js';

/** libvirt shows it only on `node`, and Pacemaker (if it manages it) agrees. */
export function runsOnlyOn(s: VdState, vm: string, node: string): boolean {
  const on = nodesRunning(s, vm);
  if (on.length !== 1 || on[0] !== node) return false;
  const r = resourceForVm(s, vm);
  return !r || (r.active && r.nodes.length === 1 && r.nodes[0] === node);
}

export function verifyMigrate(s: VdState, t: MigrateTarget): VerifyResult {
  return runsOnlyOn(s, t.vm, t.node)
    ? { ok: true, message: `${t.vm} runs on ${t.node}` }
    : { ok: false, message: `${t.vm} runs on ${nodesRunning(s, t.vm).join(', ') || 'no node'}` };
}
