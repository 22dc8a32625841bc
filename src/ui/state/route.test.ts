import { describe, expect, it } from 'vitest';
import { currentFrame, INITIAL_ROUTE, route, type RouteEvent, type RouteState } from './route.js';

const run = (events: RouteEvent[], s: RouteState = INITIAL_ROUTE): RouteState => events.reduce(route, s);
const views = (s: RouteState) => s.stack.map((f) => (f.id ? `${f.view}:${f.id}` : f.view));

describe('route', () => {
  it('a list replaces what is above the overview; details stack on it; Esc pops back to the overview and no further', () => {
    const s = run([{ type: 'go', view: 'vms' }, { type: 'go', view: 'vm', id: 'web1@n1' }, { type: 'go', view: 'node', id: 'n1' }]);
    expect(views(s)).toEqual(['overview', 'vms', 'vm:web1@n1', 'node:n1']);
    expect(views(run([{ type: 'go', view: 'nodes' }], s))).toEqual(['overview', 'nodes']);
    expect(views(run([{ type: 'go', view: 'overview' }], s))).toEqual(['overview']);
    const back = run([{ type: 'back' }, { type: 'back' }, { type: 'back' }, { type: 'back' }], s);
    expect(views(back)).toEqual(['overview']);
    expect(currentFrame(back).view).toBe('overview');
  });

  it('detail scroll is clamped to the lines drawn and starts at the top of every new view', () => {
    const s = run([{ type: 'go', view: 'node', id: 'n1' }, ...Array.from({ length: 5 }, () => ({ type: 'detail.scroll', delta: 1, lines: 3 }) as const)]);
    expect(s.detailOffset).toBe(2);
    expect(run([{ type: 'detail.scroll', delta: -1, lines: 3 }], s).detailOffset).toBe(1);
    expect(run([{ type: 'go', view: 'vm', id: 'x' }], s).detailOffset).toBe(0);
    expect(run([{ type: 'back' }], s).detailOffset).toBe(0);
    expect(run([{ type: 'detail.scroll', delta: -1, lines: 3 }], INITIAL_ROUTE).detailOffset).toBe(0);
  });

  it('Tab / S-Tab cycle the overview panes both ways', () => {
    expect(run([{ type: 'pane', delta: -1, panes: 5 }]).focus).toBe(4);
    expect(run(Array.from({ length: 6 }, () => ({ type: 'pane', delta: 1, panes: 5 }) as const)).focus).toBe(1);
  });
});
