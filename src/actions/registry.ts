// The action registry: one line per action. The CLI (groups, usage, --help, completions), the
// TUI (keymap rows, what a key opens), sudoers' operator role and ActionKind all read this list.
import type { DefinedAction } from './define.js';
import { balanceAction } from './balance/def.js';
import { evacuateAction } from './evacuate/def.js';
import { fenceCheckAction, fenceNodeAction } from './fence/def.js';
import { clusterMaintenanceAction, nodeMaintenanceAction, resourceMaintenanceAction } from './maintenance/def.js';
import { migrateAction } from './migrate/def.js';
import { banAction, clearAction, moveAction, resourceStartAction, resourceStopAction } from './resource/def.js';
import { cleanupAction, refreshAction } from './resource-cleanup/def.js';
import { onlineAction, standbyAction } from './standby/def.js';
import { validateAction } from './validate/def.js';
import { createAction } from './vm-create/def.js';
import { startAction, stopAction } from './vm-power/def.js';
import type { ActionDef } from './types.js';

/** In keymap order: within a view, the keys are listed (footer, `?`) in this order. */
export const ACTIONS = [
  standbyAction,
  onlineAction,
  evacuateAction,
  nodeMaintenanceAction,
  migrateAction,
  startAction,
  stopAction,
  createAction,
  fenceCheckAction,
  fenceNodeAction,
  validateAction,
  clusterMaintenanceAction,
  balanceAction,
  cleanupAction,
  refreshAction,
  resourceMaintenanceAction,
  moveAction,
  banAction,
  clearAction,
  resourceStartAction,
  resourceStopAction,
] as const;

type Registered = (typeof ACTIONS)[number];
/** `group.verb` of every registered action. */
export type ActionKind = Registered['id'];
/** The keymap id of every action key ('node.fence': fence node's key in :nodes). */
export type ActionBindingId = Registered['keyIds'][number];
/** Actions whose values come from a form. */
export type FormKind = Extract<Registered, { hasForm: true }>['id'];

const erase = <I extends string, B extends string, T, F, Form extends boolean>(d: DefinedAction<I, B, T, F, Form>): ActionDef => d as unknown as ActionDef;
export const actions: readonly ActionDef[] = ACTIONS.map((d) => erase(d));

export const isActionKind = (id: string): id is ActionKind => actions.some((a) => a.id === id);

export function findAction(id: string): ActionDef {
  const d = actions.find((a) => a.id === id);
  if (!d) throw new Error(`unknown action ${JSON.stringify(id)} (known: ${actions.map((a) => a.id).join(', ')})`);
  return d;
}

/** The command groups (`node`, `vm`, …) and their verbs, in registry order. */
export function actionGroups(): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const a of actions) groups.set(a.cli.group, [...(groups.get(a.cli.group) ?? []), a.cli.verb]);
  return groups;
}
