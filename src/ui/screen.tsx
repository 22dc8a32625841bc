/** @jsxRuntime automatic */
// The live TUI: header, the current view (overview / list / detail), footer; one input handler
// that resolves every key through the keymap table.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { isTableView, keyLabel, keyName, readonlyRefusal, resolveKey, type BindingId, type KeyCtx, type ViewId } from './keymap.js';
import { ClockProvider, StoreContext, type UiStore } from './store-context.js';
import { ThemeContext, makeTheme, type Theme, type Tone } from './theme.js';
import { useTerminalSize, type TermSize } from './hooks/useTerminalSize.js';
import { Header, type SessionKind } from './components/Header.js';
import { Footer, type PromptState } from './components/Footer.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { TableView, EMPTY_TABLE_UI, type TableInfo, type TableUi } from './components/TableView.js';
import { applySortPick, sortChoices, SortPicker, type SortPick } from './components/SortPicker.js';
import { DetailView } from './components/DetailView.js';
import { Overview } from './panes/overview/Overview.js';
import { OVERVIEW_PANES } from './panes/overview/tiles.js';
import { ActionDialog } from './dialogs/ActionDialog.js';
import { isJobDialog, JobDialogs } from './dialogs/jobs.js';
import { INTERRUPTED_PREFIX } from './panes/jobs/rows.js';
import { confirmBlocker, InputError, type ActionKind, type ActionRequest, type DialogState, type PlanActionFn } from './dialogs/plan.js';
import { backToForm, backspace, cycleChoice, moveFocus, submitForm as formSubmission, typeChar, type FormState } from './dialogs/form.js';
import { actionHandlers, openActionDialog } from './dialogs/open.js';
import { COMMAND_NAMES, resolveCommand, tableView, TABLE_VIEWS } from './views.js';
import { columnOrder } from './view-columns.js';
import { alertIdsOf, GROUP_PREFIX } from '../store/alert-groups.js';
import { windowStart } from './table.js';
import type { Runner } from '../ssh/runner.js';
import { ReplayBar, type ReplayControls } from './components/ReplayBar.js';
import { EntryView } from './components/EntryView.js';
import { entryId, ENTRY_SOURCES, type EntrySource } from './panes/entry/lines.js';
import { logWhere, nextMaxPri, toggleLogField, type LogFilter } from './panes/logs/filter.js';
import { logRowsText, savePath, saveText } from './panes/logs/save.js';
import * as promptEdit from './prompt-edit.js';
import { parseSgrMouse, type MouseEvent } from './mouse.js';

export interface AppProps {
  store: UiStore;
  readonly: boolean;
  /** What the console shows (header banner); default a plain cluster. */
  kind?: SessionKind;
  contexts?: readonly string[];
  onQuit: () => void;
  /** Switch to another cluster context; a rejection's message is shown in the footer. */
  onSwitchContext?: (name: string) => void | Promise<void>;
  planAction?: PlanActionFn;
  replay?: ReplayControls;
  /** ssh user for the console commands shown in VM detail. */
  sshUser?: string;
  /** For on-demand read-only lookups (VM detail reads the domain XML). */
  runner?: Runner;
  libvirtUri?: string;
  theme?: Theme;
  /** Fixed size (tests); otherwise the terminal's, resize debounced. */
  size?: TermSize;
  now?: () => number;
  /** Clock tick for ages (ms); 0 disables (tests). */
  tickMs?: number;
  /** The config's `views`: columns to show per view, in order (validated when it loaded). */
  views?: Readonly<Record<string, { columns?: readonly string[] }>>;
}

interface Frame {
  view: ViewId;
  id?: string;
}

type Modal =
  | { kind: 'help'; offset: number }
  | { kind: 'prompt'; prompt: PromptState }
  | { kind: 'dialog'; d: DialogState }
  | { kind: 'confirm'; question: string; onYes: () => void }
  | { kind: 'sort'; pick: SortPick };

/** useState whose latest value is readable synchronously (keys can arrive faster than renders). */
function useRefState<T>(init: T): [T, (v: T | ((prev: T) => T)) => void, { current: T }] {
  const [v, setV] = useState(init);
  const ref = useRef(v);
  const set = useCallback((n: T | ((prev: T) => T)) => {
    ref.current = typeof n === 'function' ? (n as (p: T) => T)(ref.current) : n;
    setV(ref.current);
  }, []);
  return [v, set, ref];
}

const DETAIL: ReadonlySet<ViewId> = new Set(['node', 'vm', 'resource', 'entry']);

export function App(props: AppProps) {
  const { store } = props;
  const theme = useMemo(() => props.theme ?? makeTheme(true), [props.theme]);
  const size = useTerminalSize(props.size);
  const [stack, setStack, stackRef] = useRefState<Frame[]>([{ view: 'overview' }]);
  const [tables, setTables, tablesRef] = useRefState<Partial<Record<ViewId, TableUi>>>({});
  const [focus, setFocus, focusRef] = useRefState(0);
  const [modal, setModal, modalRef] = useRefState<Modal | undefined>(undefined);
  const [message, setMessage] = useState<{ text: string; tone: Tone } | undefined>();
  const [detailOffset, setDetailOffset] = useState(0);
  const [replayState, setReplayState] = useState(() => ({ playing: props.replay?.isPlaying?.() ?? false, speed: props.replay?.speed?.() ?? 1 }));
  // A replay that reaches its end stops by itself: keep the bar's label in step.
  useEffect(() => {
    const r = props.replay;
    if (!r?.onChange) return;
    return r.onChange(() => setReplayState((s) => (r.isPlaying && s.playing !== r.isPlaying() ? { ...s, playing: r.isPlaying() } : s)));
  }, [props.replay]);
  const info = useRef<TableInfo>({ rows: [], cursor: 0, start: 0, pageSize: 1 });
  const detailLines = useRef(0);
  /** How far the action dialog's plan can scroll (ActionDialog reports it on each render). */
  const dialogMaxScroll = useRef(0);
  /** Confirmed actions' dialogs: Esc hides one, Enter on its :jobs row re-opens it. */
  const jobDialogs = useRef(new JobDialogs());
  const helpMaxOffset = useRef(0);
  /** Submitted `:` commands and `/` filters of this session, oldest first (↑ in the prompt). */
  const history = useRef<Record<':' | '/', string[]>>({ ':': [], '/': [] });
  const bodyRows = () => Math.max(8, size.rows - 1) - 3 - (props.replay ? 1 : 0);
  const scrollTo = (d: DialogState, to: number): DialogState => ({ ...d, scroll: Math.max(0, Math.min(dialogMaxScroll.current, to)) });
  const frame = stack[stack.length - 1]!;
  const view = frame.view;
  const tui = tables[view] ?? EMPTY_TABLE_UI;
  const [openGroups, setOpenGroups] = useState<ReadonlySet<string>>(() => new Set());
  const order = useMemo(() => {
    const o: Partial<Record<ViewId, readonly number[]>> = {};
    for (const [v, c] of Object.entries(props.views ?? {})) {
      const r = c.columns ? columnOrder(v, c.columns) : undefined;
      if (r?.ok) o[v as ViewId] = r.order;
    }
    return o;
  }, [props.views]);
  const env = useMemo(() => ({ contexts: props.contexts ?? [], openGroups, columnOrder: order }), [props.contexts, openGroups, order]);

  const makeCtx = (): KeyCtx => {
    const fr = stackRef.current[stackRef.current.length - 1]!;
    const m = modalRef.current;
    const row = isTableView(fr.view) ? info.current.rows[info.current.cursor] : undefined;
    return {
      readonly: props.readonly,
      view: fr.view,
      rowCount: isTableView(fr.view) ? info.current.rows.length : 1,
      ...(row ? { selected: row.id } : DETAIL.has(fr.view) && fr.id ? { selected: fr.id } : {}),
      marks: (tablesRef.current[fr.view] ?? EMPTY_TABLE_UI).marks.size,
      actionRunning: store.getState().actions.some((a) => a.status === 'running'),
      hasReplay: props.replay !== undefined,
      actionsWired: props.planAction !== undefined,
      ...(m ? { modal: m.kind === 'dialog' && m.d.phase === 'form' ? 'form' : m.kind } : {}),
    };
  };
  const ctx = makeCtx();

  // Latest UI state for key handlers (refreshed on every key, before any handler runs).
  const fresh = () => {
    const fr = stackRef.current[stackRef.current.length - 1]!;
    return { view: fr.view, frame: fr, tui: tablesRef.current[fr.view] ?? EMPTY_TABLE_UI, modal: modalRef.current, ctx: makeCtx() };
  };
  const L = fresh();
  const refresh = () => Object.assign(L, fresh());

  const setTable = useCallback((v: ViewId, f: (t: TableUi) => TableUi) => setTables((all) => ({ ...all, [v]: f(all[v] ?? EMPTY_TABLE_UI) })), []);
  const go = (v: ViewId | 'overview', id?: string) => {
    setDetailOffset(0);
    if (v === 'overview') setStack([{ view: 'overview' }]);
    else if (DETAIL.has(v)) setStack((s) => [...s, id === undefined ? { view: v } : { view: v, id }]);
    else setStack([{ view: 'overview' }, { view: v }]);
  };
  const back = () => {
    if (isTableView(L.view) && L.tui.filter) return setTable(L.view, (t) => ({ ...t, filter: '' }));
    setDetailOffset(0);
    setStack((s) => (s.length > 1 ? s.slice(0, -1) : s));
  };
  /** `busy`: the title of an action known to run (the dialog's) even before the store has it. */
  const requestQuit = (busy?: string) => {
    const running = store.getState().actions.find((a) => a.status === 'running')?.title ?? busy;
    if (running) setModal({ kind: 'confirm', question: `Action "${running}" is still running. Quit anyway? (it may be left half done) y/N`, onYes: props.onQuit });
    else props.onQuit();
  };
  const moveCursor = (to: (c: number, i: TableInfo) => number) => {
    const i = info.current;
    // Following, the table pins the cursor to the last row: a move starts from there.
    const cur = Math.max(0, Math.min(i.rows.length - 1, L.tui.follow ? i.cursor : L.tui.cursor));
    const c = Math.max(0, Math.min(i.rows.length - 1, to(cur, i)));
    info.current = { ...i, cursor: c, start: windowStart(i.start, c, i.pageSize, i.rows.length) };
    const follow = L.tui.follow && c >= i.rows.length - 1;
    setTable(L.view, (t) => ({ ...t, cursor: c, start: info.current.start, follow }));
    refresh();
  };
  const selectedIds = (): string[] => (L.tui.marks.size ? [...L.tui.marks] : L.ctx.selected !== undefined ? [L.ctx.selected] : []);
  const startPlanning = (request: ActionRequest, keep: Pick<DialogState, 'pick' | 'form'> = {}) => {
    const planAction = props.planAction!;
    setModal({ kind: 'dialog', d: { request, phase: 'planning', typed: '', ackWarnings: false, ...keep } });
    const mine = (m: Modal | undefined): m is { kind: 'dialog'; d: DialogState } => m?.kind === 'dialog' && m.d.request === request;
    planAction(request).then(
      (plan) => setModal((m) => (mine(m) ? { kind: 'dialog', d: { ...m.d, plan, phase: 'review' } } : m)),
      (e: unknown) =>
        setModal((m) => {
          if (!mine(m)) return m;
          // Wrong input (a usage error naming its field): back to the form, values kept, nothing ran.
          if (e instanceof InputError && m.d.form) return { kind: 'dialog', d: backToForm(m.d, e) };
          return { kind: 'dialog', d: { ...m.d, phase: 'failed', error: e instanceof Error ? e.message : String(e) } };
        }),
    );
  };
  const updateForm = (f: (form: FormState) => FormState) => updateDialog((d) => (d.phase === 'form' && d.form ? { ...d, form: f(d.form) } : d));
  /** Enter in the form: required fields, then the request with the form's values. */
  const submitForm = () => {
    if (L.modal?.kind !== 'dialog' || L.modal.d.phase !== 'form' || !L.modal.d.form) return;
    const r = formSubmission(L.modal.d);
    if ('error' in r) return updateForm((f) => ({ ...f, error: r.error, index: Math.max(0, f.fields.findIndex((x) => x.id === r.error.field)) }));
    startPlanning(r.request, { form: r.form });
  };
  const openAction = (kind: ActionKind) => {
    if (!props.planAction) return setMessage({ text: 'actions are not available in this session', tone: 'warn' });
    const o = openActionDialog(kind, { view: L.view, ids: selectedIds(), ...(L.ctx.selected !== undefined ? { selected: L.ctx.selected } : {}) }, store.getState());
    if (o.kind === 'message') return setMessage({ text: o.text, tone: 'warn' });
    if (o.kind === 'dialog') return setModal({ kind: 'dialog', d: o.d });
    startPlanning(o.request);
  };
  // ↑/↓ pick a destination while picking, and scroll the plan otherwise (ActionDialog clamps).
  const movePick = (delta: number) =>
    updateDialog((d) =>
      d.phase === 'picking' && d.pick ? { ...d, pick: { ...d.pick, index: Math.max(0, Math.min(d.pick.choices.length - 1, d.pick.index + delta)) } } : scrollTo(d, (d.scroll ?? 0) + delta),
    );
  const updateDialog = (f: (d: DialogState) => DialogState) => setModal((m) => (m?.kind === 'dialog' ? { kind: 'dialog', d: f(m.d) } : m));
  const drill = () => {
    const id = L.ctx.selected;
    if (id === undefined) return;
    const def = tableView(L.view);
    if (def?.drill === 'ctx') {
      if (props.onSwitchContext) {
        if (id === store.getState().cluster.name) return setMessage({ text: `already on context ${id}`, tone: 'muted' });
        setMessage({ text: `switching to context ${id}…`, tone: 'info' });
        Promise.resolve(props.onSwitchContext(id)).catch((e: unknown) => setMessage({ text: `could not switch to ${id}: ${e instanceof Error ? e.message : String(e)}`, tone: 'crit' }));
      } else setMessage({ text: 'switching context is not available here', tone: 'warn' });
      return;
    }
    if (def?.drill) return go(def.drill, id);
    if (L.view === 'jobs') {
      const kept = jobDialogs.current.get(id);
      if (kept) return setModal({ kind: 'dialog', d: kept });
      // An earlier run's unfinished action: its whole record (what ran, what did not).
      if (id.startsWith(INTERRUPTED_PREFIX)) return go('entry', `jobs:${id.slice(INTERRUPTED_PREFIX.length)}`);
      return setMessage({ text: `job ${id}: its dialog is no longer kept`, tone: 'muted' });
    }
    // An alert group row (one kind of alert on many nodes): Enter lists its members under it.
    if (L.view === 'alerts' && id.startsWith(GROUP_PREFIX)) return setOpenGroups((o) => (o.has(id) ? new Set([...o].filter((g) => g !== id)) : new Set([...o, id])));
    const node = L.view === 'storage' ? id.split('@')[1] : L.view === 'net' ? id.split(':')[0] : undefined;
    if (node) return go('node', node);
    if ((ENTRY_SOURCES as readonly ViewId[]).includes(L.view)) return go('entry', entryId(L.view as EntrySource, id));
    setMessage({ text: 'no detail view for this row', tone: 'muted' });
  };

  const editPrompt = (f: (p: PromptState) => PromptState) => setModal((m) => (m?.kind === 'prompt' ? { kind: 'prompt', prompt: f(m.prompt) } : m));
  const setLogFilter = (f: (lf: LogFilter) => LogFilter) =>
    setTable('logs', (t) => {
      const w = logWhere(f(t.where?.log ?? {}));
      const { where: _w, ...rest } = t;
      return { ...(w ? { ...rest, where: w } : rest), cursor: 0, start: 0 };
    });
  /** W in :logs: what the view shows now, to a new file; an existing one only after a yes. */
  const saveLogs = (input: string) => {
    if (input.trim() === '') return setMessage({ text: 'save: no path given, nothing written', tone: 'muted' });
    const path = savePath(input);
    const rows = info.current.rows;
    const text = logRowsText(rows);
    const done = (r: Awaited<ReturnType<typeof saveText>>) => {
      if (r.ok) return setMessage({ text: `saved ${rows.length} log lines to ${r.path}`, tone: 'info' });
      if (r.exists) return setModal({ kind: 'confirm', question: `${r.path} exists. Overwrite it? y/N`, onYes: () => void saveText(path, text, true).then(done) });
      setMessage({ text: `could not save to ${r.path}: ${r.error}`, tone: 'crit' });
    };
    void saveText(path, text).then(done);
  };

  // Every binding id must have a handler: the type makes a missing one a compile error.
  const handlers: Record<BindingId, () => void> = {
    quit: requestQuit,
    command: () => setModal({ kind: 'prompt', prompt: promptEdit.openPrompt(':') }),
    help: () => setModal({ kind: 'help', offset: 0 }),
    back,
    ...actionHandlers(openAction),
    'pane.next': () => setFocus((f) => (f + 1) % OVERVIEW_PANES.length),
    'pane.prev': () => setFocus((f) => (f + OVERVIEW_PANES.length - 1) % OVERVIEW_PANES.length),
    'pane.open': () => go(OVERVIEW_PANES[focusRef.current]!.opens),
    'cursor.down': () => moveCursor((c) => c + 1),
    'cursor.up': () => moveCursor((c) => c - 1),
    'page.down': () => moveCursor((c, i) => c + i.pageSize),
    'page.up': () => moveCursor((c, i) => c - i.pageSize),
    top: () => moveCursor(() => 0),
    bottom: () => moveCursor((_, i) => i.rows.length - 1),
    filter: () => setModal({ kind: 'prompt', prompt: promptEdit.openPrompt('/', L.tui.filter) }),
    'sort.next': () => {
      // natural order → each shown column (the config's order) → natural order
      const def = tableView(L.view);
      if (!def) return;
      const choices = sortChoices(def.columns, env.columnOrder[L.view]);
      setTable(L.view, (t) => {
        const next = choices[(choices.indexOf(t.sortCol) + 1) % choices.length];
        const { sortCol: _x, ...rest } = t;
        return next === undefined ? rest : { ...rest, sortCol: next };
      });
    },
    'sort.reverse': () => setTable(L.view, (t) => ({ ...t, sortRev: !t.sortRev })),
    'sort.pick': () => {
      const def = tableView(L.view);
      if (!def) return;
      const choices = sortChoices(def.columns, env.columnOrder[L.view]);
      setModal({ kind: 'sort', pick: { choices, index: Math.max(0, choices.indexOf(L.tui.sortCol)) } });
    },
    'sort.pick.down': () => setModal((m) => (m?.kind === 'sort' ? { kind: 'sort', pick: { ...m.pick, index: Math.min(m.pick.choices.length - 1, m.pick.index + 1) } } : m)),
    'sort.pick.up': () => setModal((m) => (m?.kind === 'sort' ? { kind: 'sort', pick: { ...m.pick, index: Math.max(0, m.pick.index - 1) } } : m)),
    'sort.pick.apply': () => {
      if (L.modal?.kind !== 'sort') return;
      const col = L.modal.pick.choices[L.modal.pick.index];
      setModal(undefined);
      setTable(L.view, (t) => applySortPick(t, col));
    },
    'sort.pick.cancel': () => setModal(undefined),
    mark: () => {
      const id = L.ctx.selected;
      if (id === undefined) return;
      setTable(L.view, (t) => {
        const m = new Set(t.marks);
        if (m.has(id)) m.delete(id);
        else m.add(id);
        return { ...t, marks: m };
      });
      moveCursor((c) => c + 1);
    },
    'marks.clear': () => setTable(L.view, (t) => ({ ...t, marks: new Set() })),
    drill,
    'alert.ack': () => {
      // a group row acknowledges each of its members
      for (const id of selectedIds().flatMap((r) => alertIdsOf(store.getState().alerts, r))) store.getState().ackAlert(id);
      setTable(L.view, (t) => ({ ...t, marks: new Set() }));
    },
    'logs.wrap': () => setTable('logs', (t) => ({ ...t, wrap: !t.wrap })),
    'logs.follow': () => setTable('logs', (t) => ({ ...t, follow: !t.follow })),
    'logs.save': () => setModal({ kind: 'prompt', prompt: { kind: 'save', text: '' } }),
    'logs.node': () => setLogFilter((f) => toggleLogField(f, 'node', info.current.rows[info.current.cursor])),
    'logs.unit': () => setLogFilter((f) => toggleLogField(f, 'unit', info.current.rows[info.current.cursor])),
    'logs.priority': () => setLogFilter((f) => {
      const { maxPri, ...rest } = f;
      const next = nextMaxPri(maxPri);
      return next === undefined ? rest : { ...rest, maxPri: next };
    }),
    'detail.down': () => setDetailOffset((o) => Math.min(o + 1, Math.max(0, detailLines.current - 1))),
    'detail.up': () => setDetailOffset((o) => Math.max(0, o - 1)),
    'replay.toggle': () => {
      const r = props.replay!;
      const playing = r.isPlaying?.() ?? replayState.playing;
      if (playing) r.pause();
      else r.play();
      setReplayState((s) => ({ ...s, playing: r.isPlaying?.() ?? !playing }));
    },
    'replay.back': () => props.replay!.seek(Math.max(0, props.replay!.position() - 10_000)),
    'replay.fwd': () => props.replay!.seek(Math.min(props.replay!.duration(), props.replay!.position() + 10_000)),
    'replay.slower': () => setReplayState((s) => (props.replay!.setSpeed(Math.max(0.25, s.speed / 2)), { ...s, speed: Math.max(0.25, s.speed / 2) })),
    'replay.faster': () => setReplayState((s) => (props.replay!.setSpeed(Math.min(64, s.speed * 2)), { ...s, speed: Math.min(64, s.speed * 2) })),
    'help.down': () => setModal((m) => (m?.kind === 'help' ? { kind: 'help', offset: Math.min(helpMaxOffset.current, m.offset + 1) } : m)),
    'help.up': () => setModal((m) => (m?.kind === 'help' ? { kind: 'help', offset: Math.max(0, m.offset - 1) } : m)),
    'help.top': () => setModal((m) => (m?.kind === 'help' ? { kind: 'help', offset: 0 } : m)),
    'help.bottom': () => setModal((m) => (m?.kind === 'help' ? { kind: 'help', offset: helpMaxOffset.current } : m)),
    'help.close': () => setModal(undefined),
    'prompt.submit': () => {
      if (L.modal?.kind !== 'prompt') return;
      const p = L.modal.prompt;
      setModal(undefined);
      if (p.kind === 'save') return saveLogs(p.text);
      history.current[p.kind] = promptEdit.remember(history.current[p.kind], p.text);
      if (p.kind === '/') {
        if (isTableView(L.view)) setTable(L.view, (t) => ({ ...t, filter: p.text, cursor: 0, start: 0 }));
        return;
      }
      if (p.text.trim() === '') return;
      const target = resolveCommand(p.text);
      if (target === 'quit') return requestQuit();
      if (!target) return setMessage({ text: `unknown command :${p.text} — try ${COMMAND_NAMES.map((c) => `:${c}`).join(' ')}`, tone: 'crit' });
      go(target);
    },
    'prompt.cancel': () => setModal(undefined),
    'prompt.kill': () => editPrompt(promptEdit.killLine),
    'prompt.word': () => editPrompt(promptEdit.killWord),
    'prompt.keep': () => editPrompt(promptEdit.keepText),
    'prompt.history.prev': () => editPrompt((p) => (p.kind === 'save' ? p : promptEdit.historyMove(p, history.current[p.kind], -1))),
    'prompt.history.next': () => editPrompt((p) => (p.kind === 'save' ? p : promptEdit.historyMove(p, history.current[p.kind], 1))),
    'prompt.complete': () =>
      setModal((m) => {
        if (m?.kind !== 'prompt' || m.prompt.kind !== ':') return m;
        const hit = [...COMMAND_NAMES, ...TABLE_VIEWS.flatMap((v) => v.aliases)].find((c) => c.startsWith(m.prompt.text));
        return hit ? { kind: 'prompt', prompt: { ...m.prompt, text: hit } } : m;
      }),
    'dialog.confirm': () => {
      if (L.modal?.kind !== 'dialog') return;
      const d = L.modal.d;
      if (d.phase === 'picking') {
        const choice = d.pick?.choices[d.pick.index];
        if (choice) startPlanning({ ...d.request, destination: choice.node }, d.pick ? { pick: d.pick } : {});
        return;
      }
      if (confirmBlocker(d) || !d.plan) return;
      const plan = d.plan;
      jobDialogs.current.remember({ ...d, phase: 'running' }, store.getState().actions.map((a) => a.id));
      updateDialog((x) => ({ ...x, phase: 'running' }));
      // The result goes to this dialog, shown or hidden (kept for :jobs), never to another one.
      const settle = (f: (x: DialogState) => DialogState) => {
        jobDialogs.current.update(d.request, f);
        const m = modalRef.current;
        if (m?.kind === 'dialog' && m.d.request === d.request) return setModal({ kind: 'dialog', d: f(m.d) });
        // Hidden (Esc): the status bar's indicator goes, so say how it ended.
        const end = f(d);
        setMessage(end.phase === 'failed' ? { text: `${plan.title}: failed: ${end.error ?? ''} (:jobs)`, tone: 'crit' } : { text: `${plan.title}: done (:jobs)`, tone: 'ok' });
      };
      plan.onConfirm(d.ackWarnings).then(
        () => settle((x) => ({ ...x, phase: 'done' })),
        (e: unknown) => settle((x) => ({ ...x, phase: 'failed', error: e instanceof Error ? e.message : String(e) })),
      );
    },
    'dialog.cancel': () => {
      // A confirmed action's dialog is only hidden: the status bar shows it running, :jobs re-opens it.
      if (L.modal?.kind === 'dialog' && isJobDialog(L.modal.d)) jobDialogs.current.remember(L.modal.d, store.getState().actions.map((a) => a.id));
      setModal(undefined);
    },
    'dialog.ack': () => updateDialog((d) => (d.phase === 'review' ? { ...d, ackWarnings: !d.ackWarnings } : d)),
    'dialog.pick.down': () => movePick(1),
    'dialog.pick.up': () => movePick(-1),
    'dialog.page.down': () => updateDialog((d) => scrollTo(d, (d.scroll ?? 0) + Math.max(1, bodyRows() - 6))),
    'dialog.page.up': () => updateDialog((d) => scrollTo(d, (d.scroll ?? 0) - Math.max(1, bodyRows() - 6))),
    // The shown plan is dropped (never run); Enter in the form plans anew.
    'dialog.edit': () =>
      updateDialog((d) => {
        if (!d.form || !(d.phase === 'review' || (d.phase === 'failed' && !d.plan))) return d;
        const { plan: _p, error: _e, ...rest } = d;
        return { ...rest, phase: 'form', typed: '', ackWarnings: false };
      }),
    'form.next': () => updateForm((f) => moveFocus(f, 1)),
    'form.prev': () => updateForm((f) => moveFocus(f, -1)),
    'form.choice.next': () => updateForm((f) => cycleChoice(f, 1)),
    'form.choice.prev': () => updateForm((f) => cycleChoice(f, -1)),
    'form.submit': submitForm,
    'form.cancel': () => setModal(undefined),
    'confirm.yes': () => {
      if (L.modal?.kind === 'confirm') {
        setModal(undefined);
        L.modal.onYes();
      }
    },
    'confirm.no': () => setModal(undefined),
  };

  /** Wheel: 3 rows (lists, detail, help); left click: selects the list row under it. */
  const onMouse = (m: MouseEvent) => {
    refresh();
    if (m.kind === 'other' || (L.modal && L.modal.kind !== 'help')) return;
    if (m.kind === 'wheel') {
      const step: BindingId | undefined =
        L.modal?.kind === 'help' ? (m.delta > 0 ? 'help.down' : 'help.up') : DETAIL.has(L.view) ? (m.delta > 0 ? 'detail.down' : 'detail.up') : undefined;
      if (step) for (let i = 0; i < 3; i++) handlers[step]();
      else if (isTableView(L.view)) moveCursor((c) => c + 3 * m.delta);
      return;
    }
    if (m.button !== 0 || L.modal || !isTableView(L.view)) return;
    // 2 header lines, the table's title, its column header (line 3: a click there sorts by that
    // column, again reverses, as in htop), then the rows from screen line 4.
    if (m.y === 3) {
      let x = 2;
      for (const c of info.current.cols ?? []) {
        if (m.x >= x && m.x < x + c.width) return setTable(L.view, (t) => applySortPick(t, c.index));
        x += c.width + 1;
      }
      return;
    }
    if (L.tui.wrap) return;
    const k = m.y - 4;
    const i = info.current;
    if (k >= 0 && k < i.pageSize && i.start + k < i.rows.length) moveCursor(() => i.start + k);
  };

  const onKey = (k: string, input: string, printable: boolean) => {
    refresh();
    if (k === 'C-c' && L.modal?.kind !== 'confirm') return requestQuit();
    const b = resolveKey(k, L.ctx);
    if (b) {
      const why = b.disabledReason?.(L.ctx);
      if (why) return setMessage({ text: `${keyLabel(k)}: ${b.desc} — ${why}`, tone: 'warn' });
      return handlers[b.id as BindingId]();
    }
    const ro = readonlyRefusal(k, L.ctx);
    if (ro) return setMessage({ text: ro, tone: 'warn' });
    // q while the dialog shows a running action: ask, as Ctrl-C does (the dialog owns its keys).
    if (k === 'q' && L.modal?.kind === 'dialog' && L.modal.d.phase === 'running') return requestQuit(L.modal.d.request.kind);
    // Unbound keys: text entry in the prompt and in the dialog's confirmation field.
    if (L.modal?.kind === 'prompt') {
      if (k === 'backspace') editPrompt(promptEdit.backspace);
      else if (printable) editPrompt((p) => promptEdit.typeText(p, input));
    } else if (L.modal?.kind === 'dialog' && L.modal.d.phase === 'form') {
      if (k === 'backspace') updateForm(backspace);
      else if (printable) updateForm((f) => typeChar(f, input));
    } else if (L.modal?.kind === 'dialog' && L.modal.d.phase === 'review' && L.modal.d.plan?.destructive) {
      if (k === 'backspace') updateDialog((d) => ({ ...d, typed: d.typed.slice(0, -1) }));
      else if (printable) updateDialog((d) => ({ ...d, typed: d.typed + input }));
    }
  };

  useInput((input, key) => {
    // A mouse report (ink passes it on as text, ESC cut): never typed as keys.
    const mouse = input.startsWith('[<') ? parseSgrMouse(input) : undefined;
    if (mouse) return onMouse(mouse);
    if (message) setMessage(undefined);
    // Several keys in one read (fast typing, paste, tmux send-keys): handle them one by one.
    if (input.length > 1 && !input.startsWith('\x1b') && !key.ctrl && !key.meta) {
      for (const ch of input) {
        const name = ch === '\r' || ch === '\n' ? 'enter' : ch === '\t' ? 'tab' : ch === '\x7f' || ch === '\b' ? 'backspace' : ch === ' ' ? 'space' : ch;
        onKey(name, ch, !/[\x00-\x1f\x7f]/.test(ch));
      }
      return;
    }
    onKey(keyName(input, key), input, input.length > 0 && !key.ctrl && !key.meta && !/[\x00-\x1f\x7f]/.test(input));
  });

  const width = size.columns;
  // One row short of the terminal: ink clears the whole screen on every frame otherwise.
  const height = Math.max(8, size.rows - 1);
  const replayH = props.replay ? 1 : 0;
  const bodyH = height - 2 - 1 - replayH;
  const title = view === 'overview' ? 'overview' : view === 'entry' ? `${(frame.id ?? '').split(':')[0]} entry` : DETAIL.has(view) ? `${view} ${frame.id ?? ''}` : `:${view}`;

  let body;
  if (modal?.kind === 'sort' && isTableView(view)) body = <SortPicker columns={tableView(view)!.columns} pick={modal.pick} {...(tui.sortCol !== undefined ? { sortCol: tui.sortCol } : {})} sortRev={tui.sortRev} width={width} height={bodyH} />;
  else if (modal?.kind === 'help') body = <HelpOverlay ctx={{ ...ctx, modal: undefined }} width={width} height={bodyH} offset={modal.offset} maxOffset={(n) => (helpMaxOffset.current = n)} />;
  else if (modal?.kind === 'dialog') body = <ActionDialog d={modal.d} width={width} height={bodyH} maxScroll={(n) => (dialogMaxScroll.current = n)} />;
  else if (view === 'overview') body = <Overview width={width} height={bodyH} focus={focus} />;
  else if (view === 'entry') body = <EntryView id={frame.id ?? ''} width={width} height={bodyH} offset={detailOffset} lineCount={(n) => (detailLines.current = n)} />;
  else if (DETAIL.has(view)) body = <DetailView kind={view as 'node' | 'vm' | 'resource'} id={frame.id ?? ''} width={width} height={bodyH} offset={detailOffset} {...(props.sshUser ? { sshUser: props.sshUser } : {})} {...(props.runner ? { runner: props.runner } : {})} {...(props.libvirtUri ? { libvirtUri: props.libvirtUri } : {})} lineCount={(n) => (detailLines.current = n)} />;
  else body = <TableView key={view} def={tableView(view)!} ui={tui} width={width} height={bodyH} env={env} info={info} />;

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header width={width} view={title} readonly={props.readonly} {...(props.kind ? { kind: props.kind } : {})} />
      <Box height={bodyH} width={width} overflowY="hidden">
        {body}
      </Box>
      {props.replay ? <ReplayBar replay={props.replay} playing={replayState.playing} speed={replayState.speed} width={width} /> : null}
      {modal?.kind === 'confirm' ? (
        <Text wrap="truncate" {...theme.tone('warn')}>
          {modal.question}
        </Text>
      ) : (
        <Footer width={width} ctx={ctx} {...(modal?.kind === 'prompt' ? { prompt: modal.prompt } : {})} {...(message ? { message } : {})} />
      )}
    </Box>
  );
}

/** Providers + App: what runTui and the component tests render. */
export function Root(props: AppProps) {
  const theme = props.theme ?? makeTheme(true);
  return (
    <StoreContext.Provider value={props.store}>
      <ThemeContext.Provider value={theme}>
        <ClockProvider now={props.now ?? props.replay?.now ?? Date.now} tickMs={props.tickMs ?? 1000}>
          <App {...props} theme={theme} />
        </ClockProvider>
      </ThemeContext.Provider>
    </StoreContext.Provider>
  );
}

