// Which domain a VirtualDomain resource really runs: the <name> in its `config` file, read the way
// the VirtualDomain agent reads it. crm_mon XML has no instance attributes, so the config paths
// come from a query scoped to VirtualDomain primitives (cibVmPrimitivesCmd: no stonith device's
// attributes, so no BMC password), and the <name> line from the file on a node. Read only for the
// resources a VM could be (its naming-rule candidates and configs named <vm>.xml); any failure
// leaves those resources to the naming rule.
import { XMLParser } from 'fast-xml-parser';
import { decodeXmlText, SAFE_XML_OPTIONS } from '../collectors/xml-text.js';
import { filePath, isValid } from '../model/names.js';
import { cmd, type Cmd } from '../ssh/cmd.js';
import type { Runner } from '../ssh/runner.js';
import type { VdState } from '../store/types.js';
import { claimsOf, vmResourceIndex } from '../store/vm-match.js';
import { cibVmPrimitivesCmd } from './commands.js';
import { errorText } from './error-text.js';
import { isActiveMember, isReachable } from './state.js';

/** The VirtualDomain agent's own pattern (`egrep '[[:space:]]*<name>.*</name>[[:space:]]*$' $config`). */
export const CONFIG_NAME_PATTERN = '[[:space:]]*<name>.*</name>[[:space:]]*$';

/** The <name> line(s) of a domain config; sudo: /etc/libvirt/qemu is root's only. */
export const configNameCmd = (path: string): Cmd => cmd('grep', '-E', CONFIG_NAME_PATTERN, filePath(path)).sudo().timeout(10_000).done();

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'primitive' || n === 'instance_attributes' || n === 'nvpair', ...SAFE_XML_OPTIONS });

type El = Record<string, unknown>;
const list = (v: unknown): El[] => (Array.isArray(v) ? (v as El[]) : []);

/** `cibadmin --query --xpath …` output (one <primitive>, or several inside <xpath-query>) →
 *  resource id → config path. Primitives without a config are left out. */
export function parseVmPrimitives(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  if (xml.trim() === '') return out;
  const doc = parser.parse(xml) as El;
  const wrapped = doc['xpath-query'];
  const prims = list(wrapped && typeof wrapped === 'object' ? (wrapped as El)['primitive'] : doc['primitive']);
  if (!prims.length && wrapped === undefined) throw new Error('cibadmin output holds no <primitive>');
  for (const p of prims) {
    const id = p['@id'];
    if (typeof id !== 'string') continue;
    for (const ia of list(p['instance_attributes'])) {
      const nv = list(ia['nvpair']).find((x) => x['@name'] === 'config');
      if (typeof nv?.['@value'] === 'string') out.set(id, nv['@value']);
    }
  }
  return out;
}

/** The domain name as the agent derives it from grep's lines; undefined unless exactly one. */
export function nameFromConfigLines(stdout: string): string | undefined {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 1) return undefined;
  const m = /^\s*<name>(.*)<\/name>\s*$/.exec(lines[0]!.replace(/\r$/, ''));
  return m ? decodeXmlText(m[1]!) : undefined;
}

export interface VmConfigFacts {
  /** Resource id → domain name its config file names (only resources read). */
  vmDomains: Record<string, string>;
  /** Why some configs were not read (those resources fall back to the naming rule). */
  vmConfigNotes: string[];
}

const BATCH = 16;

/** The node the read runs on: where Pacemaker data came from, else any active reachable member. */
function readNode(s: VdState): string | undefined {
  const via = s.cluster.fresh.pacemaker?.via;
  if (via && isReachable(s, via)) return via;
  return s.nodeOrder.find((n) => isActiveMember(s, n)) ?? s.nodeOrder.find((n) => isReachable(s, n));
}

/** Reads the config <name> of every VirtualDomain resource one of `vms` could be. */
export async function readVmConfigs(runner: Runner, s: VdState, vms: readonly string[]): Promise<VmConfigFacts> {
  const out: VmConfigFacts = { vmDomains: {}, vmConfigNotes: [] };
  const idx = vmResourceIndex(s.cluster.crm?.resources ?? [], s.cluster.vmResourceName);
  if (!vms.length || !idx.virtualDomains.length) return out;
  const node = readNode(s);
  if (!node) return { ...out, vmConfigNotes: ['no reachable node to read VirtualDomain configs on'] };
  let configs: Map<string, string>;
  try {
    const r = await runner.run(node, cibVmPrimitivesCmd());
    if (r.code === 105) return out; // cibadmin: no such element = no VirtualDomain primitive
    if (r.code !== 0) return { ...out, vmConfigNotes: [`${node}: cibadmin --query --xpath: exit ${r.code}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''}`] };
    configs = parseVmPrimitives(r.stdout);
  } catch (e) {
    return { ...out, vmConfigNotes: [`${node}: VirtualDomain primitives not read: ${errorText(e)}`] };
  }
  const want = new Map<string, string>();
  for (const vm of vms) {
    for (const r of claimsOf(idx, vm)) if (configs.has(r.id)) want.set(r.id, configs.get(r.id)!);
    for (const [id, path] of configs) if (path.endsWith(`/${vm}.xml`)) want.set(id, path);
  }
  const jobs = [...want].filter(([id, path]) => {
    if (isValid(filePath, path)) return true;
    out.vmConfigNotes.push(`${id}: config ${JSON.stringify(path)} is not a path virtdeck passes to a command`);
    return false;
  });
  for (let i = 0; i < jobs.length; i += BATCH) {
    const chunk = jobs.slice(i, i + BATCH);
    try {
      const results = await runner.runBatch(node, chunk.map(([, path]) => configNameCmd(path)));
      chunk.forEach(([id, path], j) => {
        const r = results[j];
        const name = r?.code === 0 ? nameFromConfigLines(r.stdout) : undefined;
        if (name !== undefined) out.vmDomains[id] = name;
        else out.vmConfigNotes.push(`${node}: ${id}'s config ${path}: ${r?.code === 0 ? 'not exactly one <name> line' : `exit ${r?.code ?? 'unknown'}`}`);
      });
    } catch (e) {
      out.vmConfigNotes.push(`${node}: configs ${chunk.map(([id]) => id).join(', ')} not read: ${errorText(e)}`);
    }
  }
  return out;
}

/** One plan summary line: which config confirmed the VM's resource, or why none was read. */
export function configSummary(f: Partial<VmConfigFacts> | undefined, vm: string, rsc: string | undefined): string[] {
  if (!f?.vmDomains) return [];
  if (rsc && f.vmDomains[rsc] === vm) return [`${rsc}'s config names domain ${vm}.`];
  const notes = f.vmConfigNotes ?? [];
  return rsc && notes.length ? [`${rsc} matched by its id only (config not read: ${notes[0]}${notes.length > 1 ? ` and ${notes.length - 1} more` : ''}).`] : [];
}

/** Facts as the matcher takes them. */
export const domainsOf = (f: Partial<VmConfigFacts> | undefined): ReadonlyMap<string, string> | undefined =>
  f?.vmDomains && Object.keys(f.vmDomains).length ? new Map(Object.entries(f.vmDomains)) : undefined;
