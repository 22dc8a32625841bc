// The console's Pacemaker model against real crm_mon output: the invariants in one place.
// crm_mon's document is read a second, independent way (libxml2's xmllint --xpath) as the
// oracle, so a parser bug cannot hide behind itself.
import { execFileSync } from 'node:child_process';
import { flattenResources, nodeKind, quorumState, type CrmStatus } from '../../src/model/pacemaker.js';
import type { Snapshot } from '../../src/store/snapshot.js';
import { pathWithSbin, toolPath } from '../helpers/tools.js';

export interface CrmMonOracle {
  nodes: string[];
  /** Nodes crm_mon marks type="remote" with the resource that provides them (guests, bundle replicas). */
  guests: string[];
  nodesConfigured: number;
  dcPresent: boolean;
  /** Every <resource> element (one per instance), with the nodes it lists. */
  instances: { id: string; nodes: string[] }[];
}

function xpath(xml: string, expr: string): string {
  try {
    return execFileSync(toolPath('xmllint') ?? 'xmllint', ['--xpath', expr, '-'], { input: xml, encoding: 'utf8', env: { ...process.env, PATH: pathWithSbin() }, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    // xmllint exits 10 for an empty node set.
    if ((e as { status?: number }).status === 10) return '';
    throw e;
  }
}

const attrValues = (out: string): { name: string; value: string }[] =>
  [...out.matchAll(/ ([\w-]+)="([^"]*)"/g)].map((m) => ({ name: m[1]!, value: m[2]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') }));

export function crmMonOracle(xml: string): CrmMonOracle {
  const instances: CrmMonOracle['instances'] = [];
  // Attributes come in document order: a resource's id, then the names of its <node> children.
  for (const a of attrValues(xpath(xml, '/pacemaker-result/resources//resource/@id | /pacemaker-result/resources//resource/node/@name'))) {
    if (a.name === 'id') instances.push({ id: a.value, nodes: [] });
    else instances.at(-1)!.nodes.push(a.value);
  }
  return {
    nodes: attrValues(xpath(xml, '/pacemaker-result/nodes/node/@name')).map((a) => a.value),
    guests: attrValues(xpath(xml, '/pacemaker-result/nodes/node[@type="remote"][@id_as_resource or @container_id]/@name')).map((a) => a.value),
    nodesConfigured: Number(xpath(xml, 'string(/pacemaker-result/summary/nodes_configured/@number)').trim()),
    dcPresent: xpath(xml, 'string(/pacemaker-result/summary/current_dc/@present)').trim() === 'true',
    instances,
  };
}

const key = (id: string, nodes: readonly string[]): string => `${id} @ ${[...nodes].sort().join(',') || '-'}`;
const counts = (keys: string[]): Map<string, number> => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());

/** Every violated invariant, in words (empty: the model tells the truth about this document). */
export function modelViolations(xml: string, crm: CrmStatus, snap: Snapshot): string[] {
  const o = crmMonOracle(xml);
  const bad: string[] = [];
  const modelNodes = new Set(crm.nodes.map((n) => n.name));
  const snapNodes = new Set(snap.nodes.map((n) => n.name));
  const prims = flattenResources(crm.resources).filter((r) => r.kind === 'primitive');

  // 1. Every node a resource names is a node of the model and of the snapshot.
  for (const r of flattenResources(crm.resources))
    for (const n of r.nodes) {
      if (!modelNodes.has(n)) bad.push(`resource ${r.id} names node ${n}, which the model's nodes lack`);
      if (!snapNodes.has(n)) bad.push(`resource ${r.id} names node ${n}, which snapshot.nodes lacks`);
    }
  // 2. Node counts equal crm_mon's own nodes_configured.
  if (o.nodes.length !== o.nodesConfigured) bad.push(`crm_mon itself lists ${o.nodes.length} nodes but says nodes_configured=${o.nodesConfigured}`);
  if (crm.nodes.length !== o.nodesConfigured) bad.push(`model has ${crm.nodes.length} nodes, crm_mon nodes_configured=${o.nodesConfigured}`);
  if (snap.nodes.length !== o.nodesConfigured) bad.push(`snapshot has ${snap.nodes.length} nodes, crm_mon nodes_configured=${o.nodesConfigured}`);
  if (crm.summary.nodesConfigured !== o.nodesConfigured) bad.push(`summary.nodesConfigured ${crm.summary.nodesConfigured} ≠ ${o.nodesConfigured}`);
  // Guests (VMs with remote-node, bundle replicas) are guests; the rest of type="remote" remote.
  for (const n of crm.nodes) {
    const want = o.guests.includes(n.name) ? 'guest' : nodeKind(n) === 'guest' ? 'remote' : nodeKind(n);
    if (nodeKind(n) !== want) bad.push(`node ${n.name} is ${nodeKind(n)}, crm_mon says ${want}`);
    const s = snap.nodes.find((x) => x.name === n.name);
    if (s && s.type !== nodeKind(n)) bad.push(`snapshot node ${n.name} type ${s.type} ≠ ${nodeKind(n)}`);
  }
  // Nodes this console does not poll are "not polled", never unreachable.
  for (const s of snap.nodes) if (s.reachable === false && s.conn.status !== 'down' && s.conn.status !== 'connecting') bad.push(`snapshot node ${s.name} unreachable without a failed connection`);
  // 3. Every resource instance crm_mon lists is in the model exactly once (and in the snapshot).
  const want = counts(o.instances.map((i) => key(i.id, i.nodes)));
  const have = counts(prims.map((r) => key(r.id, r.nodes)));
  const snapHave = counts(snap.resources.filter((r) => r.kind === 'primitive').map((r) => key(r.id, r.nodes)));
  for (const [k, n] of want) {
    if ((have.get(k) ?? 0) !== n) bad.push(`instance ${k}: crm_mon lists ${n}, model has ${have.get(k) ?? 0}`);
    if ((snapHave.get(k) ?? 0) !== n) bad.push(`instance ${k}: crm_mon lists ${n}, snapshot has ${snapHave.get(k) ?? 0}`);
  }
  for (const [k, n] of have) if (!want.has(k)) bad.push(`instance ${k}: model has ${n}, crm_mon lists none`);
  // 4. Quorum is unknown exactly when there is no DC.
  const q = quorumState(crm.summary);
  if ((q.state === 'unknown') !== !o.dcPresent) bad.push(`quorum ${q.state} with DC ${o.dcPresent ? 'present' : 'absent'}`);
  if ((snap.cluster.quorum === null) !== !o.dcPresent) bad.push(`snapshot quorum ${String(snap.cluster.quorum)} with DC ${o.dcPresent ? 'present' : 'absent'}`);
  // 5. No VM counted twice: a VirtualDomain resource is one VM, whatever number of nodes it is
  //    active on and whether it also provides a guest node.
  const vmIds = prims.filter((r) => r.agent === 'ocf:heartbeat:VirtualDomain').map((r) => r.id);
  const oracleVmIds = new Set(o.instances.filter((i) => prims.some((p) => p.id === i.id && p.agent === 'ocf:heartbeat:VirtualDomain')).map((i) => i.id));
  if (vmIds.length !== new Set(vmIds).size) bad.push(`VM resources counted twice: ${vmIds.join(', ')}`);
  if (vmIds.length !== oracleVmIds.size) bad.push(`model has ${vmIds.length} VM resources, crm_mon ${oracleVmIds.size}`);
  const snapVmRes = snap.resources.filter((r) => r.agent === 'ocf:heartbeat:VirtualDomain').map((r) => r.id);
  if (snapVmRes.length !== new Set(snapVmRes).size) bad.push(`snapshot lists a VM resource twice: ${snapVmRes.join(', ')}`);
  //    And the VM rows: a domain counts as running on at most as many nodes as Pacemaker has its
  //    resource active on (at least one): a dead node's last VM list beside the restarted copy
  //    is one VM, not two.
  const copies = new Map<string, string[]>();
  for (const v of snap.vms) if (v.state === 'running') copies.set(v.name, [...(copies.get(v.name) ?? []), v.node]);
  for (const [name, on] of copies) {
    const r = snap.vms.find((v) => v.name === name && v.resource)?.resource;
    const allowed = Math.max(1, r ? r.nodes.length : 1);
    if (on.length > allowed) bad.push(`VM ${name} counted running ${on.length} times (${on.join(', ')}); Pacemaker has it on ${r?.nodes.join(', ') || 'no node'}`);
  }
  return bad;
}
