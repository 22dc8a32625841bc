/** @jsxRuntime automatic */
// The live TUI: header, the current view (overview / list / detail), footer. Keys and mouse go to
// the UI reducer (state/ui.ts), which resolves them through the keymap table; App runs its effects.
import { useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { Box, Text, useInput } from 'ink';
import { isTableView, keyName, type KeyCtx, type ViewId } from './keymap.js';
import { ClockProvider, StoreContext, type UiStore } from './store-context.js';
import { ThemeContext, makeTheme, type Theme } from './theme.js';
import { useTerminalSize, type TermSize } from './hooks/useTerminalSize.js';
import { Header, type SessionKind } from './components/Header.js';
import { Footer } from './components/Footer.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { TableView, type TableInfo } from './components/TableView.js';
import { SortPicker } from './components/SortPicker.js';
import { DetailView } from './components/DetailView.js';
import { Overview } from './panes/overview/Overview.js';
import { ActionDialog } from './dialogs/ActionDialog.js';
import { JobDialogs } from './dialogs/jobs.js';
import { InputError, type ActionKind, type ActionRequest, type DialogState, type PlanActionFn } from './dialogs/plan.js';
import { backToForm, submitForm as formSubmission, type FormState } from './dialogs/form.js';
import { actionHandlers, openActionDialog } from './dialogs/open.js';
import { tableView } from './views.js';
import { columnOrder } from './view-columns.js';
import { alertIdsOf } from '../store/alert-groups.js';
import type { Runner } from '../ssh/runner.js';
import { ReplayBar, type ReplayControls } from './components/ReplayBar.js';
import { EntryView } from './components/EntryView.js';
import { logRowsText, savePath, saveText } from './panes/logs/save.js';
import { parseSgrMouse } from './mouse.js';
import { currentFrame, DETAIL } from './state/route.js';
import { tableOf } from './state/table.js';
import { dialog } from './state/dialog.js';
import { initialUi, keyCtx, selectedIds as selectedIdsOf, type ActionKeyId, type Effect, type Message, type Modal, type ModalUpdate, type Seen, type UiState } from './state/ui.js';
import { useUi } from './state/use-ui.js';
import { go } from './state/step.js';
import type { FleetFeed } from '../fleet/feed.js';

export interface AppProps {
  store: UiStore;
  readonly: boolean;
  /** Why the session is read-only when it is not --readonly (said when an action key is refused). */
  readonlyWhy?: string;
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
  /** The fleet Prometheus (the config's `fleet`): the :fleet view's rows. */
  fleet?: FleetFeed;
  /** Enter in :fleet: open that cluster read from Prometheus; a rejection's message is shown in the footer. */
  onOpenFleetCluster?: (name: string) => void | Promise<void>;
  /** The view shown first (default the overview). */
  startView?: ViewId;
}

const noFleet = () => () => undefined;

/** The live console: App wires the UI reducer (state/ui.ts) to ink and runs its effects. */
export function App(props: AppProps) {
  const { store } = props;
  const theme = useMemo(() => props.theme ?? makeTheme(true), [props.theme]);
  const size = useTerminalSize(props.size);
  // What the views report as they draw: the list's rows and window, how far things scroll.
  const info = useRef<TableInfo>({ rows: [], cursor: 0, start: 0, pageSize: 1 });
  const detailLines = useRef(0);
  /** How far the action dialog's plan can scroll (ActionDialog reports it on each render). */
  const dialogMaxScroll = useRef(0);
  const helpMaxOffset = useRef(0);
  /** Confirmed actions' dialogs: Esc hides one, Enter on its :jobs row re-opens it. */
  const jobDialogs = useRef(new JobDialogs());
  const ui = useUi(
    () => {
      const s = initialUi({ playing: props.replay?.isPlaying?.() ?? false, speed: props.replay?.speed?.() ?? 1 });
      return props.startView ? go(s, props.startView) : s;
    },
    (e) => run(e),
  );
  const { dispatch } = ui;
  const { modal, message } = ui.state;
  // A replay that reaches its end stops by itself: keep the bar's label in step.
  useEffect(() => {
    const r = props.replay;
    if (!r?.onChange) return;
    return r.onChange(() => r.isPlaying && dispatch({ type: 'replay.sync', playing: r.isPlaying() }));
  }, [props.replay, dispatch]);
  const bodyRows = () => Math.max(8, size.rows - 1) - 3 - (props.replay ? 1 : 0);
  const frame = currentFrame(ui.state.route);
  const view = frame.view;
  const tui = tableOf(ui.state.tables, view);
  const order = useMemo(() => {
    const o: Partial<Record<ViewId, readonly number[]>> = {};
    for (const [v, c] of Object.entries(props.views ?? {})) {
      const r = c.columns ? columnOrder(v, c.columns) : undefined;
      if (r?.ok) o[v as ViewId] = r.order;
    }
    return o;
  }, [props.views]);
  // The feed polls while subscribed: only while :fleet is shown (entering it refreshes at once).
  const fleetSubscribe = view === 'fleet' ? props.fleet?.subscribe : undefined;
  const fleet = useSyncExternalStore(fleetSubscribe ?? noFleet, () => props.fleet?.snapshot());
  const env = useMemo(
    () => ({ contexts: props.contexts ?? [], openGroups: ui.state.openGroups, columnOrder: order, ...(fleet ? { fleet } : {}) }),
    [props.contexts, ui.state.openGroups, order, fleet],
  );

  const running = () => store.getState().actions.find((a) => a.status === 'running')?.title;
  const ctxOf = (s: UiState): KeyCtx =>
    keyCtx(s, info.current, { readonly: props.readonly, ...(props.readonlyWhy ? { readonlyWhy: props.readonlyWhy } : {}), actionRunning: running() !== undefined, hasReplay: props.replay !== undefined, actionsWired: props.planAction !== undefined });
  const ctx = ctxOf(ui.state);
  /** What the reducer reads besides its state, taken afresh for every key. */
  const seen = (): Seen => {
    const c = ctxOf(ui.get());
    return {
      ctx: c,
      drawn: info.current,
      limits: { help: helpMaxOffset.current, dialog: dialogMaxScroll.current, detailLines: detailLines.current, bodyRows: bodyRows() },
      running: running(),
      cluster: store.getState().cluster.name,
      canSwitchContext: props.onSwitchContext !== undefined,
      contexts: props.contexts ?? [],
      canOpenFleetCluster: props.onOpenFleetCluster !== undefined,
      columnOrder: order[c.view],
      replayPlaying: props.replay?.isPlaying?.(),
      keptJob: (id) => jobDialogs.current.get(id),
    };
  };

  // The action code: opens an action's dialog (form, destination pick) and plans it.
  const L = {
    get view() {
      return currentFrame(ui.get().route).view;
    },
    get ctx() {
      return ctxOf(ui.get());
    },
    get modal() {
      return ui.get().modal;
    },
  };
  const setModal = (set: ModalUpdate) => dispatch({ type: 'modal', set });
  const setMessage = (m: Message) => dispatch({ type: 'message', message: m });
  const selectedIds = (): string[] => selectedIdsOf(ui.get(), L.ctx);
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
  const updateDialog = (f: (d: DialogState) => DialogState) => setModal((m) => (m?.kind === 'dialog' ? { kind: 'dialog', d: f(m.d) } : m));

  // Bindings the action code handles; the reducer hands them over as an `action` effect.
  const actionKeys: Record<ActionKeyId, () => void> = {
    ...actionHandlers(openAction),
    'form.submit': submitForm,
  };

  /** Runs the reviewed plan; its end goes to this dialog, shown or hidden (kept for :jobs). */
  const runPlan = (d: DialogState) => {
    const plan = d.plan!;
    jobDialogs.current.remember({ ...d, phase: 'running' }, store.getState().actions.map((a) => a.id));
    const settle = (error?: string) => {
      jobDialogs.current.update(d.request, (x) => dialog(x, error === undefined ? { type: 'settled' } : { type: 'settled', error }));
      dispatch({ type: 'settled', request: d.request, title: plan.title, ...(error === undefined ? {} : { error }) });
    };
    plan.onConfirm(d.ackWarnings).then(
      () => settle(),
      (e: unknown) => settle(e instanceof Error ? e.message : String(e)),
    );
  };

  /** Runs what the reducer asked for that touches the world (thin: the decisions are in state/). */
  const run = (e: Effect): void => {
    const r = props.replay;
    switch (e.kind) {
      case 'quit':
        return props.onQuit();
      case 'action':
        return actionKeys[e.id]();
      case 'plan':
        return startPlanning(e.request, e.keep);
      case 'run':
        return runPlan(e.d);
      case 'keep-job':
        return jobDialogs.current.remember(e.d, store.getState().actions.map((a) => a.id));
      case 'drawn':
        info.current = { ...info.current, cursor: e.cursor, start: e.start };
        return;
      case 'save-logs':
        void saveText(savePath(e.path), logRowsText(e.rows), e.overwrite).then((result) => dispatch({ type: 'saved', result, rows: e.rows }));
        return;
      case 'switch-context':
        Promise.resolve(props.onSwitchContext?.(e.name)).catch((x: unknown) =>
          setMessage({ text: `could not switch to ${e.name}: ${x instanceof Error ? x.message : String(x)}`, tone: 'crit' }),
        );
        return;
      case 'open-fleet-cluster':
        Promise.resolve(props.onOpenFleetCluster?.(e.name)).catch((x: unknown) =>
          setMessage({ text: `could not open ${e.name} from Prometheus: ${x instanceof Error ? x.message : String(x)}`, tone: 'crit' }),
        );
        return;
      case 'ack-alerts':
        for (const id of e.rows.flatMap((row) => alertIdsOf(store.getState().alerts, row))) store.getState().ackAlert(id);
        return;
      case 'replay':
        r?.[e.op]();
        if (r?.isPlaying) dispatch({ type: 'replay.sync', playing: r.isPlaying() });
        return;
      case 'replay.seek':
        if (r) r.seek(e.by < 0 ? Math.max(0, r.position() + e.by) : Math.min(r.duration(), r.position() + e.by));
        return;
      case 'replay.speed':
        r?.setSpeed(e.speed);
        return;
    }
  };

  useInput((input, key) => {
    // A mouse report (ink passes it on as text, ESC cut): never typed as keys.
    const mouse = input.startsWith('[<') ? parseSgrMouse(input) : undefined;
    if (mouse) return dispatch({ type: 'mouse', m: mouse, at: seen() });
    if (message) dispatch({ type: 'message' });
    const onKey = (k: string, ch: string, printable: boolean) => dispatch({ type: 'key', key: k, input: ch, printable, at: seen() });
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
  else if (view === 'overview') body = <Overview width={width} height={bodyH} focus={ui.state.route.focus} />;
  else if (view === 'entry') body = <EntryView id={frame.id ?? ''} width={width} height={bodyH} offset={ui.state.route.detailOffset} lineCount={(n) => (detailLines.current = n)} />;
  else if (DETAIL.has(view)) body = <DetailView kind={view as 'node' | 'vm' | 'resource'} id={frame.id ?? ''} width={width} height={bodyH} offset={ui.state.route.detailOffset} {...(props.sshUser ? { sshUser: props.sshUser } : {})} {...(props.runner ? { runner: props.runner } : {})} {...(props.libvirtUri ? { libvirtUri: props.libvirtUri } : {})} {...(props.readonly ? { actionsOff: props.readonlyWhy ?? 'read-only session' } : {})} lineCount={(n) => (detailLines.current = n)} />;
  else body = <TableView key={view} def={tableView(view)!} ui={tui} width={width} height={bodyH} env={env} info={info} />;

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header width={width} view={title} readonly={props.readonly} {...(props.kind ? { kind: props.kind } : {})} />
      <Box height={bodyH} width={width} overflowY="hidden">
        {body}
      </Box>
      {props.replay ? <ReplayBar replay={props.replay} playing={ui.state.replay.playing} speed={ui.state.replay.speed} width={width} /> : null}
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

