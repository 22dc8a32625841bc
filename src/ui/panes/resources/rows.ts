// Resources view: every primitive (clone instances included) with role, node, fail count.
import { flattenResources, type CrmStatus } from '../../../model/pacemaker.js';
import type { Column, Row } from '../../table.js';
import { SYM, type Tone } from '../../theme.js';
import type { FreshCell } from '../fresh.js';

export const RESOURCE_COLUMNS: Column[] = [
  { title: 'RESOURCE', width: 14, priority: 0, grow: true },
  { title: 'AGENT', width: 20, priority: 3 },
  { title: 'ROLE', width: 12, priority: 0 },
  { title: 'NODE', width: 10, priority: 1 },
  { title: 'PARENT', width: 10, priority: 4 },
  { title: 'FAILS', width: 5, priority: 2, align: 'right' },
  { title: 'FLAGS', width: 12, priority: 2 },
];

export function resourceRowId(id: string, node: string | undefined): string {
  return node ? `${id}@${node}` : id;
}

export function resourceRows(crm: CrmStatus | undefined, fresh: FreshCell): Row[] {
  if (!crm) return [];
  const prims = flattenResources(crm.resources).filter((r) => r.kind === 'primitive');
  return prims.map((r) => {
    const node = r.nodes.join(',');
    const fails = crm.history.filter((h) => h.resource === r.id || h.resource.split(':')[0] === r.id).reduce((s, h) => s + h.failCount, 0);
    const failedAction = crm.failedActions.some((f) => f.resource === r.id || f.resource.split(':')[0] === r.id);
    const flags = [r.failed ? 'FAILED' : '', !r.managed ? 'unmanaged' : '', r.blocked ? 'blocked' : '', r.disabled || r.targetRole === 'Stopped' ? 'disabled' : '']
      .filter(Boolean)
      .join(' ');
    const stoppedUnexpected = !r.active && !(r.disabled || r.targetRole === 'Stopped');
    const roleTone: Tone = r.failed || r.blocked ? 'crit' : stoppedUnexpected ? 'warn' : 'ok';
    const role = r.failed ? `${SYM.down} ${r.role} FAILED` : stoppedUnexpected ? `${SYM.warn} ${r.role}` : r.role;
    const tone: Tone = !fresh.live ? 'stale' : roleTone === 'crit' ? 'crit' : roleTone === 'warn' || failedAction ? 'warn' : 'normal';
    return {
      id: resourceRowId(r.id, r.parent ? r.nodes[0] : undefined),
      cells: [r.id, r.agent ?? r.kind, role, node || '-', r.parent ?? '', fails ? String(fails) : '', flags],
      tone,
      cellTones: [undefined, 'muted', roleTone, undefined, 'muted', fails ? 'warn' : undefined, flags ? 'warn' : undefined],
      sortKeys: [r.id, r.agent, role, node, r.parent, fails, flags],
    };
  });
}
