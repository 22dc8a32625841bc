// contestedOf: the same answer as a walk over every VM name (contestedResources), kept per node.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CrmResource } from '../model/pacemaker.js';
import type { VmRuntime } from '../model/vm.js';
import { fixtureState, mkVm, mkVmResource } from '../../test/support/store/test-fixtures.js';
import { contestedOf } from './contested.js';
import type { VdState } from './types.js';
import { contestedResources, vmResourceIndex } from './vm-match.js';

const NODES = ['kvm-n1', 'kvm-n2', 'kvm-n3'];

function stateOf(resources: CrmResource[], lists: (VmRuntime[] | undefined)[], pattern?: string): VdState {
  const base = fixtureState();
  const nodes = { ...base.nodes };
  NODES.forEach((n, i) => {
    const { vms: _v, ...rest } = nodes[n]!;
    nodes[n] = lists[i] ? { ...rest, vms: lists[i] } : rest;
  });
  return { ...base, nodeOrder: NODES, nodes, cluster: { ...base.cluster, crm: { ...base.cluster.crm!, resources }, ...(pattern ? { vmResourceName: pattern } : {}) } };
}

const walkAll = (s: VdState): string[] =>
  contestedResources(vmResourceIndex(s.cluster.crm!.resources, s.cluster.vmResourceName), () => s.nodeOrder.flatMap((n) => (s.nodes[n]?.vms ?? []).map((v) => v.name)));

describe('contestedOf', () => {
  it('answers like a walk over every VM name, for any resources, names and placement', () => {
    const name = fc.constantFrom('db', 'web', 'vm-db', 'vm_web', 'res-db', 'p_x', 'x', 'vm-x', 'rsc_web');
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 6 }), fc.array(fc.option(fc.array(name, { maxLength: 4 }), { nil: undefined }), { minLength: 3, maxLength: 3 }), fc.boolean(), (ids, lists, withPattern) => {
        const resources = ids.map((id) => mkVmResource(id, 'kvm-n1'));
        const s = stateOf(resources, lists.map((l, i) => l?.map((n) => mkVm(n, NODES[i]!))), withPattern ? 'vm-{name}' : undefined);
        const c = contestedOf(s);
        expect([...c.ids]).toEqual(walkAll(s));
        expect(c.key).toBe(walkAll(s).join('\n'));
      }),
      { numRuns: 300 },
    );
  });

  it('a report from one node reads only that node\'s VM names; an equal answer is the same object', () => {
    const resources = [mkVmResource('vm-db', 'kvm-n1'), mkVmResource('web', 'kvm-n2')];
    let reads = 0;
    const counted = (name: string, node: string): VmRuntime => {
      const v = mkVm(name, node);
      return Object.defineProperty({ ...v }, 'name', { get: () => (reads++, name), enumerable: true });
    };
    const lists = [[counted('vm-db', 'kvm-n1')], [counted('db', 'kvm-n2'), counted('a', 'kvm-n2')], [counted('b', 'kvm-n3')]];
    const first = contestedOf(stateOf(resources, lists));
    expect([...first.ids]).toEqual(['vm-db']);
    reads = 0;
    const second = contestedOf(stateOf(resources, [lists[0], lists[1], [counted('c', 'kvm-n3')]]));
    expect(second).toBe(first);
    // kvm-n3's new list is walked (1 name) and asked once for "db" (its set of names: 1 more);
    // the unchanged lists of kvm-n1 and kvm-n2 are not walked again.
    expect(reads).toBeLessThanOrEqual(2);
  });
});
