/** @jsxRuntime automatic */
// Virtualized table: only the rows inside the window are rendered, so 5,000 rows cost the same
// as 20. Columns that do not fit the width are dropped by priority.
import { memo, useMemo } from 'react';
import { Box, Text } from 'ink';
import { fit, fitColumns, type Column, type Row } from '../table.js';
import { SYM, useTheme } from '../theme.js';

export interface TableProps {
  columns: readonly Column[];
  rows: readonly Row[];
  cursor: number;
  start: number;
  height: number;
  width: number;
  marks?: ReadonlySet<string>;
  sortCol?: number;
  sortRev?: boolean;
  focused?: boolean;
}

type Fitted = { index: number; width: number }[];

const RowLine = memo(function RowLine({ row, cols, columns, selected, marked }: { row: Row; cols: Fitted; columns: readonly Column[]; selected: boolean; marked: boolean }) {
  const theme = useTheme();
  const base = theme.tone(row.tone);
  return (
    <Text wrap="truncate" inverse={selected && theme.selected} {...base}>
      {selected ? SYM.cursor : ' '}
      {marked ? SYM.mark : ' '}
      {cols.map((c, j) => {
        const t = row.cellTones?.[c.index];
        const text = fit(row.cells[c.index] ?? '', c.width, columns[c.index]?.align);
        const sep = j === 0 ? '' : ' ';
        // Stale rows stay dimmed as a whole: a cell tone must not make them look live.
        return t && row.tone !== 'stale' && row.tone !== 'muted' ? (
          <Text key={c.index} {...theme.tone(t)}>
            {sep}
            {text}
          </Text>
        ) : (
          sep + text
        );
      })}
    </Text>
  );
});

export function Table({ columns, rows, cursor, start, height, width, marks, sortCol, sortRev, focused = true }: TableProps) {
  const theme = useTheme();
  const cols = useMemo(() => fitColumns(columns, width), [columns, width]);
  const bodyH = Math.max(0, height - 1);
  const visible = rows.slice(start, start + bodyH);
  const header =
    '  ' +
    cols
      .map((c) => {
        const col = columns[c.index]!;
        const title = sortCol === c.index ? `${col.title}${sortRev ? '↓' : '↑'}` : col.title;
        return fit(title, c.width, col.align);
      })
      .join(' ');
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate" bold={theme.color} {...theme.tone('muted')}>
        {header}
      </Text>
      {visible.map((r, i) => (
        <RowLine key={r.id} row={r} cols={cols} columns={columns} selected={focused && start + i === cursor} marked={marks?.has(r.id) ?? false} />
      ))}
      {rows.length === 0 ? <Text {...theme.tone('muted')}>  (no rows)</Text> : null}
    </Box>
  );
}
