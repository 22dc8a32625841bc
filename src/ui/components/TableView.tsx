/** @jsxRuntime automatic */
// One list view: rows from the view's hook, then filter → sort → window. Reports what it shows
// through `info` so the key handler can move the cursor without re-deriving rows.
import { useMemo, type MutableRefObject } from 'react';
import { Box, Text } from 'ink';
import { compileFilter, sortRows, windowStart, type Row } from '../table.js';
import type { TableViewDef, ViewEnv } from '../views.js';
import { Table } from './Table.js';
import { SYM, useTheme } from '../theme.js';

export interface TableUi {
  cursor: number;
  start: number;
  filter: string;
  sortCol?: number;
  sortRev: boolean;
  marks: ReadonlySet<string>;
}

export const EMPTY_TABLE_UI: TableUi = { cursor: 0, start: 0, filter: '', sortRev: false, marks: new Set() };

export interface TableInfo {
  rows: readonly Row[];
  cursor: number;
  start: number;
  pageSize: number;
}

export function TableView({ def, ui, width, height, env, info }: { def: TableViewDef; ui: TableUi; width: number; height: number; env: ViewEnv; info: MutableRefObject<TableInfo> }) {
  const theme = useTheme();
  const rows = def.useRows(env);
  const f = useMemo(() => compileFilter(ui.filter), [ui.filter]);
  const shown = useMemo(() => sortRows(f.ok ? rows.filter(f.test) : rows, ui.sortCol, ui.sortRev), [rows, f, ui.sortCol, ui.sortRev]);
  const pageSize = Math.max(1, height - 2);
  const cursor = Math.max(0, Math.min(ui.cursor, shown.length - 1));
  const start = windowStart(ui.start, cursor, pageSize, shown.length);
  info.current = { rows: shown, cursor, start, pageSize };
  const sortName = ui.sortCol === undefined ? '' : `  sort ${def.columns[ui.sortCol]?.title ?? ''}${ui.sortRev ? '↓' : '↑'}`;
  const range = shown.length ? `${start + 1}-${Math.min(shown.length, start + pageSize)}/` : '';
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate">
        <Text bold {...theme.tone('accent')}>
          {def.title}
        </Text>
        <Text {...theme.tone('muted')}>{` [${range}${shown.length}${shown.length !== rows.length ? ` of ${rows.length}` : ''}]${sortName}${ui.marks.size ? `  ${ui.marks.size} marked` : ''}`}</Text>
        {ui.filter ? (f.ok ? <Text {...theme.tone('info')}>{`  filter /${ui.filter}/`}</Text> : <Text {...theme.tone('crit')}>{`  ${SYM.down} ${f.error}`}</Text>) : null}
      </Text>
      <Table columns={def.columns} rows={shown} cursor={cursor} start={start} height={height - 1} width={width} marks={ui.marks} {...(ui.sortCol !== undefined ? { sortCol: ui.sortCol } : {})} sortRev={ui.sortRev} />
    </Box>
  );
}
