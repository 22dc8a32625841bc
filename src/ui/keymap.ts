// The ONE keymap table. Input dispatch (resolveKey), the footer hints and the `?` overlay all
// read it, so they cannot disagree. Read-only mode removes every `dangerous` entry.
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
  | 'entry';

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
// Fencing acts on exactly one node: several marked rows are refused, not fenced one after another.
const needOne = (c: KeyCtx) => needAction(c) ?? (c.marks > 1 ? `fencing takes exactly one node, ${c.marks} rows are marked (c clears the marks)` : undefined);

const needOneRsc = (c: KeyCtx) => needAction(c) ?? (c.marks > 1 ? `a move takes one resource, ${c.marks} rows are marked (c clears the marks)` : undefined);

export const KEYMAP = [
  // global
  { id: 'quit', keys: ['q', 'C-c'], scope: 'global', desc: 'Quit (asks first while an action runs)', hint: 'quit' },
  { id: 'command', keys: [':'], scope: 'global', desc: 'Command line: :nodes :res :vms :storage :fence :net :logs :timeline :alerts :ctx :jobs :fleet :q', hint: 'cmd' },
  { id: 'help', keys: ['?'], scope: 'global', desc: 'Help: every key', hint: 'help' },
  { id: 'back', keys: ['esc'], scope: 'global', desc: 'Back / close', hint: 'back' },
  { id: 'cluster.validate', keys: ['V'], scope: 'global', desc: 'Validate cluster (plan, then confirm)', dangerous: true, disabledReason: needWired },
  { id: 'cluster.maintenance', keys: ['Z'], scope: 'global', desc: 'Cluster maintenance mode on (off when on): Pacemaker recovers nothing meanwhile', dangerous: true, disabledReason: needWired },
  { id: 'cluster.balance', keys: ['B'], scope: 'global', desc: 'Balance cluster: propose live migrations, run them after confirmation', dangerous: true, disabledReason: needWired },
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
  { id: 'node.standby', keys: ['t'], scope: 'nodes', desc: 'Put node(s) in standby', dangerous: true, hint: 'standby', disabledReason: needAction },
  { id: 'node.online', keys: ['o'], scope: 'nodes', desc: 'Bring node(s) online', dangerous: true, hint: 'online', disabledReason: needAction },
  { id: 'node.evacuate', keys: ['e'], scope: 'nodes', desc: 'Evacuate node (migrate its VMs away)', dangerous: true, hint: 'evacuate', disabledReason: needAction },
  { id: 'node.maintenance', keys: ['M'], scope: 'nodes', desc: 'Node maintenance on (off when it is in maintenance): Pacemaker leaves its resources alone', dangerous: true, hint: 'maint', disabledReason: needAction },
  { id: 'node.fence', keys: ['F'], scope: 'nodes', desc: 'Fence the node (power off/reboot; reason, then type its name)', dangerous: true, disabledReason: needOne },
  { id: 'vm.migrate', keys: ['m'], scope: 'vms', desc: 'Live-migrate VM(s)', dangerous: true, hint: 'migrate', disabledReason: needAction },
  { id: 'vm.start', keys: ['u'], scope: 'vms', desc: 'Start VM(s)', dangerous: true, disabledReason: needAction },
  { id: 'vm.stop', keys: ['x'], scope: 'vms', desc: 'Stop VM(s)', dangerous: true, disabledReason: needAction },
  { id: 'vm.create', keys: ['n'], scope: 'vms', desc: 'New VM from a profile (form, plan, confirm)', dangerous: true, hint: 'new', disabledReason: needWired },
  // Read-only probes (stonith_admin --query, sbd list, the sysfs watchdog listing): allowed in read-only mode.
  { id: 'fence.check', keys: ['f'], scope: 'fence', desc: 'Check fencing: probe each fence device, sbd slot and watchdog now (read-only; Enter runs)', hint: 'fence check', disabledReason: needWired },
  { id: 'fence.node', keys: ['F'], scope: 'fence', desc: "Fence the selected row's node (reason, then type its name)", dangerous: true, hint: 'fence node', disabledReason: needOne },
  // :res — any Pacemaker resource (the `virtdeck resource …` actions)
  { id: 'resource.cleanup', keys: ['C'], scope: 'resources', desc: 'Clean up resource(s): clear fail counts and failed operations', dangerous: true, hint: 'cleanup', disabledReason: needAction },
  { id: 'resource.refresh', keys: ['R'], scope: 'resources', desc: 'Refresh resource(s): forget the operation history, re-probe', dangerous: true, disabledReason: needAction },
  { id: 'resource.maintenance', keys: ['M'], scope: 'resources', desc: 'Maintenance on (off when already unmanaged): Pacemaker hands off', dangerous: true, hint: 'maint', disabledReason: needAction },
  { id: 'resource.move', keys: ['m'], scope: 'resources', desc: 'Move resource to a node (pick; the move constraint is cleared after)', dangerous: true, hint: 'move', disabledReason: needOneRsc },
  { id: 'resource.ban', keys: ['b'], scope: 'resources', desc: 'Ban resource from the node it runs on (cli-ban until cleared)', dangerous: true, disabledReason: needAction },
  { id: 'resource.clear', keys: ['U'], scope: 'resources', desc: 'Clear the cli-prefer/cli-ban constraints of resource(s)', dangerous: true, disabledReason: needAction },
  { id: 'resource.start', keys: ['u'], scope: 'resources', desc: 'Start resource(s) (target-role Started)', dangerous: true, disabledReason: needAction },
  { id: 'resource.stop', keys: ['x'], scope: 'resources', desc: 'Stop resource(s) (target-role Stopped)', dangerous: true, disabledReason: needAction },
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

const TABLE_VIEWS: ReadonlySet<ViewId> = new Set(['nodes', 'resources', 'vms', 'storage', 'fence', 'net', 'logs', 'timeline', 'alerts', 'ctx', 'jobs', 'fleet']);
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
