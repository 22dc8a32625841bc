// The demo has a remote node and a guest node (issue 14, item 1) and plays a DC election with no
// DC (item 2); its crm_mon output meets the same invariants as real crm_mon (test/lab/invariants.ts).
import { describe, expect, it } from 'vitest';
import { parseCrmMon } from '../../collectors/pacemaker/parse.js';
import { flattenResources, nodeKind, nodeProvider, quorumState } from '../../model/pacemaker.js';
import { toSnapshot } from '../../store/snapshot.js';
import { FIXTURE_NOW, fixtureState, mkNodeSlice } from '../../../test/support/store/test-fixtures.js';
import { modelViolations } from '../../../test/lab/invariants.js';
import { skipWithout } from '../../../test/helpers/tools.js';
import { crmMonXml } from '../tools/pacemaker-xml.js';
import { incidentTimeline } from './incidents.js';
import { DemoSim } from './sim.js';

const snapOf = (sim: DemoSim, xml: string) => {
  const s = fixtureState();
  const members = sim.nodes.map((n) => n.name);
  s.nodeOrder = members;
  s.nodes = Object.fromEntries(members.map((n) => [n, mkNodeSlice(n, FIXTURE_NOW, members)]));
  s.cluster.crm = parseCrmMon(xml, members[0]);
  s.cluster.stonithTargets = undefined;
  return toSnapshot(s, FIXTURE_NOW);
};

describe('demo: remote and guest nodes', () => {
  it('crm_mon lists a remote node and a guest node (the VM resource that provides it), each running a resource', () => {
    const sim = new DemoSim({ seed: 1, nodes: 4, vms: 24 });
    const crm = parseCrmMon(crmMonXml(sim));
    const others = crm.nodes.filter((n) => nodeKind(n) !== 'member');
    expect(others.map((n) => [n.name, nodeKind(n), nodeProvider(n), n.online])).toEqual([
      ['remote1', 'remote', 'remote1', true],
      ['web01', 'guest', 'vm-web01', true],
    ]);
    expect(crm.nodes).toHaveLength(crm.summary.nodesConfigured);
    const rs = flattenResources(crm.resources);
    expect(rs.find((r) => r.id === 'app-remote1')!.nodes).toEqual(['remote1']);
    expect(rs.find((r) => r.id === 'app-web01')!.nodes).toEqual(['web01']);
    // The guest's connection runs where its VM runs.
    expect(rs.find((r) => r.id === 'web01')!.nodes).toEqual(rs.find((r) => r.id === 'vm-web01')!.nodes);
  });

  it('a remote node whose connection host is lost is offline until the fence, then reconnects elsewhere', () => {
    const sim = new DemoSim({ seed: 1, nodes: 4, vms: 8 });
    const rs = () => flattenResources(parseCrmMon(crmMonXml(sim)).resources);
    const remote = () => parseCrmMon(crmMonXml(sim)).nodes.find((n) => n.name === 'remote1')!;
    expect(rs().find((r) => r.id === 'remote1')!.nodes).toEqual(['kvm-n4']);
    sim.killNode('kvm-n4');
    sim.tick(4_000); // token lost: kvm-n4 UNCLEAN, not fenced yet
    expect(remote().online).toBe(false);
    expect(rs().find((r) => r.id === 'remote1')!.nodes).toEqual(['kvm-n4']);
    sim.tick(10_000); // fenced: the connection runs on another member, the node is back
    expect(remote().online).toBe(true);
    expect(rs().find((r) => r.id === 'remote1')!.nodes).toEqual(['kvm-n3']);
  });

  it('a guest goes offline with its VM, and its resource stops', () => {
    const sim = new DemoSim({ seed: 1, nodes: 4, vms: 24 });
    const host = sim.resource('vm-web01')!.node!;
    sim.killNode(host);
    sim.tick(4_000);
    const crm = parseCrmMon(crmMonXml(sim));
    expect(crm.nodes.find((n) => n.name === 'web01')).toMatchObject({ online: false, unclean: false });
    expect(flattenResources(crm.resources).find((r) => r.id === 'app-web01')!.nodes).toEqual([]);
  });

  it.skipIf(skipWithout('demo crm_mon against the model invariants', ['xmllint']))('meets the model invariants, healthy and during the incident timeline', () => {
    const sim = new DemoSim({ seed: 1, nodes: 4, vms: 24 });
    for (const st of incidentTimeline(sim)) sim.scheduleAt(st.at, () => st.run(sim));
    for (let t = 0; t <= 200_000; t += 10_000) {
      const xml = crmMonXml(sim);
      expect(modelViolations(xml, parseCrmMon(xml), snapOf(sim, xml)), `at ${t / 1000} s`).toEqual([]);
      sim.tick(10_000);
    }
  });
});

describe('demo: no-DC scenario', () => {
  it('the incident timeline has a DC election', () => {
    expect(incidentTimeline(new DemoSim({ seed: 1 })).map((s) => s.what)).toContain('DC election: no DC for 12 s');
  });

  it('during the election crm_mon has no DC and quorum is unknown; afterwards a DC and quorum again', () => {
    const sim = new DemoSim({ seed: 1, nodes: 4, vms: 8 });
    sim.electDc(12_000);
    const during = parseCrmMon(crmMonXml(sim));
    expect(crmMonXml(sim)).toContain('<current_dc present="false"/>');
    expect(quorumState(during.summary)).toEqual({ state: 'unknown', why: 'no DC' });
    expect(during.nodes.some((n) => n.isDc)).toBe(false);
    expect(snapOf(sim, crmMonXml(sim)).cluster).toMatchObject({ quorum: null, quorumUnknown: 'no DC' });
    sim.tick(13_000);
    const after = parseCrmMon(crmMonXml(sim));
    expect(quorumState(after.summary)).toEqual({ state: 'yes' });
    expect(after.summary.dcName).toBe('kvm-n1');
  });

  it('schedules nothing without a DC: a crashed VM is restarted only once a DC is elected', () => {
    const sim = new DemoSim({ seed: 1, nodes: 4, vms: 8 });
    sim.electDc(30_000);
    const vm = sim.vms.find((v) => v.managed && v.state === 'running')!;
    sim.crashVm(vm.name);
    sim.tick(20_000);
    expect(sim.vm(vm.name)!.state).not.toBe('running');
    sim.tick(30_000);
    expect(sim.vm(vm.name)!.state).toBe('running');
  });
});
