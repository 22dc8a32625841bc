// Where the console is: the view stack (overview → list → details), the focused overview pane
// and the detail views' scroll. Pure: (state, event) → state.
import type { ViewId } from '../keymap.js';

export interface Frame {
  view: ViewId;
  id?: string;
}

export interface RouteState {
  /** Never empty; the overview at the bottom. */
  stack: readonly Frame[];
  /** The overview's focused pane (index into OVERVIEW_PANES). */
  focus: number;
  /** First line shown by a detail view (node, vm, resource, entry). */
  detailOffset: number;
}

/** Views that show one item (a frame id): Enter pushes them, Esc pops back to the list. */
export const DETAIL: ReadonlySet<ViewId> = new Set(['node', 'vm', 'resource', 'entry']);

export const INITIAL_ROUTE: RouteState = { stack: [{ view: 'overview' }], focus: 0, detailOffset: 0 };

export type RouteEvent =
  /** A list replaces the stack above the overview; a detail view stacks on top. */
  | { type: 'go'; view: ViewId; id?: string }
  | { type: 'back' }
  /** Tab / S-Tab among `panes` overview panes. */
  | { type: 'pane'; delta: 1 | -1; panes: number }
  /** Scroll a detail view of `lines` lines. */
  | { type: 'detail.scroll'; delta: 1 | -1; lines: number };

export const currentFrame = (s: RouteState): Frame => s.stack[s.stack.length - 1]!;

export function route(s: RouteState, e: RouteEvent): RouteState {
  switch (e.type) {
    case 'go': {
      const stack: Frame[] =
        e.view === 'overview'
          ? [{ view: 'overview' }]
          : DETAIL.has(e.view)
            ? [...s.stack, e.id === undefined ? { view: e.view } : { view: e.view, id: e.id }]
            : [{ view: 'overview' }, { view: e.view }];
      return { ...s, stack, detailOffset: 0 };
    }
    case 'back':
      return { ...s, stack: s.stack.length > 1 ? s.stack.slice(0, -1) : s.stack, detailOffset: 0 };
    case 'pane':
      return { ...s, focus: (s.focus + e.panes + e.delta) % e.panes };
    case 'detail.scroll':
      return { ...s, detailOffset: e.delta > 0 ? Math.min(s.detailOffset + 1, Math.max(0, e.lines - 1)) : Math.max(0, s.detailOffset - 1) };
  }
}
