// `crm_mon --one-shot --output-as=xml --inactive --fence-history=2 --include=all [--exclude=operations]` → CrmStatus.
// Checked against Pacemaker 2.1.5 output (api-version 2.25) and its RelaxNG schemas.
import { ParseError, checkInput, guardParse } from '../parse-error.js';
import type {
  CrmBan,
  CrmFailedAction,
  CrmFenceEvent,
  CrmNode,
  CrmOperationHistory,
  CrmResource,
  CrmStatus,
  CrmSummary,
} from '../../model/pacemaker.js';
import { childrenNamed, firstChild, parseXmlDocument, type XmlElement } from './xml-tree.js';

const SOURCE = 'pacemaker';

const bool = (v: string | undefined, dflt = false): boolean =>
  v === undefined ? dflt : v === 'true' || v === '1' || v === 'yes' || v === 'on';

/** Integers as crm_mon prints them; tolerates a unit suffix ("10000ms") and ±INFINITY. */
function int(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  if (/^[+-]?INFINITY$/i.test(t)) return t.startsWith('-') ? -1_000_000 : 1_000_000;
  const m = /^([+-]?\d{1,15})(?:[a-z]*)$/i.exec(t);
  return m ? Number(m[1]) : undefined;
}

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

function parseSummary(s: XmlElement): CrmSummary {
  const dc = firstChild(s, 'current_dc')?.attrs ?? {};
  const rc = firstChild(s, 'resources_configured')?.attrs ?? {};
  const opts = firstChild(s, 'cluster_options')?.attrs ?? {};
  const dcPresent = bool(dc['present']);
  // Without a DC crm_mon prints no with_quorum at all: quorum is unknown, not absent.
  const quorumKnown = dcPresent && dc['with_quorum'] !== undefined;
  const out: CrmSummary = {
    stack: nonEmpty(firstChild(s, 'stack')?.attrs['type']),
    dcName: dcPresent ? nonEmpty(dc['name']) : undefined,
    dcVersion: dcPresent ? nonEmpty(dc['version']) : undefined,
    withQuorum: quorumKnown && bool(dc['with_quorum']),
    lastUpdated: nonEmpty(firstChild(s, 'last_update')?.attrs['time']),
    lastChange: nonEmpty(firstChild(s, 'last_change')?.attrs['time']),
    nodesConfigured: int(firstChild(s, 'nodes_configured')?.attrs['number']) ?? 0,
    resourcesConfigured: int(rc['number']) ?? 0,
    resourcesDisabled: int(rc['disabled']) ?? 0,
    resourcesBlocked: int(rc['blocked']) ?? 0,
    // Pacemaker's defaults when an option is not printed.
    stonithEnabled: bool(opts['stonith-enabled'], true),
    symmetricCluster: bool(opts['symmetric-cluster'], true),
    noQuorumPolicy: nonEmpty(opts['no-quorum-policy']),
    maintenanceMode: bool(opts['maintenance-mode']),
    stopAllResources: bool(opts['stop-all-resources']),
  };
  if (!quorumKnown) out.quorumUnknown = dcPresent ? 'DC reports no quorum state' : 'no DC';
  return out;
}

function parseNodes(nodes: XmlElement, attrsByNode: Map<string, Record<string, string>>): CrmNode[] {
  return childrenNamed(nodes, 'node').map((n, i) => {
    const a = n.attrs;
    const name = a['name'];
    if (!name) throw new ParseError(SOURCE, undefined, `<nodes> entry ${i + 1} has no name attribute`);
    return {
      name,
      id: a['id'] ?? name,
      online: bool(a['online']),
      standby: bool(a['standby']),
      standbyOnFail: bool(a['standby_onfail']),
      maintenance: bool(a['maintenance']),
      pending: bool(a['pending']),
      unclean: bool(a['unclean']),
      shutdown: bool(a['shutdown']),
      expectedUp: bool(a['expected_up']),
      isDc: bool(a['is_dc']),
      type: a['type'] ?? 'member',
      resourcesRunning: int(a['resources_running']) ?? 0,
      // Guest nodes and bundle replicas: the providing resource (crm_mon 1.1.13 said container_id).
      containerId: nonEmpty(a['id_as_resource']) ?? nonEmpty(a['container_id']),
      attributes: attrsByNode.get(name) ?? {},
    };
  });
}

function parseNodeAttributes(el: XmlElement | undefined): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const n of childrenNamed(el, 'node')) {
    const name = n.attrs['name'];
    if (!name) continue;
    const attrs: Record<string, string> = {};
    for (const at of childrenNamed(n, 'attribute')) {
      const k = at.attrs['name'];
      if (k !== undefined) attrs[k] = at.attrs['value'] ?? '';
    }
    out.set(name, attrs);
  }
  return out;
}

const union = (lists: readonly string[][]): string[] => [...new Set(lists.flat())];

/** Aggregate role of a container: the "highest" active role of its children. */
function aggregateRole(children: readonly CrmResource[]): string {
  const active = children.filter((c) => c.active);
  if (active.some((c) => c.role === 'Promoted' || c.role === 'Master')) return 'Promoted';
  if (active.length > 0) return active.every((c) => c.role === 'Unpromoted' || c.role === 'Slave') ? 'Unpromoted' : 'Started';
  return 'Stopped';
}

const CONTAINER_AGENT = /:(podman|docker|rkt)$/;

function parseResource(el: XmlElement, parent: string | undefined, depth: number): CrmResource | undefined {
  if (depth > 8) throw new ParseError(SOURCE, undefined, 'resources nested deeper than 8 levels');
  const a = el.attrs;
  const id = a['id'];
  if (el.tag !== 'resource' && el.tag !== 'group' && el.tag !== 'clone' && el.tag !== 'bundle') return undefined;
  if (!id) throw new ParseError(SOURCE, undefined, `<${el.tag}> without an id attribute${parent ? ` in ${parent}` : ''}`);

  if (el.tag === 'resource') {
    return {
      id,
      kind: 'primitive',
      agent: nonEmpty(a['resource_agent']),
      role: a['role'] ?? 'Unknown',
      targetRole: nonEmpty(a['target_role']),
      ...(nonEmpty(a['pending']) ? { pending: nonEmpty(a['pending']) } : {}),
      active: bool(a['active']),
      orphaned: bool(a['orphaned']),
      blocked: bool(a['blocked']),
      managed: bool(a['managed'], true),
      failed: bool(a['failed']),
      failureIgnored: bool(a['failure_ignored']),
      nodes: childrenNamed(el, 'node')
        .map((n) => n.attrs['name'])
        .filter((n): n is string => !!n),
      parent,
      children: [],
    };
  }

  // Bundles wrap each instance in <replica id="N">; the replicas' resources become the
  // bundle's children, in order (ids repeat across replicas, as crm_mon prints them).
  const childEls = el.tag === 'bundle' ? childrenNamed(el, 'replica').flatMap((r) => r.children) : el.children;
  const children = childEls
    .map((c) => parseResource(c, id, depth + 1))
    .filter((c): c is CrmResource => c !== undefined);
  let nodes: string[];
  if (el.tag === 'bundle') {
    // Where the containers run (the inner resource runs "on" the bundle's own remote node).
    const hosts = children.filter((c) => c.agent !== undefined && CONTAINER_AGENT.test(c.agent));
    nodes = union((hosts.length > 0 ? hosts : children).map((c) => c.nodes));
  } else {
    nodes = union(children.map((c) => c.nodes));
  }
  const kind = el.tag;
  return {
    id,
    kind,
    role: aggregateRole(children),
    targetRole: nonEmpty(a['target_role']),
    active: children.some((c) => c.active),
    orphaned: children.length > 0 && children.every((c) => c.orphaned),
    blocked: children.some((c) => c.blocked),
    managed: bool(a['managed'], true),
    failed: bool(a['failed']) || children.some((c) => c.failed),
    failureIgnored: bool(a['failure_ignored']) || children.some((c) => c.failureIgnored),
    nodes,
    parent,
    // Pacemaker < 2.1 says multi_state, later versions (also) promotable.
    promotable: kind === 'clone' ? bool(a['promotable']) || bool(a['multi_state']) : undefined,
    unique: kind === 'clone' || kind === 'bundle' ? bool(a['unique']) : undefined,
    disabled: a['disabled'] !== undefined ? bool(a['disabled']) : undefined,
    children,
  };
}

/** "vm-web1_monitor_10000" → "vm-web1"; resource ids may themselves contain "_". */
export function resourceFromOpKey(opKey: string): string {
  const parts = opKey.split('_');
  return parts.length >= 3 ? parts.slice(0, -2).join('_') : opKey;
}

function parseFailures(el: XmlElement | undefined): CrmFailedAction[] {
  return childrenNamed(el, 'failure').map((f) => {
    const a = f.attrs;
    const opKey = a['op_key'] ?? a['id'] ?? '';
    return {
      opKey,
      node: a['node'] ?? '',
      exitStatus: a['exitstatus'] ?? '',
      exitReason: nonEmpty(a['exitreason']),
      exitCode: int(a['exitcode']) ?? -1,
      call: int(a['call']),
      status: a['status'] ?? '',
      lastRcChange: nonEmpty(a['last-rc-change']),
      queued: int(a['queued']),
      exec: int(a['exec']),
      interval: int(a['interval']),
      task: nonEmpty(a['task']),
      resource: resourceFromOpKey(opKey),
    };
  });
}

function parseFenceHistory(el: XmlElement | undefined): CrmFenceEvent[] {
  return childrenNamed(el, 'fence_event').map((f) => {
    const a = f.attrs;
    return {
      target: a['target'] ?? '',
      action: a['action'] ?? '',
      delegate: nonEmpty(a['delegate']),
      client: nonEmpty(a['client']),
      origin: nonEmpty(a['origin']),
      status: a['status'] ?? 'unknown',
      // 2.1 prints the reason in exit-reason and a text status in extended-status.
      exitReason: nonEmpty(a['exit-reason']) ?? nonEmpty(a['extended-status']),
      completed: nonEmpty(a['completed']),
    };
  });
}

function parseBans(el: XmlElement | undefined): CrmBan[] {
  return childrenNamed(el, 'ban').map((b) => {
    const a = b.attrs;
    return {
      id: a['id'] ?? '',
      resource: a['resource'] ?? '',
      node: a['node'] ?? '',
      weight: int(a['weight']) ?? 0,
      promotedOnly: bool(a['promoted-only']) || bool(a['master_only']),
    };
  });
}

function parseHistory(el: XmlElement | undefined): CrmOperationHistory[] {
  return childrenNamed(el, 'node').flatMap((n) =>
    childrenNamed(n, 'resource_history').map((h) => ({
      node: n.attrs['name'] ?? '',
      resource: h.attrs['id'] ?? '',
      failCount: int(h.attrs['fail-count']) ?? 0,
      migrationThreshold: int(h.attrs['migration-threshold']),
      lastFailure: nonEmpty(h.attrs['last-failure']),
    })),
  );
}

/** Parses crm_mon's XML. Throws ParseError for malformed XML and for a failed request. */
export function parseCrmMon(xml: string, node?: string): CrmStatus {
  const text = checkInput(SOURCE, node, xml);
  return guardParse(SOURCE, node, text, () => {
    if (text.trim() === '') throw new ParseError(SOURCE, node, 'crm_mon printed nothing');
    const doc = parseXmlDocument(text);
    if (typeof doc === 'string') throw new ParseError(SOURCE, node, `crm_mon output: ${doc}`, text.slice(0, 200));
    if (doc.tag !== 'pacemaker-result') {
      // Pacemaker 1.1's legacy <crm_mon> document is not supported (no status, different names).
      throw new ParseError(SOURCE, node, `root element is <${doc.tag}>, expected <pacemaker-result>`, text.slice(0, 200));
    }
    const status = firstChild(doc, 'status');
    const code = status?.attrs['code'];
    if (code !== undefined && code !== '0') {
      const errors = childrenNamed(firstChild(status, 'errors'), 'error')
        .map((e) => e.text.trim())
        .filter(Boolean);
      throw new ParseError(
        SOURCE,
        node,
        `crm_mon failed with status ${code}${status?.attrs['message'] ? ` (${status.attrs['message']})` : ''}` +
          (errors.length > 0 ? `: ${errors.join('; ')}` : ''),
        text.slice(0, 400),
      );
    }
    const summary = firstChild(doc, 'summary');
    const nodes = firstChild(doc, 'nodes');
    if (!summary) throw new ParseError(SOURCE, node, 'crm_mon output has no <summary>', text.slice(0, 200));
    if (!nodes) throw new ParseError(SOURCE, node, 'crm_mon output has no <nodes>', text.slice(0, 200));
    const resources = firstChild(doc, 'resources');
    return {
      summary: parseSummary(summary),
      nodes: parseNodes(nodes, parseNodeAttributes(firstChild(doc, 'node_attributes'))),
      resources: (resources?.children ?? [])
        .map((r) => parseResource(r, undefined, 0))
        .filter((r): r is CrmResource => r !== undefined),
      failedActions: parseFailures(firstChild(doc, 'failures')),
      fenceHistory: parseFenceHistory(firstChild(doc, 'fence_history')),
      bans: parseBans(firstChild(doc, 'bans')),
      history: parseHistory(firstChild(doc, 'node_history')),
    };
  });
}
