// Reads the guards need that the store does not hold: each VM's domain XML (`virsh -r dumpxml`),
// parsed by the collectors' parser. Nothing here changes state; failures are reported, not fatal.
import { dumpxmlCmd } from '../collectors/virsh/command.js';
import { dumpxmlInactiveCmd } from './commands.js';
import { parseDumpxml } from '../collectors/virsh/parse.js';
import { domainName, isValid } from '../model/names.js';
import type { DomainXmlInfo } from '../model/vm.js';
import type { Runner } from '../ssh/runner.js';
import type { VdState } from '../store/types.js';
import { errorText } from './error-text.js';
import { isReachable } from './state.js';

export interface DomainReads {
  /** VM name → parsed domain XML. */
  domains: Record<string, DomainXmlInfo>;
  /** One line per VM (or node) whose XML could not be read, naming node and VM. */
  errors: string[];
}

export interface NodesDomainReads {
  /** node → VM name → parsed domain XML. */
  byNode: Record<string, Record<string, DomainXmlInfo>>;
  errors: string[];
}

/** One exec per chunk: the batch shares one timeout, so a node with many VMs is read in parts. */
const BATCH = 16;

/** dumpxml of each VM on a node, batched over the node's one SSH connection. */
export async function readDomains(runner: Runner, uri: string, node: string, vms: readonly string[]): Promise<DomainReads> {
  const out: DomainReads = { domains: {}, errors: [] };
  // A name the store holds but no command may carry (src/model/names.ts) is reported, not sent.
  const readable: string[] = [];
  for (const vm of vms) {
    if (isValid(domainName, vm)) readable.push(vm);
    else out.errors.push(`${node}: VM ${JSON.stringify(vm)}: not a name virtdeck passes to virsh; its XML was not read`);
  }
  for (let i = 0; i < readable.length; i += BATCH) {
    const chunk = readable.slice(i, i + BATCH);
    let results;
    try {
      results = await runner.runBatch(node, chunk.map((vm) => dumpxmlCmd(uri, vm)));
    } catch (e) {
      out.errors.push(`${node}: virsh dumpxml ${chunk.join(', ')}: ${errorText(e)}`);
      continue;
    }
    chunk.forEach((vm, j) => {
      const r = results[j];
      if (!r || r.code !== 0) out.errors.push(`${node}: virsh dumpxml ${vm}: exit ${r?.code ?? 'unknown'}`);
      else {
        try {
          out.domains[vm] = parseDumpxml(r.stdout, node);
        } catch (e) {
          out.errors.push(`${node}: virsh dumpxml ${vm}: ${errorText(e)}`);
        }
      }
    });
  }
  return out;
}

/** Domain XML of the VMs `pick` selects on every reachable node (node → reads); unreachable nodes are errors. */
export async function readNodesDomains(
  runner: Runner,
  uri: string,
  s: VdState,
  nodes: readonly string[],
  pick: (s: VdState, node: string) => string[],
): Promise<NodesDomainReads> {
  const byNode: NodesDomainReads['byNode'] = {};
  const errors: string[] = [];
  for (const n of nodes) {
    if (!isReachable(s, n)) {
      errors.push(`${n}: not reachable over SSH; its domains were not read`);
      continue;
    }
    const r = await readDomains(runner, uri, n, pick(s, n));
    byNode[n] = r.domains;
    errors.push(...r.errors);
  }
  return { byNode, errors };
}

/** Digest of a VM's persistent definition on one node (formatting and runtime-only parts ignored
 *  by the parser), or the reason it could not be read. */
export async function readInactiveDigest(runner: Runner, uri: string, node: string, vm: string): Promise<string | { error: string }> {
  try {
    const r = await runner.run(node, dumpxmlInactiveCmd(uri, vm));
    if (r.code !== 0 || !r.stdout.trim()) return { error: `${node}: virsh dumpxml --inactive ${vm}: exit ${r.code}` };
    return parseDumpxml(r.stdout, node).digest ?? '';
  } catch (e) {
    return { error: `${node}: virsh dumpxml --inactive ${vm}: ${errorText(e)}` };
  }
}
