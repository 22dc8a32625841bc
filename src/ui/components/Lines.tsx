/** @jsxRuntime automatic */
// A block of pre-shaped lines, truncated to width and clipped to height.
import { Box, Text } from 'ink';
import type { Line } from '../panes/detail/lines.js';
import { useTheme } from '../theme.js';

export function Lines({ lines, width, height, offset = 0 }: { lines: readonly Line[]; width: number; height: number; offset?: number }) {
  const theme = useTheme();
  const shown = lines.slice(offset, offset + Math.max(0, height));
  return (
    <Box flexDirection="column" width={width} height={Math.max(0, height)} overflow="hidden">
      {shown.map((l, i) => (
        <Text key={i} wrap="truncate" {...theme.tone(l.tone)}>
          {l.text}
        </Text>
      ))}
    </Box>
  );
}
