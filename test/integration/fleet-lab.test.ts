// `virtdeck fleet --json` through the real CLI entry against the integration lab's real
// Prometheus (real ha_cluster_exporter over real crm_mon on a CIB the real Pacemaker CLI built,
// corosync/sbd through the lab's shims, real 3.1.7 / sbd formats): the lab cluster's row must carry what the
// real `crm_mon --output-as=xml` says of the same CIB, read here with xmllint (not virtdeck's
// parser). The CIB state has an offline node, a standby node, a stopped resource and a failed
// action, so no count is trivially equal to another.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetRow } from '../../src/fleet/fleet.js';
import { PrometheusBackend } from '../../src/prometheus/backend.js';
import { createPromClient } from '../../src/prometheus/client.js';
import { fencingReadiness } from '../../src/store/selectors.js';
import { createVdStore } from '../../src/store/store.js';
import { SBD_DEVICE } from '../lab/answers.js';
import { CIB_TOOLS, CLUSTER_STATES, MEMBERS } from '../lab/cluster-states.js';
import { pathWithSbin, skipWithout, toolPath } from '../helpers/tools.js';
import { runCli } from './support.js';
import { PROM_TOOLS, startPromLab, type PromLab } from './prometheus-lab.js';

const skip = skipWithout('virtdeck fleet --json against a real Prometheus and crm_mon', [...PROM_TOOLS, ...CIB_TOOLS, 'xmllint']);

/** The cluster label of the lab's targets: not the default, so the config's clusterLabel is what finds it. */
const LABEL = 'site';

/** crm_mon's own answer, read with XPath. */
function crmMonTruth(cibFile: string) {
  const xml = execFileSync(toolPath('crm_mon')!, ['--one-shot', '--output-as=xml', '--inactive'], { env: { ...process.env, PATH: pathWithSbin(), CIB_file: cibFile }, encoding: 'utf8', timeout: 60_000 });
  const dir = mkdtempSync(join(tmpdir(), 'vd-crm-xml-'));
  const file = join(dir, 'crm_mon.xml');
  writeFileSync(file, xml);
  const x = (expr: string) => execFileSync(toolPath('xmllint')!, ['--xpath', expr, file], { encoding: 'utf8' }).trim();
  const members = "/pacemaker-result/nodes/node[@type='member']";
  const failures = x("/pacemaker-result/failures/failure/@*[name()='op_key' or name()='node' or name()='task' or name()='interval']")
    .split('\n')
    .map((a) => /(\w[\w-]*)="([^"]*)"/.exec(a)!)
    .reduce<Record<string, string>[]>((acc, [, k, v]) => {
      if (k === 'op_key') acc.push({});
      acc.at(-1)![k!] = v!;
      return acc;
    }, []);
  // A failed action's resource: its operation key without "_<task>_<interval>".
  const failed = new Set(failures.map((f) => `${f.op_key!.slice(0, -`_${f.task}_${f.interval}`.length)}@${f.node}`));
  const out = {
    nodes: { online: Number(x(`count(${members}[@online='true'])`)), total: Number(x(`count(${members})`)) },
    dc: x("string(/pacemaker-result/summary/current_dc[@present='true']/@name)") || null,
    quorum: x("string(/pacemaker-result/summary/current_dc/@with_quorum)") === 'true',
    resources: { started: Number(x("count(/pacemaker-result/resources//resource[@active='true'])")), total: Number(x('count(/pacemaker-result/resources//resource)')) },
    failedActions: failed.size,
  };
  rmSync(dir, { recursive: true, force: true });
  return out;
}

describe.skipIf(skip)('virtdeck fleet --json: the lab cluster as crm_mon sees it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vd-fleet-lab-'));
  let lab: PromLab;
  let truth: ReturnType<typeof crmMonTruth>;

  beforeAll(async () => {
    const cib = CLUSTER_STATES.find((c) => c.name === 'degraded')!.build(dir);
    truth = crmMonTruth(cib.file);
    // corosync as the partition n1 and n2 form without n3 (the CIB's offline node): quorate.
    lab = await startPromLab({ cibFile: cib.file, nodes: MEMBERS, cluster: 'lab', clusterLabel: LABEL, shims: { quorum: 'partitioned', links: 'degraded', sbd: 'healthy' } });
    await lab.ready();
  }, 120_000);
  afterAll(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the counts, DC, quorum and failed actions are crm_mon’s', async () => {
    // No count equals another by accident: 2 of 3 nodes online, 3 of 4 resources started, 1 failure.
    expect(truth).toEqual({ nodes: { online: 2, total: 3 }, dc: 'n1', quorum: true, resources: { started: 3, total: 4 }, failedActions: 1 });
    const home = join(dir, 'home');
    mkdirSync(join(home, '.config', 'virtdeck'), { recursive: true });
    writeFileSync(join(home, '.config', 'virtdeck', 'config.json'), JSON.stringify({ clusters: {}, fleet: { prometheus: lab.url, clusterLabel: LABEL } }));
    const r = await runCli(['fleet', '--json'], { env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config') } });
    expect(r.code, r.stderr).toBe(0);
    const { clusters } = JSON.parse(r.stdout) as { clusters: FleetRow[] };
    expect(clusters.map((c) => c.name)).toEqual([lab.cluster]);
    const row = clusters[0]!;
    expect({ nodes: row.nodes, dc: row.dc, quorum: row.quorum, resources: row.resources, failedActions: row.failedActions }).toEqual(truth);
    // Every target up (3 ha_cluster, 3 node exporter): fresh; an offline node makes it a warning.
    expect(row.freshness).toMatchObject({ state: 'fresh', up: 6, targets: 6 });
    expect(row.worst).toBe('warning');
  }, 60_000);

  it('the console model: each node’s corosync membership and sbd device from the real exporter, with what it cannot carry marked', async () => {
    const store = createVdStore({ clusterName: lab.cluster, nodes: [] });
    const backend = new PrometheusBackend({ client: createPromClient({ url: lab.url }), store, match: `{${LABEL}="${lab.cluster}"}` });
    const stats = await backend.refreshNow();
    expect(stats.queries).toBe(8);
    const s = store.getState();
    for (const node of MEMBERS) {
      const n = s.nodes[node]!;
      // corosync's members are the nodes crm_mon has online (the CIB's n3 left; the shims' partition).
      expect(n.quorum?.members.map((m) => m.name), node).toEqual(['n1', 'n2']);
      expect(n.quorum).toMatchObject({ quorate: true, expectedVotes: 3, totalVotes: 2, quorum: 2 });
      expect(n.corosyncLinks).toMatchObject({ links: [], notCollected: 'link status not available from Prometheus' });
      expect(n.sbd?.devices).toEqual([{ path: SBD_DEVICE, readable: true, slots: [], slotsNotCollected: 'not available from Prometheus', header: { timeoutWatchdog: 15, timeoutMsgwait: 30 } }]);
    }
    expect(fencingReadiness(s).nodes.find((n) => n.node === 'n1')!.reasons.filter((r) => /sbd|watchdog/.test(r))).toEqual([]);
    // ha_cluster_pacemaker_location_constraints: crm_resource --ban's -INFINITY (Prometheus answers "-Inf").
    expect(s.cluster.crm?.bans).toEqual([{ id: 'cli-ban-vm-db1-on-n2', resource: 'vm-db1', node: 'n2', weight: -Infinity, promotedOnly: false }]);
    expect(s.cluster.crm?.history.find((h) => h.resource === 'vm-web1' && h.node === 'n1')).toMatchObject({ failCount: 1, migrationThreshold: 3 });
    backend.stop();
  }, 60_000);
});
