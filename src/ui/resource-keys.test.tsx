// :res keys call the `virtdeck resource …` actions through the one keymap and the plan dialog;
// the bridge turns each request into the values the action's grammar names.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KEY, renderApp, tick } from '../../test/support/ui/render.js';
import { fixtureState } from '../../test/support/store/test-fixtures.js';
import { helpBindings, resolveKey, type KeyCtx } from './keymap.js';
import type { ActionPlanView, ActionRequest } from './dialogs/plan.js';
import { requestValues } from '../cli/action-bridge.js';
import { ACTION_TITLES } from './dialogs/titles.js';
import { actions, findAction } from '../actions/index.js';

afterEach(() => cleanup());

const plan = (req: ActionRequest): ActionPlanView => ({ title: req.kind, target: req.targets[0] ?? '', findings: [], steps: [], destructive: false, onConfirm: async () => {} });

describe(':res action keys', () => {
  it('the keymap binds them in the resources view only, and drops them read-only', () => {
    const c: KeyCtx = { readonly: false, view: 'resources', rowCount: 3, selected: 'vm-web1', marks: 0, actionsWired: true } as KeyCtx;
    expect(['C', 'R', 'M', 'm', 'b', 'U', 'u', 'x'].map((k) => resolveKey(k, c)?.id)).toEqual(['resource.cleanup', 'resource.refresh', 'resource.maintenance', 'resource.move', 'resource.ban', 'resource.clear', 'resource.start', 'resource.stop']);
    expect(resolveKey('C', { ...c, view: 'nodes' })?.id).not.toBe('resource.cleanup');
    expect(resolveKey('M', { ...c, view: 'nodes' })?.id).toBe('node.maintenance');
    expect(helpBindings(true).some((b) => b.id.startsWith('resource.'))).toBe(false);
  });

  it('C on a row asks for the cleanup of that resource; m picks a destination first', async () => {
    const requests: ActionRequest[] = [];
    const a = renderApp({ planAction: async (r) => (requests.push(r), plan(r)), columns: 160, rows: 40 });
    await a.type(':', 'r', 'e', 's', KEY.enter, 'C');
    await tick(20);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.kind).toBe('resource.cleanup');
    const rsc = requests[0]!.targets[0]!;
    expect(a.frame()).toContain('resource.cleanup');
    await a.type(KEY.esc, 'm');
    await tick(20);
    expect(a.frame()).toContain('Move resource');
    await a.type(KEY.enter);
    await tick(20);
    expect(requests[1]).toMatchObject({ kind: 'resource.move', targets: [rsc], destination: expect.any(String) });
  });

  it('the bridge gives each request its named values (maintenance toggles, ban from its node)', () => {
    const s = fixtureState();
    const r = s.cluster.crm!.resources.find((x) => x.kind === 'primitive' && x.nodes.length === 1)!;
    const values = (req: ActionRequest) => requestValues(findAction(req.kind), req, 0, s);
    const req = (kind: ActionRequest['kind'], extra: Partial<ActionRequest> = {}) => values({ kind, targets: [r.id], ...extra });
    expect(req('resource.cleanup')).toEqual({ resource: r.id });
    expect(req('resource.maintenance')).toEqual({ mode: r.managed ? 'on' : 'off', resource: r.id });
    expect(req('resource.move', { destination: 'kvm-n3' })).toEqual({ resource: r.id, node: 'kvm-n3' });
    expect(req('resource.ban')).toEqual({ resource: r.id, node: r.nodes[0] });
    expect(() => req('resource.move')).toThrow(/no destination/);
    const n = s.cluster.crm!.nodes[0]!;
    expect(values({ kind: 'node.maintenance', targets: [n.name] })).toEqual({ mode: n.maintenance ? 'off' : 'on', node: n.name });
    n.maintenance = !n.maintenance;
    expect(values({ kind: 'node.maintenance', targets: [n.name] })['mode']).toBe(n.maintenance ? 'off' : 'on');
  });

  it('Z toggles cluster maintenance from any view: one cluster-wide request, on or off by the current mode', async () => {
    const requests: ActionRequest[] = [];
    const a = renderApp({ planAction: async (r) => (requests.push(r), plan(r)), columns: 160, rows: 40 });
    await a.type('Z');
    await tick(20);
    expect(requests).toEqual([{ kind: 'cluster.maintenance', targets: [] }]);
    expect(resolveKey('Z', { readonly: false, view: 'vms', rowCount: 1, selected: 'x', marks: 0, actionsWired: true } as KeyCtx)?.id).toBe('cluster.maintenance');
    const s = fixtureState();
    const values = () => requestValues(findAction('cluster.maintenance'), { kind: 'cluster.maintenance', targets: [] }, 0, s);
    expect(values()).toEqual({ mode: 'on' });
    s.cluster.crm!.summary.maintenanceMode = true;
    expect(values()).toEqual({ mode: 'off' });
    expect(ACTION_TITLES['cluster.maintenance']).toBe(actions.find((d) => d.id === 'cluster.maintenance')!.title);
  });

  it('dialog titles match the action definitions', () => {
    for (const d of actions.filter((x) => x.id.startsWith('resource.') || x.id === 'node.maintenance')) expect(ACTION_TITLES[d.id as keyof typeof ACTION_TITLES], d.id).toBe(d.title);
  });
});
