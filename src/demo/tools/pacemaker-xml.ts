// crm_mon XML (api-version 2.25, as pacemaker 2.1.5 prints it) and the CIB (cibadmin --query).
// Layout copied from `CIB_file=cib.xml crm_mon --one-shot --output-as=xml --inactive
// --fence-history=2 --include=all [--exclude=operations]` (see fixtures/README.md).
import type { DemoSim } from '../sim/sim.js';
import type { SimNode, SimResource } from '../sim/state.js';
import { clusterOnlyNodes, REMOTE_SERVER, type SimClusterOnlyNode } from '../sim/remote.js';
import type { NodeHistoryForm } from './crm-mon-args.js';
import { ctimeUtc, isoZ, xmlEscape } from './types.js';

export const CRM_VERSION = '2.1.5-a3f44794f94';
export const FEATURE_SET = '3.16.2';
/** The request virtdeck's collector makes (src/collectors/pacemaker/command.ts). */
export const CRM_MON_REQUEST = 'crm_mon --one-shot --output-as=xml --inactive --fence-history=2 --include=all --exclude=operations';

/** What one crm_mon call asked for: its echoed command line and the node_history form. */
export interface CrmMonView {
  request: string;
  history: NodeHistoryForm;
}
export const COLLECTOR_VIEW: CrmMonView = { request: CRM_MON_REQUEST, history: 'failcounts' };

/** Appends `items` to `out` one by one: `out.push(...items)` passes every line as an argument,
 *  and a CIB of thousands of VMs (160,000 lines at 256 nodes × 8,000 VMs) overflows the stack. */
function append(out: string[], items: readonly string[]): void {
  for (const l of items) out.push(l);
}

/** runsOn(sim, standby?): where the device runs; `standby` replaces the nodes' standby flags (a what-if). */
/** bannedFrom: the node with a -INFINITY location for it (its own target): that node's fencer
 *  does not register it, as in a real cluster. */
export type FenceDevice = { id: string; agent: string; target?: string; bannedFrom?: string; runsOn: (s: DemoSim, standby?: ReadonlySet<string>) => SimNode | undefined };

export function fenceDeviceIds(sim: DemoSim): FenceDevice[] {
  const up = (n: SimNode, standby?: ReadonlySet<string>) => n.member === 'online' && !(standby ? standby.has(n.name) : n.standby);
  const out: FenceDevice[] = [
    // Placed like any resource: not on a standby node (the DC may be in standby).
    { id: 'stonith-sbd', agent: 'fence_sbd', runsOn: (s, standby) => s.nodes.find((n) => up(n, standby)) },
  ];
  sim.nodes.forEach((n, i) => {
    out.push({
      id: `fence-ipmi-${n.name}`,
      agent: 'fence_ipmilan',
      target: n.name,
      bannedFrom: n.name,
      // Never on its own target: the next online node.
      runsOn: (s, standby) => {
        for (let k = 1; k <= s.nodes.length; k++) {
          const c = s.nodes[(i + k) % s.nodes.length]!;
          if (c !== n && up(c, standby)) return c;
        }
        return undefined;
      },
    });
  });
  return out;
}

const RC_TEXT: Record<number, string> = { 0: 'ok', 1: 'error', 5: 'not installed', 7: 'not running' };

function nodeXml(sim: DemoSim, n: SimNode, running: number): string {
  const online = n.member === 'online';
  const dc = sim.dc() === n;
  const fs = online ? ` feature_set="${FEATURE_SET}"` : '';
  const expectedUp = n.member !== 'offline';
  return `    <node name="${n.name}" id="${n.id}" online="${online}" standby="${n.standby && online}" standby_onfail="false" maintenance="${!!n.maintenance}" pending="false" unclean="${n.member === 'unclean'}" health="green"${fs} shutdown="false" expected_up="${expectedUp}" is_dc="${dc}" resources_running="${running}" type="member"/>`;
}

/** A remote or guest node as crm_mon 2.1.5 prints it (type="remote"; guests name their VM). */
function remoteNodeXml(r: SimClusterOnlyNode, running: number): string {
  const online = r.online;
  const guest = r.kind === 'guest' ? ` id_as_resource="${r.provider}"` : '';
  return `    <node name="${r.name}" id="${r.name}" online="${online}" standby="false" standby_onfail="false" maintenance="false" pending="false" unclean="false" health="green" shutdown="false" expected_up="false" is_dc="false" resources_running="${running}" type="remote"${guest}/>`;
}

function resourceXml(id: string, agent: string, node: Pick<SimNode, 'name' | 'id'> | { name: string; id: string } | undefined, failed: boolean, indent: string, targetRole?: string, managed = true, migrating = false): string {
  const tr = targetRole ? ` target_role="${targetRole}"` : '';
  const head = `${indent}<resource id="${id}" resource_agent="${agent}" role="${migrating && node ? 'Migrating' : node ? 'Started' : 'Stopped'}"${tr} active="${!!node}" orphaned="false" blocked="false" managed="${managed}" failed="${failed}" failure_ignored="false" nodes_running_on="${node ? 1 : 0}"`;
  if (!node) return `${head}/>`;
  return `${head}>\n${indent}  <node name="${node.name}" id="${node.id}" cached="true"/>\n${indent}</resource>`;
}

interface Placement {
  rsc: string;
  node: string;
}

/** Static parts (everything but last_update) cached per sim.version and view. */
let cache: { sim: DemoSim; version: number; views: Map<string, { head: string; tail: string }> } | undefined;
/** Views kept per version: the collector's and a few typed by hand. */
const MAX_VIEWS = 8;

export function crmMonXml(sim: DemoSim, view: CrmMonView = COLLECTOR_VIEW): string {
  if (!cache || cache.sim !== sim || cache.version !== sim.version) cache = { sim, version: sim.version, views: new Map() };
  const key = `${view.history} ${view.request}`;
  let parts = cache.views.get(key);
  if (!parts) {
    if (cache.views.size >= MAX_VIEWS) cache.views.clear();
    parts = buildCrmMon(sim, view);
    cache.views.set(key, parts);
  }
  return `${parts.head}    <last_update time="${ctimeUtc(sim.clock.now())}"/>\n${parts.tail}`;
}

function buildCrmMon(sim: DemoSim, view: CrmMonView): { head: string; tail: string } {
  const dc = sim.dc();
  const q = sim.quorum();
  const fences = fenceDeviceIds(sim);
  const running = new Map<string, number>();
  const inc = (n?: SimNode) => {
    if (n) running.set(n.name, (running.get(n.name) ?? 0) + 1);
  };
  const placements: Placement[] = [];
  const rscLines: string[] = [];
  for (const f of fences) {
    const on = f.runsOn(sim);
    inc(on);
    if (on) placements.push({ rsc: f.id, node: on.name });
    rscLines.push(resourceXml(f.id, `stonith:${f.agent}`, on, false, '    '));
  }
  rscLines.push('    <clone id="dlm-clone" multi_state="false" unique="false" managed="true" disabled="false" failed="false" failure_ignored="false">');
  const dlmOn = sim.nodes.filter((n) => n.member !== 'offline' && !n.standby);
  for (const n of dlmOn) {
    inc(n);
    rscLines.push(resourceXml('dlm', 'ocf:pacemaker:controld', n, false, '      '));
  }
  for (let i = dlmOn.length; i < sim.nodes.length; i++) rscLines.push(resourceXml('dlm', 'ocf:pacemaker:controld', undefined, false, '      '));
  rscLines.push('    </clone>');
  for (const r of sim.resources) {
    const n = r.node ? sim.node(r.node) : undefined;
    inc(n);
    // A migrate_to in flight (record-pending): real crm_mon 2.1.5 says role="Migrating" on the source.
    rscLines.push(resourceXml(r.id, 'ocf:heartbeat:VirtualDomain', n, r.failed, '    ', r.targetRole, !sim.isUnmanaged(r), !!r.movingTo && !!r.node));
  }
  // Remote and guest nodes: the remote connection in CIB order, a guest's implicit connection
  // after every configured resource (as crm_mon lists them), and the resource each one runs.
  const remotes = clusterOnlyNodes(sim);
  const remoteRunning = new Map<string, number>();
  const connLines: string[] = [];
  for (const c of remotes) {
    inc(c.host);
    const line = resourceXml(c.connection, 'ocf:pacemaker:remote', c.host, false, '    ');
    if (c.kind === 'remote') rscLines.push(line);
    else connLines.push(line);
    rscLines.push(resourceXml(c.app, 'ocf:pacemaker:Dummy', c.online ? { name: c.name, id: c.name } : undefined, false, '    '));
    if (c.online) remoteRunning.set(c.name, 1);
  }
  append(rscLines, connLines);

  const head = [
    `<pacemaker-result api-version="2.25" request="${view.request}">`,
    '  <summary>',
    '    <stack type="corosync"/>',
    dc
      ? `    <current_dc present="true" version="${CRM_VERSION}" name="${dc.name}" id="${dc.id}" with_quorum="${q.quorate}" mixed_version="false"/>`
      : '    <current_dc present="false"/>',
    '',
  ].join('\n');

  const tail: string[] = [
    `    <last_change time="${ctimeUtc(sim.clock.epochMs - 3600_000)}" user="root" client="crm_attribute" origin="${dc?.name ?? sim.nodes[0]!.name}"/>`,
    `    <nodes_configured number="${sim.nodes.length + remotes.length}"/>`,
    `    <resources_configured number="${fences.length + sim.nodes.length + sim.resources.length + 2 * remotes.length}" disabled="0" blocked="0"/>`,
    `    <cluster_options stonith-enabled="true" symmetric-cluster="true" no-quorum-policy="stop" maintenance-mode="${sim.maintenanceMode}" stop-all-resources="false" stonith-timeout-ms="60000" priority-fencing-delay-ms="0"/>`,
    '  </summary>',
    '  <nodes>',
  ];
  for (const n of sim.nodes) tail.push(nodeXml(sim, n, n.member === 'offline' ? 0 : (running.get(n.name) ?? 0)));
  for (const c of remotes) tail.push(remoteNodeXml(c, remoteRunning.get(c.name) ?? 0));
  tail.push('  </nodes>', '  <resources>');
  append(tail, rscLines);
  tail.push('  </resources>');

  if (view.history !== 'none') append(tail, nodeHistoryXml(sim, view.history));
  const failures: string[] = [];
  for (const r of sim.resources) {
    for (const f of r.failures) {
      failures.push(
        `    <failure op_key="${f.opKey}" node="${f.node}" exitstatus="${RC_TEXT[f.rc] ?? 'error'}" exitreason="" exitcode="${f.rc}" call="${f.call}" status="complete" last-rc-change="${isoZ(f.at)}" queued="0" exec="38" interval="${f.intervalMs}" task="${f.task}"/>`,
      );
    }
  }
  if (failures.length > 0) tail.push('  <failures>', ...failures, '  </failures>');
  if (sim.fenceHistory.length > 0) {
    tail.push('  <fence_history>');
    for (const e of [...sim.fenceHistory].reverse()) {
      tail.push(`    <fence_event action="${e.action}" target="${e.target}" client="${e.client}" origin="${e.origin}" status="${e.status}" delegate="${e.delegate}" completed="${isoZ(e.at)}"/>`);
    }
    tail.push('  </fence_history>');
  }
  const bans = sim.constraints.filter((c) => c.score < 0);
  if (bans.length > 0) {
    tail.push('  <bans>');
    for (const b of bans) tail.push(`    <ban id="${b.id}" resource="${b.rsc}" node="${b.node}" weight="${b.score}" promoted-only="false" master_only="false"/>`);
    tail.push('  </bans>');
  }
  tail.push('  <status code="0" message="OK"/>', '</pacemaker-result>', '');
  return { head, tail: tail.join('\n') };
}

/** Operation history of the VM resources per online node; with --exclude=operations only the
 *  resources with a fail count, as self-closing elements (`<node_history/>` when none has one). */
function nodeHistoryXml(sim: DemoSim, form: 'operations' | 'failcounts'): string[] {
  const hist: string[] = [];
  for (const n of sim.nodes) {
    if (n.member !== 'online') continue;
    const blocks: string[] = [];
    for (const r of sim.resources) {
      const ops = r.history.get(n.name);
      if (!ops || ops.length === 0) continue;
      if (form === 'operations') blocks.push(resourceHistoryXml(sim, r, n.name));
      else if (r.failCount.get(n.name)) blocks.push(`${resourceHistoryHead(sim, r, n.name)}/>`);
    }
    if (blocks.length > 0) hist.push(`    <node name="${n.name}">`, ...blocks, '    </node>');
  }
  return hist.length > 0 ? ['  <node_history>', ...hist, '  </node_history>'] : ['  <node_history/>'];
}

/** `<resource_history …` up to its closing bracket. */
function resourceHistoryHead(sim: DemoSim, r: SimResource, node: string): string {
  const fc = r.failCount.get(node);
  const lastFail = r.failures.filter((f) => f.node === node).at(-1);
  const extra = fc ? ` fail-count="${fc}" last-failure="${ctimeUtc(lastFail?.at ?? sim.clock.now())}"` : '';
  return `      <resource_history id="${r.id}" orphan="false" migration-threshold="3"${extra}`;
}

function resourceHistoryXml(sim: DemoSim, r: SimResource, node: string): string {
  const lines = [`${resourceHistoryHead(sim, r, node)}>`];
  for (const o of r.history.get(node) ?? []) {
    const interval = o.intervalMs > 0 ? ` interval="${o.intervalMs}ms"` : '';
    lines.push(`        <operation_history call="${o.call}" task="${o.task}" rc="${o.rc}" rc_text="${RC_TEXT[o.rc] ?? 'error'}"${interval} last-rc-change="${ctimeUtc(o.at)}" exec-time="${o.task === 'monitor' ? 41 : 1830}ms" queue-time="0ms"/>`);
  }
  lines.push('      </resource_history>');
  return lines.join('\n');
}

/** cibadmin --query: the CIB as Pacemaker stores it (configuration + status). */
export function cibXml(sim: DemoSim, scope?: string): string {
  const dc = sim.dc();
  const cfg: string[] = [];
  const nodes: string[] = ['    <nodes>'];
  for (const n of sim.nodes) {
    // Node capacity for placement-strategy (crm_attribute --utilization), as the guides set it.
    const util = [`        <utilization id="nodes-${n.id}-utilization">`, `          <nvpair id="nodes-${n.id}-utilization-cpu" name="cpu" value="${n.cpus}"/>`, `          <nvpair id="nodes-${n.id}-utilization-hv_memory" name="hv_memory" value="${Math.round(n.memKiB / 1024)}"/>`, '        </utilization>'];
    nodes.push(`      <node id="${n.id}" uname="${n.name}">`, ...util);
    if (n.standby) nodes.push(`        <instance_attributes id="nodes-${n.id}">`, `          <nvpair id="nodes-${n.id}-standby" name="standby" value="on"/>`, '        </instance_attributes>');
    nodes.push('      </node>');
  }
  nodes.push('    </nodes>');
  const rsc: string[] = ['    <resources>'];
  for (const f of fenceDeviceIds(sim)) {
    rsc.push(`      <primitive id="${f.id}" class="stonith" type="${f.agent}">`, `        <instance_attributes id="${f.id}-instance_attributes">`);
    if (f.agent === 'fence_sbd') rsc.push(`          <nvpair id="${f.id}-instance_attributes-devices" name="devices" value="/dev/disk/by-id/scsi-36001405sbd0a1b2c3d4e5f60718293a"/>`);
    else rsc.push(`          <nvpair id="${f.id}-instance_attributes-ip" name="ip" value="10.99.0.${10 + sim.node(f.target!).id}"/>`, `          <nvpair id="${f.id}-instance_attributes-pcmk_host_list" name="pcmk_host_list" value="${f.target}"/>`);
    rsc.push('        </instance_attributes>', '      </primitive>');
  }
  rsc.push(
    '      <clone id="dlm-clone">',
    '        <primitive id="dlm" class="ocf" provider="pacemaker" type="controld">',
    '          <operations>',
    '            <op id="dlm-monitor-interval-60s" name="monitor" interval="60s"/>',
    '          </operations>',
    '        </primitive>',
    '        <meta_attributes id="dlm-clone-meta_attributes">',
    '          <nvpair id="dlm-clone-meta_attributes-interleave" name="interleave" value="true"/>',
    '        </meta_attributes>',
    '      </clone>',
  );
  const remotes = clusterOnlyNodes(sim);
  const guestOf = new Map(remotes.filter((c) => c.kind === 'guest').map((c) => [c.provider, c.name]));
  for (const c of remotes.filter((x) => x.kind === 'remote')) {
    rsc.push(
      `      <primitive id="${c.name}" class="ocf" provider="pacemaker" type="remote">`,
      `        <instance_attributes id="${c.name}-instance_attributes">`,
      `          <nvpair id="${c.name}-instance_attributes-server" name="server" value="${REMOTE_SERVER}"/>`,
      '        </instance_attributes>',
      '      </primitive>',
    );
  }
  for (const c of remotes) {
    rsc.push(
      `      <primitive id="${c.app}" class="ocf" provider="pacemaker" type="Dummy">`,
      '        <operations>',
      `          <op id="${c.app}-monitor-interval-10s" name="monitor" interval="10s" timeout="20s"/>`,
      '        </operations>',
      '      </primitive>',
    );
  }
  for (const r of sim.resources) {
    const vm = sim.vm(r.vm);
    rsc.push(
      `      <primitive id="${r.id}" class="ocf" provider="heartbeat" type="VirtualDomain">`,
      `        <instance_attributes id="${r.id}-instance_attributes">`,
      `          <nvpair id="${r.id}-instance_attributes-config" name="config" value="/etc/libvirt/qemu/${xmlEscape(r.vm)}.xml"/>`,
      `          <nvpair id="${r.id}-instance_attributes-hypervisor" name="hypervisor" value="qemu:///system"/>`,
      `          <nvpair id="${r.id}-instance_attributes-migration_transport" name="migration_transport" value="ssh"/>`,
      '        </instance_attributes>',
      `        <meta_attributes id="${r.id}-meta_attributes">`,
      `          <nvpair id="${r.id}-meta_attributes-allow-migrate" name="allow-migrate" value="${r.allowMigrate ?? true}"/>`,
      ...(r.targetRole ? [`          <nvpair id="${r.id}-meta_attributes-target-role" name="target-role" value="${r.targetRole}"/>`] : []),
      ...(guestOf.has(r.id) ? [`          <nvpair id="${r.id}-meta_attributes-remote-node" name="remote-node" value="${xmlEscape(guestOf.get(r.id)!)}"/>`] : []),
      '        </meta_attributes>',
      '        <utilization id="' + r.id + '-utilization">',
      `          <nvpair id="${r.id}-utilization-cpu" name="cpu" value="${r.utilization?.cpu ?? vm?.vcpus ?? 1}"/>`,
      `          <nvpair id="${r.id}-utilization-hv_memory" name="hv_memory" value="${r.utilization?.hvMemory ?? Math.round((vm?.memKiB ?? 0) / 1024)}"/>`,
      '        </utilization>',
      '        <operations>',
      `          <op id="${r.id}-monitor-interval-10s" name="monitor" interval="10s" timeout="30s"/>`,
      `          <op id="${r.id}-migrate_to-interval-0s" name="migrate_to" interval="0s" timeout="120s"/>`,
      '        </operations>',
      '      </primitive>',
    );
  }
  rsc.push('    </resources>');
  const cons: string[] = ['    <constraints>'];
  cons.push('      <rsc_order id="order-dlm-before-vms" kind="Optional" first="dlm-clone" then="stonith-sbd"/>');
  // The usual "don't fence yourself" rule: each IPMI device banned from its own target.
  for (const f of fenceDeviceIds(sim)) if (f.bannedFrom) cons.push(`      <rsc_location id="location-${f.id}-avoids-${f.bannedFrom}" rsc="${f.id}" node="${f.bannedFrom}" score="-INFINITY"/>`);
  // Each remote/guest node's resource runs there and nowhere else.
  for (const c of remotes) cons.push(`      <rsc_location id="location-${c.app}" rsc="${c.app}" node="${xmlEscape(c.name)}" score="INFINITY"/>`);
  for (const c of sim.constraints) {
    cons.push(`      <rsc_location id="${c.id}" rsc="${c.rsc}" role="Started" node="${c.node}" score="${c.score >= 1_000_000 ? 'INFINITY' : c.score <= -1_000_000 ? '-INFINITY' : c.score}"/>`);
  }
  cons.push('    </constraints>');
  if (scope === 'constraints') return `${cons.map((l) => l.slice(4)).join('\n')}\n`;
  if (scope === 'nodes') return `${nodes.map((l) => l.slice(4)).join('\n')}\n`;
  if (scope === 'resources') return `${rsc.map((l) => l.slice(4)).join('\n')}\n`;
  cfg.push(
    `<cib crm_feature_set="${FEATURE_SET}" validate-with="pacemaker-3.9" epoch="${sim.cibEpoch}" num_updates="${sim.version}" admin_epoch="0" cib-last-written="${ctimeUtc(sim.clock.now())}" update-origin="${dc?.name ?? ''}" update-client="crm_attribute" update-user="root" have-quorum="${sim.quorum().quorate ? 1 : 0}" dc-uuid="${dc?.id ?? ''}">`,
    '  <configuration>',
    '    <crm_config>',
    '      <cluster_property_set id="cib-bootstrap-options">',
    '        <nvpair id="cib-bootstrap-options-have-watchdog" name="have-watchdog" value="true"/>',
    `        <nvpair id="cib-bootstrap-options-dc-version" name="dc-version" value="${CRM_VERSION}"/>`,
    '        <nvpair id="cib-bootstrap-options-cluster-infrastructure" name="cluster-infrastructure" value="corosync"/>',
    `        <nvpair id="cib-bootstrap-options-cluster-name" name="cluster-name" value="${xmlEscape(sim.clusterName)}"/>`,
    '        <nvpair id="cib-bootstrap-options-stonith-enabled" name="stonith-enabled" value="true"/>',
    '        <nvpair id="cib-bootstrap-options-stonith-watchdog-timeout" name="stonith-watchdog-timeout" value="0"/>',
    '      </cluster_property_set>',
    '    </crm_config>',
  );
  append(cfg, nodes);
  append(cfg, rsc);
  append(cfg, cons);
  cfg.push(
    '    <rsc_defaults>',
    '      <meta_attributes id="rsc_defaults-meta_attributes">',
    '        <nvpair id="rsc_defaults-meta_attributes-resource-stickiness" name="resource-stickiness" value="100"/>',
    '      </meta_attributes>',
    '    </rsc_defaults>',
    '  </configuration>',
    '  <status>',
  );
  for (const n of sim.nodes) {
    const online = n.member === 'online';
    const attrs = `id="${n.id}" uname="${n.name}" in_ccm="${online}" crmd="${online ? 'online' : 'offline'}" crm-debug-origin="do_update_resource" join="${online ? 'member' : 'down'}" expected="${n.member === 'offline' ? 'down' : 'member'}"`;
    const lrm: string[] = [];
    for (const r of sim.resources) {
      const ops = r.history.get(n.name);
      if (!ops || ops.length === 0) continue;
      lrm.push(`          <lrm_resource id="${r.id}" type="VirtualDomain" class="ocf" provider="heartbeat">`);
      for (const o of ops) {
        const key = `${r.id}_${o.task}_${o.intervalMs}`;
        lrm.push(`            <lrm_rsc_op id="${o.intervalMs > 0 ? key : `${r.id}_last_0`}" operation_key="${key}" operation="${o.task}" crm-debug-origin="do_update_resource" crm_feature_set="${FEATURE_SET}" transition-key="1:1:0:${r.id}" transition-magic="0:${o.rc};1:1:0:${r.id}" exit-reason="" on_node="${n.name}" call-id="${o.call}" rc-code="${o.rc}" op-status="0" interval="${o.intervalMs}" last-rc-change="${Math.floor(o.at / 1000)}" exec-time="40" queue-time="0" op-digest="0"/>`);
      }
      lrm.push('          </lrm_resource>');
    }
    cfg.push(`    <node_state ${attrs}>`, `      <lrm id="${n.id}">`, '        <lrm_resources>');
    append(cfg, lrm);
    cfg.push('        </lrm_resources>', '      </lrm>', '    </node_state>');
  }
  cfg.push('  </status>', '</cib>', '');
  return cfg.join('\n');
}
