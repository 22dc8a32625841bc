import { describe, expect, it } from 'vitest';
import { fixtureState, mkFenceEvent } from '../../../test/support/store/test-fixtures.js';
import { createAction, parseCreate } from '../../actions/vm-create/def.js';
import { checkValues, formText } from '../../actions/grammar.js';
import { UsageError } from '../../actions/types.js';
import { backToForm, backspace, createForm, cycleChoice, fenceForm, fieldValue, formValues, missingInput, moveFocus, submitForm, typeChar, type FormState } from './form.js';
import { InputError } from './plan.js';
import { fenceRowNode } from './targets.js';

const typeText = (f: FormState, text: string) => [...text].reduce(typeChar, f);
const focus = (f: FormState, id: string) => ({ ...f, index: f.fields.findIndex((x) => x.id === id) });

describe('vm create form', () => {
  it('defaults: generic profile sizes, the preferred node when it is active, else the most available memory', () => {
    const s = fixtureState();
    s.nodes['kvm-n3']!.host!.mem.memAvailableKb = 250 * 1024 * 1024;
    const f = createForm(s, 'kvm-n2');
    expect(['profile', 'node', 'vcpus', 'memory', 'cluster'].map((id) => fieldValue(f, id))).toEqual(['generic', 'kvm-n2', '2', '4096', 'auto']);
    expect(f.fields.find((x) => x.id === 'profile')!.choices!.map((c) => c.value)).toEqual(['generic', 'app', 'database', 'iointensive', 'dc']);
    expect(fieldValue(createForm(s), 'node')).toBe('kvm-n3');
    s.cluster.crm!.nodes = s.cluster.crm!.nodes.map((n) => (n.name === 'kvm-n2' ? { ...n, standby: true } : n));
    const g = createForm(s, 'kvm-n2');
    expect(fieldValue(g, 'node')).toBe('kvm-n3');
    expect(g.fields.find((x) => x.id === 'node')!.choices!.map((c) => c.value)).not.toContain('kvm-n2');
  });

  it('profile changes refill the sizes the operator did not type', () => {
    let f = focus(createForm(fixtureState()), 'profile');
    f = cycleChoice(f, 1);
    expect([fieldValue(f, 'profile'), fieldValue(f, 'vcpus'), fieldValue(f, 'memory')]).toEqual(['app', '4', '8192']);
    f = focus(f, 'vcpus');
    f = typeText(backspace(f), '6');
    f = typeChar(focus(f, 'profile'), 'd'); // a letter jumps to the next choice starting with it
    expect([fieldValue(f, 'profile'), fieldValue(f, 'vcpus'), fieldValue(f, 'memory')]).toEqual(['database', '6', '32768']);
    f = cycleChoice(f, -1);
    expect(fieldValue(f, 'profile')).toBe('app');
    f = typeChar(f, ' ');
    expect(fieldValue(f, 'profile')).toBe('database');
  });

  it('focus wraps; backspace edits text and leaves choices alone', () => {
    let f = createForm(fixtureState());
    expect(moveFocus(f, -1).index).toBe(f.fields.length - 1);
    expect(moveFocus(moveFocus(f, -1), 1).index).toBe(0);
    f = typeText(f, 'web9x');
    f = backspace(f);
    expect(fieldValue(f, 'name')).toBe('web9');
    expect(fieldValue(backspace(focus(f, 'profile')), 'profile')).toBe('generic');
  });

  // The form's values go through the same grammar as `virtdeck vm create`'s words.
  const fromForm = (f: FormState) => createAction.target(checkValues(createAction.cli, formText(createAction.cli, formValues(f))));

  it('the values are what `virtdeck vm create` gets: the same target as the CLI words', () => {
    let f = typeText(createForm(fixtureState(), 'kvm-n2'), 'web9');
    f = typeText(focus(f, 'disks'), '/dev/mapper/mpatha, /dev/mapper/mpathb');
    f = typeText(focus(f, 'networks'), 'br0 br1');
    f = cycleChoice(focus(f, 'cluster'), 2);
    const target = { name: 'web9', profile: 'generic', node: 'kvm-n2', vcpus: 2, memoryMiB: 4096, disks: ['/dev/mapper/mpatha', '/dev/mapper/mpathb'], bridges: ['br0', 'br1'], cluster: false };
    expect(fromForm(f)).toEqual(target);
    const args = ['web9', '--profile', 'generic', '--node', 'kvm-n2', '--vcpus', '2', '--memory', '4096', '--disk', '/dev/mapper/mpatha', '--disk', '/dev/mapper/mpathb', '--network', 'br0', '--network', 'br1', '--no-cluster'];
    expect(parseCreate(args)).toEqual(target);
    // empty sizes: the profile's defaults (absent)
    f = backspace(focus(f, 'vcpus'));
    expect(fromForm(f)).not.toHaveProperty('vcpus');
    expect(fromForm(cycleChoice(focus(f, 'cluster'), 2)).cluster).toBe(true);
    expect(fromForm(cycleChoice(focus(f, 'cluster'), 1))).not.toHaveProperty('cluster');
  });

  it("a check's complaint names its field, and the form shows it there", () => {
    const complaint = (values: Record<string, string>) => {
      try {
        fromForm({ ...createForm(fixtureState(), 'kvm-n1'), fields: createForm(fixtureState(), 'kvm-n1').fields.map((x) => ({ ...x, value: values[x.id] ?? x.value })) });
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as UsageError).field;
      }
      throw new Error(`accepted ${JSON.stringify(values)}`);
    };
    expect(complaint({ name: 'a;rm -rf /' })).toBe('name');
    expect(complaint({ name: 'web9', vcpus: 'two' })).toBe('vcpus');
    expect(complaint({ name: 'web9', memory: '1.5' })).toBe('memory');
    expect(complaint({ name: 'web9', node: 'bad node' })).toBe('node');
    // the plan's InputError goes back to the form, focused on that field
    const f = typeText(createForm(fixtureState(), 'kvm-n1'), 'web9');
    const d = backToForm({ request: { kind: 'vm.create', targets: [] }, phase: 'planning', typed: '', ackWarnings: false, form: f }, new InputError('--vcpus needs a whole number', 'vcpus'));
    expect(d.phase).toBe('form');
    expect(d.form?.error).toEqual({ field: 'vcpus', message: '--vcpus needs a whole number' });
    expect(d.form?.fields[d.form.index]?.id).toBe('vcpus');
    expect(backToForm({ ...d, phase: 'planning' }, new InputError('no such thing')).form?.error).toEqual({ message: 'no such thing' });
  });

  it('submitting: a required field first, else the request carries the form values', () => {
    const d = { request: { kind: 'vm.create' as const, targets: [] }, phase: 'form' as const, typed: '', ackWarnings: false, form: createForm(fixtureState(), 'kvm-n1') };
    expect(submitForm(d)).toEqual({ error: { field: 'name', message: 'Name is required' } });
    const r = submitForm({ ...d, form: typeText(d.form, 'web9') });
    expect('request' in r && r.request.values).toMatchObject({ name: 'web9', profile: 'generic', node: 'kvm-n1' });
  });

  it('required fields and a node list with nothing to choose are refused before planning', () => {
    const s = fixtureState();
    expect(missingInput(createForm(s))).toEqual({ field: 'name', message: 'Name is required' });
    expect(missingInput(typeText(createForm(s), 'web9'))).toBeUndefined();
    for (const n of s.nodeOrder) s.nodes[n]!.conn = { ...s.nodes[n]!.conn, status: 'down' };
    expect(missingInput(typeText(createForm(s), 'web9'))).toEqual({ field: 'node', message: 'no online, non-standby, reachable node to create the VM on' });
    expect(missingInput(fenceForm('kvm-n2'))).toEqual({ field: 'reason', message: 'Reason is required (it goes to the audit log)' });
    expect(missingInput(typeText(fenceForm('kvm-n2'), '   '))).toMatchObject({ field: 'reason' });
  });

  it('editing the field an error is about clears the error', () => {
    const f: FormState = { ...typeText(createForm(fixtureState()), 'x'), error: { field: 'name', message: 'bad' } };
    expect(typeChar(f, 'y').error).toBeUndefined();
    expect(typeChar(focus(f, 'disks'), 'y').error).toEqual({ field: 'name', message: 'bad' });
  });
});

describe('fence row → node', () => {
  it('sbd and watchdog rows name their node; a device only when it fences exactly one; history its target', () => {
    const s = fixtureState();
    expect(fenceRowNode(s, 'sbd:kvm-n2:/dev/disk/by-id/scsi-3600a0980sbd0001')).toEqual({ node: 'kvm-n2' });
    expect(fenceRowNode(s, 'wd:kvm-n3')).toEqual({ node: 'kvm-n3' });
    expect(fenceRowNode(s, 'dev:fence-kvm-n4')).toEqual({ node: 'kvm-n4' });
    s.cluster.stonithTargets = [{ target: 'kvm-n1', devices: ['ipmi-all'] }, { target: 'kvm-n2', devices: ['ipmi-all'] }];
    expect(fenceRowNode(s, 'dev:ipmi-all')).toEqual({ error: "device ipmi-all fences kvm-n1, kvm-n2: select that node's sbd/watchdog row, or use :nodes" });
    expect(fenceRowNode(s, 'dev:nothing')).toEqual({ error: 'device nothing fences no node' });
    s.cluster.crm!.fenceHistory = [mkFenceEvent('kvm-n3')];
    expect(fenceRowNode(s, 'hist:0')).toEqual({ node: 'kvm-n3' });
    expect(fenceRowNode(s, 'hist:5')).toMatchObject({ error: expect.stringMatching(/no node/) });
  });
});
