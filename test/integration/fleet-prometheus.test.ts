// The fleet summary end to end: a real Prometheus scrapes the fleet demo's exporters, the console
// reads it with the fleet queries, and every row matches the simulators' own truth. The number of
// queries per refresh does not grow with the number of clusters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusConfig, startFleetDemo, type FleetDemo } from '../../src/demo/exporters/fleet.js';
import { startPrometheus, type LocalPrometheus } from '../../src/demo/exporters/prometheus.js';
import type { DemoSim } from '../../src/demo/sim/sim.js';
import { fenceDeviceIds } from '../../src/demo/tools/pacemaker-xml.js';
import { readFleet, type FleetRow } from '../../src/fleet/fleet.js';
import { createPromClient } from '../../src/prometheus/client.js';
import { skipWithout } from '../helpers/tools.js';

const skip = skipWithout('fleet summary through a real Prometheus', ['prometheus']);

let demo: FleetDemo;
let prom: LocalPrometheus;

/** Polls until every cluster's every target has been scraped with the sims' current state. */
async function settledRows(want: number, ok: (rows: FleetRow[]) => boolean, timeoutMs = 60_000): Promise<FleetRow[]> {
  const client = createPromClient({ url: prom.url });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await readFleet(client);
    if (rows.length === want && ok(rows)) return rows;
    if (Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 500));
  }
}

// Resources as crm_mon lists them: the fence devices and the VMs' resources.
const truth = (sim: DemoSim) => ({
  nodesOnline: sim.nodes.filter((n) => n.member === 'online').length,
  nodes: sim.nodes.length,
  dc: sim.dc()?.name ?? null,
  started: fenceDeviceIds(sim).filter((f) => f.runsOn(sim)).length + sim.resources.filter((r) => r.node !== undefined && !r.failed).length,
  resources: fenceDeviceIds(sim).length + sim.resources.length,
  failedActions: sim.resources.reduce((a, r) => a + [...r.failCount.values()].filter((c) => c > 0).length, 0),
});

describe.skipIf(skip)('fleet summary from a real Prometheus scraping the demo exporters', () => {
  beforeAll(async () => {
    demo = await startFleetDemo({ clusters: 4, nodesPerCluster: 3, vmsPerCluster: 12, incidents: false, autoAdvance: false });
    demo.tick(5000);
    // One incident per cluster kind: a crashed VM (a failed action) and a dead host (its targets down).
    demo.sims[1]!.crashVm(demo.sims[1]!.vms[0]!.name);
    demo.sims[2]!.killNode(demo.sims[2]!.nodes[2]!.name);
    demo.tick(30_000);
    prom = await startPrometheus(prometheusConfig(demo, { scrapeIntervalS: 1 }));
  }, 60_000);
  afterAll(async () => {
    await prom?.close();
    await demo?.close();
  });

  it('one row per cluster with the simulators’ nodes, DC, resources and failed actions', async () => {
    const rows = await settledRows(4, (rs) => rs.every((r) => r.freshness.targets === 9 && r.freshness.ageS !== null));
    expect(rows.map((r) => r.name)).toEqual(demo.sims.map((s) => s.clusterName));
    rows.forEach((r, i) => {
      const t = truth(demo.sims[i]!);
      expect({ online: r.nodes.online, total: r.nodes.total, dc: r.dc, started: r.resources.started, total2: r.resources.total, failed: r.failedActions }, r.name).toEqual({
        online: t.nodesOnline,
        total: t.nodes,
        dc: t.dc,
        started: t.started,
        total2: t.resources,
        failed: t.failedActions,
      });
    });
    expect(rows[0]).toMatchObject({ worst: 'ok', quorum: true, freshness: { state: 'fresh', up: 9 } });
    expect(rows[1]!.failedActions).toBeGreaterThan(0);
    expect(rows[2]).toMatchObject({ worst: 'warning', freshness: { state: 'partial', up: 6, targets: 9 } });
    // VMs: every domain the libvirt exporters that are up report, counted once.
    const running = demo.sims[0]!.vms.filter((v) => v.state === 'running').length;
    expect(rows[0]!.vms).toEqual({ running, total: demo.sims[0]!.vms.length });
  }, 90_000);

  it('three queries per refresh, whatever the number of clusters', async () => {
    const client = createPromClient({ url: prom.url });
    await readFleet(client);
    expect(client.queries).toBe(3);
    await readFleet(client);
    expect(client.queries).toBe(6);
  });
});
