// The human title of each action (its definition's `title`), for a dialog shown before the plan
// exists (the migrate destination picker, a form).
import { actions } from '../../actions/registry.js';
import type { ActionKind } from './plan.js';

export const ACTION_TITLES = Object.fromEntries(actions.map((a) => [a.id, a.title])) as Readonly<Record<ActionKind, string>>;
