/** @jsxRuntime automatic */
// `O` in a list: the columns to sort by, as htop's F6 does, instead of cycling with `s`.
import { Box, Text } from 'ink';
import type { Column } from '../table.js';
import { SYM, useTheme } from '../theme.js';

export interface SortPick {
  /** Column indexes offered, in the view's order; undefined = the rows' natural order. */
  choices: readonly (number | undefined)[];
  index: number;
}

/** The choices for a view: natural order, then its shown columns in their order. */
export function sortChoices(columns: readonly Column[], order?: readonly number[]): (number | undefined)[] {
  return [undefined, ...(order ?? columns.map((_, i) => i))];
}

/** The table state after picking `col`: the current column again reverses, another sorts up. */
export function applySortPick<T extends { sortCol?: number; sortRev: boolean }>(t: T, col: number | undefined): T {
  if (col === undefined) {
    const { sortCol: _s, ...rest } = t;
    return { ...rest, sortRev: false } as T;
  }
  if (t.sortCol === col) return { ...t, sortRev: !t.sortRev };
  return { ...t, sortCol: col, sortRev: false };
}

export function SortPicker({ columns, pick, sortCol, sortRev, width, height }: { columns: readonly Column[]; pick: SortPick; sortCol?: number; sortRev: boolean; width: number; height: number }) {
  const theme = useTheme();
  const body = Math.max(1, height - 1);
  const start = Math.max(0, Math.min(pick.index - body + 1, pick.choices.length - body));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold {...theme.tone('accent')} wrap="truncate">
        Sort by (↑/↓ choose, Enter sort, the current column again reverses, Esc cancel)
      </Text>
      {pick.choices.slice(Math.max(0, start), Math.max(0, start) + body).map((c, k) => {
        const i = k + Math.max(0, start);
        const here = i === pick.index;
        const name = c === undefined ? '(natural order)' : (columns[c]?.title ?? '?');
        const now = c === sortCol ? ` ${sortRev ? SYM.dn : SYM.up} current` : '';
        return (
          <Text key={i} wrap="truncate" inverse={here && theme.selected} {...theme.tone(c === sortCol ? 'info' : undefined)}>
            {`${here ? SYM.cursor : ' '} ${name}${now}`}
          </Text>
        );
      })}
    </Box>
  );
}
