// Read-only helpers over a VdState snapshot, shared by the guards. Pure.
import type { CrmNode, CrmResource } from '../model/pacemaker.js';
import { flattenResources, nodeKind, nodeProvider, quorumState } from '../model/pacemaker.js';
import type { VmRuntime } from '../model/vm.js';
import type { Freshness, NodeSlice, SourceId, VdState } from '../store/types.js';
import { sourceFreshness } from '../store/freshness.js';
import { nodeVmLoss } from '../store/vm-loss.js';
import { isVirtualDomain } from '../store/vm-match.js';
import { vmMatch, type VmDomains } from './vm-resource.js';
import type { Finding } from './types.js';

export { isVirtualDomain };

export const RUNNING_STATES = new Set(['running', 'paused', 'idle', 'in shutdown', 'pmsuspended']);

/** Same rule as the panes and the snapshot (sourceFreshness in src/store/freshness.ts): anything
 *  but "live" is not good enough to act on. Event streams (vmevents, journal) are live while their
 *  channel is up, so `connUp` is the node's connection; cluster-wide sources pass true. */
export const isStale = (f: Freshness | undefined, now: number, source: SourceId, connUp = true): boolean =>
  sourceFreshness(source, f, now, connUp).state !== 'live';

export const crmNode = (s: VdState, node: string): CrmNode | undefined => s.cluster.crm?.nodes.find((n) => n.name === node);

export const isReachable = (s: VdState, node: string): boolean => s.nodes[node]?.conn.status === 'up';

/** Online in Pacemaker, not standby, reachable over SSH. */
export const isActiveMember = (s: VdState, node: string): boolean => {
  const n = crmNode(s, node);
  return !!n && n.online && !n.standby && !n.maintenance && isReachable(s, node);
};

export const vmsOn = (s: VdState, node: string): VmRuntime[] => s.nodes[node]?.vms ?? [];
/** Running per libvirt, except guests whose list was read before their node was fenced: they
 *  died with it (store/vm-loss.ts), so a restarted copy is not "running on two nodes". */
export const runningVmsOn = (s: VdState, node: string): VmRuntime[] => {
  const loss = nodeVmLoss(s, node);
  return vmsOn(s, node).filter((v) => RUNNING_STATES.has(v.state) && !(loss && (!loss.managedOnly || resourceForVm(s, v.name))));
};

/** Nodes where the VM is running (more than one = split brain). */
export const nodesRunning = (s: VdState, vm: string): string[] => s.nodeOrder.filter((n) => runningVmsOn(s, n).some((v) => v.name === vm));
export const nodesDefining = (s: VdState, vm: string): string[] => s.nodeOrder.filter((n) => vmsOn(s, n).some((v) => v.name === vm));

export const vmRuntime = (s: VdState, vm: string, node?: string): VmRuntime | undefined => {
  const nodes = node ? [node] : [...nodesRunning(s, vm), ...s.nodeOrder];
  for (const n of nodes) {
    const v = vmsOn(s, n).find((x) => x.name === vm);
    if (v) return v;
  }
  return undefined;
};


/** Pacemaker VirtualDomain resource that runs a VM, matched exactly (src/store/vm-match.ts);
 *  undefined when none or ambiguous: guards refuse the ambiguous with vmResourceFindings. */
export function resourceForVm(s: VdState, vm: string, domains?: VmDomains): CrmResource | undefined {
  return vmMatch(s, vm, domains).resource;
}

/** libvirt autostart on a VM Pacemaker runs: after a node reboot libvirtd starts it while Pacemaker
 *  starts it elsewhere — two copies on one disk. A warning on actions that place or start the VM. */
export function autostartFindings(s: VdState, vm: string): Finding[] {
  const rsc = resourceForVm(s, vm);
  if (!rsc) return [];
  const on = nodesDefining(s, vm).filter((n) => vmsOn(s, n).some((v) => v.name === vm && v.autostart));
  if (!on.length) return [];
  return [{ level: 'warning', code: 'autostart-managed', message: `${vm} has libvirt autostart on (${on.join(', ')}) but Pacemaker resource ${rsc.id} runs it: after a reboot it can start twice; fix with \`virsh autostart --disable ${vm}\` there` }];
}

export const clusterManagesVms = (s: VdState): boolean =>
  flattenResources(s.cluster.crm?.resources ?? []).some(isVirtualDomain);

export const hostCpus = (n: NodeSlice | undefined): number | undefined => {
  if (!n) return undefined;
  if (n.host?.cpu?.cpus) return n.host.cpu.cpus;
  const cells = n.capabilities?.cells ?? [];
  const c = cells.reduce((a, x) => a + x.cpus.length, 0);
  if (c > 0) return c;
  const t = n.capabilities?.topology;
  return t ? t.sockets * t.cores * t.threads : undefined;
};

export const vcpusRunning = (s: VdState, node: string): number => runningVmsOn(s, node).reduce((a, v) => a + (v.vcpus ?? 0), 0);

/** Free hugepage memory (kB) of one page size on a node. */
export const hugepagesFreeKb = (n: NodeSlice | undefined, sizeKb?: number): number => {
  const pools = n?.host?.hugepages ?? [];
  return pools.filter((p) => sizeKb === undefined || p.sizeKb === sizeKb).reduce((a, p) => a + p.free * p.sizeKb, 0);
};

const NODE_SOURCES: SourceId[] = ['host', 'vms'];

/** error findings for stale pacemaker data or stale per-node data the guards rely on. */
export function staleFindings(s: VdState, nodes: readonly string[], now: number, extra: SourceId[] = []): Finding[] {
  const out: Finding[] = [];
  if (isStale(s.cluster.fresh.pacemaker, now, 'pacemaker')) {
    out.push({ level: 'error', code: 'stale-data', message: 'Pacemaker status is stale or missing; refresh before acting' });
  }
  for (const n of nodes) {
    const slice = s.nodes[n];
    if (!slice) continue;
    for (const src of [...NODE_SOURCES, ...extra]) {
      if (isStale(slice.fresh[src], now, src, slice.conn.status === 'up')) {
        out.push({ level: 'error', code: 'stale-data', node: n, message: `${n}: ${src} data is stale or missing` });
      }
    }
  }
  return out;
}

export function quorumFindings(s: VdState): Finding[] {
  const crm = s.cluster.crm;
  if (!crm) return [{ level: 'error', code: 'no-pacemaker-status', message: 'no Pacemaker status collected yet' }];
  const q = quorumState(crm.summary);
  // Unknown is not quorate for actions, but it is not "no quorum" either: say which it is.
  if (q.state === 'unknown') return [{ level: 'error', code: 'quorum-unknown', message: `quorum unknown (${q.why}): actions need a known quorate partition` }];
  if (q.state === 'no') return [{ level: 'error', code: 'no-quorum', message: 'the cluster partition is not quorate' }];
  return [];
}

export function unknownNode(s: VdState, node: string): Finding[] {
  if (s.nodes[node]) return [];
  // Pacemaker lists it (a remote or guest node, or a member left out of the config): say so.
  const pn = s.cluster.crm?.nodes.find((n) => n.name === node);
  if (pn) {
    const k = nodeKind(pn);
    const what = k === 'guest' ? `a guest node (provided by ${nodeProvider(pn)})` : k === 'remote' ? 'a remote node' : `a ${k} node`;
    return [{ level: 'error', code: 'unknown-node', node, message: `${node} is ${what} of cluster ${s.cluster.name}, not one this console connects to: actions need a configured member` }];
  }
  return [{ level: 'error', code: 'unknown-node', node, message: `${node} is not a node of cluster ${s.cluster.name}` }];
}

/** Fence devices (resources) that can fence a node and are neither failed nor stopped; `via`:
 *  the node whose fencer listed them; `unknown`: why nobody could tell (then `all` is empty
 *  because nothing is known, not because no device exists). */
export function usableFenceDevices(s: VdState, node: string): { all: string[]; usable: string[]; via?: string; unknown?: string } {
  const t = s.cluster.stonithTargets?.find((x) => x.target === node);
  const failing = s.cluster.fresh.stonith?.error;
  const unknown = t?.error ?? (failing !== undefined ? `stonith_admin failing: ${failing}` : !t ? 'stonith_admin not read yet' : undefined);
  if (unknown !== undefined) return { all: [], usable: [], unknown };
  const all = t!.devices;
  const rs = flattenResources(s.cluster.crm?.resources ?? []);
  const usable = all.filter((d) => {
    const r = rs.find((x) => x.id === d);
    return !r || (r.active && !r.failed && !r.blocked);
  });
  return t!.via !== undefined ? { all, usable, via: t!.via } : { all, usable };
}

export const errors = (fs: readonly Finding[]): Finding[] => fs.filter((f) => f.level === 'error');
export const warnings = (fs: readonly Finding[]): Finding[] => fs.filter((f) => f.level === 'warning');
