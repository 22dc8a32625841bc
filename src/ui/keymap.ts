// The ONE keymap table. Input dispatch (resolveKey), the footer hints and the `?` overlay all
// read it, so they cannot disagree. Read-only mode removes every `dangerous` entry. The action
// rows come from the action registry (each action declares its keys beside its grammar).
import { ACTIONS, type ActionBindingId, type ActionKind } from '../actions/registry.js';
import type { UiSpec } from '../actions/types.js';
import { SOURCE_VIEWS, type SourceViewId } from './source-views.js';

export type ViewId =
  | 'overview'
  | 'nodes'
  | 'resources'
  | 'vms'
  | 'storage'
  | 'fence'
  | 'net'
  | 'logs'
  | 'timeline'
  | 'alerts'
  | 'ctx'
  | 'jobs'
  | 'fleet'
  | 'node'
  | 'vm'
  | 'resource'
  | 'entry'
  | SourceViewId;

export type Scope =
  | 'global'
  | 'overview'
  | 'table'
  | 'detail'
  | 'nodes'
  | 'vms'
  | 'resources'
  | 'alerts'
  | 'fence'
  | 'logs'
  | 'fleet'
  | 'replay'
  | 'help'
  | 'prompt'
  | 'dialog'
  | 'form'
  | 'sort'
  | 'confirm';

/** What a binding's availability depends on. */
export interface KeyCtx {
  readonly: boolean;
  /** Why the session is read-only when it is not --readonly (a cluster read from Prometheus: no SSH). */
  readonlyWhy?: string;
  view: ViewId;
  /** Rows visible in the current table view (after filter). */
  rowCount: number;
  /** Id of the row under the cursor, if any. */
  selected?: string;
  marks: number;
  actionRunning: boolean;
  hasReplay: boolean;
  /** Actions are wired (runTui got a planner). */
  actionsWired: boolean;
  /** Overlay/modal in front: decides which scopes take input ('form': the action dialog's form). */
  modal?: 'help' | 'prompt' | 'dialog' | 'form' | 'confirm' | 'sort';
}

export interface Binding {
  id: string;
  keys: readonly string[];
  scope: Scope;
  desc: string;
  dangerous?: boolean;
  /** Short label shown in the footer (others only in `?`). */
  hint?: string;
  disabledReason?: (c: KeyCtx) => string | undefined;
}

const needRow = (c: KeyCtx) => (c.rowCount === 0 ? 'nothing selected' : undefined);
const needAction = (c: KeyCtx) =>
  !c.actionsWired ? 'actions are not available in this session' : c.selected === undefined && c.marks === 0 ? 'nothing selected' : undefined;
const needWired = (c: KeyCtx) => (c.actionsWired ? undefined : 'actions are not available in this session');

/** An action key's precondition, from what the action takes. */
function actionReason(ui: UiSpec): (c: KeyCtx) => string | undefined {
  if (ui.takes === 'none') return needWired;
  if (ui.takes === 'rows') return needAction;
  const one = ui.oneReason ?? 'this action takes one row';
  return (c) => needAction(c) ?? (c.marks > 1 ? `${one}, ${c.marks} rows are marked (c clears the marks)` : undefined);
}

/** Views whose action keys are listed together, in this order (global ones sit with the global keys). */
const ACTION_SCOPES = ['nodes', 'vms', 'fence', 'resources'] as const;

/** Every action key as a keymap row; `kind`: the action it opens. */
const ACTION_ROWS = ACTIONS.flatMap((d) =>
  d.ui.bindings.map((b, i) => ({
    id: d.keyIds[i]! as ActionBindingId,
    keys: [b.key] as readonly string[],
    scope: b.scope as Scope,
    desc: b.desc,
    ...((d.ui.dangerous ?? d.mutates) ? { dangerous: true } : {}),
    ...(b.hint ? { hint: b.hint } : {}),
    disabledReason: actionReason(d.ui),
    kind: d.id as ActionKind,
  })),
);
const actionRows = (scopes: readonly Scope[]) => scopes.flatMap((sc) => ACTION_ROWS.filter((r) => r.scope === sc));

/** The action a keymap id opens ('node.fence' → 'fence.node'). */
export const ACTION_OF_KEY: Readonly<Record<ActionBindingId, ActionKind>> = Object.fromEntries(ACTION_ROWS.map((r) => [r.id, r.kind])) as Record<ActionBindingId, ActionKind>;

export const KEYMAP = [
  // global
  { id: 'quit', keys: ['q', 'C-c'], scope: 'global', desc: 'Quit (asks first while an action runs)', hint: 'quit' },
  { id: 'command', keys: [':'], scope: 'global', desc: `Command line: :nodes :res :vms :storage :fence :net :logs :timeline :alerts :ctx :jobs :fleet${SOURCE_VIEWS.map((v) => ` :${v.aliases[0]}`).join('')} :q`, hint: 'cmd' },
  { id: 'help', keys: ['?'], scope: 'global', desc: 'Help: every key', hint: 'help' },
  { id: 'back', keys: ['esc'], scope: 'global', desc: 'Back / close', hint: 'back' },
  ...actionRows(['global']),
  // overview
  { id: 'pane.next', keys: ['tab', 'l', 'right'], scope: 'overview', desc: 'Next pane', hint: 'pane' },
  { id: 'pane.prev', keys: ['S-tab', 'h', 'left'], scope: 'overview', desc: 'Previous pane' },
  { id: 'pane.open', keys: ['enter'], scope: 'overview', desc: 'Open the focused pane full screen', hint: 'open' },
  // tables
  { id: 'cursor.down', keys: ['j', 'down'], scope: 'table', desc: 'Down' },
  { id: 'cursor.up', keys: ['k', 'up'], scope: 'table', desc: 'Up' },
  { id: 'page.down', keys: ['pgdn', 'C-f'], scope: 'table', desc: 'Page down' },
  { id: 'page.up', keys: ['pgup', 'C-b'], scope: 'table', desc: 'Page up' },
  { id: 'top', keys: ['home', 'g'], scope: 'table', desc: 'First row' },
  { id: 'bottom', keys: ['end', 'G'], scope: 'table', desc: 'Last row' },
  { id: 'filter', keys: ['/'], scope: 'table', desc: 'Filter rows (regex, leading ! inverts; the current filter comes selected: typing replaces it)', hint: 'filter' },
  { id: 'sort.next', keys: ['s'], scope: 'table', desc: 'Sort by next column', hint: 'sort' },
  { id: 'sort.reverse', keys: ['S'], scope: 'table', desc: 'Reverse sort order' },
  { id: 'sort.pick', keys: ['O'], scope: 'table', desc: 'Sort by: pick the column from a list (as htop F6)' },
  // Marking moves down, as htop's Space and mc's Insert do: holding Space marks a run of rows.
  { id: 'mark', keys: ['space'], scope: 'table', desc: 'Mark / unmark row and move to the next (multi-select)', disabledReason: needRow },
  { id: 'marks.clear', keys: ['c'], scope: 'table', desc: 'Clear marks' },
  { id: 'drill', keys: ['enter'], scope: 'table', desc: 'Details of the selected row (logs, alerts, timeline: the whole entry; :jobs: re-open the action)', hint: 'detail', disabledReason: needRow },
  // per view
  { id: 'alert.ack', keys: ['a'], scope: 'alerts', desc: 'Acknowledge alert(s)', hint: 'ack', disabledReason: needRow },
  // the registry's action keys, per view: :nodes, :vms, :fence, :res
  ...actionRows(ACTION_SCOPES),
  // :logs (the filters act before `/`; W writes what the view shows)
  { id: 'logs.wrap', keys: ['w'], scope: 'logs', desc: 'Wrap long messages onto the next lines (again: cut)', hint: 'wrap' },
  { id: 'logs.follow', keys: ['f'], scope: 'logs', desc: 'Follow: keep the newest line selected as lines arrive (again, or a move up: stop)', hint: 'follow' },
  { id: 'logs.save', keys: ['W'], scope: 'logs', desc: 'Save the filtered view to a file (asks the path; asks before overwriting)', hint: 'save' },
  { id: 'logs.node', keys: ['n'], scope: 'logs', desc: "Only the selected line's node (again: all nodes)" },
  { id: 'logs.unit', keys: ['u'], scope: 'logs', desc: "Only the selected line's unit (again: all units)" },
  { id: 'logs.priority', keys: ['P'], scope: 'logs', desc: 'Priority: all → info → notice → warning → err and worse (cycles)' },
  // :fleet — Enter (drill) opens the cluster from Prometheus, read-only
  { id: 'fleet.ssh', keys: ['L'], scope: 'fleet', desc: "Live SSH console of the selected cluster (actions): its context's nodes", hint: 'ssh', disabledReason: needRow },
  // detail views
  { id: 'detail.down', keys: ['j', 'down'], scope: 'detail', desc: 'Scroll down' },
  { id: 'detail.up', keys: ['k', 'up'], scope: 'detail', desc: 'Scroll up' },
  // replay
  { id: 'replay.toggle', keys: ['p'], scope: 'replay', desc: 'Replay: play / pause', hint: 'play/pause' },
  { id: 'replay.back', keys: ['['], scope: 'replay', desc: 'Replay: back 10 s' },
  { id: 'replay.fwd', keys: [']'], scope: 'replay', desc: 'Replay: forward 10 s' },
  { id: 'replay.slower', keys: ['<'], scope: 'replay', desc: 'Replay: half speed' },
  { id: 'replay.faster', keys: ['>'], scope: 'replay', desc: 'Replay: double speed' },
  // overlays
  { id: 'help.down', keys: ['j', 'down'], scope: 'help', desc: 'Scroll help' },
  { id: 'help.up', keys: ['k', 'up'], scope: 'help', desc: 'Scroll help back' },
  { id: 'help.top', keys: ['home', 'g'], scope: 'help', desc: 'Top of the help' },
  { id: 'help.bottom', keys: ['end', 'G'], scope: 'help', desc: 'End of the help' },
  { id: 'help.close', keys: ['esc', '?', 'q'], scope: 'help', desc: 'Close help' },
  { id: 'prompt.submit', keys: ['enter'], scope: 'prompt', desc: 'Run command / apply filter' },
  { id: 'prompt.cancel', keys: ['esc'], scope: 'prompt', desc: 'Cancel' },
  { id: 'prompt.complete', keys: ['tab'], scope: 'prompt', desc: 'Complete command name' },
  { id: 'prompt.kill', keys: ['C-u'], scope: 'prompt', desc: 'Clear the line' },
  { id: 'prompt.word', keys: ['C-w'], scope: 'prompt', desc: 'Delete the word before the cursor' },
  { id: 'prompt.history.prev', keys: ['up'], scope: 'prompt', desc: 'Previous filter / command (history)' },
  { id: 'prompt.history.next', keys: ['down'], scope: 'prompt', desc: 'Next filter / command (history)' },
  { id: 'prompt.keep', keys: ['right', 'end'], scope: 'prompt', desc: 'Keep the selected text and type after it' },
  { id: 'dialog.confirm', keys: ['enter'], scope: 'dialog', desc: 'Confirm (after typing the target name for destructive actions)' },
  { id: 'dialog.cancel', keys: ['esc'], scope: 'dialog', desc: 'Cancel / close' },
  { id: 'dialog.ack', keys: ['tab'], scope: 'dialog', desc: 'Acknowledge warnings' },
  // arrows only: letters are typed into the confirmation field
  { id: 'dialog.pick.down', keys: ['down'], scope: 'dialog', desc: 'Next destination (migrate); scroll a long plan' },
  { id: 'dialog.pick.up', keys: ['up'], scope: 'dialog', desc: 'Previous destination (migrate); scroll a long plan back' },
  { id: 'dialog.page.down', keys: ['pgdn'], scope: 'dialog', desc: 'Scroll a long plan by a page' },
  { id: 'dialog.page.up', keys: ['pgup'], scope: 'dialog', desc: 'Scroll a long plan back by a page' },
  { id: 'dialog.edit', keys: ['left'], scope: 'dialog', desc: 'Back to the form to change the values (vm create, fence node)' },
  // the form: no letters, they are typed into the focused field
  { id: 'form.next', keys: ['tab', 'down'], scope: 'form', desc: 'Next field' },
  { id: 'form.prev', keys: ['S-tab', 'up'], scope: 'form', desc: 'Previous field' },
  { id: 'form.choice.next', keys: ['right'], scope: 'form', desc: 'Next choice (profile, node, cluster)' },
  { id: 'form.choice.prev', keys: ['left'], scope: 'form', desc: 'Previous choice' },
  { id: 'form.submit', keys: ['enter'], scope: 'form', desc: 'Check the values (the CLI parser) and show the plan' },
  { id: 'form.cancel', keys: ['esc'], scope: 'form', desc: 'Cancel' },
  // the sort column picker (O)
  { id: 'sort.pick.down', keys: ['j', 'down'], scope: 'sort', desc: 'Next column' },
  { id: 'sort.pick.up', keys: ['k', 'up'], scope: 'sort', desc: 'Previous column' },
  { id: 'sort.pick.apply', keys: ['enter'], scope: 'sort', desc: 'Sort by this column (the current one again: reverse)' },
  { id: 'sort.pick.cancel', keys: ['esc', 'q'], scope: 'sort', desc: 'Close the picker, sort unchanged' },
  { id: 'confirm.yes', keys: ['y'], scope: 'confirm', desc: 'Yes' },
  { id: 'confirm.no', keys: ['n', 'esc'], scope: 'confirm', desc: 'No' },
] as const satisfies readonly Binding[];

export type BindingId = (typeof KEYMAP)[number]['id'];

const TABLE_VIEWS: ReadonlySet<ViewId> = new Set<ViewId>(['nodes', 'resources', 'vms', 'storage', 'fence', 'net', 'logs', 'timeline', 'alerts', 'ctx', 'jobs', 'fleet', ...SOURCE_VIEWS.map((v) => v.id)]);
export const isTableView = (v: ViewId): boolean => TABLE_VIEWS.has(v);

/** Scopes that take input, highest priority first. */
export function activeScopes(c: Pick<KeyCtx, 'view' | 'hasReplay' | 'modal'>): Scope[] {
  if (c.modal === 'dialog') return ['dialog'];
  if (c.modal === 'form') return ['form'];
  if (c.modal === 'prompt') return ['prompt'];
  if (c.modal === 'confirm') return ['confirm'];
  if (c.modal === 'help') return ['help'];
  if (c.modal === 'sort') return ['sort'];
  const s: Scope[] = [];
  if (c.view === 'nodes' || c.view === 'vms' || c.view === 'resources' || c.view === 'alerts' || c.view === 'fence' || c.view === 'logs' || c.view === 'fleet') s.push(c.view);
  if (isTableView(c.view)) s.push('table');
  else if (c.view === 'overview') s.push('overview');
  else s.push('detail');
  if (c.hasReplay) s.push('replay');
  s.push('global');
  return s;
}

/** Bindings usable at all in this context (read-only drops dangerous ones). */
export function bindingsFor(c: KeyCtx): Binding[] {
  const scopes = activeScopes(c);
  const all: readonly Binding[] = KEYMAP;
  return scopes.flatMap((sc) => all.filter((b) => b.scope === sc && !(c.readonly && b.dangerous)));
}

/** The binding a key triggers here, first active scope wins. Disabled bindings still resolve
 *  (so the UI can say why); callers check `disabledReason`. */
export function resolveKey(key: string, c: KeyCtx): Binding | undefined {
  return bindingsFor(c).find((b) => b.keys.includes(key));
}

/** Read-only sessions do not bind action keys; pressing one says why instead of doing nothing. */
export function readonlyRefusal(key: string, c: KeyCtx): string | undefined {
  if (!c.readonly) return undefined;
  const b = resolveKey(key, { ...c, readonly: false });
  return b?.dangerous ? `${keyLabel(key)}: ${b.desc} — ${c.readonlyWhy ?? 'read-only session (--readonly)'}: actions that change the cluster are off` : undefined;
}

/** Every binding in the table for the help overlay, minus dangerous ones in read-only mode. */
export function helpBindings(readonly: boolean): Binding[] {
  const all: readonly Binding[] = KEYMAP;
  return all.filter((b) => !(readonly && b.dangerous));
}

const KEY_LABEL: Record<string, string> = {
  esc: 'Esc',
  enter: 'Enter',
  tab: 'Tab',
  'S-tab': 'S-Tab',
  space: 'Space',
  pgdn: 'PgDn',
  pgup: 'PgUp',
  home: 'Home',
  end: 'End',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
};
export const keyLabel = (k: string): string => KEY_LABEL[k] ?? (k.startsWith('C-') ? `Ctrl-${k.slice(2).toUpperCase()}` : k);

/** Minimal view of ink's Key we need (kept structural so tests can build it). */
export interface InkKeyLike {
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  pageDown: boolean;
  pageUp: boolean;
  home?: boolean;
  end?: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  shift: boolean;
  tab: boolean;
  backspace: boolean;
  delete: boolean;
  meta: boolean;
}

/** ink (input, key) → the key names used in KEYMAP. */
export function keyName(input: string, key: InkKeyLike): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageDown) return 'pgdn';
  if (key.pageUp) return 'pgup';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return key.shift ? 'S-tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input.length === 1) return `C-${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  return input;
}
