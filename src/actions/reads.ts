// What each action's guards and verify read from the store, as refresh scopes: the engine then
// collects only those sources (e.g. one crm_mon per wait poll instead of a whole collection
// round with its 1 s iostat sample). Pure; computed from the state before the refresh.
import type { SourceId, VdState } from '../store/types.js';
import { isReachable, nodesDefining, nodesRunning, resourceForVm } from './state.js';
import type { RefreshScope } from './types.js';

/** What staleFindings checks on every node it is given (state.ts NODE_SOURCES). */
export const GUARD_NODE_SOURCES: SourceId[] = ['host', 'vms'];

export const PACEMAKER: RefreshScope = { sources: ['pacemaker'] };

export const reachableNodes = (s: VdState): string[] => s.nodeOrder.filter((n) => isReachable(s, n));

const uniq = (xs: readonly (string | undefined)[]): string[] => [...new Set(xs.filter((x): x is string => x !== undefined))];

/** Guards that read Pacemaker (and stonith) plus host/vms freshness on every reachable node. */
export function clusterGuardReads(s: VdState, opts: { stonith?: boolean } = {}): RefreshScope[] {
  return [{ sources: opts.stonith ? ['pacemaker', 'stonith'] : ['pacemaker'] }, { sources: GUARD_NODE_SOURCES, nodes: reachableNodes(s) }];
}

/** Nodes a VM action touches: where libvirt defines or runs it, where Pacemaker has it, and `extra`. */
export function vmNodes(s: VdState, vm: string, ...extra: (string | undefined)[]): string[] {
  return uniq([...nodesDefining(s, vm), ...nodesRunning(s, vm), ...(resourceForVm(s, vm)?.nodes ?? []), ...extra]);
}

/** verify of a VM action: libvirt on the involved nodes, and Pacemaker when it manages the VM. */
export function vmVerifyReads(s: VdState, vm: string, ...extra: (string | undefined)[]): RefreshScope[] {
  const scopes: RefreshScope[] = [{ sources: ['vms'], nodes: vmNodes(s, vm, ...extra) }];
  return resourceForVm(s, vm) ? [PACEMAKER, ...scopes] : scopes;
}
