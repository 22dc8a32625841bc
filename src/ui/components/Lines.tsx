/** @jsxRuntime automatic */
// A block of pre-shaped lines, truncated to width and clipped to height (vertically only: every
// line is truncated already, and horizontal clipping makes ink re-slice each line every frame).
import { Box } from 'ink';
import { PaintedLine } from './PaintedLine.js';
import type { Line } from '../panes/detail/lines.js';
import { paint, useTheme } from '../theme.js';
import { useDisplay, type Tick } from '../store-context.js';
import type { VdStoreState } from '../../store/types.js';

/** Equal texts and tones: what useDisplay compares so unchanged lines cost no render. */
export const sameLines = (a: readonly Line[], b: readonly Line[]): boolean => a.length === b.length && a.every((l, i) => l.text === b[i]!.text && l.tone === b[i]!.tone);

export function Lines({ lines, width, height, offset = 0 }: { lines: readonly Line[]; width: number; height: number; offset?: number }) {
  const theme = useTheme();
  const shown = lines.slice(offset, offset + Math.max(0, height));
  return (
    <Box flexDirection="column" width={width} height={Math.max(0, height)} overflowY="hidden">
      {shown.map((l, i) => (
        <PaintedLine key={i} text={paint(theme, l.tone, l.text)} width={width} />
      ))}
    </Box>
  );
}

/** A full-screen view of lines drawn from the store (detail, whole entry): redrawn only when a
 *  line changes, scrolled by `offset` (clamped so the last page stays full). */
export function ScrolledLines({ compute, width, height, offset, lineCount }: { compute: (st: VdStoreState, tick: Tick) => Line[]; width: number; height: number; offset: number; lineCount?: (n: number) => void }) {
  const lines = useDisplay(compute, sameLines);
  lineCount?.(lines.length);
  return (
    <Box width={width} height={height}>
      <Lines lines={lines} width={width} height={height} offset={Math.max(0, Math.min(offset, lines.length - height))} />
    </Box>
  );
}
