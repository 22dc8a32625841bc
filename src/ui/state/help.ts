// The `?` overlay: only its scroll position; HelpOverlay reports how far it can scroll (`max`).
export interface HelpState {
  offset: number;
}

export type HelpEvent = { type: 'scroll'; delta: 1 | -1 } | { type: 'top' } | { type: 'bottom' };

export const openHelp = (): HelpState => ({ offset: 0 });

export function help(h: HelpState, e: HelpEvent, max: number): HelpState {
  switch (e.type) {
    case 'scroll':
      return { offset: e.delta > 0 ? Math.min(max, h.offset + 1) : Math.max(0, h.offset - 1) };
    case 'top':
      return { offset: 0 };
    case 'bottom':
      return { offset: max };
  }
}
