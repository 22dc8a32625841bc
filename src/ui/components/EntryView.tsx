/** @jsxRuntime automatic */
// The whole log, alert or timeline entry (Enter on its row), scrollable like the detail views.
import { useCallback } from 'react';
import type { Tick } from '../store-context.js';
import type { VdStoreState } from '../../store/types.js';
import { entryLines } from '../panes/entry/lines.js';
import type { Line } from '../panes/detail/lines.js';
import { ScrolledLines } from './Lines.js';

export function EntryView({ id, width, height, offset, lineCount }: { id: string; width: number; height: number; offset: number; lineCount?: (n: number) => void }) {
  // Ages in whole seconds (as the lists show them): a clock tick within one second draws nothing.
  const compute = useCallback((st: VdStoreState, tick: Tick): Line[] => entryLines(st, id, Math.floor(tick.now / 1000) * 1000, width), [id, width]);
  return <ScrolledLines compute={compute} width={width} height={height} offset={offset} lineCount={lineCount} />;
}
