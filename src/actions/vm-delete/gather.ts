// vm delete's reads (nothing here changes state): the VM's resource (config <name>), what each
// reachable node's libvirt holds of it (persistent or not, its XML: disks and nvram), the
// constraints naming its resource, and with --remove-storage every other VM's disks.
import { dominfoCmd, dumpxmlCmd } from '../../collectors/virsh/command.js';
import { parseDumpxml } from '../../collectors/virsh/parse.js';
import type { DomainXmlInfo } from '../../model/vm.js';
import { cibQueryCmd } from '../commands.js';
import { healthyNode } from '../engine.js';
import { errorText } from '../error-text.js';
import { readNodesDomains, type NodesDomainReads } from '../gather.js';
import { isReachable, nodesDefining, resourceForVm, vmsOn } from '../state.js';
import type { ActionCtx, ActionOptions } from '../types.js';
import { domainsOf, readVmConfigs, type VmConfigFacts } from '../vm-config.js';
import { constraintsOf, dominfoPersistent, parseConstraints, type ConstraintRef } from './parse.js';

export interface DeleteTarget {
  vm: string;
  /** Also delete the VM's file-backed volumes (never a disk another VM uses). */
  removeStorage: boolean;
}

/** What one node's libvirt holds of the VM. */
export interface NodeDefinition {
  persistent?: boolean;
  xml?: DomainXmlInfo;
  /** Why dominfo or dumpxml could not be read. */
  error?: string;
}

export interface DeleteFacts extends VmConfigFacts {
  /** Reachable node that lists the VM → what it holds. */
  defs: Record<string, NodeDefinition>;
  /** Constraints naming the VM's resource (absent: unmanaged, or unread: see constraintsError). */
  constraints?: ConstraintRef[];
  constraintsError?: string;
  /** --remove-storage: every other VM's domain XML on every reachable node. */
  others?: NodesDomainReads;
}

async function readDefinition(ctx: ActionCtx, uri: string, node: string, vm: string): Promise<NodeDefinition> {
  try {
    const [info, xml] = await ctx.runner.runBatch(node, [dominfoCmd(uri, vm), dumpxmlCmd(uri, vm)]);
    const d: NodeDefinition = {};
    const persistent = info?.code === 0 ? dominfoPersistent(info.stdout) : undefined;
    if (persistent !== undefined) d.persistent = persistent;
    else d.error = `${node}: virsh dominfo ${vm}: ${info?.code === 0 ? 'no Persistent line' : `exit ${info?.code ?? 'unknown'}`}`;
    if (xml?.code === 0) {
      try {
        d.xml = parseDumpxml(xml.stdout, node);
      } catch (e) {
        d.error ??= `${node}: virsh dumpxml ${vm}: ${errorText(e)}`;
      }
    } else d.error ??= `${node}: virsh dumpxml ${vm}: exit ${xml?.code ?? 'unknown'}`;
    return d;
  } catch (e) {
    return { error: `${node}: ${vm} not read: ${errorText(e)}` };
  }
}

export async function gatherDelete(t: DeleteTarget, ctx: ActionCtx, opts: ActionOptions): Promise<DeleteFacts> {
  const s = ctx.store.getState();
  const cfg = await readVmConfigs(ctx.runner, s, [t.vm]);
  const out: DeleteFacts = { ...cfg, defs: {} };
  for (const n of nodesDefining(s, t.vm).filter((x) => isReachable(s, x))) out.defs[n] = await readDefinition(ctx, opts.libvirtUri, n, t.vm);
  const rsc = resourceForVm(s, t.vm, domainsOf(cfg));
  const via = healthyNode(s);
  if (rsc && !via) out.constraintsError = 'no reachable node to read the constraints on';
  else if (rsc && via) {
    try {
      const r = await ctx.runner.run(via, cibQueryCmd('constraints'));
      if (r.code === 0) out.constraints = constraintsOf(parseConstraints(r.stdout), rsc.id);
      else out.constraintsError = `${via}: cibadmin --query --scope constraints: exit ${r.code}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''}`;
    } catch (e) {
      out.constraintsError = `${via}: constraints not read: ${errorText(e)}`;
    }
  }
  if (t.removeStorage) out.others = await readNodesDomains(ctx.runner, opts.libvirtUri, s, s.nodeOrder.filter((n) => isReachable(s, n)), (x, n) => vmsOn(x, n).map((v) => v.name).filter((v) => v !== t.vm));
  return out;
}
