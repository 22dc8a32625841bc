// node evacuate: every running VM leaves the node — managed ones via standby, the others via
// virsh live migration to the node with the most free memory.
import { standbyGuards, type NodeTarget, type StandbyFacts } from '../standby/guards.js';
import { resourceForVm, runningVmsOn } from '../state.js';
import type { Finding, GuardInput } from '../types.js';

export function evacuateGuards(input: GuardInput<NodeTarget, StandbyFacts>): Finding[] {
  const hasManaged = runningVmsOn(input.state, input.target.node).some((v) => resourceForVm(input.state, v.name));
  return standbyGuards(input).filter((f) => f.code !== 'unmanaged-vms' && (hasManaged || !['stonith-disabled', 'no-fence-device'].includes(f.code)));
}
