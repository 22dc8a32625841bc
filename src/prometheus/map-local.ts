// ha_cluster_exporter's node-local collectors → that node's corosync and sbd slices. Each
// exporter instance runs `corosync-quorumtool -p`, `corosync-cfgtool -s` and `sbd -d DEV dump` on
// its own node, so unlike Pacemaker's view (which every instance reports whole) these are read
// per instance. What 1.3.1 carries and what it does not (src/prometheus/fixtures/README.md, real
// captures): quorate, the vote counts and each member's votes; sbd device health and the
// device's watchdog and msgwait timeouts. Not carried: knet link status (its ring parser matches
// no corosync 3 output, so there is no ha_cluster_corosync_rings series and ring_errors stays 0
// with a link down), the ring id and quorum flags, sbd slots and messages, the watchdog device.
import type { QuorumInfo, QuorumMember, CorosyncLinks } from '../model/corosync.js';
import type { SbdDevice, SbdStatus } from '../model/fencing.js';
import { NOT_FROM_PROMETHEUS } from '../store/freshness.js';
import { familyOf, type PromSample } from './client.js';

/** The families read here (checked against the real exporter and the demo in test/integration/fleet-exporters.test.ts). */
export const HA_LOCAL_METRICS = {
  success: 'ha_cluster_scrape_success',
  quorate: 'ha_cluster_corosync_quorate',
  quorumVotes: 'ha_cluster_corosync_quorum_votes',
  memberVotes: 'ha_cluster_corosync_member_votes',
  sbdDevices: 'ha_cluster_sbd_devices',
  sbdTimeouts: 'ha_cluster_sbd_timeouts',
} as const;
const M = HA_LOCAL_METRICS;


/** Collector → whether its last scrape succeeded; a collector missing here is not registered on that exporter. */
export function collectorSuccess(samples: readonly PromSample[]): Map<string, boolean> {
  return new Map(familyOf(samples, M.success).map((s) => [s.labels.collector ?? '', s.value === 1]));
}

/** The node's corosync view from one instance's series; undefined without ha_cluster_corosync_quorate. */
export function corosyncFromSeries(samples: readonly PromSample[]): { quorum: QuorumInfo; corosyncLinks: CorosyncLinks } | undefined {
  const quorate = familyOf(samples, M.quorate)[0];
  if (!quorate) return undefined;
  const votes = new Map(familyOf(samples, M.quorumVotes).map((s) => [s.labels.type ?? '', s.value]));
  const members: QuorumMember[] = familyOf(samples, M.memberVotes)
    .map((s) => ({ nodeid: Number(s.labels.node_id), votes: s.value, name: s.labels.node ?? '', local: s.labels.local === 'true' }))
    .sort((a, b) => a.nodeid - b.nodeid);
  const local = members.find((m) => m.local);
  const quorum: QuorumInfo = {
    quorate: quorate.value === 1,
    nodes: members.length,
    expectedVotes: votes.get('expected_votes') ?? 0,
    highestExpected: votes.get('highest_expected') ?? 0,
    totalVotes: votes.get('total_votes') ?? 0,
    quorum: votes.get('quorum') ?? 0,
    // corosync's flag words (Quorate, 2Node, WaitForAll, Qdevice…) are not exported.
    flags: [],
    members,
  };
  if (local) quorum.nodeId = local.nodeid;
  const corosyncLinks: CorosyncLinks = { links: [], notCollected: `link status ${NOT_FROM_PROMETHEUS}` };
  if (local) corosyncLinks.localNodeId = local.nodeid;
  return { quorum, corosyncLinks };
}

/** The node's sbd devices from one instance's series (ha_cluster_sbd_devices, ha_cluster_sbd_timeouts). */
export function sbdFromSeries(samples: readonly PromSample[]): SbdStatus {
  const timeouts = new Map<string, Map<string, number>>();
  for (const s of familyOf(samples, M.sbdTimeouts)) {
    const dev = s.labels.device ?? '';
    timeouts.set(dev, (timeouts.get(dev) ?? new Map<string, number>()).set(s.labels.type ?? '', s.value));
  }
  const devices = familyOf(samples, M.sbdDevices)
    .filter((s) => s.value === 1 && s.labels.device)
    .map((s): SbdDevice => {
      const path = s.labels.device!;
      // The exporter's health is the exit code of `sbd -d DEV dump`; the timeouts come from that dump.
      if (s.labels.status !== 'healthy') return { path, readable: false, error: `sbd -d ${path} dump failed (ha_cluster_exporter: ${s.labels.status ?? 'no status'})`, slots: [] };
      const t = timeouts.get(path);
      const d: SbdDevice = { path, readable: true, slots: [], slotsNotCollected: NOT_FROM_PROMETHEUS };
      if (t) {
        d.header = {};
        const wd = t.get('watchdog');
        const mw = t.get('msgwait');
        if (wd !== undefined) d.header.timeoutWatchdog = wd;
        if (mw !== undefined) d.header.timeoutMsgwait = mw;
      }
      return d;
    })
    .sort((a, b) => a.path.localeCompare(b.path));
  return { devices, watchdog: { present: false, notCollected: NOT_FROM_PROMETHEUS } };
}
