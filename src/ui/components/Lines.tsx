/** @jsxRuntime automatic */
// A block of pre-shaped lines, truncated to width and clipped to height (vertically only: every
// line is truncated already, and horizontal clipping makes ink re-slice each line every frame).
import { Box } from 'ink';
import { PaintedLine } from './PaintedLine.js';
import type { Line } from '../panes/detail/lines.js';
import { paint, useTheme } from '../theme.js';

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
