// Every view a source folder contributes (ui/source-view.ts), one line each. The table views,
// `:` commands, completion, help and the keymap's table scopes include them from here.
import { lvmView } from '../collectors/lvm/view.js';

export const SOURCE_VIEWS = [lvmView] as const;

export type SourceViewId = (typeof SOURCE_VIEWS)[number]['id'];
