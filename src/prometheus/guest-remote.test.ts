// A guest node as each path sees it, on the same simulated cluster. crm_mon's XML says
// type="remote" for guest and remote nodes alike and marks a guest with id_as_resource;
// ha_cluster_exporter 1.3.1 (collector/pacemaker: `type` is crm_mon's member|ping|remote, else
// unknown) copies only the type. So over SSH a guest is "guest of <its VM>", and from Prometheus
// both kinds are "remote or guest", never "remote node" for what may be a guest.
import { describe, expect, it } from 'vitest';
import { DemoSim } from '../demo/sim/sim.js';
import { clusterOnlyNodes } from '../demo/sim/remote.js';
import { haClusterMetrics } from '../demo/exporters/metrics.js';
import { crmMonXml } from '../demo/tools/pacemaker-xml.js';
import { parseCrmMon } from '../collectors/pacemaker/parse.js';
import { nodeKind } from '../model/pacemaker.js';
import { nodeKindText } from '../ui/panes/nodes/cluster-only.js';
import { crmFromSeries } from './map-pacemaker.js';
import type { PromSample } from './client.js';

/** The exposition text as the series of one target (labels only; enough for the mapping). */
const series = (text: string): PromSample[] =>
  text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels: Record<string, string> = { __name__: m[1]!, instance: 'kvm-n1:9664' };
      for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
      return { labels, value: Number(m[3]), t: 0 };
    });

describe('guest and remote nodes over SSH and from Prometheus', () => {
  const sim = new DemoSim({ seed: 1, nodes: 3, vms: 6 });
  const guest = clusterOnlyNodes(sim).find((n) => n.kind === 'guest')!;
  const remote = clusterOnlyNodes(sim).find((n) => n.kind === 'remote')!;

  it('over SSH crm_mon tells them apart (id_as_resource)', () => {
    const crm = parseCrmMon(crmMonXml(sim));
    const node = (name: string) => crm.nodes.find((n) => n.name === name)!;
    expect(nodeKindText(node(guest.name))).toBe(`guest of ${guest.provider}`);
    expect(nodeKindText(node(remote.name))).toBe('remote node');
  });

  it('the exporter says type="remote" for both; the Prometheus session says what it can tell', () => {
    const samples = series(haClusterMetrics(sim, sim.nodes[0]!.name));
    const types = (name: string) => new Set(samples.filter((s) => s.labels.__name__ === 'ha_cluster_pacemaker_nodes' && s.labels.node === name).map((s) => s.labels.type));
    expect(types(guest.name)).toEqual(new Set(['remote']));
    expect(types(remote.name)).toEqual(new Set(['remote']));
    const crm = crmFromSeries(samples)!;
    for (const name of [guest.name, remote.name]) {
      const n = crm.nodes.find((x) => x.name === name)!;
      expect(nodeKind(n)).toBe('remote');
      expect(nodeKindText(n)).toBe('remote or guest');
    }
  });
});
