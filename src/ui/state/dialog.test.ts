import { describe, expect, it } from 'vitest';
import { fenceForm, fieldValue } from '../dialogs/form.js';
import type { ActionPlanView, DialogState } from '../dialogs/plan.js';
import { confirmed, dialog, type DialogEvent } from './dialog.js';

const plan = (over: Partial<ActionPlanView> = {}): ActionPlanView => ({ title: 'Fence n2', target: 'n2', findings: [], steps: [], destructive: true, onConfirm: async () => {}, ...over });
const review = (over: Partial<DialogState> = {}): DialogState => ({ request: { kind: 'fence.node', targets: ['n2'] }, phase: 'review', typed: '', ackWarnings: false, plan: plan(), ...over });
const run = (d: DialogState, events: DialogEvent[]) => events.reduce(dialog, d);
const typed = (text: string): DialogEvent[] => [...text].map((c) => ({ type: 'type', text: c }));
const picking: DialogState = {
  request: { kind: 'vm.migrate', targets: ['web1'], nodes: ['n1'] },
  phase: 'picking',
  typed: '',
  ackWarnings: false,
  pick: { choices: [{ node: 'n2', detail: '' }, { node: 'n3', detail: '' }], index: 0 },
};

describe('the action dialog', () => {
  it('picking: ↑/↓ choose a destination (clamped); Enter plans for it and keeps the pick', () => {
    const d = run(picking, [{ type: 'move', delta: 1, maxScroll: 0 }, { type: 'move', delta: 1, maxScroll: 0 }]);
    expect(d.pick?.index).toBe(1);
    expect(confirmed(d)).toEqual({ kind: 'plan', request: { ...picking.request, destination: 'n3' }, keep: { pick: d.pick } });
    expect(confirmed({ ...picking, pick: { choices: [], index: 0 } })).toEqual({ kind: 'wait' });
  });

  it('review: a destructive plan runs only once its target is typed and warnings are acknowledged', () => {
    const warned = review({ plan: plan({ findings: [{ level: 'warning', message: 'w' }] }) });
    expect(confirmed(run(warned, typed('n2')))).toEqual({ kind: 'wait' });
    const ok = run(warned, [...typed('n22'), { type: 'backspace' }, { type: 'ack' }]);
    expect(ok).toMatchObject({ typed: 'n2', ackWarnings: true });
    expect(confirmed(ok)).toEqual({ kind: 'run' });
    expect(confirmed(review({ plan: plan({ findings: [{ level: 'error', message: 'e' }] }), typed: 'n2' }))).toEqual({ kind: 'wait' });
    // Not destructive: nothing is typed into it.
    expect(run(review({ plan: plan({ destructive: false }) }), typed('x')).typed).toBe('');
  });

  it('scrolling is clamped to what the dialog reports; running, then done or failed', () => {
    const d = review();
    expect(run(d, [{ type: 'scroll', by: 10, maxScroll: 4 }]).scroll).toBe(4);
    expect(run(d, [{ type: 'move', delta: -1, maxScroll: 4 }]).scroll).toBe(0);
    expect(run(d, [{ type: 'running' }, { type: 'settled' }]).phase).toBe('done');
    expect(run(d, [{ type: 'running' }, { type: 'settled', error: 'boom' }])).toMatchObject({ phase: 'failed', error: 'boom' });
  });

  it('form: keys edit the focused field; ← from the plan goes back to the form with the values kept and the plan dropped', () => {
    const form: DialogState = { request: { kind: 'fence.node', targets: ['n2'] }, phase: 'form', typed: '', ackWarnings: false, form: fenceForm('n2') };
    const filled = run(form, [...typed('disk dead'), { type: 'backspace' }, { type: 'field', delta: 1 }]);
    expect(fieldValue(filled.form!, 'reason')).toBe('disk dea');
    const back = run({ ...filled, phase: 'review', plan: plan(), typed: 'n', ackWarnings: true }, [{ type: 'edit' }]);
    expect(back.phase).toBe('form');
    expect(back.plan).toBeUndefined();
    expect(back).toMatchObject({ typed: '', ackWarnings: false });
    expect(fieldValue(back.form!, 'reason')).toBe('disk dea');
    // No form to go back to (a plain action): ← does nothing.
    expect(run(review(), [{ type: 'edit' }]).phase).toBe('review');
  });
});
