// cluster validate: configuration drift and leftovers that bite during the next failover. Pure.
import { XMLParser } from 'fast-xml-parser';
import { SAFE_XML_OPTIONS } from '../../collectors/xml-text.js';
import type { VdState } from '../../store/types.js';
import { nodesDefining, nodesRunning, resourceForVm } from '../state.js';
import type { Finding, GuardInput, ReportLine } from '../types.js';
import { utilizationReport, type VmSize } from './utilization.js';

export interface ValidateFacts {
  /** node → VM → digest of `virsh dumpxml --inactive` */
  digests: Record<string, Record<string, string>>;
  /** node → output of `systemctl is-enabled libvirt-guests` */
  guests: Record<string, string>;
  /** location constraints created by crm_resource --move/--ban */
  cliConstraints: { id: string; rsc: string; node?: string }[];
  /** VM → vCPUs and memory of its `dumpxml --inactive` (the first node that defines it). */
  sizes?: Record<string, VmSize>;
  errors: string[];
}

// No DOCTYPE entity expansion; &apos; and &#NN; in ids decoded (xml-text.ts).
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'rsc_location', ...SAFE_XML_OPTIONS });

export function parseCliConstraints(xml: string): ValidateFacts['cliConstraints'] {
  const doc = parser.parse(xml) as { constraints?: { rsc_location?: Record<string, string>[] } | string };
  if (doc.constraints === undefined) throw new Error('cibadmin output has no <constraints>');
  const locs = typeof doc.constraints === 'object' ? (doc.constraints.rsc_location ?? []) : [];
  return locs
    .filter((l) => /^cli-(prefer|ban)-/.test(l['@id'] ?? ''))
    .map((l) => ({ id: l['@id']!, rsc: l['@rsc'] ?? '', ...(l['@node'] ? { node: l['@node'] } : {}) }));
}

const IGNORED_IFACE = /^(lo|vnet\d+|tap|veth|virbr\d+-nic|macvtap)/;

export function validateReport(s: VdState, f: ValidateFacts): ReportLine[] {
  const out: ReportLine[] = [];
  const vms = new Set(s.nodeOrder.flatMap((n) => (s.nodes[n]?.vms ?? []).map((v) => v.name)));
  for (const vm of [...vms].sort()) {
    const running = nodesRunning(s, vm);
    if (running.length > 1) out.push({ level: 'error', subject: vm, message: `running on ${running.join(' and ')} at the same time` });
    const defined = nodesDefining(s, vm);
    const managed = resourceForVm(s, vm);
    const digests = defined.map((n) => f.digests[n]?.[vm]).filter((d): d is string => !!d);
    if (new Set(digests).size > 1) out.push({ level: 'error', subject: vm, message: `domain XML differs between ${defined.filter((n) => f.digests[n]?.[vm]).join(', ')} (dumpxml --inactive digests)` });
    if (!managed && defined.length > 1) out.push({ level: 'warning', subject: vm, message: `not managed by Pacemaker but defined on ${defined.join(', ')}: it could be started twice` });
    // Not drift, but what validate is asked before a failover: Pacemaker will not restart it.
    else if (!managed && running.length === 1)
      out.push({ level: 'warning', subject: vm, message: `unmanaged VM running on ${running[0]}, outside Pacemaker: not restarted elsewhere if ${running[0]} fails` });
    if (managed) {
      const auto = defined.filter((n) => s.nodes[n]?.vms?.find((v) => v.name === vm)?.autostart);
      if (auto.length) out.push({ level: 'error', subject: vm, message: `libvirt autostart is on (${auto.join(', ')}) but Pacemaker resource ${managed.id} starts it: it can start twice after a reboot` });
      out.push(...utilizationReport(s, vm, managed.id, f.sizes?.[vm]));
    }
  }
  const seen = new Set<string>();
  for (const c of f.cliConstraints) {
    seen.add(c.id);
    out.push({ level: 'error', subject: c.rsc, message: `leftover constraint ${c.id}${c.node ? ` (${c.node})` : ''} from crm_resource --move/--ban; remove with crm_resource --clear --resource ${c.rsc}` });
  }
  for (const b of s.cluster.crm?.bans ?? []) {
    if (seen.has(b.id)) continue;
    out.push({ level: b.id.startsWith('cli-') ? 'error' : 'warning', subject: b.resource, message: `ban ${b.id} keeps it off ${b.node}` });
  }
  for (const h of s.cluster.crm?.history ?? []) {
    if (h.failCount > 0) out.push({ level: 'warning', subject: h.resource, message: `fail count ${h.failCount} on ${h.node}${h.migrationThreshold ? ` (migration-threshold ${h.migrationThreshold})` : ''}` });
  }
  for (const n of s.nodeOrder) {
    const g = f.guests[n];
    const managedHere = (s.nodes[n]?.vms ?? []).some((v) => resourceForVm(s, v.name));
    if (g === 'enabled' && managedHere) out.push({ level: 'warning', subject: n, message: 'libvirt-guests is enabled on a node running Pacemaker-managed VMs: it suspends/starts them behind the cluster' });
  }
  const sets = (pick: (n: string) => string[] | undefined, what: string) => {
    const known = s.nodeOrder.map((n) => [n, pick(n)] as const).filter((x): x is readonly [string, string[]] => !!x[1]);
    const all = new Set(known.flatMap(([, l]) => l));
    for (const [n, l] of known) {
      const missing = [...all].filter((x) => !l.includes(x)).sort();
      if (missing.length) out.push({ level: 'warning', subject: n, message: `missing ${what} present elsewhere: ${missing.join(', ')}` });
    }
  };
  sets((n) => s.nodes[n]?.nics?.map((x) => x.iface).filter((i) => !IGNORED_IFACE.test(i)), 'network interfaces/bridges');
  sets((n) => s.nodes[n]?.multipath?.map((m) => m.name), 'multipath maps');
  for (const e of f.errors) out.push({ level: 'warning', subject: 'collection', message: e });
  if (!out.some((l) => l.level !== 'ok')) out.push({ level: 'ok', subject: s.cluster.name, message: 'no drift, duplicates or leftovers found' });
  return out;
}

export function validateGuards({ state }: GuardInput<unknown, ValidateFacts>): Finding[] {
  return state.cluster.crm ? [] : [{ level: 'error', code: 'no-pacemaker-status', message: 'no Pacemaker status collected yet' }];
}
