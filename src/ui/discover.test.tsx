/** @jsxRuntime automatic */
// Discoverability: `:` aliases in the help, read-only says why an action key does nothing, and
// q asks before quitting while the dialog runs an action (Ctrl-C already did).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KEY, renderApp, tick } from '../../test/support/ui/render.js';
import type { ActionPlanView } from './dialogs/plan.js';
import { fixtureStore, FIXTURE_NOW } from '../../test/support/store/test-fixtures.js';
import type { Alert } from '../store/types.js';

afterEach(() => cleanup());

describe('help lists the : commands with their aliases', () => {
  it('? then G: :nodes (also :node :no), :alerts (also :alert :al), :q (also :quit)', async () => {
    const a = renderApp({ columns: 120, rows: 60 });
    await a.type('?', 'G');
    const f = a.frame();
    expect(f).toContain('Commands (: then a name or an alias');
    expect(f).toMatch(/:nodes\s+Nodes\s+\(also :node :no\)/);
    expect(f).toMatch(/:alerts\s+Alerts\s+\(also :alert :al\)/);
    expect(f).toMatch(/:q\s+Quit\s+\(also :quit :q!\)/);
  });
});

describe('read-only session', () => {
  it('an action key says why it does nothing', async () => {
    const planAction = vi.fn();
    const a = renderApp({ readonly: true, planAction, columns: 160 });
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter, 't');
    expect(a.frame()).toMatch(/t: Put node\(s\) in standby — read-only session \(--readonly\)/);
    expect(planAction).not.toHaveBeenCalled();
  });
  it('a key that is no action stays silent', async () => {
    const a = renderApp({ readonly: true, columns: 160 });
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter, 'j');
    expect(a.frame()).not.toContain('read-only session (--readonly)');
  });
});

describe('q while an action runs', () => {
  it('asks first (n keeps the console), as Ctrl-C does', async () => {
    let finish: () => void = () => {};
    const onConfirm = vi.fn(() => new Promise<void>((r) => (finish = r)));
    const planAction = async (): Promise<ActionPlanView> => ({ title: 'Online kvm-n2', target: 'kvm-n2', findings: [], steps: [{ node: 'kvm-n1', display: 'crm_attribute --node kvm-n2 --name standby --delete' }], destructive: false, onConfirm });
    const onQuit = vi.fn();
    const a = renderApp({ planAction, onQuit, columns: 160 });
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter, 'j', 'o');
    await tick(20);
    await a.type(KEY.enter);
    await tick(20);
    expect(onConfirm).toHaveBeenCalled();
    await a.type('q');
    expect(onQuit).not.toHaveBeenCalled();
    expect(a.frame()).toMatch(/is still running\. Quit anyway\?/);
    await a.type('n');
    expect(onQuit).not.toHaveBeenCalled();
    finish();
  });
});

describe(':alerts groups', () => {
  it('Enter opens a group (its members listed under it) and closes it; a on the group acks every member', async () => {
    const { store } = fixtureStore();
    const cpu = (n: number, v: number): Alert => ({ id: `cpu:kvm-n${n}:kvm-n${n}`, rule: 'cpu', severity: 'warning', node: `kvm-n${n}`, subject: `kvm-n${n}`, message: `kvm-n${n} CPU ${v} % (> 85 %)`, since: FIXTURE_NOW, acknowledged: false, value: v });
    store.setState({ alerts: [cpu(1, 86), cpu(2, 91), cpu(3, 88)] });
    const a = renderApp({ store, columns: 160, rows: 40 });
    await a.type(':', 'a', 'l', 'e', 'r', 't', 's', KEY.enter);
    expect(a.frame()).toMatch(/› ⚠ warn ▸ 3 nodes\s+cpu\s+3 nodes, worst: kvm-n2 CPU 91 %/);
    expect(a.frame()).not.toContain('└ kvm-n2');
    await a.type(KEY.enter);
    const open = a.frame().split('\n').filter((l) => l.includes('└ kvm-n')).map((l) => /└ (kvm-n\d)/.exec(l)![1]);
    expect(open).toEqual(['kvm-n2', 'kvm-n3', 'kvm-n1']);
    await a.type(KEY.enter);
    expect(a.frame()).not.toContain('└ kvm-n');
    await a.type('a');
    expect(store.getState().alerts.every((x) => x.acknowledged)).toBe(true);
  });
});
