// `O` in a list: the sort column picker. Pure; applying the pick is a table event (table.ts).
import type { SortPick } from '../components/SortPicker.js';

/** Opens on the column the list is sorted by now. */
export const openSortPick = (choices: readonly (number | undefined)[], current: number | undefined): SortPick => ({ choices, index: Math.max(0, choices.indexOf(current)) });

export const moveSortPick = (p: SortPick, delta: 1 | -1): SortPick => ({ ...p, index: Math.max(0, Math.min(p.choices.length - 1, p.index + delta)) });

/** The column the picker points at (undefined: natural order). */
export const pickedColumn = (p: SortPick): number | undefined => p.choices[p.index];
