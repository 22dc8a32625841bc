/** @jsxRuntime automatic */
// Overview: tiled panes. Two columns from 80 columns up (cluster/fencing/storage left,
// alerts/timeline right), one column below that. Each tile owns its narrow store subscription.
import { useCallback } from 'react';
import { Box, Text } from 'ink';
import { atTick, useDisplay, useSelectors, useVd, type Tick } from '../../store-context.js';
import type { VdStoreState } from '../../../store/types.js';
import { Lines, sameLines } from '../../components/Lines.js';
import { SYM, useTheme } from '../../theme.js';
import type { Line } from '../detail/lines.js';
import { OVERVIEW_PANES, alertsTile, clusterTile, fencingTile, storageTile, timelineTile, type PaneId } from './tiles.js';

/** A tile's lines; the tile re-renders only when they change. Ages come from the state at the
 *  last clock tick (agedNodes), so node reports between ticks do not redraw the overview. */
function useTileLines(id: PaneId, height: number, width: number): Line[] {
  const { fencingReadiness, multipathMatrix } = useSelectors();
  const compute = useCallback(
    (st: VdStoreState, tick: Tick): Line[] => {
      const { s, now } = atTick(st, tick);
      switch (id) {
        case 'cluster':
          return clusterTile(s, now, width);
        case 'fencing':
          return fencingTile(fencingReadiness(st), s, now, width);
        case 'storage':
          return storageTile(multipathMatrix(st), s, now);
        case 'alerts':
          return alertsTile(st.alerts, now, width);
        case 'timeline':
          return timelineTile(st.timeline, Math.max(1, height), width);
      }
    },
    [id, height, width, fencingReadiness, multipathMatrix],
  );
  return useDisplay(compute, sameLines);
}

function Tile({ id, width, height, focused }: { id: PaneId; width: number; height: number; focused: boolean }) {
  const theme = useTheme();
  const lines = useTileLines(id, height - 1, width);
  const p = OVERVIEW_PANES.find((x) => x.id === id)!;
  const more = lines.length > height - 1 ? ` +${lines.length - (height - 1)} more` : '';
  const title = `${focused ? SYM.cursor : '─'} ${p.title}${more} `;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" inverse={focused && theme.selected} bold={theme.color} {...theme.tone(focused ? 'accent' : 'muted')}>
        {(title + '─'.repeat(Math.max(0, width - title.length))).slice(0, width)}
      </Text>
      <Lines lines={lines} width={width} height={height - 1} />
    </Box>
  );
}

/** Split `total` rows between tiles by weight, each at least `min`. */
function split(total: number, weights: number[], min = 2): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const hs = weights.map((w) => Math.max(min, Math.floor((total * w) / sum)));
  let over = hs.reduce((a, b) => a + b, 0) - total;
  for (let i = hs.length - 1; over > 0 && i >= 0; i--) {
    const take = Math.min(over, hs[i]! - min);
    hs[i]! -= take;
    over -= take;
  }
  if (over < 0) hs[0]! -= over;
  return hs;
}

export function Overview({ width, height, focus }: { width: number; height: number; focus: number }) {
  const nodeCount = useVd((s) => s.nodeOrder.length);
  const lunCount = useVd((s) => new Set(s.nodeOrder.flatMap((n) => (s.nodes[n]?.multipath ?? []).map((m) => m.name))).size);
  const focusedId = OVERVIEW_PANES[focus]?.id;
  if (width >= 80) {
    const leftW = Math.floor(width * 0.55);
    const rightW = width - leftW - 1;
    const [hc, hf, hs] = split(height, [nodeCount + 3, nodeCount + 2, lunCount + 3]);
    const [ha, ht] = split(height, [1, 1]);
    return (
      <Box flexDirection="row" width={width} height={height}>
        <Box flexDirection="column" width={leftW}>
          <Tile id="cluster" width={leftW} height={hc!} focused={focusedId === 'cluster'} />
          <Tile id="fencing" width={leftW} height={hf!} focused={focusedId === 'fencing'} />
          <Tile id="storage" width={leftW} height={hs!} focused={focusedId === 'storage'} />
        </Box>
        <Box width={1} />
        <Box flexDirection="column" width={rightW}>
          <Tile id="alerts" width={rightW} height={ha!} focused={focusedId === 'alerts'} />
          <Tile id="timeline" width={rightW} height={ht!} focused={focusedId === 'timeline'} />
        </Box>
      </Box>
    );
  }
  const hs = split(height, [nodeCount + 3, nodeCount + 2, lunCount + 3, 3, 3]);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {OVERVIEW_PANES.map((p, i) => (
        <Tile key={p.id} id={p.id} width={width} height={hs[i]!} focused={focusedId === p.id} />
      ))}
    </Box>
  );
}
