// fence node: what dies with the node (from the store) and where Pacemaker would restart it (the
// what-if: crm_simulate --node-fail on a CIB copy). Pure.
import { flattenResources, type CrmResource } from '../../model/pacemaker.js';
import type { VdState } from '../../store/types.js';
import { resourceForVm, runningVmsOn } from '../state.js';
import type { ReportLine, WhatIf } from '../types.js';

export interface Victims {
  /** Primitives (and clone instances) active on the node. */
  resources: CrmResource[];
  /** Guests libvirt shows running there: with the resource that runs them, if any. */
  vms: { name: string; resource?: string }[];
}

const base = (id: string): string => id.replace(/:\d+$/, '');

export function victims(s: VdState, node: string): Victims {
  const resources = flattenResources(s.cluster.crm?.resources ?? []).filter((r) => r.kind === 'primitive' && r.active && r.nodes.includes(node));
  const vms = runningVmsOn(s, node).map((v) => {
    const r = resourceForVm(s, v.name);
    return r ? { name: v.name, resource: r.id } : { name: v.name };
  });
  return { resources, vms };
}

/** One summary line for the plan (before the what-if has run). */
export function victimsSummary(node: string, v: Victims): string {
  if (!v.resources.length && !v.vms.length) return `nothing runs on ${node} (per the last collection)`;
  const unmanaged = v.vms.filter((x) => !x.resource);
  return [
    `killed with ${node}: ${v.vms.length} running VM(s)${v.vms.length ? ` (${v.vms.map((x) => x.name).join(', ')})` : ''}, ${v.resources.length} resource(s)${v.resources.length ? ` (${v.resources.map((r) => r.id).join(', ')})` : ''}`,
    unmanaged.length ? `; ${unmanaged.length} VM(s) not run by Pacemaker are NOT restarted anywhere` : '',
  ].join('');
}

/**
 * One line per victim: where the what-if restarts it. Guests die with the host whatever happens
 * next, so a restart elsewhere is a cold boot (info); staying down or no recovery is a warning.
 */
export function victimsReport(s: VdState, node: string, w: WhatIf): ReportLine[] {
  const v = victims(s, node);
  const out: ReportLine[] = [];
  const vmOf = new Map(v.vms.filter((x) => x.resource).map((x) => [x.resource!, x.name]));
  const label = (r: CrmResource) => (vmOf.has(r.id) ? `${r.id} (VM ${vmOf.get(r.id)})` : r.id);
  if (w.error) {
    out.push({ level: 'warning', subject: 'what-if', message: `not available (${w.error}): where the ${v.resources.length} resource(s) of ${node} restart is unknown` });
  } else {
    const used = new Set<number>();
    for (const r of v.resources) {
      // Clone instances: crm_mon says "dlm", crm_simulate "dlm:1"; take the first unused match.
      const i = w.changes.findIndex((c, k) => !used.has(k) && (c.resource === r.id || base(c.resource) === base(r.id)) && (c.from === node || c.from === undefined));
      const c = i >= 0 ? w.changes[i] : undefined;
      if (i >= 0) used.add(i);
      const subject = r.agent?.startsWith('stonith:') ? `${r.id} (fence device)` : label(r);
      if (c?.to && c.to !== node) out.push({ level: 'info', subject, message: `dies with ${node}; Pacemaker restarts it on ${c.to} (${c.action})` });
      // An instance of a clone is one per node: it stops with its node, the others keep running.
      else if (c && /:\d+$/.test(c.resource) && !c.to) out.push({ level: 'info', subject, message: `clone instance ${c.resource} stops with ${node}; the clone keeps running on the other nodes` });
      else if (c) out.push({ level: 'warning', subject, message: `dies with ${node} and stays stopped (${c.action}${c.note ? ` ${c.note}` : ''})` });
      else out.push({ level: 'warning', subject, message: `dies with ${node}; the what-if plans no recovery for it` });
    }
  }
  for (const x of v.vms.filter((y) => !y.resource)) out.push({ level: 'warning', subject: `VM ${x.name}`, message: `runs on ${node} outside Pacemaker: dies and is NOT restarted anywhere` });
  return out;
}
