// The root reducer driven by key sequences, as App feeds it (no ink): each key sees the state
// and the drawn table the previous one left.
import { describe, expect, it } from 'vitest';
import type { TableInfo } from '../components/TableView.js';
import type { DialogState } from '../dialogs/plan.js';
import type { MouseEvent } from '../mouse.js';
import { currentFrame } from './route.js';
import { tableOf } from './table.js';
import { initialUi, keyCtx, reduce, type Effect, type Seen, type UiEvent } from './ui.js';

function harness(over: Partial<Seen> & { readonly?: boolean; actionsWired?: boolean; hasReplay?: boolean } = {}) {
  const { readonly = false, actionsWired = true, hasReplay = false, ...seen } = over;
  const h = {
    s: initialUi(),
    drawn: { rows: [], cursor: 0, start: 0, pageSize: 10 } as TableInfo,
    effects: [] as Effect[],
    at(): Seen {
      return {
        ctx: keyCtx(h.s, h.drawn, { readonly, actionRunning: seen.running !== undefined, hasReplay, actionsWired }),
        drawn: h.drawn,
        limits: { help: 2, dialog: 5, detailLines: 10, bodyRows: 30 },
        cluster: 'kvm-lab',
        canSwitchContext: true,
        keptJob: () => undefined,
        ...seen,
      };
    },
    send(e: UiEvent) {
      const step = reduce(h.s, e);
      h.s = step.state;
      for (const fx of step.effects) {
        // App moves the drawn cursor at once; the table catches up on its next draw.
        if (fx.kind === 'drawn') h.drawn = { ...h.drawn, cursor: fx.cursor, start: fx.start };
        else h.effects.push(fx);
      }
      return h;
    },
    keys(...keys: string[]) {
      for (const k of keys) h.send({ type: 'key', key: k, input: k, printable: k.length === 1, at: h.at() });
      return h;
    },
    type(text: string) {
      return h.keys(...[...text].map((c) => (c === ' ' ? 'space' : c)));
    },
    mouse(m: MouseEvent) {
      return h.send({ type: 'mouse', m, at: h.at() });
    },
    rows(...ids: string[]) {
      h.drawn = { ...h.drawn, rows: ids.map((id) => ({ id, cells: [id] })), cursor: 0, start: 0 };
      return h;
    },
    get view() {
      return currentFrame(h.s.route).view;
    },
  };
  return h;
}

const review = (over: Partial<DialogState> = {}): DialogState => ({
  request: { kind: 'fence.node', targets: ['n2'] },
  phase: 'review',
  typed: '',
  ackWarnings: false,
  plan: { title: 'Fence n2', target: 'n2', findings: [], steps: [], destructive: true, progressId: 'a1', onConfirm: async () => {} },
  ...over,
});

describe('UI reducer: routing and the prompt', () => {
  it(': commands go to views (history kept), an unknown one says what exists, Esc clears the filter before leaving the list', () => {
    const h = harness().type(':vms').keys('enter');
    expect(h.view).toBe('vms');
    expect(h.s.modal).toBeUndefined();
    h.type(':bogus').keys('enter');
    expect(h.s.message).toMatchObject({ tone: 'crit' });
    expect(h.s.message?.text).toMatch(/^unknown command :bogus — try :overview :nodes/);
    h.rows('web1@n1').type('/web').keys('enter');
    expect(tableOf(h.s.tables, 'vms').filter).toBe('web');
    h.keys('esc');
    expect([h.view, tableOf(h.s.tables, 'vms').filter]).toEqual(['vms', '']);
    h.keys('esc');
    expect(h.view).toBe('overview');
    expect(h.s.history).toEqual({ ':': ['vms', 'bogus'], '/': ['web'] });
    h.keys(':', 'up', 'up', 'enter');
    expect(h.view).toBe('vms');
  });

  it('Tab moves the overview focus, Enter opens the focused pane; Enter on a list row drills into its detail', () => {
    const h = harness().keys('tab', 'enter');
    expect(h.view).toBe('fence');
    h.type(':nodes').keys('enter').rows('n1', 'n2').keys('j', 'enter');
    expect(currentFrame(h.s.route)).toEqual({ view: 'node', id: 'n2' });
    h.keys('j', 'j');
    expect(h.s.route.detailOffset).toBe(2);
    h.keys('esc');
    expect(h.view).toBe('nodes');
  });
});

describe('UI reducer: lists', () => {
  it('Space marks and moves down, so a second Space marks the next row even before a redraw', () => {
    const h = harness().type(':vms').keys('enter').rows('a@n1', 'b@n1', 'c@n2').keys('space', 'space');
    expect([...tableOf(h.s.tables, 'vms').marks]).toEqual(['a@n1', 'b@n1']);
    expect(h.drawn.cursor).toBe(2);
    h.keys('c');
    expect(tableOf(h.s.tables, 'vms').marks.size).toBe(0);
  });

  it('O opens the sort picker on the current column; Enter sorts; a header click sorts, a row click selects', () => {
    const h = harness().type(':nodes').keys('enter').rows('n1', 'n2', 'n3').keys('O', 'j', 'j', 'enter');
    expect(h.s.modal).toBeUndefined();
    expect(tableOf(h.s.tables, 'nodes').sortCol).toBe(1);
    h.drawn = { ...h.drawn, cols: [{ index: 0, width: 6 }, { index: 1, width: 8 }] };
    h.mouse({ kind: 'press', button: 0, x: 9, y: 3 });
    expect(tableOf(h.s.tables, 'nodes').sortRev).toBe(true);
    h.mouse({ kind: 'press', button: 0, x: 3, y: 6 });
    expect(h.drawn.cursor).toBe(2);
    h.mouse({ kind: 'wheel', delta: -1, x: 3, y: 6 });
    expect(h.drawn.cursor).toBe(0);
  });

  it('a keys: acknowledges the selected or marked alert rows (an effect) and clears the marks', () => {
    const h = harness().type(':alerts').keys('enter').rows('al1', 'al2').keys('space', 'space', 'a');
    expect(h.effects).toEqual([{ kind: 'ack-alerts', rows: ['al1', 'al2'] }]);
    expect(tableOf(h.s.tables, 'alerts').marks.size).toBe(0);
  });

  it('Enter on an alert group row opens it, again closes it', () => {
    const h = harness().type(':alerts').keys('enter').rows('group:x').keys('enter');
    expect([...h.s.openGroups]).toEqual(['group:x']);
    expect(h.keys('enter').s.openGroups.size).toBe(0);
  });
});

describe('UI reducer: actions and their dialog', () => {
  it('an action key becomes one `action` effect; disabled and read-only keys say why instead', () => {
    const h = harness().type(':vms').keys('enter').rows('web1@n1').keys('m');
    expect(h.effects).toEqual([{ kind: 'action', id: 'vm.migrate' }]);
    const off = harness({ actionsWired: false }).type(':vms').keys('enter').rows('web1@n1').keys('m');
    expect(off.effects).toEqual([]);
    expect(off.s.message).toEqual({ text: 'm: Live-migrate VM(s) — actions are not available in this session', tone: 'warn' });
    const ro = harness({ readonly: true }).type(':vms').keys('enter').rows('web1@n1').keys('m');
    expect(ro.s.message?.text).toMatch(/read-only session/);
  });

  it('a destructive plan runs after its target is typed; Esc only hides it (kept for :jobs); its end is told in the footer', () => {
    const h = harness().send({ type: 'modal', set: { kind: 'dialog', d: review() } });
    h.keys('enter');
    expect(h.effects).toEqual([]);
    h.type('n2').keys('enter');
    expect(h.s.modal).toMatchObject({ kind: 'dialog', d: { phase: 'running', typed: 'n2' } });
    expect(h.effects.map((e) => e.kind)).toEqual(['run']);
    const d = (h.s.modal as { d: DialogState }).d;
    h.keys('esc');
    expect(h.s.modal).toBeUndefined();
    expect(h.effects.at(-1)).toEqual({ kind: 'keep-job', d });
    h.send({ type: 'settled', request: d.request, title: 'Fence n2', error: 'timeout' });
    expect(h.s.message).toEqual({ text: 'Fence n2: failed: timeout (:jobs)', tone: 'crit' });
  });

  it('the end of a shown dialog goes to it, not to another dialog opened meanwhile', () => {
    const mine = review({ phase: 'running' });
    const h = harness().send({ type: 'modal', set: { kind: 'dialog', d: mine } });
    h.send({ type: 'settled', request: mine.request, title: 'Fence n2' });
    expect(h.s.modal).toMatchObject({ kind: 'dialog', d: { phase: 'done' } });
    const other = review({ request: { kind: 'node.online', targets: ['n1'] } });
    h.send({ type: 'modal', set: { kind: 'dialog', d: other } }).send({ type: 'settled', request: mine.request, title: 'Fence n2' });
    expect(h.s.modal).toMatchObject({ d: { phase: 'review' } });
    expect(h.s.message?.text).toBe('Fence n2: done (:jobs)');
  });

  it('Enter while picking a destination asks for the plan of the picked node', () => {
    const d: DialogState = { request: { kind: 'vm.migrate', targets: ['web1'], nodes: ['n1'] }, phase: 'picking', typed: '', ackWarnings: false, pick: { choices: [{ node: 'n2', detail: '' }, { node: 'n3', detail: '' }], index: 0 } };
    const h = harness().send({ type: 'modal', set: { kind: 'dialog', d } }).keys('down', 'enter');
    expect(h.effects).toEqual([{ kind: 'plan', request: { ...d.request, destination: 'n3' }, keep: { pick: { ...d.pick!, index: 1 } } }]);
  });

  it('Enter on a :jobs row re-opens its kept dialog', () => {
    const kept = review({ phase: 'done' });
    const h = harness({ keptJob: (id) => (id === 'a1' ? kept : undefined) }).type(':jobs').keys('enter').rows('a1', 'a0').keys('enter');
    expect(h.s.modal).toEqual({ kind: 'dialog', d: kept });
    h.keys('esc', 'j', 'enter');
    expect(h.s.message).toEqual({ text: 'job a0: its dialog is no longer kept', tone: 'muted' });
  });
});

describe('UI reducer: quitting, contexts, saving, help, replay', () => {
  it('q quits at once, or asks while an action runs; y quits, n stays; Ctrl-C in the question does not ask again', () => {
    expect(harness().keys('q').effects).toEqual([{ kind: 'quit' }]);
    const h = harness({ running: 'Standby n1' }).keys('q');
    expect(h.s.modal).toMatchObject({ kind: 'confirm', question: 'Action "Standby n1" is still running. Quit anyway? (it may be left half done) y/N' });
    h.keys('C-c', 'n');
    expect([h.s.modal, h.effects]).toEqual([undefined, []]);
    h.keys('C-c', 'y');
    expect(h.effects).toEqual([{ kind: 'quit' }]);
    // q in a running dialog (its keys are its own) asks too, naming the dialog's action.
    const busy = harness().send({ type: 'modal', set: { kind: 'dialog', d: review({ phase: 'running' }) } }).keys('q');
    expect(busy.s.modal).toMatchObject({ kind: 'confirm', question: expect.stringContaining('"fence.node"') });
  });

  it('Enter on a context switches (an effect), except to the current one', () => {
    const h = harness().type(':ctx').keys('enter').rows('kvm-lab', 'kvm-prod').keys('enter');
    expect(h.s.message).toEqual({ text: 'already on context kvm-lab', tone: 'muted' });
    h.keys('j', 'enter');
    expect(h.effects).toEqual([{ kind: 'switch-context', name: 'kvm-prod' }]);
    expect(h.s.message).toEqual({ text: 'switching to context kvm-prod…', tone: 'info' });
  });

  it('W: the typed path and the drawn rows go to a save effect; an existing file is overwritten only after y', () => {
    const h = harness().type(':logs').keys('enter').rows('l1', 'l2').keys('W', 'enter');
    expect(h.s.message?.text).toBe('save: no path given, nothing written');
    h.keys('W').type('~/x.log').keys('enter');
    const rows = h.drawn.rows;
    expect(h.effects).toEqual([{ kind: 'save-logs', path: '~/x.log', rows, overwrite: false }]);
    h.send({ type: 'saved', result: { ok: false, exists: true, path: '/home/u/x.log' }, rows });
    expect(h.s.modal).toMatchObject({ kind: 'confirm', question: '/home/u/x.log exists. Overwrite it? y/N' });
    h.keys('y');
    expect(h.effects.at(-1)).toEqual({ kind: 'save-logs', path: '/home/u/x.log', rows, overwrite: true });
    h.send({ type: 'saved', result: { ok: true, path: '/home/u/x.log', lines: 2 }, rows });
    expect(h.s.message).toEqual({ text: 'saved 2 log lines to /home/u/x.log', tone: 'info' });
  });

  it('help scrolls within its length (keys and wheel) and closes with q', () => {
    const h = harness().keys('?', 'j');
    expect(h.s.modal).toEqual({ kind: 'help', offset: 1 });
    h.mouse({ kind: 'wheel', delta: 1, x: 0, y: 5 });
    expect(h.s.modal).toEqual({ kind: 'help', offset: 2 });
    expect(h.keys('q').s.modal).toBeUndefined();
    expect(h.effects).toEqual([]);
  });

  it('replay keys drive the controls through effects and keep the bar in step', () => {
    const h = harness({ hasReplay: true, replayPlaying: true }).keys('p', '>', '>', '[');
    expect(h.effects).toEqual([{ kind: 'replay', op: 'pause' }, { kind: 'replay.speed', speed: 2 }, { kind: 'replay.speed', speed: 4 }, { kind: 'replay.seek', by: -10_000 }]);
    expect(h.s.replay).toEqual({ playing: false, speed: 4 });
  });
});

describe('UI reducer: the action code\'s modal updates', () => {
  it('an update for a dialog no longer shown leaves the state as it is (no redraw)', () => {
    const h = harness().send({ type: 'modal', set: { kind: 'help', offset: 0 } });
    const before = h.s;
    h.send({ type: 'modal', set: (m) => (m?.kind === 'dialog' ? { kind: 'dialog', d: review() } : m) });
    expect(h.s).toBe(before);
    h.send({ type: 'modal', set: undefined });
    expect(h.s.modal).toBeUndefined();
  });
});
