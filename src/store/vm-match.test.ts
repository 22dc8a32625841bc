// Exact VM ↔ resource matching (issue 14, 0a): the old rule took any VirtualDomain id containing
// the name, so `vm stop eb` planned a stop of vm-web01.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CrmResource } from '../model/pacemaker.js';
import { allVms } from './selectors.js';
import { deriveAlerts, emptyAlertMemory } from './alerts.js';
import { DEFAULT_THRESHOLDS } from './types.js';
import { FIXTURE_NOW, fixtureState, mkVm, mkVmResource } from '../../test/support/store/test-fixtures.js';
import { contestedResources, findVmResource, matchVmResource, namesForId, patternProblem, VM_RESOURCE_PREFIXES, vmResourceIndex } from './vm-match.js';

const vd = (id: string): CrmResource => mkVmResource(id, 'kvm-n1');

describe('findVmResource', () => {
  it('never by substring: eb, 01 and web do not find vm-web01 or vm-db01', () => {
    const idx = vmResourceIndex([vd('vm-web01'), vd('vm-db01')]);
    expect(findVmResource(idx, 'eb')).toBeUndefined();
    expect(findVmResource(idx, '01')).toBeUndefined();
    expect(findVmResource(idx, 'web')).toBeUndefined();
    expect(findVmResource(idx, 'web01')?.id).toBe('vm-web01');
  });

  it('only VirtualDomain primitives: a VM named like an IP resource is not that resource', () => {
    const idx = vmResourceIndex([mkVmResource('ip', 'kvm-n1', { agent: 'ocf:heartbeat:IPaddr2' })]);
    expect(findVmResource(idx, 'ip')).toBeUndefined();
  });

  it('two resources for one name are ambiguous: both listed, none chosen', () => {
    const m = matchVmResource(vmResourceIndex([vd('web'), vd('vm-web')]), 'web');
    expect(m.resource).toBeUndefined();
    expect(m.candidates.map((r) => r.id)).toEqual(['web', 'vm-web']);
  });

  it('one resource two existing domains claim (vm-db: domain "vm-db" or domain "db") is ambiguous', () => {
    const idx = vmResourceIndex([vd('vm-db')]);
    const known = new Set(['db', 'vm-db']);
    const [a, b] = [matchVmResource(idx, 'vm-db', { known: (n) => known.has(n) }), matchVmResource(idx, 'db', { known: (n) => known.has(n) })];
    expect([a.resource, a.rivals, b.resource, b.rivals]).toEqual([undefined, ['db'], undefined, ['vm-db']]);
    expect(contestedResources(idx, () => known)).toEqual(['vm-db']);
    expect(contestedResources(idx, () => ['db', 'web'])).toEqual([]);
  });

  it('the config file <name> wins over the id: vm-web runs domain web01, so web has no resource', () => {
    const idx = vmResourceIndex([vd('vm-web'), vd('vm-x')]);
    const domains = new Map([['vm-web', 'web01'], ['vm-x', 'web']]);
    expect(findVmResource(idx, 'web', { domains })?.id).toBe('vm-x');
    expect(findVmResource(idx, 'web01', { domains })?.id).toBe('vm-web');
  });

  it('a site pattern is the only rule: vm-{name} does not take the bare id', () => {
    const idx = vmResourceIndex([vd('web'), vd('vm-web'), vd('vm-vm-web')], 'vm-{name}');
    expect(findVmResource(idx, 'web')?.id).toBe('vm-web');
    expect(findVmResource(idx, 'vm-web')?.id).toBe('vm-vm-web');
    expect(namesForId('guest-a-kvm', 'guest-{name}-kvm')).toEqual(['a']);
    expect(patternProblem('vm-{name}')).toBeUndefined();
    expect(patternProblem('vm-')).toMatch(/exactly once/);
  });
});

// Names as sites have them: short, with the separators the prefixes use, sometimes one of the prefixes.
const nameArb = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{1,6}$/),
  fc.tuple(fc.constantFrom(...VM_RESOURCE_PREFIXES, 'web', 'db', ''), fc.stringMatching(/^[a-z0-9_-]{0,5}$/)).map(([p, s]) => p + s).filter((s) => s.length > 0),
);
type Naming = { kind: 'config'; id: string } | { kind: 'rule'; form: number } | { kind: 'none' };
const namingArb: fc.Arbitrary<Naming> = fc.oneof(
  fc.record({ kind: fc.constant('config' as const), id: fc.stringMatching(/^r[a-z0-9]{0,4}$/) }),
  fc.record({ kind: fc.constant('rule' as const), form: fc.integer({ min: 0, max: VM_RESOURCE_PREFIXES.length }) }),
  fc.constant({ kind: 'none' as const }),
);
const idFor = (name: string, n: Naming): string | undefined => (n.kind === 'config' ? n.id : n.kind === 'rule' ? (n.form === 0 ? name : VM_RESOURCE_PREFIXES[n.form - 1] + name) : undefined);

describe('property: no name ever resolves to another domain’s resource', () => {
  it('for any two distinct domains, each named by config <name>, a default rule form, or unmanaged', () => {
    fc.assert(
      fc.property(nameArb, nameArb, namingArb, namingArb, fc.boolean(), (a, b, na, nb, pattern) => {
        fc.pre(a !== b);
        const rule = pattern ? 'vm-{name}' : undefined;
        const ida = pattern && na.kind === 'rule' ? `vm-${a}` : idFor(a, na);
        const idb = pattern && nb.kind === 'rule' ? `vm-${b}` : idFor(b, nb);
        fc.pre(ida === undefined || ida !== idb);
        const resources: CrmResource[] = [];
        const domains = new Map<string, string>();
        if (ida !== undefined) (resources.push(vd(ida)), na.kind === 'config' && domains.set(ida, a));
        if (idb !== undefined) (resources.push(vd(idb)), nb.kind === 'config' && domains.set(idb, b));
        const known = new Set([a, b]);
        const idx = vmResourceIndex(resources, rule);
        const ra = findVmResource(idx, a, { domains, known: (n) => known.has(n) });
        const rb = findVmResource(idx, b, { domains, known: (n) => known.has(n) });
        if (idb !== undefined) expect(ra?.id).not.toBe(idb);
        if (ida !== undefined) expect(rb?.id).not.toBe(ida);
        // And never a resource that is neither's: only resources built for a or b exist.
        if (ra) expect(ra.id).toBe(ida);
        if (rb) expect(rb.id).toBe(idb);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('VM rows (UI)', () => {
  it('domain web is not shown as resource vm-web01', () => {
    const s = fixtureState();
    s.nodes['kvm-n1']!.vms = [mkVm('web', 'kvm-n1'), mkVm('web01', 'kvm-n1')];
    s.cluster.crm!.resources.push(vd('vm-web01'));
    const rows = allVms(s).filter((r) => r.node === 'kvm-n1');
    expect(rows.map((r) => [r.name, r.resource?.id])).toEqual([
      ['web', undefined],
      ['web01', 'vm-web01'],
    ]);
  });

  it('a resource two existing domains claim is shown on neither row', () => {
    const s = fixtureState();
    s.nodes['kvm-n1']!.vms = [mkVm('db', 'kvm-n1')];
    s.nodes['kvm-n2']!.vms = [mkVm('vm-db', 'kvm-n2')];
    s.cluster.crm!.resources.push(vd('vm-db'));
    expect(allVms(s).filter((r) => r.name === 'db' || r.name === 'vm-db').map((r) => r.resource?.id)).toEqual([undefined, undefined]);
  });
});

describe('alerts', () => {
  it('libvirt vs Pacemaker: a resource two existing domains fit (vm-db for "vm-db" and "db") raises no mismatch for either', () => {
    const s = fixtureState();
    s.nodes['kvm-n1']!.vms = [...s.nodes['kvm-n1']!.vms!, mkVm('vm-db', 'kvm-n1')];
    s.nodes['kvm-n2']!.vms = [...s.nodes['kvm-n2']!.vms!, mkVm('db', 'kvm-n2')];
    s.cluster.crm!.resources.push(mkVmResource('vm-db', 'kvm-n2'));
    const d = deriveAlerts(s, emptyAlertMemory(), { ...DEFAULT_THRESHOLDS, mismatchGraceMs: 0 }, FIXTURE_NOW);
    expect(d.alerts.filter((a) => a.rule === 'vm-mismatch').map((a) => a.message)).toEqual([]);
    // Without the rival domain, the same running copy on the wrong node is a mismatch.
    s.nodes['kvm-n2']!.vms = s.nodes['kvm-n2']!.vms!.filter((v) => v.name !== 'db');
    const e = deriveAlerts(s, emptyAlertMemory(), { ...DEFAULT_THRESHOLDS, mismatchGraceMs: 0 }, FIXTURE_NOW);
    expect(e.alerts.filter((a) => a.rule === 'vm-mismatch').map((a) => a.message).sort()).toEqual([
      'Pacemaker: vm-db Started on kvm-n2, but libvirt: no such domain',
      'libvirt: vm-db running on kvm-n1, but Pacemaker: vm-db Started on kvm-n2',
    ]);
  });
});
