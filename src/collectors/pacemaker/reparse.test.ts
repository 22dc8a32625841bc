import { describe, expect, it } from 'vitest';
import { ParseError } from '../parse-error.js';
import { fixture, fixtureResponder } from '../../../test/support/collectors/test-support.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { createVdStore } from '../../store/store.js';
import { pollPacemaker } from './collector.js';
import { parseCrmMon } from './parse.js';
import { CrmMonReparser, splitLastUpdate } from './reparse.js';

const healthy = fixture('pacemaker', 'healthy.crm_mon.xml');
const degraded = fixture('pacemaker', 'degraded.crm_mon.xml');
// What the collector's argv (--exclude=operations) prints for the same CIBs.
const healthyNoOps = fixture('pacemaker', 'healthy.exclude-operations.crm_mon.xml');
const degradedNoOps = fixture('pacemaker', 'degraded.exclude-operations.crm_mon.xml');
const at = (xml: string, time: string) => xml.replace(/<last_update time="[^"]*"\/>/, `<last_update time="${time}"/>`);

describe('splitLastUpdate', () => {
  it('cuts the document around the last_update element', () => {
    const s = splitLastUpdate(healthy)!;
    expect(s.time).toBe('Tue Nov 24 07:46:22 2026');
    expect(s.head.endsWith('    ')).toBe(true);
    expect(s.tail.startsWith('/>')).toBe(true);
  });

  it('gives up on anything it cannot read as plain text (entities, edge spaces, two elements, none)', () => {
    expect(splitLastUpdate(at(healthy, 'a &amp; b'))).toBeUndefined();
    expect(splitLastUpdate(at(healthy, ' Tue'))).toBeUndefined();
    expect(splitLastUpdate(healthy.replace('<summary>', '<summary><last_update time="x"/>'))).toBeUndefined();
    expect(splitLastUpdate(healthy.replace(/<last_update[^>]*>/, ''))).toBeUndefined();
  });
});

describe('CrmMonReparser', () => {
  it('an output that differs only in last_update is not parsed again: same objects, new time', () => {
    const p = new CrmMonReparser();
    const a = p.parse(at(healthy, 'Tue Nov 24 07:46:22 2026'), 'n1');
    const b = p.parse(at(healthy, 'Tue Nov 24 07:46:27 2026'), 'n2');
    expect(p.parses).toBe(1);
    expect(p.reuses).toBe(1);
    expect(b.resources).toBe(a.resources);
    expect(b.nodes).toBe(a.nodes);
    expect(b.summary.lastUpdated).toBe('Tue Nov 24 07:46:27 2026');
    // Exactly what a full parse gives.
    expect(b).toEqual(parseCrmMon(at(healthy, 'Tue Nov 24 07:46:27 2026')));
    expect(p.parse(at(healthy, ''), 'n1')).toEqual(parseCrmMon(at(healthy, '')));
    // The same output twice: the same status object.
    expect(p.parse(at(healthy, ''), 'n1')).toBe(p.parse(at(healthy, ''), 'n1'));
  });

  it('any other change is a full parse', () => {
    const p = new CrmMonReparser();
    p.parse(healthy, 'n1');
    const d = p.parse(at(degraded, 'Tue Nov 24 07:46:22 2026'), 'n1');
    expect(p.parses).toBe(2);
    expect(d).toEqual(parseCrmMon(at(degraded, 'Tue Nov 24 07:46:22 2026')));
    // one attribute flipped elsewhere in the document
    const flipped = healthy.replace('maintenance-mode="false"', 'maintenance-mode="true"');
    expect(p.parse(flipped, 'n1').summary.maintenanceMode).toBe(true);
    expect(p.parses).toBe(3);
  });

  it('the collector\'s output (no operation history): reused across times, a new fail count is a full parse', () => {
    const p = new CrmMonReparser();
    const a = p.parse(at(healthyNoOps, 'Tue Nov 24 07:46:22 2026'), 'n1');
    const b = p.parse(at(healthyNoOps, 'Tue Nov 24 07:46:27 2026'), 'n1');
    expect([p.parses, p.reuses]).toEqual([1, 1]);
    expect(b.nodes).toBe(a.nodes);
    expect(b).toEqual(parseCrmMon(at(healthyNoOps, 'Tue Nov 24 07:46:27 2026')));
    const d = p.parse(at(degradedNoOps, 'Tue Nov 24 07:46:32 2026'), 'n1');
    expect(p.parses).toBe(2);
    expect(d.history.map((h) => [h.node, h.resource, h.failCount])).toEqual([['n1', 'vm-web1', 1]]);
    expect(d).toEqual(parseCrmMon(at(degradedNoOps, 'Tue Nov 24 07:46:32 2026')));
  });

  it('a parse error is thrown every time and never leaves an old status to reuse', () => {
    const p = new CrmMonReparser();
    p.parse(healthy, 'n1');
    const truncated = healthy.slice(0, healthy.length - 40);
    expect(() => p.parse(truncated, 'n1')).toThrow(ParseError);
    expect(() => p.parse(truncated, 'n1')).toThrow(ParseError);
    expect(p.parse(healthy, 'n1')).toEqual(parseCrmMon(healthy));
    expect(p.parses).toBe(2);
  });
});

describe('pollPacemaker with a reparser', () => {
  it('an unchanged cluster is not parsed again, yet its freshness advances on every poll', async () => {
    let xml = healthyNoOps;
    let tick = 0;
    const runner = new FakeRunner({ nodes: ['n1'] }).respond(fixtureResponder((_n, c) => (c.argv[0] === 'crm_mon' ? { stdout: at(xml, `tick ${++tick}`) } : undefined)));
    let now = 1_000_000;
    const store = createVdStore({ clusterName: 'c1', nodes: ['n1'], now: () => now });
    const ctx = { runner, store, now: () => now, libvirtUri: 'qemu:///system' };
    const p = new CrmMonReparser();
    await pollPacemaker(ctx, 'n1', p);
    const first = store.getState().cluster;
    now += 5_000;
    await pollPacemaker(ctx, 'n1', p);
    const second = store.getState().cluster;
    expect([p.parses, p.reuses]).toEqual([1, 1]);
    expect(second.crm?.resources).toBe(first.crm?.resources);
    expect(second.crm?.summary.lastUpdated).toBe('tick 2');
    expect(second.fresh.pacemaker?.lastOk).toBe(first.fresh.pacemaker!.lastOk! + 5_000);
    // A real change is parsed and reaches the store.
    xml = healthyNoOps.replace('maintenance-mode="false"', 'maintenance-mode="true"');
    now += 5_000;
    await pollPacemaker(ctx, 'n1', p);
    expect(p.parses).toBe(2);
    expect(store.getState().cluster.crm?.summary.maintenanceMode).toBe(true);
    expect(store.getState().cluster.fresh.pacemaker?.lastOk).toBe(now);
  });
});
