import { describe, expect, it } from 'vitest';
import { FIXTURE_VMS, fixtureState } from '../../../test/support/store/test-fixtures.js';
import { ACTION_OF_KEY, KEYMAP } from '../keymap.js';
import { actionHandlers, openActionDialog } from './open.js';

describe('what an action key opens (from its declaration)', () => {
  const s = fixtureState();
  const vm = FIXTURE_VMS[0]!;

  it('rows: one request per selection, VM rows split into name and node', () => {
    expect(openActionDialog('node.standby', { view: 'nodes', ids: ['kvm-n2'], selected: 'kvm-n2' }, s)).toEqual({ kind: 'plan', request: { kind: 'node.standby', targets: ['kvm-n2'] } });
    expect(openActionDialog('vm.stop', { view: 'vms', ids: [`${vm.name}@${vm.node}`] }, s)).toEqual({ kind: 'plan', request: { kind: 'vm.stop', targets: [vm.name], nodes: [vm.node] } });
    expect(openActionDialog('cluster.maintenance', { view: 'vms', ids: ['x@y'] }, s)).toEqual({ kind: 'plan', request: { kind: 'cluster.maintenance', targets: [] } });
  });

  it('a picker first for a move, a form for fence node and vm create; "one" refuses several rows', () => {
    const pick = openActionDialog('vm.migrate', { view: 'vms', ids: [`${vm.name}@${vm.node}`] }, s);
    expect(pick.kind === 'dialog' && pick.d.phase).toBe('picking');
    expect(pick.kind === 'dialog' && pick.d.pick?.choices.map((c) => c.node)).not.toContain(vm.node);
    const fence = openActionDialog('fence.node', { view: 'nodes', ids: ['kvm-n2'] }, s);
    expect(fence.kind === 'dialog' && [fence.d.phase, fence.d.form?.kind, fence.d.request.targets]).toEqual(['form', 'fence.node', ['kvm-n2']]);
    expect(openActionDialog('fence.node', { view: 'nodes', ids: ['kvm-n1', 'kvm-n2'] }, s)).toEqual({ kind: 'message', text: 'fence node: select exactly one node (2 selected)' });
    const create = openActionDialog('vm.create', { view: 'vms', ids: [], selected: `${vm.name}@${vm.node}` }, s);
    expect(create.kind === 'dialog' && create.d.form?.fields.find((f) => f.id === 'node')?.value).toBe(vm.node);
  });

  it('every action key of the keymap has a handler that opens its action', () => {
    const opened: string[] = [];
    const h = actionHandlers((k) => opened.push(k));
    const actionRows = KEYMAP.filter((b) => b.id in ACTION_OF_KEY);
    expect(actionRows.length).toBeGreaterThan(20);
    for (const b of actionRows) h[b.id as keyof typeof h]();
    expect(opened).toContain('fence.node');
    expect(opened.filter((k) => k === 'fence.node')).toHaveLength(2);
  });
});
