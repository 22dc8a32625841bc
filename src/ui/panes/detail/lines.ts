// Drill-down views as pure line lists: node, VM (with console commands) and resource (with
// bans and fail counts).
import { flattenResources } from '../../../model/pacemaker.js';
import { formatAge, freshnessOf, nodeFreshness } from '../../../store/freshness.js';
import type { VdState } from '../../../store/types.js';
import type { DomainXmlInfo } from '../../../model/vm.js';
import { fmtKb, fmtMs, fmtPct } from '../../format.js';
import { METRICS, trendCell, trendChart, type Metric } from '../trend.js';
import { SYM, type Tone } from '../../theme.js';
import { freshCell, nodeSourceCell } from '../fresh.js';
import { nodeStateText } from '../nodes/rows.js';
import { scraped, scrapeLines } from '../nodes/scrape.js';
import { connUnreachable, reachabilityOf } from '../../../store/reach.js';
import { clusterOnlyDetailLines } from '../nodes/cluster-only.js';
import { consoleCommands } from '../vms/rows.js';
import { allVms, type VmRow } from '../../../store/selectors.js';
import { lostText } from '../../../store/vm-loss.js';
import { mapHealth } from '../../../model/multipath.js';
import { SOURCE_VIEWS } from '../../source-views.js';
import { snapshotLines, type SnapshotsState } from './snapshot-lines.js';
import { nodeUtilizationLines, vmUtilizationLines } from '../../../collectors/utilization/lines.js';
import type { MultipathMap } from '../../../model/multipath.js';
import { loadingText, markedHeading, readErrorLines, unavailable, type DetailRead, type DisplayRead } from './on-demand.js';

export interface Line {
  text: string;
  tone?: Tone;
}

const h = (t: string): Line => ({ text: t, tone: 'accent' });
const kv = (k: string, v: string, tone?: Tone): Line => (tone ? { text: `  ${k.padEnd(14)} ${v}`, tone } : { text: `  ${k.padEnd(14)} ${v}` });

/** Charts of the store's history for these metrics ("since when?"), under a History heading;
 *  nothing when no sample was kept yet. Blank columns are times without data, not zero. */
function historyLines(s: VdState, metrics: readonly Metric[], now: number, width: number): Line[] {
  const out: Line[] = [];
  for (const m of metrics) {
    const c = trendChart(s.history, m, now, width - 2, 3);
    if (!c.length) continue;
    out.push({ text: `  ${c[0]}`, tone: 'info' }, ...c.slice(1).map((t) => ({ text: `  ${t}` })));
  }
  return out.length ? [h('History'), ...out] : [];
}

/** One multipath map with its LUN's await and utilisation (iostat, or node_exporter's disk rates). */
function mapLine(s: VdState, node: string, m: MultipathMap, now: number): Line {
  const n = s.nodes[node];
  const mh = mapHealth(m);
  const io = n?.io?.find((d) => d.device === m.sysfs || d.alias === m.name);
  const lun = io?.alias ?? io?.device ?? m.name;
  return kv(m.name, `${mh.active}/${mh.total} paths ${m.sysfs} await ${fmtMs(io ? Math.max(io.rAwait, io.wAwait) : undefined)} ${trendCell(s.history, METRICS.lunAwait(node, lun), now)} util ${fmtPct(io?.util)} ${trendCell(s.history, METRICS.lunUtil(node, lun), now)}`, mh.health === 'ok' ? undefined : mh.health === 'degraded' ? 'warn' : 'crit');
}

/** Multipath read on drill-down (a session read from Prometheus: the exporters do not carry it). */
export type MultipathRead = DetailRead<{ maps: MultipathMap[] }>;

function multipathReadLines(s: VdState, node: string, mp: MultipathRead, now: number, width: number): Line[] {
  if ('loading' in mp) return [h('Multipath'), { text: `  ${loadingText('the multipath maps', mp)}`, tone: 'muted' }];
  if ('error' in mp) return [h('Multipath'), ...readErrorLines('the multipath maps', mp, width)];
  return [h(markedHeading(`Multipath (${mp.maps.length})`, mp, now)), ...(mp.maps.length ? mp.maps.map((m) => mapLine(s, node, m, now)) : [{ text: '  no multipath maps', tone: 'muted' as const }])];
}

/** `multipath`: the maps read on drill-down, shown instead of the store's (which has none from Prometheus);
 *  `onDemandSsh`: what SSH does for a node read from Prometheus (on demand, none configured, failed). */
export function nodeDetailLines(s: VdState, name: string, now: number, width = 80, multipath?: MultipathRead, onDemandSsh?: Line): Line[] {
  const n = s.nodes[name];
  const pn = n ? undefined : s.cluster.crm?.nodes.find((c) => c.name === name);
  // Remote and guest nodes (and members not configured): Pacemaker's view only, no SSH data.
  if (!n && pn) return clusterOnlyDetailLines(pn, s.cluster.crm!);
  if (!n) return [{ text: `node ${name} is not part of this cluster`, tone: 'crit' }];
  const crm = s.cluster.crm?.nodes.find((c) => c.name === name);
  const unreachable = connUnreachable(n.conn);
  const st = nodeStateText(crm, unreachable);
  const nf = nodeFreshness(n, now);
  // Two facts: Pacemaker's view of the node, and whether this console reaches it over SSH.
  const out: Line[] = [h(`Node ${name}`), kv('pacemaker', st.text, st.tone)];
  if (scraped(n.conn)) {
    // Read from Prometheus: the exporters' `up` is where the data comes from, not an SSH connection.
    const d = scrapeLines(n.conn, now);
    out.push(kv('data', d.text, d.tone), ...d.down.map((t): Line => ({ text: `    ${t}`, tone: d.tone ?? 'warn' })));
    out.push(kv('ssh', onDemandSsh?.text ?? 'not polled', onDemandSsh?.tone));
    if (unreachable) out.push({ text: `  ${SYM.down} no exporter target up: everything below is the last data seen, ${formatAge(nf.ageMs)} old`, tone: 'crit' });
  } else {
    const reach = reachabilityOf(n.conn);
    const since = `(since ${formatAge(now - n.conn.since)})`;
    out.push(kv('ssh', reach.status === 'up' ? `${SYM.ok} up, ${n.conn.openChannels} channels` : reach.status === 'connecting' ? `connecting ${since}` : `${SYM.down} ${reach.text} ${since}`, reach.status === 'unreachable' ? 'crit' : undefined));
    // The full error here, one line per line (a changed host key is OpenSSH's whole banner).
    if (reach.full) for (const l of reach.full.split('\n')) if (l.trim()) out.push({ text: `    ${l}`, tone: 'crit' });
    if (unreachable) out.push({ text: `  ${SYM.down} not reachable over SSH from here: everything below is the last data seen, ${formatAge(nf.ageMs)} old`, tone: 'crit' });
  }
  for (const x of nf.notLive) out.push({ text: `  ${SYM.warn} ${x.source}: ${x.state}${x.ageMs !== undefined ? ` ${formatAge(x.ageMs)}` : ''}${x.error ? ` — ${x.error}` : ''}`, tone: 'warn' });
  if (crm) out.push(kv('', [crm.isDc ? 'DC' : '', crm.standby ? 'standby' : '', crm.maintenance ? 'maintenance' : '', `${crm.resourcesRunning} resources`].filter(Boolean).join(', ')));
  const hc = nodeSourceCell(n, 'host', now);
  const ht: Tone | undefined = hc.live ? undefined : 'stale';
  if (n.host) {
    const m = n.host.mem;
    out.push(h(`Host  (${hc.text})`));
    out.push(kv('cpu', `${fmtPct(n.host.cpu?.busyPct)} busy, iowait ${fmtPct(n.host.cpu?.iowaitPct)}, ${n.host.cpu?.cpus ?? '?'} cpus`, ht));
    out.push(kv('memory', `${fmtKb(m.memTotalKb - m.memAvailableKb)} used of ${fmtKb(m.memTotalKb)}`, ht));
    out.push(kv('load', `${n.host.load.one} ${n.host.load.five} ${n.host.load.fifteen}`, ht));
    for (const p of n.host.hugepages) out.push(kv(`hugepages ${fmtKb(p.sizeKb)}`, `${p.free} free of ${p.total}`, ht));
  }
  out.push(...historyLines(s, [METRICS.nodeCpu(name), METRICS.nodeMem(name)], now, width));
  if (n.quorum) out.push(kv('quorum', `${n.quorum.quorate ? `${SYM.ok} quorate` : `${SYM.down} NOT quorate`} votes ${n.quorum.totalVotes}/${n.quorum.expectedVotes}`, n.quorum.quorate ? undefined : 'crit'));
  for (const l of n.corosyncLinks?.links ?? []) {
    const bad = l.peers.filter((p) => p.status === 'disconnected' || p.connected === false);
    out.push(kv(`link ${l.linkNo}`, `${l.address ?? ''} ${bad.length ? `${SYM.warn} ${bad.length} peer(s) disconnected` : `${SYM.ok} all peers connected`}`, bad.length ? 'warn' : undefined));
  }
  if (n.corosyncLinks?.notCollected) out.push(kv('links', n.corosyncLinks.notCollected));
  if (n.sbd) out.push(kv('sbd', `${n.sbd.devices.length} device(s), watchdog ${n.sbd.watchdog.present ? n.sbd.watchdog.device ?? 'present' : n.sbd.watchdog.error ? `? unknown (${n.sbd.watchdog.error})` : n.sbd.watchdog.notCollected ? `? ${n.sbd.watchdog.notCollected}` : `${SYM.down} MISSING`}`));
  for (const b of n.bonds ?? []) out.push(kv(b.name, `${b.miiStatus} ${b.slaves.map((x) => `${x.name}:${x.miiStatus}`).join(' ')}`, b.slaves.some((x) => x.miiStatus !== 'up') ? 'warn' : undefined));
  if (multipath) out.push(...multipathReadLines(s, name, multipath, now, width));
  else for (const m of n.multipath ?? []) out.push(mapLine(s, name, m, now));
  for (const v of SOURCE_VIEWS) out.push(...(v.nodeDetail?.(s, name, now) ?? []));
  out.push(...nodeUtilizationLines(s, name, now));
  const vms = (n.vms ?? []).filter((v) => v.state === 'running');
  out.push(h(`VMs running (${vms.length})`));
  for (const v of vms) out.push({ text: `  ${v.name.padEnd(16)} ${String(v.vcpus ?? '-').padStart(3)} vcpu ${fmtKb(v.memoryKb).padStart(5)} cpu ${fmtPct(v.cpuPct)}` });
  return out;
}

/** Domain XML fetched on demand for the VM detail (disks, NICs, graphics). */
export type DomainXmlState = DetailRead<{ info: DomainXmlInfo }>;

/** The display line: the collector's (SSH session), else what was read on demand, else why there is none. */
function displayCell(vm: VmRow, display: DisplayRead | undefined, xml: DomainXmlState | undefined, now: number): [string, Tone?] {
  if (vm.display) return [vm.display];
  if (!display) return [xml && 'error' in xml && unavailable(xml) ? 'not available from Prometheus' : '(none reported)'];
  if ('loading' in display) return [loadingText('the display', display), 'muted'];
  if ('error' in display) return unavailable(display) ? ['not available from Prometheus', 'muted'] : [`${SYM.down} ${display.error}`, 'crit'];
  return [markedHeading(display.display ?? '(none reported)', display, now)];
}

/** `vms`: the store's allVms (useSelectors), whose rows are kept while the VMs do not change;
 *  `actionsOff`: why actions are refused in this session (the snapshot keys say so instead of offering them). */
export function vmDetailLines(s: VdState, rowId: string, now: number, sshUser?: string, xml?: DomainXmlState, width = 80, vms: (s: VdState) => readonly VmRow[] = allVms, snaps?: SnapshotsState, display?: DisplayRead, actionsOff?: string): Line[] {
  const [name, node] = rowId.split('@') as [string, string | undefined];
  const vm = vms(s).find((x) => x.name === name && (node === undefined || x.node === node));
  if (!vm) return [{ text: `VM ${name} not found${node ? ` on ${node}` : ''}`, tone: 'crit' }];
  const resource = vm.resource;
  const full = resource && s.cluster.crm ? flattenResources(s.cluster.crm.resources).find((r) => r.id === resource.id) : undefined;
  const fc = nodeSourceCell(s.nodes[vm.node], 'vms', now);
  const t: Tone | undefined = fc.live ? undefined : 'stale';
  const out: Line[] = [h(`VM ${vm.name} on ${vm.node}`)];
  if (vm.lost) out.push({ text: `  ${lostText(vm.lost)}: read before that; the values below are history`, tone: 'warn' });
  else if (!fc.live) out.push({ text: `  ${fc.text} — values below are the last seen`, tone: 'warn' });
  out.push(kv('state', vm.state, t), kv('vcpus', String(vm.vcpus ?? '-'), t), kv('memory', fmtKb(vm.memoryKb), t), kv('cpu', fmtPct(vm.cpuPct), t));
  out.push(kv('disk latency', `read ${fmtMs(vm.diskReadLatencyMs)}  write ${fmtMs(vm.diskWriteLatencyMs)}`, t));
  // The history is the VM's by name (it follows a migration): not drawn for a copy that is not running.
  if (vm.state === 'running' && !vm.lost) out.push(...historyLines(s, [METRICS.vmCpu(vm.name), METRICS.vmDiskLat(vm.name)], now, width));
  out.push(kv('autostart', vm.autostart === undefined ? '?' : vm.autostart ? 'yes' : 'no'), kv('persistent', vm.persistent === undefined ? '?' : vm.persistent ? 'yes' : 'no'));
  out.push(h('Pacemaker'));
  if (resource) {
    out.push(kv('resource', `${resource.id} (${full?.agent ?? 'primitive'})${resource.managed ? '' : ' UNMANAGED'}`), kv('role', `${resource.role} on ${resource.nodes.join(',') || '-'}${resource.failed ? ` ${SYM.down} FAILED` : ''}`, resource.failed ? 'crit' : undefined));
    const bans = s.cluster.crm?.bans.filter((b) => b.resource === resource.id) ?? [];
    out.push(...vmUtilizationLines(s, resource.id, vm.vcpus, vm.memoryKb, now));
    for (const b of bans) out.push(kv('constraint', `${b.id}: ${b.weight < 0 ? 'banned from' : 'prefers'} ${b.node} (${b.weight})`, 'warn'));
  } else out.push({ text: '  not managed by Pacemaker', tone: 'muted' });
  const others = s.nodeOrder.filter((n) => n !== vm.node && s.nodes[n]?.vms?.some((v) => v.name === vm.name));
  if (others.length) out.push(kv('defined on', others.join(', ')));
  if (xml) {
    if ('loading' in xml) out.push(h('Disks / NICs'), { text: `  ${loadingText('the domain XML', xml)}`, tone: 'muted' });
    else if ('error' in xml) out.push(h('Disks / NICs'), ...readErrorLines('the domain XML', xml, width));
    else {
      const x = xml.info;
      out.push(h(markedHeading(`Disks (${x.disks.length})`, xml, now)));
      for (const d of x.disks) out.push({ text: `  ${d.target.padEnd(5)} ${(d.bus ?? '').padEnd(6)} ${d.device.padEnd(5)} ${d.source ?? '-'}${d.driverCache ? ` cache=${d.driverCache}` : ''}${d.driverIo ? ` io=${d.driverIo}` : ''}` });
      out.push(h(`NICs (${x.interfaces.length})`));
      for (const n of x.interfaces) out.push({ text: `  ${(n.target ?? '-').padEnd(7)} ${n.type}:${n.source ?? '-'} ${n.model ?? ''} ${n.mac ?? ''}` });
      if (x.hugepages || x.cpuMode) out.push(kv('tuning', [x.cpuMode ? `cpu ${x.cpuMode}` : '', x.hugepages ? 'hugepages' : '', x.machine ?? ''].filter(Boolean).join(', ')));
      // Fields the parser could not read were left out (the rest above is complete): say which.
      for (const p of x.problems ?? []) out.push({ text: `  ${SYM.warn} not read from the XML: ${p}`, tone: 'warn' });
    }
  }
  out.push(h('Display / console'));
  out.push(kv('display', ...displayCell(vm, display, xml, now)));
  for (const c of consoleCommands(vm, sshUser)) out.push({ text: `  $ ${c}`, tone: 'info' });
  // Last: the tree can be long, and the console commands above are what an admin opens this for.
  out.push(...snapshotLines(vm.name, snaps, now, width, actionsOff));
  return out;
}

export function resourceDetailLines(s: VdState, rowId: string, now: number): Line[] {
  const [id] = rowId.split('@') as [string];
  const crm = s.cluster.crm;
  const r = crm ? flattenResources(crm.resources).find((x) => x.id === id) : undefined;
  if (!crm || !r) return [{ text: `resource ${id} not found`, tone: 'crit' }];
  const fc = freshCell(freshnessOf(s.cluster.fresh['pacemaker'], now));
  const out: Line[] = [h(`Resource ${r.id}`)];
  if (!fc.live) out.push({ text: `  ${fc.text} — cluster status below is the last seen`, tone: 'warn' });
  out.push(kv('agent', r.agent ?? r.kind), kv('role', `${r.role}${r.targetRole ? ` (target ${r.targetRole})` : ''}`, r.failed ? 'crit' : undefined), kv('nodes', r.nodes.join(', ') || '-'));
  out.push(kv('flags', [r.managed ? 'managed' : 'UNMANAGED', r.failed ? 'FAILED' : '', r.blocked ? 'blocked' : '', r.orphaned ? 'orphaned' : ''].filter(Boolean).join(' ')));
  if (r.parent) out.push(kv('parent', r.parent));
  out.push(h('Constraints (bans / location)'));
  const bans = crm.bans.filter((b) => b.resource === r.id);
  if (!bans.length) out.push({ text: '  none', tone: 'muted' });
  for (const b of bans) out.push({ text: `  ${b.id}: ${b.weight < 0 ? `${SYM.warn} banned from` : 'prefers'} ${b.node} (score ${b.weight})${b.promotedOnly ? ' promoted only' : ''}`, tone: b.weight < 0 ? 'warn' : undefined });
  out.push(h('Fail counts'));
  const hist = crm.history.filter((x) => x.resource === r.id && x.failCount > 0);
  if (!hist.length) out.push({ text: '  none', tone: 'muted' });
  for (const x of hist) out.push({ text: `  ${x.node}: ${x.failCount}${x.migrationThreshold ? ` of ${x.migrationThreshold}` : ''}${x.lastFailure ? ` last ${x.lastFailure}` : ''}`, tone: 'warn' });
  const failed = crm.failedActions.filter((f) => f.resource === r.id);
  if (failed.length) out.push(h('Failed actions'));
  for (const f of failed) out.push({ text: `  ${SYM.down} ${f.task ?? f.opKey} on ${f.node}: ${f.exitStatus}${f.exitReason ? ` (${f.exitReason})` : ''} ${f.lastRcChange ?? ''}`, tone: 'crit' });
  return out;
}

