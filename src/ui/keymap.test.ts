import { describe, expect, it } from 'vitest';
import { KEYMAP, activeScopes, bindingsFor, helpBindings, keyName, resolveKey, type Binding, type KeyCtx, type Scope, type ViewId } from './keymap.js';
import { helpLines } from './components/HelpOverlay.js';
import { footerHints } from './components/Footer.js';

const VIEWS: ViewId[] = ['overview', 'nodes', 'resources', 'vms', 'storage', 'fence', 'net', 'logs', 'timeline', 'alerts', 'ctx', 'fleet', 'node', 'vm', 'resource', 'entry'];
const MODALS: KeyCtx['modal'][] = [undefined, 'help', 'prompt', 'dialog', 'form', 'confirm', 'sort'];
const ctx = (over: Partial<KeyCtx> = {}): KeyCtx => ({ readonly: false, view: 'overview', rowCount: 3, selected: 'x', marks: 0, actionRunning: false, hasReplay: true, actionsWired: true, ...over });
const all: readonly Binding[] = KEYMAP;

describe('keymap table', () => {
  it('has unique ids and no duplicate key within a scope', () => {
    expect(new Set(all.map((b) => b.id)).size).toBe(all.length);
    const seen = new Map<string, string>();
    for (const b of all)
      for (const k of b.keys) {
        const key = `${b.scope}/${k}`;
        expect(seen.get(key), `${key} bound by ${seen.get(key)} and ${b.id}`).toBeUndefined();
        seen.set(key, b.id);
      }
  });

  it('no key is shadowed among the scopes active together in any view or modal', () => {
    for (const view of VIEWS)
      for (const modal of MODALS) {
        const keys = new Map<string, string>();
        for (const b of bindingsFor(ctx({ view, ...(modal ? { modal } : {}) })))
          for (const k of b.keys) {
            expect(keys.get(k), `${view}/${modal ?? '-'}: ${k} → ${keys.get(k)} and ${b.id}`).toBeUndefined();
            keys.set(k, b.id);
          }
      }
  });

  it('every binding is reachable by input in some view, and appears in the help overlay', () => {
    const help = helpLines(ctx()).map((l) => l.text).join('\n');
    for (const b of all) {
      const reachable = VIEWS.some((view) => MODALS.some((modal) => b.keys.every((k) => resolveKey(k, ctx({ view, ...(modal ? { modal } : {}) }))?.id === b.id)));
      expect(reachable, `${b.id} never dispatched`).toBe(true);
      expect(help, `${b.id} missing from help`).toContain(b.desc);
    }
  });

  it('no destructive action on a single unmodified key without a dialog, none on Ctrl-D/Ctrl-K', () => {
    for (const b of all) {
      expect(b.keys).not.toContain('C-d');
      expect(b.keys).not.toContain('C-k');
    }
    // dangerous bindings only open the plan dialog: they live in view scopes, not in dialog/confirm
    for (const b of all.filter((x) => x.dangerous)) expect(['dialog', 'form', 'confirm', 'prompt'] as Scope[]).not.toContain(b.scope);
  });

  it('read-only mode filters dangerous bindings out of dispatch, help and hints', () => {
    const ro = ctx({ readonly: true, view: 'nodes' });
    expect(resolveKey('t', ro)).toBeUndefined();
    expect(resolveKey('t', ctx({ view: 'nodes' }))?.id).toBe('node.standby');
    expect(helpBindings(true).some((b) => b.dangerous)).toBe(false);
    expect(helpLines(ro).map((l) => l.text).join('\n')).not.toContain('standby');
    expect(footerHints(ro)).not.toContain('standby');
    expect(footerHints(ctx({ view: 'nodes' }))).toContain('standby');
  });

  it('footer hints are a subset of the help overlay', () => {
    for (const view of VIEWS) {
      const c = ctx({ view });
      const hintIds = bindingsFor(c).filter((b) => b.hint && !b.disabledReason?.(c));
      const help = helpLines(c).map((l) => l.text).join('\n');
      for (const b of hintIds) expect(help).toContain(b.desc);
    }
  });

  it('vm create (n), fence node (F) and balance (B) are bound, dangerous, and gone in read-only mode', () => {
    expect(resolveKey('n', ctx({ view: 'vms' }))?.id).toBe('vm.create');
    expect(resolveKey('F', ctx({ view: 'nodes' }))?.id).toBe('node.fence');
    expect(resolveKey('F', ctx({ view: 'fence' }))?.id).toBe('fence.node');
    for (const view of VIEWS) expect(resolveKey('B', ctx({ view }))?.id, view).toBe('cluster.balance');
    for (const [key, view] of [['n', 'vms'], ['F', 'nodes'], ['F', 'fence'], ['B', 'overview'], ['B', 'vms']] as const) expect(resolveKey(key, ctx({ view, readonly: true })), `${view}/${key}`).toBeUndefined();
    const help = helpLines(ctx({ readonly: true })).map((l) => l.text).join('\n');
    for (const id of ['vm.create', 'node.fence', 'fence.node', 'cluster.balance']) expect(help).not.toContain(all.find((b) => b.id === id)!.desc);
    expect(footerHints(ctx({ view: 'vms', readonly: true }))).not.toContain('new');
    expect(footerHints(ctx({ view: 'vms' }))).toContain('n new');
  });

  it('new VM needs only wired actions; fence node needs exactly one selected node', () => {
    const create = all.find((b) => b.id === 'vm.create')!;
    expect(create.disabledReason?.(ctx({ view: 'vms', rowCount: 0, selected: undefined }))).toBeUndefined();
    expect(create.disabledReason?.(ctx({ view: 'vms', actionsWired: false }))).toMatch(/not available/);
    for (const id of ['node.fence', 'fence.node']) {
      const fence = all.find((b) => b.id === id)!;
      expect(fence.disabledReason?.(ctx({ view: 'nodes' }))).toBeUndefined();
      expect(fence.disabledReason?.(ctx({ view: 'nodes', marks: 1 }))).toBeUndefined();
      expect(fence.disabledReason?.(ctx({ view: 'nodes', marks: 2 }))).toBe('fencing takes exactly one node, 2 rows are marked (c clears the marks)');
      expect(fence.disabledReason?.(ctx({ view: 'nodes', selected: undefined, rowCount: 0 }))).toBe('nothing selected');
    }
  });

  it('the form takes letters as text: no letter or digit is bound in it', () => {
    for (const b of all.filter((x) => x.scope === 'form')) for (const k of b.keys) expect(k, b.id).not.toMatch(/^[\x20-\x7e]$/);
    expect(activeScopes({ view: 'vms', hasReplay: true, modal: 'form' })).toEqual(['form']);
    expect(resolveKey('q', ctx({ view: 'vms', modal: 'form' }))).toBeUndefined();
    expect(resolveKey('tab', ctx({ view: 'vms', modal: 'form' }))?.id).toBe('form.next');
  });

  it('modals take all input: the dialog sees only dialog keys', () => {
    expect(activeScopes({ view: 'vms', hasReplay: true, modal: 'dialog' })).toEqual(['dialog']);
    expect(resolveKey('q', ctx({ view: 'vms', modal: 'dialog' }))).toBeUndefined();
    expect(resolveKey('q', ctx({ view: 'vms' }))?.id).toBe('quit');
  });

  it('maps ink keys to names', () => {
    const k = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false };
    expect(keyName('j', k)).toBe('j');
    expect(keyName(' ', k)).toBe('space');
    expect(keyName('', { ...k, downArrow: true })).toBe('down');
    expect(keyName('c', { ...k, ctrl: true })).toBe('C-c');
    expect(keyName('', { ...k, tab: true, shift: true })).toBe('S-tab');
    expect(keyName('', { ...k, pageDown: true })).toBe('pgdn');
  });
});
