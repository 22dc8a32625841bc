// The scripted incident timeline played deterministically with tick(); crm_mon XML of every
// phase (failed op, unclean node, fence history, bans) validates against pacemaker's RNG.
import { describe, expect, it } from 'vitest';
import { skipWithoutCrmMonSchema, validateCrmMonXml } from '../../../test/helpers/pacemaker-rng.js';
import { crmMonXml } from '../tools/pacemaker-xml.js';
import { iostatSample } from '../tools/storage.js';
import { multipathLl } from '../tools/storage.js';
import { scheduleIncidents } from './incidents.js';
import { DemoSim } from './sim.js';

const XMLLINT = !skipWithoutCrmMonSchema('schema validation of the incident phases\' crm_mon XML (the other checks still run)');

/** crm_mon XML must be a document real crm_mon could print (skipped without xmllint/schemas). */
function validate(xml: string): void {
  if (!XMLLINT) return;
  const r = validateCrmMonXml(xml);
  if (!r.ok) throw new Error(`crm_mon XML does not validate: ${r.errors}`);
}

function tickTo(sim: DemoSim, atMs: number): void {
  sim.tick(atMs - sim.clock.elapsed);
}

describe('incident timeline', () => {
  it('plays path failure, latency spike, VM crash, node loss + fencing and rejoin', () => {
    const sim = new DemoSim({ seed: 11 });
    scheduleIncidents(sim);
    validate(crmMonXml(sim));

    tickTo(sim, 31_000);
    expect(multipathLl(sim.node('kvm-n2'))).toMatch(/ sdc 8:32 failed faulty running\n/);
    expect(multipathLl(sim.node('kvm-n1'))).not.toContain('failed');

    tickTo(sim, 50_000);
    const sample = JSON.parse(iostatSample(sim, sim.node('kvm-n3'), true).replace(/^\n/, '')) as { disk: { disk_device: string; r_await: number }[] };
    expect(sample.disk.find((d) => d.disk_device === 'dm-1')!.r_await).toBeGreaterThan(20);
    const n1 = JSON.parse(iostatSample(sim, sim.node('kvm-n1'), true).replace(/^\n/, '')) as { disk: { disk_device: string; r_await: number }[] };
    expect(n1.disk.find((d) => d.disk_device === 'dm-1')!.r_await).toBeLessThan(5);

    tickTo(sim, 61_000);
    const crashed = sim.vms.find((v) => v.state === 'crashed');
    expect(crashed).toBeDefined();
    const rsc = sim.resourceOfVm(crashed!.name)!;
    tickTo(sim, 65_500);
    const failedXml = crmMonXml(sim);
    expect(failedXml).toContain(`<failure op_key="${rsc.id}_monitor_10000" node="${rsc.node}"`);
    expect(failedXml).toMatch(new RegExp(`<resource id="${rsc.id}"[^>]*failed="true"`));
    validate(failedXml);
    tickTo(sim, 75_000);
    expect(crashed!.state).toBe('running');
    expect(rsc.failCount.get(rsc.node!)).toBe(1);
    expect(crmMonXml(sim)).toMatch(new RegExp(`<resource_history id="${rsc.id}"[^>]*fail-count="1"`));

    tickTo(sim, 81_000);
    expect(multipathLl(sim.node('kvm-n2'))).not.toContain('failed');

    const onN4 = sim.resources.filter((r) => r.node === 'kvm-n4').map((r) => r.id);
    expect(onN4.length).toBeGreaterThan(0);
    tickTo(sim, 124_000);
    expect(sim.node('kvm-n4').ssh).toBe('down');
    const unclean = crmMonXml(sim);
    expect(unclean).toMatch(/<node name="kvm-n4" id="4" online="false" standby="false" standby_onfail="false" maintenance="false" pending="false" unclean="true"/);
    validate(unclean);

    tickTo(sim, 140_000);
    const fenced = crmMonXml(sim);
    expect(fenced).toMatch(/<fence_event action="reboot" target="kvm-n4" client="pacemaker-controld\.\d+" origin="kvm-n\d" status="success" delegate="kvm-n\d" completed="\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ"\/>/);
    expect(fenced).toMatch(/<node name="kvm-n4" id="4" online="false"[^>]*unclean="false"/);
    expect(sim.quorum()).toMatchObject({ quorate: true, total: 3 });
    validate(fenced);
    for (const id of onN4) expect(['kvm-n1', 'kvm-n2', 'kvm-n3']).toContain(sim.resource(id)!.node);

    tickTo(sim, 190_000);
    expect(sim.node('kvm-n4').member).toBe('online');
    for (const id of onN4) expect(sim.resource(id)!.node).not.toBe('kvm-n4');
    validate(crmMonXml(sim));
  });

  it('is deterministic for a seed', () => {
    const a = new DemoSim({ seed: 5, epochMs: 0 });
    const b = new DemoSim({ seed: 5, epochMs: 0 });
    a.tick(20_000);
    b.tick(20_000);
    expect(crmMonXml(a)).toBe(crmMonXml(b));
    expect(a.vms.map((v) => v.cpuNs)).toEqual(b.vms.map((v) => v.cpuNs));
    expect(new DemoSim({ seed: 6, epochMs: 0 }).vms.map((v) => v.uuid)).not.toEqual(a.vms.map((v) => v.uuid));
  });

  it('bans show up in crm_mon and keep the resource away', () => {
    const sim = new DemoSim({ seed: 2 });
    const r = sim.resources[0]!;
    const from = r.node!;
    sim.addConstraint({ id: `cli-ban-${r.id}-on-${from}`, rsc: r.id, node: from, score: -1_000_000 });
    sim.tick(15_000);
    expect(r.node).not.toBe(from);
    const xml = crmMonXml(sim);
    expect(xml).toContain(`<ban id="cli-ban-${r.id}-on-${from}" resource="${r.id}" node="${from}" weight="-1000000" promoted-only="false" master_only="false"/>`);
    validate(xml);
  });

  it('validates option ranges', () => {
    expect(() => new DemoSim({ nodes: 257 })).toThrow(/nodes must be/);
    expect(() => new DemoSim({ vms: 8193 })).toThrow(/vms must be/);
    expect(() => new DemoSim({ speed: 0 })).toThrow(/speed/);
  });

  it('builds 64 nodes / 5000 VMs with names, resources and 2 unmanaged VMs', () => {
    const sim = new DemoSim({ nodes: 64, vms: 5000, seed: 1 });
    expect(sim.nodes.at(-1)!.name).toBe('kvm-n64');
    expect(new Set(sim.vms.map((v) => v.name)).size).toBe(5000);
    expect(sim.resources).toHaveLength(4998);
    const xml = crmMonXml(sim);
    expect((xml.match(/resource_agent="ocf:heartbeat:VirtualDomain"/g) ?? []).length).toBe(4998);
    expect(crmMonXml(sim).length).toBe(xml.length); // cached body, same state
  });
});
