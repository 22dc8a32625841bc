// crm_mon, cibadmin, crm_attribute, crm_resource, crm_simulate as pacemaker 2.1.5 answers them.
import type { DemoSim } from '../sim/sim.js';
import type { SimConstraint } from '../sim/state.js';
import { crmMonRequest, crmMonSections, crmMonUsageXml } from './crm-mon-args.js';
import { cibXml, crmMonXml, fenceDeviceIds } from './pacemaker-xml.js';
import { addLocation, addResourceXml, nodeStandby, removeLocations, scopeOf, setNodeStandby, setPrimitiveMeta } from './cib-file.js';
import { hasFlag, optValue, type Tool, type ToolCtx } from './types.js';
import { primitiveXpath, queryPrimitives, xpathOutput } from './cib-xpath.js';

/** The CIB copy named by CIB_file (what-if editing), or undefined for the live cluster. */
function cibFileOf(ctx: ToolCtx, tool: string): { path: string; xml: string } | undefined | null {
  const path = ctx.env.CIB_file;
  if (path === undefined) return undefined;
  const xml = ctx.sim.node(ctx.node).files.get(path);
  if (xml === undefined || !/<cib\b/.test(xml)) {
    ctx.io.err(`${tool}: Could not connect to the CIB: ${xml === undefined ? 'No such file or directory' : 'Invalid argument'} (${path})\n`);
    return null;
  }
  return { path, xml };
}

const INFINITY = 1_000_000;

function needQuorumDaemons(ctx: ToolCtx, tool: string): boolean {
  if (ctx.sim.node(ctx.node).member !== 'online') {
    ctx.io.err(`${tool}: Connection to cluster failed: Transport endpoint is not connected\n`);
    return false;
  }
  return true;
}

export const crmMon: Tool = (ctx, args) => {
  const xml = args.some((a) => a === '--output-as=xml' || a === '-X' || a === '--as-xml') || optValue(args, '--output-as') === 'xml';
  const request = crmMonRequest(ctx.argv0 ?? 'crm_mon', args);
  // Options are checked before crm_mon connects to the cluster.
  const sections = crmMonSections(args);
  if (!sections.ok) {
    if (xml && sections.document) ctx.io.out(crmMonUsageXml(request, sections.error));
    else ctx.io.err(`${sections.error}\n`);
    return 64;
  }
  if (!needQuorumDaemons(ctx, 'crm_mon')) return 102;
  if (!xml) {
    ctx.io.out(statusText(ctx.sim));
    return 0;
  }
  ctx.io.out(crmMonXml(ctx.sim, { request, history: sections.history }));
  return 0;
};

const CIBADMIN_OPTS = new Set(['--query', '-Q', '--create', '-C', '--scope', '-o', '--xml-text', '-X', '--local', '-l', '--sync-call', '-s', '--timeout', '-t', '--no-children', '-n', '--xpath', '-A', '--delete-all', '--force', '-f', '--delete', '-D']);
const CIB_SCOPES = ['configuration', 'nodes', 'resources', 'constraints', 'crm_config', 'rsc_defaults', 'op_defaults', 'acls', 'fencing-topology', 'tags', 'alerts'];
/** Sections the demo CIB has; the others are absent (cibadmin says so with exit 105). */
const DEMO_SCOPES = new Set(['configuration', 'nodes', 'resources', 'constraints', 'crm_config', 'rsc_defaults']);

function unknownOption(ctx: ToolCtx, tool: string, args: readonly string[], known: ReadonlySet<string>, withValue: ReadonlySet<string>): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) continue;
    const name = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (!known.has(name)) {
      ctx.io.err(`${tool}: unrecognized option '${name}'\nUsage: ${tool} <command> [options]\n`);
      return true;
    }
    if (withValue.has(name) && !a.includes('=')) i++;
  }
  return false;
}

/** A VirtualDomain primitive as `cibadmin --create --xml-text` receives it. */
function parsePrimitive(xml: string): { id: string; vm?: string; targetRole?: string; allowMigrate?: boolean; agent: string } | undefined {
  const head = /^\s*<primitive\b([^>]*)>[\s\S]*<\/primitive>\s*$/.exec(xml) ?? /^\s*<primitive\b([^>]*)\/>\s*$/.exec(xml);
  if (!head) return undefined;
  const attr = (k: string, a = head[1]!) => new RegExp(`\\b${k}="([^"]*)"`).exec(a)?.[1];
  const id = attr('id');
  if (!id) return undefined;
  const nv = (name: string) => new RegExp(`<nvpair\\b[^>]*\\bname="${name}"[^>]*\\bvalue="([^"]*)"`).exec(xml)?.[1];
  const config = nv('config');
  const vm = config ? /([^/]+)\.xml$/.exec(config)?.[1] : undefined;
  const am = nv('allow-migrate');
  const out: { id: string; vm?: string; targetRole?: string; allowMigrate?: boolean; agent: string } = { id, agent: `${attr('class') ?? ''}:${attr('provider') ?? ''}:${attr('type') ?? ''}` };
  if (vm) out.vm = vm;
  const tr = nv('target-role');
  if (tr) out.targetRole = tr;
  if (am !== undefined) out.allowMigrate = am === 'true';
  return out;
}

function createFailed(ctx: ToolCtx, xml: string, id: string | undefined): number {
  ctx.io.out(`<failed>\n  <failed_update${id ? ` id="${id}"` : ''} object_type="primitive" operation="cib_create" reason="File exists">\n    ${xml.trim()}\n  </failed_update>\n</failed>\n`);
  ctx.io.err('Call failed: File exists\n');
  return 108;
}

/** --delete-all --force --xpath on a CIB file (the cleanup what-if): the demo's CIB has no status
 *  section, so a status xpath matches nothing, which the real cibadmin answers with exit 0. */
function cibDeleteAll(ctx: ToolCtx, args: string[], file: { path: string; xml: string } | undefined): number {
  if (!hasFlag(args, '--force', '-f')) {
    ctx.io.err('The supplied command is considered dangerous.  To prevent accidental destruction of the cluster, the --force flag is required in order to proceed.\n');
    return 107;
  }
  const xpath = optValue(args, '--xpath', '-A');
  if (!file || !xpath?.startsWith('//node_state')) {
    ctx.io.err(`cibadmin: virtdeck demo answers --delete-all --xpath //node_state… on a CIB_file only\n`);
    return 64;
  }
  return 0;
}

/** --delete --xml-text '<TAG id="ID"/>' of one of the cluster's own constraints (vm delete). */
function cibDelete(ctx: ToolCtx, args: string[], file: { path: string; xml: string } | undefined): number {
  const xml = optValue(args, '--xml-text', '-X');
  const m = xml === undefined ? null : /^\s*<(rsc_location|rsc_colocation|rsc_order|rsc_ticket) id="([^"]+)"\/>\s*$/.exec(xml);
  if (!m || file) {
    ctx.io.err(`cibadmin: virtdeck demo answers --delete --xml-text '<rsc_location id="ID"/>' (a constraint by tag and id) on the live CIB only\n`);
    return 64;
  }
  if (!needQuorumDaemons(ctx, 'cibadmin')) return 102;
  const id = m[2]!;
  if (!ctx.sim.removeConstraint(id) && cibXml(ctx.sim, 'constraints').includes(`id="${id}"`)) {
    ctx.io.err(`cibadmin: virtdeck demo keeps its built-in constraint ${id}\n`);
    return 64;
  }
  return 0;
}

export const cibadmin: Tool = (ctx, args) => {
  if (unknownOption(ctx, 'cibadmin', args, CIBADMIN_OPTS, new Set(['--scope', '-o', '--xml-text', '-X', '--timeout', '-t', '--xpath', '-A']))) return 64;
  const scope = optValue(args, '--scope', '-o');
  const file = cibFileOf(ctx, 'cibadmin');
  if (file === null) return 102;
  if (hasFlag(args, '--create', '-C')) {
    const xml = optValue(args, '--xml-text', '-X');
    if (xml === undefined) {
      ctx.io.err('cibadmin: --create needs XML: use --xml-text, --xml-file or --xml-pipe\n');
      return 64;
    }
    const prim = parsePrimitive(xml);
    if (scope !== 'resources' || !prim) {
      ctx.io.err('Call failed: Update does not conform to the configured schema\n');
      return 78;
    }
    if (file) {
      const next = addResourceXml(file.xml, xml.trim(), prim.id);
      if (next === undefined) return createFailed(ctx, xml, prim.id);
      ctx.sim.node(ctx.node).files.set(file.path, next);
      return 0;
    }
    if (!needQuorumDaemons(ctx, 'cibadmin')) return 102;
    const sim = ctx.sim;
    const taken = sim.resource(prim.id) || prim.id === 'dlm' || prim.id === 'dlm-clone' || fenceDeviceIds(sim).some((f) => f.id === prim.id);
    if (taken) return createFailed(ctx, xml, prim.id);
    if (prim.agent !== 'ocf:heartbeat:VirtualDomain' || !prim.vm) {
      ctx.io.err(`cibadmin: virtdeck demo models VirtualDomain primitives with a config of /etc/libvirt/qemu/NAME.xml only (got ${prim.agent})\n`);
      return 78;
    }
    sim.addResource({ id: prim.id, vm: prim.vm, targetRole: prim.targetRole === 'Stopped' ? 'Stopped' : undefined, ...(prim.allowMigrate !== undefined ? { allowMigrate: prim.allowMigrate } : {}) });
    return 0;
  }
  if (hasFlag(args, '--delete-all')) return cibDeleteAll(ctx, args, file);
  if (hasFlag(args, '--delete', '-D')) return cibDelete(ctx, args, file);
  if (!hasFlag(args, '--query', '-Q')) {
    ctx.io.err('cibadmin: No command specified\nUsage: cibadmin <command> [options]\n');
    return 64;
  }
  const xpath = optValue(args, '--xpath', '-A');
  if (xpath !== undefined) {
    const preds = primitiveXpath(xpath);
    if (!preds) {
      ctx.io.err(`cibadmin: virtdeck demo answers --xpath //primitive[@attr='value']… only (got ${xpath})\n`);
      return 64;
    }
    if (!file && !needQuorumDaemons(ctx, 'cibadmin')) return 102;
    const found = queryPrimitives(file ? file.xml : cibXml(ctx.sim, 'resources'), preds);
    if (found.length === 0) {
      ctx.io.err('Call failed: No such device or address\n');
      return 105;
    }
    ctx.io.out(xpathOutput(found));
    return 0;
  }
  // An unknown scope name is ignored by the real cibadmin: it prints the whole CIB.
  const known = scope !== undefined && CIB_SCOPES.includes(scope) ? scope : undefined;
  if (file) {
    const part = known ? scopeOf(file.xml, known) : file.xml;
    if (part === undefined) {
      ctx.io.err('Call failed: No such device or address\n');
      return 105;
    }
    ctx.io.out(part);
    return 0;
  }
  if (!needQuorumDaemons(ctx, 'cibadmin')) return 102;
  if (known && !DEMO_SCOPES.has(known)) {
    ctx.io.err('Call failed: No such device or address\n');
    return 105;
  }
  if (known === 'constraints' || known === 'nodes' || known === 'resources' || !known) {
    ctx.io.out(cibXml(ctx.sim, known));
    return 0;
  }
  ctx.io.out(scopeOf(cibXml(ctx.sim), known) ?? '');
  return 0;
};

export const crmAttribute: Tool = (ctx, args) => {
  const sim = ctx.sim;
  const node = optValue(args, '--node', '-N') ?? ctx.node;
  const name = optValue(args, '--name', '-n');
  const value = optValue(args, '--update', '-v');
  if (!name) {
    ctx.io.err('crm_attribute: Error: must specify attribute name\n');
    return 64;
  }
  if (!sim.hasNode(node)) {
    ctx.io.err(`Could not map name=${node} to a UUID\n`);
    return 105;
  }
  const file = cibFileOf(ctx, 'crm_attribute');
  if (file === null) return 102;
  if (file && name === 'standby') {
    if (value !== undefined || hasFlag(args, '--delete', '-D')) {
      const on = value !== undefined && ['on', 'true', 'yes', '1'].includes(value);
      const next = setNodeStandby(file.xml, node, on);
      if (next === undefined) {
        ctx.io.err(`Could not map name=${node} to a UUID\n`);
        return 105;
      }
      sim.node(ctx.node).files.set(file.path, next);
      return 0;
    }
    if (!nodeStandby(file.xml, node)) {
      ctx.io.err('crm_attribute: Error performing operation: No such device or address\n');
      return 105;
    }
    ctx.io.out('scope=nodes  name=standby value=on\n');
    return 0;
  }
  if (!needQuorumDaemons(ctx, 'crm_attribute')) return 102;
  // maintenance-mode (cluster property) and node maintenance; on a CIB copy (what-if) nothing to model.
  if ((name === 'maintenance-mode' || name === 'maintenance') && value !== undefined && !file) {
    const on = ['on', 'true', 'yes', '1'].includes(value.toLowerCase());
    if (!on && !['off', 'false', 'no', '0'].includes(value.toLowerCase())) {
      ctx.io.err(`crm_attribute: Error performing operation: Invalid argument (${name}=${value})\n`);
      return 65;
    }
    sim.setMaintenance(name === 'maintenance-mode' ? 'cluster' : { node }, on);
    return 0;
  }
  if (name !== 'standby') {
    if (value !== undefined) return 0;
    ctx.io.err('crm_attribute: Error performing operation: No such device or address\n');
    return 105;
  }
  const n = sim.node(node);
  if (value !== undefined) {
    if (!['on', 'off', 'true', 'false', 'yes', 'no', '1', '0'].includes(value)) {
      ctx.io.err(`crm_attribute: Error performing operation: Invalid argument (standby=${value})\n`);
      return 65;
    }
    sim.setStandby(node, ['on', 'true', 'yes', '1'].includes(value));
    return 0;
  }
  if (hasFlag(args, '--delete', '-D')) {
    sim.setStandby(node, false);
    return 0;
  }
  if (hasFlag(args, '--query', '-G') || (!value && !hasFlag(args, '--delete', '-D'))) {
    if (!n.standby) {
      ctx.io.err('crm_attribute: Error performing operation: No such device or address\n');
      return 105;
    }
    ctx.io.out('scope=nodes  name=standby value=on\n');
    return 0;
  }
  return 0;
};

const CRM_RESOURCE_OPTS = new Set([
  '--resource', '-r', '--node', '-N', '--move', '-M', '--ban', '-B', '--clear', '-U', '--un-move', '--cleanup', '-C', '--refresh', '-R', '--locate', '-W',
  '--set-parameter', '-p', '--parameter-value', '-v', '--delete-parameter', '-d', '--get-parameter', '-g', '--meta', '-m', '--quiet', '-Q', '--list', '-L', '--force', '-f', '--lifetime', '-u', '--timeout', '-T',
  '--delete', '-D', '--resource-type', '-t', '--utilization', '-z',
]);
const CRM_RESOURCE_VALUED = new Set(['--resource-type', '-t', '--resource', '-r', '--node', '-N', '--set-parameter', '-p', '--parameter-value', '-v', '--delete-parameter', '-d', '--get-parameter', '-g', '--lifetime', '-u', '--timeout', '-T']);

function resourceList(sim: DemoSim): string {
  const lines = sim.resources.map((r) => `  * ${r.id}\t(ocf:heartbeat:VirtualDomain):\t ${r.node ? `Started ${r.node}` : `Stopped${r.targetRole === 'Stopped' ? ' (disabled)' : ''}`}`);
  return `Full List of Resources:\n${lines.join('\n')}\n`;
}

/** --set-parameter / --delete-parameter / --get-parameter (meta target-role is what the demo models). */
function crmResourceParameter(ctx: ToolCtx, args: string[], rscId: string, file: { path: string; xml: string } | undefined): number {
  const sim = ctx.sim;
  const set = optValue(args, '--set-parameter', '-p');
  const del = optValue(args, '--delete-parameter', '-d');
  const get = optValue(args, '--get-parameter', '-g');
  const meta = hasFlag(args, '--meta', '-m');
  const name = set ?? del ?? get ?? '';
  const util = hasFlag(args, '--utilization', '-z');
  const set_ = util ? `${rscId}-utilization` : `${rscId}-${meta ? 'meta' : 'instance'}_attributes`;
  if (util && set !== undefined) return crmResourceUtilization(ctx, args, rscId, name, set_, file);
  if (set !== undefined) {
    const value = optValue(args, '--parameter-value', '-v');
    if (value === undefined) {
      ctx.io.err('crm_resource: You need to supply a value with the -v option\n');
      return 64;
    }
    if (file) {
      const r = setPrimitiveMeta(file.xml, rscId, name, value);
      if (!r) return noSuchResource(ctx, rscId);
      sim.node(ctx.node).files.set(file.path, r.xml);
    } else {
      if (!sim.resource(rscId)) return noSuchResource(ctx, rscId);
      if (meta && name === 'target-role') sim.setTargetRole(rscId, value === 'Stopped' ? 'Stopped' : 'Started');
      else if (meta && name === 'maintenance') sim.setMaintenance({ resource: rscId }, value === 'true');
    }
    ctx.io.out(`Set '${rscId}' option: id=${set_}-${name} set=${set_} name=${name} value=${value}\n`);
    return 0;
  }
  if (del !== undefined) {
    if (file) {
      const r = setPrimitiveMeta(file.xml, rscId, name, undefined);
      if (!r) return noSuchResource(ctx, rscId);
      if (!r.changed) {
        ctx.io.err(`Error performing operation: No such device or address\n`);
        return 105;
      }
      sim.node(ctx.node).files.set(file.path, r.xml);
    } else {
      const rsc = sim.resource(rscId);
      if (!rsc) return noSuchResource(ctx, rscId);
      if (!(meta && name === 'target-role' && rsc.targetRole)) {
        ctx.io.err(`Error performing operation: No such device or address\n`);
        return 105;
      }
      sim.setTargetRole(rscId, undefined);
    }
    ctx.io.out(`Deleted '${rscId}' option: id=${set_}-${name} name=${name}\n`);
    return 0;
  }
  const rsc = sim.resource(rscId);
  if (!rsc) return noSuchResource(ctx, rscId);
  const value = meta && name === 'target-role' ? rsc.targetRole : meta && name === 'allow-migrate' ? String(rsc.allowMigrate ?? true) : undefined;
  if (value === undefined) ctx.io.err(`Attribute '${name}' not found for '${rscId}'\n`);
  else ctx.io.out(`${value}\n`);
  return 0;
}

/** --delete --resource R --resource-type primitive: the CIB refuses while constraints name it. */
function crmResourceDelete(ctx: ToolCtx, args: string[], rscId: string | undefined, file: { path: string; xml: string } | undefined): number {
  if (!rscId) {
    ctx.io.err('crm_resource: Must supply a resource id with -r\n');
    return 64;
  }
  if (optValue(args, '--resource-type', '-t') === undefined) {
    ctx.io.err('crm_resource: You need to specify a resource type with -t\n');
    return 64;
  }
  if (file) {
    ctx.io.err('crm_resource: virtdeck demo deletes resources from the live CIB only\n');
    return 64;
  }
  if (!needQuorumDaemons(ctx, 'crm_resource')) return 102;
  const r = ctx.sim.removeResource(rscId);
  if (r === 'missing') return noSuchResource(ctx, rscId);
  if (r === 'referenced') {
    ctx.io.err('crm_resource: Error performing operation: Invalid configuration\n');
    return 78;
  }
  return 0;
}

/** --utilization --set-parameter cpu|hv_memory (the placement weights the demo's CIB shows). */
function crmResourceUtilization(ctx: ToolCtx, args: string[], rscId: string, name: string, set_: string, file: { path: string; xml: string } | undefined): number {
  const value = optValue(args, '--parameter-value', '-v');
  if (value === undefined) {
    ctx.io.err('crm_resource: You need to supply a value with the -v option\n');
    return 64;
  }
  if (file || (name !== 'cpu' && name !== 'hv_memory') || !/^\d+$/.test(value)) {
    ctx.io.err('crm_resource: virtdeck demo sets utilization cpu or hv_memory (whole numbers) on the live CIB only\n');
    return 64;
  }
  if (!ctx.sim.resource(rscId)) return noSuchResource(ctx, rscId);
  ctx.sim.setUtilization(rscId, name === 'cpu' ? 'cpu' : 'hvMemory', Number(value));
  ctx.io.out(`Set '${rscId}' option: id=${set_}-${name} set=${set_} name=${name} value=${value}\n`);
  return 0;
}

function noSuchResource(ctx: ToolCtx, rscId: string): number {
  ctx.io.err(`crm_resource: Resource '${rscId}' not found\nError performing operation: No such object\n`);
  return 105;
}

export const crmResource: Tool = (ctx, args) => {
  const sim = ctx.sim;
  if (unknownOption(ctx, 'crm_resource', args, CRM_RESOURCE_OPTS, CRM_RESOURCE_VALUED)) return 64;
  const rscId = optValue(args, '--resource', '-r');
  const node = optValue(args, '--node', '-N');
  const isMove = hasFlag(args, '--move', '-M');
  const isBan = hasFlag(args, '--ban', '-B');
  const isClear = hasFlag(args, '--clear', '-U', '--un-move');
  const isCleanup = hasFlag(args, '--cleanup', '-C', '--refresh', '-R');
  const isLocate = hasFlag(args, '--locate', '-W');
  const isParam = optValue(args, '--set-parameter', '-p', '--delete-parameter', '-d', '--get-parameter', '-g') !== undefined;
  const file = cibFileOf(ctx, 'crm_resource');
  if (file === null) return 102;
  if (hasFlag(args, '--delete', '-D')) return crmResourceDelete(ctx, args, rscId, file);
  if (!isMove && !isBan && !isClear && !isCleanup && !isLocate && !isParam) {
    // No command: crm_resource lists the resources.
    if (!file && !needQuorumDaemons(ctx, 'crm_resource')) return 102;
    ctx.io.out(resourceList(sim));
    return 0;
  }
  if (isParam) {
    if (!rscId) {
      ctx.io.err('crm_resource: Must supply a resource id with -r\n');
      return 64;
    }
    if (!file && !needQuorumDaemons(ctx, 'crm_resource')) return 102;
    return crmResourceParameter(ctx, args, rscId, file);
  }
  if (file && rscId && (isMove || isBan || isClear)) {
    let xml = file.xml;
    if (isClear) {
      const r = removeLocations(xml, (id, rsc, n) => rsc === rscId && /^cli-(prefer|ban)-/.test(id) && (!node || n === node));
      xml = r.xml;
      for (const id of r.removed) ctx.io.out(`Removing constraint: ${id}\n`);
    } else if (isMove && node) xml = addLocation(xml, `cli-prefer-${rscId}`, rscId, node, 'INFINITY');
    else {
      const banNode = node ?? sim.resource(rscId)?.node;
      if (!banNode) {
        ctx.io.err(`Resource '${rscId}' not moved: active in 0 locations.\n`);
        return 103;
      }
      xml = addLocation(xml, `cli-ban-${rscId}-on-${banNode}`, rscId, banNode, '-INFINITY');
    }
    sim.node(ctx.node).files.set(file.path, xml);
    return 0;
  }
  if (!needQuorumDaemons(ctx, 'crm_resource')) return 102;
  if (node && !sim.hasNode(node)) {
    ctx.io.err(`crm_resource: Node '${node}' not found\nError performing operation: No such object\n`);
    return 105;
  }
  if (isCleanup && !rscId) {
    sim.cleanup(undefined, node);
    ctx.io.out(`Cleaned up all resources on ${node ?? 'all nodes'}\n`);
    return 0;
  }
  if (!rscId) {
    ctx.io.err('crm_resource: Must supply a resource id with -r\n');
    return 64;
  }
  const r = sim.resource(rscId);
  if (!r) {
    ctx.io.err(`crm_resource: Resource '${rscId}' not found\nError performing operation: No such object\n`);
    return 105;
  }
  if (isLocate) {
    ctx.io.out(r.node ? `resource ${r.id} is running on: ${r.node}\n` : `resource ${r.id} is NOT running\n`);
    return 0;
  }
  if (isCleanup) {
    sim.cleanup(r.id, node);
    ctx.io.out(`Cleaned up ${r.id} on ${node ?? r.node ?? 'all nodes'}\n`);
    return 0;
  }
  if (isClear) {
    for (const id of sim.clearConstraints(r.id, node)) ctx.io.out(`Removing constraint: ${id}\n`);
    return 0;
  }
  if (isMove && node) {
    if (r.node === node && !r.movingTo) {
      ctx.io.err(`Error performing operation: Situation already as requested\n`);
      return 79;
    }
    const c: SimConstraint = { id: `cli-prefer-${r.id}`, rsc: r.id, node, score: INFINITY };
    sim.addConstraint(c);
    return 0;
  }
  const banNode = node ?? r.node;
  if (!banNode) {
    ctx.io.err(`Resource '${r.id}' not moved: active in 0 locations.\nTo prevent '${r.id}' from running on a specific location, specify a node.\n`);
    return 103;
  }
  ctx.io.err(
    `WARNING: Creating rsc_location constraint 'cli-ban-${r.id}-on-${banNode}' with a score of -INFINITY for resource ${r.id} on ${banNode}.\n` +
      `\tThis will prevent ${r.id} from running on ${banNode} until the constraint is removed using the clear option or by editing the CIB with an appropriate tool\n` +
      `\tThis will be the case even if ${banNode} is the last node in the cluster\n`,
  );
  sim.addConstraint({ id: `cli-ban-${r.id}-on-${banNode}`, rsc: r.id, node: banNode, score: -INFINITY });
  return 0;
};

// ---- crm_simulate ----

interface WhatIf {
  standby: Set<string>;
  constraints: SimConstraint[];
  /** Resources whose meta target-role is Stopped. */
  stopped?: Set<string>;
}

/** Reads node standby attributes and rsc_location constraints from a CIB document. */
export function whatIfFromCib(xml: string): WhatIf {
  const standby = new Set<string>();
  const nodeRe = /<node\b[^>]*\buname="([^"]+)"[^>]*?(\/>|>([\s\S]*?)<\/node>)/g;
  for (let m = nodeRe.exec(xml); m; m = nodeRe.exec(xml)) {
    const body = m[3] ?? '';
    if (/name="standby"\s+value="(on|true|yes|1)"/.test(body)) standby.add(m[1]!);
  }
  const constraints: SimConstraint[] = [];
  const locRe = /<rsc_location\b([^>]*)\/?>/g;
  for (let m = locRe.exec(xml); m; m = locRe.exec(xml)) {
    const a = m[1]!;
    const get = (k: string) => new RegExp(`\\b${k}="([^"]*)"`).exec(a)?.[1];
    const id = get('id');
    const rsc = get('rsc');
    const node = get('node');
    const score = get('score');
    if (!id || !rsc || !node || !score) continue;
    const n = score === 'INFINITY' || score === '+INFINITY' ? INFINITY : score === '-INFINITY' ? -INFINITY : Number(score);
    constraints.push({ id, rsc, node, score: n });
  }
  const stopped = new Set<string>();
  const primRe = /<primitive\b[^>]*\bid="([^"]+)"[^>]*>([\s\S]*?)<\/primitive>/g;
  for (let m = primRe.exec(xml); m; m = primRe.exec(xml)) {
    const meta = /<meta_attributes\b[^>]*>([\s\S]*?)<\/meta_attributes>/.exec(m[2]!)?.[1] ?? '';
    if (/<nvpair\b[^>]*\bname="target-role"[^>]*\bvalue="Stopped"/.test(meta)) stopped.add(m[1]!);
  }
  return { standby, constraints, stopped };
}

export interface PlannedMove {
  rsc: string;
  from?: string;
  to?: string;
  /** As crm_simulate names it; default: Migrate (from and to), Start (to), Stop (from). */
  action?: 'Migrate' | 'Move' | 'Start' | 'Stop';
}

/** The scheduler's answer for a what-if: where each VM resource would end up. */
export function planMoves(sim: DemoSim, w: WhatIf): PlannedMove[] {
  const load = new Map<string, number>();
  for (const r of sim.resources) if (r.node) load.set(r.node, (load.get(r.node) ?? 0) + 1);
  const ok = (rsc: string, node: string) => {
    const n = sim.node(node);
    return n.member === 'online' && !w.standby.has(node) && !w.constraints.some((c) => c.rsc === rsc && c.node === node && c.score < 0);
  };
  const moves: PlannedMove[] = [];
  for (const r of sim.resources) {
    if (w.stopped?.has(r.id)) {
      if (r.node) {
        load.set(r.node, (load.get(r.node) ?? 1) - 1);
        moves.push({ rsc: r.id, from: r.node });
      }
      continue;
    }
    const pref = w.constraints.find((c) => c.rsc === r.id && c.score > 0 && sim.hasNode(c.node) && ok(r.id, c.node));
    let to: string | undefined;
    if (pref) to = pref.node;
    else if (r.node && ok(r.id, r.node)) to = r.node;
    else {
      let best: string | undefined;
      let bl = Infinity;
      for (const n of sim.nodes) {
        if (!ok(r.id, n.name)) continue;
        const l = load.get(n.name) ?? 0;
        if (l < bl) {
          bl = l;
          best = n.name;
        }
      }
      to = best;
    }
    if (to === r.node) continue;
    if (r.node) load.set(r.node, (load.get(r.node) ?? 1) - 1);
    if (to) load.set(to, (load.get(to) ?? 0) + 1);
    moves.push({ rsc: r.id, from: r.node, to, ...(r.allowMigrate === false && r.node && to ? { action: 'Move' as const } : {}) });
  }
  return moves;
}

/** Where the resources other than VMs run (fence devices, the dlm clone) for a set of standby nodes. */
export interface OtherPlacement {
  fence: Map<string, string | undefined>;
  dlm: string[];
}

export function otherPlacement(sim: DemoSim, standby: ReadonlySet<string>): OtherPlacement {
  return {
    fence: new Map(fenceDeviceIds(sim).map((f) => [f.id, f.runsOn(sim, standby)?.name])),
    dlm: sim.nodes.filter((n) => n.member !== 'offline' && !standby.has(n.name)).map((n) => n.name),
  };
}

const standbySet = (sim: DemoSim): Set<string> => new Set(sim.nodes.filter((n) => n.standby).map((n) => n.name));

/**
 * Transition Summary lines for the fence devices (stonith resources never live-migrate: Move)
 * and the anonymous dlm clone (instances dlm:N), in the CIB's resource order (they come first).
 */
export function otherMoves(before: OtherPlacement, after: OtherPlacement): PlannedMove[] {
  const moves: PlannedMove[] = [];
  for (const [id, from] of before.fence) {
    const to = after.fence.get(id);
    if (from === to) continue;
    moves.push(from && to ? { rsc: id, from, to, action: 'Move' } : from ? { rsc: id, from } : { rsc: id, to });
  }
  // crm_simulate 2.1.5 names the stopped instances from dlm:0; new ones after the running ones.
  const stops = before.dlm.filter((n) => !after.dlm.includes(n));
  const starts = after.dlm.filter((n) => !before.dlm.includes(n));
  const kept = before.dlm.length - stops.length;
  stops.forEach((n, i) => moves.push({ rsc: `dlm:${i}`, from: n }));
  starts.forEach((n, i) => moves.push({ rsc: `dlm:${kept + i}`, to: n }));
  return moves;
}

/**
 * crm_simulate's Transition Summary: the resource column is as wide as the longest id listed + 2
 * (at least 5), the location column right-aligned to the widest "( … )" text (as Pacemaker
 * 2.1.5 prints them; see src/demo/fixtures/README.md).
 */
export function transitionSummary(moves: readonly PlannedMove[]): string {
  const where = (m: PlannedMove) => (m.from && m.to ? `${m.from} -> ${m.to}` : (m.to ?? m.from ?? ''));
  const rscWidth = moves.reduce((w, m) => (m.rsc.length > w ? m.rsc.length + 2 : w), 5);
  const detailWidth = moves.reduce((w, m) => Math.max(w, where(m).length), 5);
  const lines = ['Transition Summary:'];
  for (const m of moves) {
    const action = m.action ?? (m.from && m.to ? 'Migrate' : m.to ? 'Start' : 'Stop');
    const why = action === 'Stop' ? '  due to node availability' : '';
    lines.push(`  * ${action.padEnd(8)}   ${m.rsc.padEnd(rscWidth)}   ( ${where(m).padStart(detailWidth)} )${why}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The Transition Summary of a --node-fail what-if: the fence of each failed node comes first
 *  (real capture: src/actions/fence/fixtures/crm_simulate-node-fail-stonith-dlm.txt). */
export function failSummary(moves: readonly PlannedMove[], failed: ReadonlySet<string>): string {
  const fences = [...failed].map((n) => `  * Fence (reboot) ${n} 'peer is no longer part of the cluster'\n`).join('');
  return transitionSummary(moves).replace(/^Transition Summary:\n/, `Transition Summary:\n${fences}`);
}

/** "Resource action:" lines for one planned change, as crm_simulate -S prints them. */
function resourceActions(m: PlannedMove): string[] {
  const act = (what: string, node: string) => `  * Resource action: ${m.rsc.replace(/:\d+$/, '').padEnd(15)} ${what} on ${node}`;
  if (m.rsc.startsWith('dlm:')) return m.to ? ['  * Pseudo action:   dlm-clone_start_0', act('start', m.to), act('monitor=60000', m.to), '  * Pseudo action:   dlm-clone_running_0'] : ['  * Pseudo action:   dlm-clone_stop_0', act('stop', m.from!), '  * Pseudo action:   dlm-clone_stopped_0'];
  const action = m.action ?? (m.from && m.to ? 'Migrate' : m.to ? 'Start' : 'Stop');
  const vm = m.rsc.startsWith('vm-');
  if (action === 'Migrate') return [act('migrate_to', m.from!), act('migrate_from', m.to!), act('stop', m.from!), `  * Pseudo action:   ${m.rsc}_start_0`, act('monitor=10000', m.to!)];
  const out: string[] = [];
  if (m.from) out.push(act('stop', m.from));
  if (m.to) out.push(act('start', m.to), ...(vm ? [act('monitor=10000', m.to)] : []));
  return out;
}

interface StatusView {
  /** Standby as the node list shows it. */
  standby: ReadonlySet<string>;
  /** VM resource → node (absent: where it runs now). */
  vms?: Map<string, string | undefined>;
  other: OtherPlacement;
  /** Failed resources show as FAILED (the live view, not a simulated outcome). */
  live: boolean;
  /** Nodes a what-if failed (--node-fail): OFFLINE in the revised status. */
  failed?: ReadonlySet<string>;
}

function statusText(sim: DemoSim, view: StatusView = { standby: standbySet(sim), other: otherPlacement(sim, standbySet(sim)), live: true }): string {
  const vmNode = (r: DemoSim['resources'][number]) => (view.vms && view.vms.has(r.id) ? view.vms.get(r.id) : r.node);
  const busy = new Set<string>([...sim.resources.map(vmNode), ...view.other.fence.values(), ...view.other.dlm].filter((n): n is string => n !== undefined));
  const lines = ['  * Node List:'];
  const online: string[] = [];
  const offline: string[] = [];
  for (const n of sim.nodes) {
    if (n.member === 'unclean') lines.push(`    * Node ${n.name}: UNCLEAN (offline)`);
    else if (n.member === 'offline' || view.failed?.has(n.name)) offline.push(n.name);
    else if (n.maintenance) lines.push(`    * Node ${n.name}: maintenance`);
    else if (view.standby.has(n.name)) lines.push(`    * Node ${n.name}: standby${busy.has(n.name) ? ' (with active resources)' : ''}`);
    else online.push(n.name);
  }
  if (online.length > 0) lines.push(`    * Online: [ ${online.join(' ')} ]`);
  if (offline.length > 0) lines.push(`    * OFFLINE: [ ${offline.join(' ')} ]`);
  lines.push('', '  * Full List of Resources:');
  for (const f of fenceDeviceIds(sim)) {
    const on = view.other.fence.get(f.id);
    lines.push(`    * ${f.id}\t(stonith:${f.agent}):\t ${on ? `Started ${on}` : 'Stopped'}`);
  }
  const dlmStopped = sim.nodes.map((n) => n.name).filter((n) => !view.other.dlm.includes(n));
  lines.push('    * Clone Set: dlm-clone [dlm]:');
  if (view.other.dlm.length > 0) lines.push(`      * Started: [ ${view.other.dlm.join(' ')} ]`);
  if (dlmStopped.length > 0) lines.push(`      * Stopped: [ ${dlmStopped.join(' ')} ]`);
  for (const r of sim.resources) {
    const node = vmNode(r);
    const state = !node ? `Stopped${r.targetRole === 'Stopped' ? ' (disabled)' : ''}` : r.failed && view.live ? `FAILED ${node}` : `Started ${node}`;
    // crm_mon/crm_simulate 2.1.5: "Started node1 (unmanaged)" in maintenance (cluster, node or meta)
    lines.push(`    * ${r.id}\t(ocf:heartbeat:VirtualDomain):\t ${state}${node && sim.isUnmanaged(r) ? ' (unmanaged)' : ''}`);
  }
  return `Cluster Summary:\n${lines.join('\n')}\n`;
}

export const crmSimulate: Tool = async (ctx, args) => {
  const sim = ctx.sim;
  const file = optValue(args, '--xml-file', '-x') ?? ctx.env.CIB_file;
  const live = hasFlag(args, '--live-check', '-L');
  const run = hasFlag(args, '--simulate', '-S');
  let what: WhatIf;
  if (file) {
    const content = file === '-' || file === '/dev/stdin' ? await ctx.io.stdin() : sim.node(ctx.node).files.get(file);
    if (content === undefined) {
      ctx.io.err(`crm_simulate: Could not read input from ${file}: No such file or directory\n`);
      return 66;
    }
    if (!/<cib\b/.test(content)) {
      ctx.io.err(`crm_simulate: Input ${file} is not a valid CIB (no <cib> element)\n`);
      return 65;
    }
    what = whatIfFromCib(content);
  } else if (live) {
    what = { standby: new Set(sim.nodes.filter((n) => n.standby).map((n) => n.name)), constraints: [...sim.constraints], stopped: new Set(sim.resources.filter((r) => r.targetRole === 'Stopped').map((r) => r.id)) };
  } else {
    ctx.io.err('crm_simulate: one of --live-check or --xml-file is required\n');
    return 64;
  }
  // --node-fail N (fence node's what-if): N is lost, fenced first, and what ran there is
  // recovered elsewhere by a Move (a restart, never a live migration), as real 2.1.5 prints it
  // (src/actions/fence/fixtures/crm_simulate-node-fail.txt).
  const failed = new Set(args.flatMap((a, i) => ((a === '--node-fail' || a === '-f') && args[i + 1] ? [args[i + 1]!] : a.startsWith('--node-fail=') ? [a.slice(12)] : [])));
  const gone = new Set([...what.standby, ...failed]);
  const now = otherPlacement(sim, standbySet(sim));
  const then = otherPlacement(sim, gone);
  const moves = [...otherMoves(now, then), ...planMoves(sim, { ...what, standby: gone })].map((m) => (m.from && failed.has(m.from) && m.to ? { ...m, action: 'Move' as const } : m));
  const current = statusText(sim, { standby: what.standby, other: now, live: true }).replace(/^Cluster Summary:\n/, '');
  const modifications = failed.size ? `\nPerforming Requested Modifications:\n${[...failed].map((n) => `  * Failing node ${n}\n`).join('')}` : '';
  const out = [`Current cluster status:\n${current}${modifications}`, failSummary(moves, failed)];
  if (run) {
    // A failed node runs nothing: its stops are pseudo actions once it is fenced (as real 2.1.5).
    const stopOnFailed = (l: string) => /^ {2}\* Resource action: (\S+)\s+stop on (\S+)$/.exec(l);
    const acts = [
      'Executing Cluster Transition:',
      ...[...failed].map((n) => `  * Fencing ${n} (reboot)`),
      ...moves.flatMap(resourceActions).map((l) => {
        const m = stopOnFailed(l);
        return m && failed.has(m[2]!) ? `  * Pseudo action:   ${m[1]}_stop_0` : l;
      }),
    ];
    const vms = new Map<string, string | undefined>();
    for (const m of moves) if (!m.rsc.startsWith('dlm:') && !then.fence.has(m.rsc)) vms.set(m.rsc, m.to);
    const revised = statusText(sim, { standby: what.standby, vms, other: then, live: false, failed }).replace(/^Cluster Summary:\n/, '');
    out.push(`${acts.join('\n')}\n`, `Revised Cluster Status:\n${revised}`);
  }
  ctx.io.out(out.join('\n'));
  return 0;
};
