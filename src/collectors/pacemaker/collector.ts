// Cluster-wide: crm_mon XML from one node. The runtime picks the node and fails over.
import type { CrmStatus } from '../../model/pacemaker.js';
import { isValid, nodeName } from '../../model/names.js';
import type { CollectorContext } from '../context.js';
import { okOutput } from '../section.js';
import { crmMonCmd } from './command.js';
import { parseCrmMon } from './parse.js';
import type { CrmMonReparser } from './reparse.js';

/** `reparser` (the runtime keeps one) skips parsing an output that differs only in its last_update time. */
export async function pollPacemaker(ctx: CollectorContext, via: string, reparser?: CrmMonReparser): Promise<CrmStatus> {
  const c = crmMonCmd();
  const r = await ctx.runner.run(via, c);
  const out = okOutput(via, c, r);
  const crm = reparser ? reparser.parse(out, via) : parseCrmMon(out, via);
  ctx.store.getState().setClusterData('pacemaker', via, { crm });
  return crm;
}

/** Cluster member nodes (not remote/guest nodes: those are not SSH targets of ours). */
export function memberNodes(crm: CrmStatus): string[] {
  return crm.nodes.filter((n) => n.type === 'member' && isValid(nodeName, n.name)).map((n) => n.name);
}
