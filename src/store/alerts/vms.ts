// VMs: libvirt and Pacemaker disagree (held back for a grace period: one source is read before the
// other), a VM running on several nodes, and VM records a poll could not read.
import type { CrmResource } from '../../model/pacemaker.js';
import type { VmRuntime } from '../../model/vm.js';
import { contestedOf } from '../contested.js';
import { sourceFreshness } from '../freshness.js';
import type { NodeSlice, VdState } from '../types.js';
import { findVmResource, vmResourceIndex } from '../vm-match.js';
import { nodeVmLoss } from '../vm-loss.js';
import { crmIndex } from './crm-index.js';
import { clusterRule, nodeRule, type Draft } from './rule.js';

/**
 * Whether a node's VM list describes what runs there now. A dead node's last VM list is history:
 * comparing it with Pacemaker after failover would report every recovered VM as running twice.
 * A list read before its node was fenced is dead too, even while it still looks fresh.
 */
function usableVms(n: NodeSlice, s: VdState, now: number): boolean {
  return n.vms !== undefined && n.conn.status !== 'down' && (n.fresh.vms === undefined || sourceFreshness('vms', n.fresh.vms, now, n.conn.status === 'up').state === 'live') && !nodeVmLoss(s, n.name);
}

const isRunning = (v: VmRuntime): boolean => v.state === 'running' || v.state === 'paused';

/** Equal by VM names and states: a new list that differs in figures (CPU %, latency) alone. */
export function sameNamesAndStates(a: readonly VmRuntime[] | undefined, b: readonly VmRuntime[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.name !== b[i]!.name || a[i]!.state !== b[i]!.state) return false;
  return true;
}

export const vmMismatchRule = nodeRule({
  id: 'vm-mismatch',
  inputs: {
    usable: usableVms,
    inPacemaker: (n, s) => s.cluster.crm?.nodes.some((x) => x.name === n.name) ?? false,
    vms: { get: (n: NodeSlice) => n.vms, same: sameNamesAndStates },
    resources: (_n, s) => s.cluster.crm?.resources,
    pattern: (_n, s) => s.cluster.vmResourceName,
    contested: (_n, s) => contestedOf(s),
  },
  graceMs: (t) => t.mismatchGraceMs,
  evaluate({ usable, inPacemaker, vms, resources, pattern, contested }, node) {
    const mismatch: Draft[] = [];
    if (!usable || !inPacemaker || !vms || !resources) return mismatch;
    const idx = vmResourceIndex(resources, pattern);
    const vmOf = new Map<CrmResource, VmRuntime>();
    const resOf = new Map<VmRuntime, CrmResource | undefined>();
    for (const v of vms) {
      const found = findVmResource(idx, v.name);
      const r = found && contested.ids.has(found.id) ? undefined : found;
      resOf.set(v, r);
      if (r && !vmOf.has(r)) vmOf.set(r, v);
    }
    // Resource claims to run here, domain is not running here.
    for (const r of crmIndex(resources).activeOn.get(node) ?? []) {
      if (contested.ids.has(r.id)) continue;
      const v = vmOf.get(r);
      if (v?.state === 'running') continue;
      mismatch.push({ rule: 'vm-mismatch', node, subject: v?.name ?? r.id, severity: 'warning', message: `Pacemaker: ${r.id} ${r.role} on ${node}, but libvirt: ${v ? v.state : 'no such domain'}` });
    }
    // Domain running here, Pacemaker says elsewhere or Stopped.
    for (const v of vms) {
      if (v.state !== 'running') continue;
      const r = resOf.get(v);
      if (!r || r.nodes.includes(node)) continue;
      mismatch.push({
        rule: 'vm-mismatch',
        node,
        subject: v.name,
        severity: 'warning',
        message: `libvirt: ${v.name} running on ${node}, but Pacemaker: ${r.id} ${r.nodes.length ? `${r.role} on ${r.nodes.join(', ')}` : r.role}`,
      });
    }
    return mismatch;
  },
});

/** Running VM names per VM list (data-keyed: one list always gives the same names). */
const runningNames = new WeakMap<readonly VmRuntime[], string[]>();
function runningOf(vms: readonly VmRuntime[]): string[] {
  let names = runningNames.get(vms);
  if (!names) runningNames.set(vms, (names = vms.filter(isRunning).map((v) => v.name)));
  return names;
}

/** Node, its running VM names, node, … over the nodes whose VM list is usable. */
function runningOn(s: VdState, now: number): unknown[] {
  const out: unknown[] = [];
  for (const node of s.nodeOrder) {
    const n = s.nodes[node];
    if (n?.vms && usableVms(n, s, now)) out.push(node, runningOf(n.vms));
  }
  return out;
}

/** The same nodes with the same running names (a poll that changed figures alone). */
function sameRunning(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i] !== b[i]) return false;
    const x = a[i + 1] as string[];
    const y = b[i + 1] as string[];
    if (x !== y && (x.length !== y.length || x.some((v, j) => v !== y[j]))) return false;
  }
  return true;
}

export const vmDupRule = clusterRule({
  id: 'vm-dup',
  inputs: { running: { get: runningOn, same: sameRunning } },
  evaluate({ running }) {
    const firstOn = new Map<string, string>();
    const dups = new Map<string, string[]>();
    for (let i = 0; i < running.length; i += 2) {
      const node = running[i] as string;
      for (const name of running[i + 1] as string[]) {
        const first = firstOn.get(name);
        if (first === undefined) firstOn.set(name, node);
        else dups.set(name, [...(dups.get(name) ?? [first]), node]);
      }
    }
    return [...dups].map(([vm, nodes]): Draft => ({ rule: 'vm-dup', subject: vm, severity: 'critical', message: `VM ${vm} running on ${nodes.length} nodes: ${nodes.join(', ')}` }));
  },
});

/** VM records the last poll could not read: each was left out, the node's other VMs are kept. */
export const vmRecordRule = nodeRule({
  id: 'vm-record',
  inputs: { problems: (n) => n.vmProblems },
  evaluate: ({ problems }, node) => (problems ?? []).map((p): Draft => ({ rule: 'vm-record', node, subject: p.subject, severity: 'warning', message: p.message })),
});
