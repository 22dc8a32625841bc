// What a source folder declares to get a table view: its `:` commands, columns, how the store
// becomes rows, and the lines it adds to a node's detail. The view list, `:` command resolution,
// completion, the help overlay and the keymap's table scopes derive from the list in
// source-views.ts (one line per view).
import type { VdState } from '../store/types.js';
import type { Line } from './panes/detail/lines.js';
import type { Column, Row } from './table.js';

export interface SourceView<Id extends string = string> {
  id: Id;
  title: string;
  /** `:` commands; the first is the one completion and help show first. */
  aliases: readonly string[];
  columns: readonly Column[];
  /** Default sort column (undefined = the rows' own order). */
  sortCol?: number;
  /** The state the rows are made of, compared by identity: rows are shaped again only when one
   *  of these changed (or the second did: rows show ages). */
  deps(s: VdState): readonly unknown[];
  rows(s: VdState, now: number): Row[];
  /** Lines this view adds to a node's detail view (Enter on a :nodes row). */
  nodeDetail?(s: VdState, node: string, now: number): Line[];
}
