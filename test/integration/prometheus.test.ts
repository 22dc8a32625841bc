// The Prometheus backend against real parts: a real Prometheus scraping the real
// ha_cluster_exporter (real crm_mon over a CIB the real Pacemaker CLI built), node exporter and
// libvirt exporter. The console's model read from Prometheus must equal what crm_mon itself
// says of the same CIB (nodes, roles, placements, failed actions), with a query count that does
// not depend on the cluster's size, and a target that goes down must not read as fine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crmMonCmd } from '../../src/collectors/pacemaker/command.js';
import { parseCrmMon } from '../../src/collectors/pacemaker/parse.js';
import { flattenResources, type CrmStatus } from '../../src/model/pacemaker.js';
import type { Snapshot } from '../../src/store/snapshot.js';
import { createVdStore } from '../../src/store/store.js';
import { toSnapshot } from '../../src/store/snapshot.js';
import { createPromClient } from '../../src/prometheus/client.js';
import { PrometheusBackend } from '../../src/prometheus/backend.js';
import { CLUSTER_STATES, CIB_TOOLS, MEMBERS, type CibBuilder } from '../lab/cluster-states.js';
import { pathWithSbin, skipWithout, toolPath } from '../helpers/tools.js';
import { runCli } from './support.js';
import { PROM_TOOLS, startPromLab, type PromLab } from './prometheus-lab.js';

const skip = skipWithout('Prometheus backend against real Prometheus and exporters', [...PROM_TOOLS, ...CIB_TOOLS]);

function crmMon(file: string): CrmStatus {
  const [prog, ...args] = crmMonCmd().argv;
  return parseCrmMon(execFileSync(toolPath(prog!) ?? prog!, args, { env: { ...process.env, PATH: pathWithSbin(), CIB_file: file }, encoding: 'utf8', timeout: 60_000 }), 'direct');
}

/** What must agree between crm_mon and the Prometheus-fed model. */
const nodesOf = (crm: CrmStatus | Snapshot) =>
  ('summary' in crm ? crm.nodes.map((n) => ({ name: n.name, online: n.online, standby: n.standby, unclean: n.unclean, maintenance: n.maintenance })) : crm.nodes.map((n) => ({ name: n.name, online: n.online, standby: n.standby, unclean: n.unclean, maintenance: n.maintenance }))).sort((a, b) => a.name.localeCompare(b.name));
const primitivesOf = (rs: readonly { id: string; kind: string; role: string; nodes: string[]; failed: boolean }[]) =>
  rs.filter((r) => r.kind === 'primitive').map((r) => ({ id: r.id, role: r.role, nodes: [...r.nodes].sort(), failed: r.failed })).sort((a, b) => a.id.localeCompare(b.id) || a.nodes.join().localeCompare(b.nodes.join()));
const failuresOf = (fs: readonly { resource: string; node: string }[]) => [...new Set(fs.map((f) => `${f.resource}@${f.node}`))].sort();

describe.skipIf(skip)('Prometheus backend: real Prometheus, ha_cluster_exporter, node and libvirt exporters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vd-prom-it-'));
  let cib: CibBuilder;
  let lab: PromLab;
  let crm: CrmStatus;

  beforeAll(async () => {
    // A failed fence device (failed actions, an UNCLEAN node) over the three-member base cluster.
    cib = CLUSTER_STATES.find((c) => c.name === 'failed-fencing')!.build(dir);
    crm = crmMon(cib.file);
    lab = await startPromLab({ cibFile: cib.file, nodes: MEMBERS, libvirtUris: { n1: 'test:///default' } });
    await lab.ready();
  }, 120_000);
  afterAll(async () => {
    await lab?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('snapshot --json --prometheus URL --cluster NAME: the nodes, placements and failed actions crm_mon prints', async () => {
    const r = await runCli(['snapshot', '--json', '--prometheus', lab.url, '--cluster', lab.cluster]);
    expect(r.code, r.stderr).toBe(0);
    const snap = JSON.parse(r.stdout) as Snapshot;
    expect(snap.source).toBe('prometheus');
    expect(snap.cluster.name).toBe(lab.cluster);
    expect(nodesOf(snap)).toEqual(nodesOf(crm));
    expect(snap.cluster.dc).toBe(crm.summary.dcName);
    expect(snap.cluster.stonithEnabled).toBe(crm.summary.stonithEnabled);
    expect(primitivesOf(snap.resources)).toEqual(primitivesOf(flattenResources(crm.resources)));
    expect(crm.failedActions.length).toBeGreaterThan(0);
    expect(failuresOf(snap.failedActions)).toEqual(failuresOf(crm.failedActions));
    // Freshness per source: what the exporters carry is live, the rest says why it is absent.
    const n1 = snap.nodes.find((n) => n.name === 'n1')!;
    expect(snap.cluster.freshness.pacemaker?.state).toBe('live');
    expect(n1.freshness.host?.state).toBe('live');
    expect(n1.freshness.multipath).toMatchObject({ state: 'never', notCollected: 'not available from Prometheus' });
    expect(n1.host?.memUsedPct).toBeGreaterThan(0);
    // libvirt's test driver domain, on the node whose exporter reads it.
    expect(snap.vms.map((v) => ({ name: v.name, node: v.node, state: v.state }))).toEqual([{ name: 'test', node: 'n1', state: 'running' }]);
    expect(snap.vms[0]!.vcpus).toBeGreaterThan(0);
  }, 60_000);

  it('a fixed number of queries per refresh, whatever the nodes; a target that goes down reads as failed, never fine', async () => {
    const store = createVdStore({ clusterName: lab.cluster, nodes: [] });
    const backend = new PrometheusBackend({ client: createPromClient({ url: lab.url }), store, match: `{cluster="${lab.cluster}"}`, intervalMs: 1000 });
    const first = await backend.refreshNow();
    expect(first.queries).toBe(8);
    expect(store.getState().nodeOrder).toEqual(MEMBERS);
    console.info(`prometheus refresh (3 nodes): ${first.queries} queries, ${first.series} series, ${first.ms} ms`);
    // The node named by a label the context maps instead of the instance's host: the same model.
    const mapped = createVdStore({ clusterName: lab.cluster, nodes: [] });
    await new PrometheusBackend({ client: createPromClient({ url: lab.url }), store: mapped, match: `{cluster="${lab.cluster}"}`, nodeLabel: 'vd_node' }).refreshNow();
    expect(mapped.getState().nodeOrder).toEqual(MEMBERS);
    for (const n of MEMBERS) expect(mapped.getState().nodes[n]!.host?.cpu, n).toBeDefined();
    expect(mapped.getState().nodes.n1!.vms?.map((v) => v.name)).toEqual(['test']);
    await lab.stopExporter('prometheus-node-exporter');
    // Prometheus marks the targets down at their next scrape (1 s); the data ages past 2 × 1 s.
    await new Promise((r) => setTimeout(r, 3000));
    const second = await backend.refreshNow();
    expect(second.queries).toBe(8);
    const snap = toSnapshot(store.getState(), Date.now());
    for (const n of snap.nodes.filter((x) => MEMBERS.includes(x.name))) {
      expect(n.freshness.host?.state, n.name).toBe('error');
      expect(n.freshness.host?.error).toMatch(/target n\d:9100 \(job node\) is down/);
      // Its ha_cluster_exporter target is still up: the node is reachable, its host data is not fresh.
      expect(n.reachable).toBe(true);
    }
    expect(snap.cluster.freshness.pacemaker?.state).toBe('live');
    backend.stop();
  }, 60_000);
});
