/** @jsxRuntime automatic */
// runTui: alternate screen, restore handlers on every exit path, <App/> at a capped frame rate.
import { render } from 'ink';
import type { Runner } from '../ssh/runner.js';
import { SessionRoot, type SwitchContextFn, type TuiSession } from './session-root.js';
import { FrameMsContext, type UiStore } from './store-context.js';
import { applyColourMode, colourDisabled, type Palette } from './theme.js';
import { installExitGuards, makeRestorer } from './terminal.js';
import type { PlanActionFn } from './dialogs/plan.js';
import type { ReplayControls } from './components/ReplayBar.js';
import type { SessionKind } from './components/Header.js';
import { describeInkPatch, installInkPatch } from './ink-patch/install.js';
import type { FleetFeed } from '../fleet/feed.js';
import type { ViewId } from './keymap.js';

export interface RunTuiOptions {
  store: UiStore;
  runner?: Runner;
  readonly: boolean;
  /** Demo / production / saved / replay: the header's mode banner (default: plain cluster). */
  kind?: SessionKind;
  contexts?: string[];
  noColor?: boolean;
  /** Mouse wheel and click (SGR reporting); default on. */
  mouse?: boolean;
  /** Tone colours from skin.json (src/ui/skin.ts); default the 16-colour skin. */
  palette?: Palette;
  /** Cap on frames driven by data (store changes, at most this many per second); default 10.
   *  Frames that answer keys follow within 1000 / KEY_FPS ms. */
  maxFps?: number;
  /** ink's incrementalRendering (only changed lines). Off by default: with ink 6.8 under tmux it
   *  misplaced lines after a view switch (seen at 120×40); VIRTDECK_INCREMENTAL=1 turns it on. */
  incrementalRendering?: boolean;
  /** Called when the operator picks another context in :ctx: opens it and resolves with its
   *  session, which then replaces the current one in the same screen (the caller closes the old). */
  switchContext?: SwitchContextFn;
  /** Builds the plan for an action key (wired by the lead to src/actions). */
  planAction?: PlanActionFn;
  replay?: ReplayControls;
  /** The config's `views` (columns per view). */
  views?: Readonly<Record<string, { columns?: readonly string[] }>>;
  /** The config's fleet Prometheus (:fleet), Enter's opener for its clusters and the first view. */
  fleet?: FleetFeed;
  openFleetCluster?: SwitchContextFn;
  startView?: ViewId;
  /** ssh user shown in console commands (virt-viewer / virsh console). */
  sshUser?: string;
  /** libvirt URI for on-demand reads (VM detail's dumpxml); default qemu:///system. */
  libvirtUri?: string;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  /** VIRTDECK_LOG's writer: start-up notes (whether the ink output patch is installed). */
  log?: (msg: string) => void;
}

export type { PlanActionFn, ReplayControls, SessionKind, SwitchContextFn, TuiSession };

/** ink's own frame throttle. Store changes are paced at `maxFps` before they reach React (and
 *  render only when they change what is drawn), so ink's throttle only holds back frames that
 *  answer keys: at 10 fps a key pressed just after a data frame waited up to 100 ms for its frame. */
export const KEY_FPS = 30;
export const inkMaxFps = (maxFps: number): number => Math.max(maxFps, KEY_FPS);
export type { ActionPlanView, ActionRequest, ActionKind, PlanFinding, PlanStep } from './dialogs/plan.js';

/** Resolves after quit (q, :q, SIGINT/TERM/HUP, TTY gone) with the terminal restored. Sets
 *  process.exitCode for signals (128+n). Crashes restore, write a report and exit(70). */
export async function runTui(opts: RunTuiOptions): Promise<void> {
  const stdout = opts.stdout ?? process.stdout;
  const stdin = opts.stdin ?? process.stdin;
  const stderr = opts.stderr ?? process.stderr;
  if (!stdin.isTTY) return Promise.reject(new Error('the full-screen console needs an interactive terminal on stdin (use `virtdeck snapshot --json` or `virtdeck check` in scripts)'));
  // ink's frames are cheaper with the patch (src/ui/ink-patch); without it they are the same, only slower.
  opts.log?.(describeInkPatch(await installInkPatch()));
  const theme = applyColourMode(!colourDisabled(process.env, opts.noColor), opts.palette);
  const term = makeRestorer(stdout, { mouse: opts.mouse ?? true });
  term.enter();
  return new Promise<void>((resolve) => {
    let finished = false;
    let uninstall = () => {};
    // eslint-disable-next-line prefer-const
    let instance: ReturnType<typeof render> | undefined;
    const finish = (code?: number) => {
      if (finished) return;
      finished = true;
      try {
        instance?.unmount();
      } catch {
        /* already gone */
      }
      term.restore();
      uninstall();
      if (code !== undefined) {
        process.exitCode = code;
        // Signals must end the process even if something keeps the loop alive.
        setTimeout(() => process.exit(code), 3000).unref();
      }
      resolve();
    };
    uninstall = installExitGuards({
      stdout,
      stdin,
      stderr,
      restore: () => term.restore(),
      onExit: (r) => finish(r.kind === 'signal' ? r.code : r.kind === 'tty-gone' ? 74 : 70),
    });
    const initial: TuiSession = { store: opts.store, readonly: opts.readonly, contexts: opts.contexts ?? [] };
    if (opts.runner) initial.runner = opts.runner;
    if (opts.kind) initial.kind = opts.kind;
    if (opts.planAction) initial.planAction = opts.planAction;
    if (opts.sshUser) initial.sshUser = opts.sshUser;
    if (opts.libvirtUri) initial.libvirtUri = opts.libvirtUri;
    const maxFps = opts.maxFps ?? 10;
    // Store changes reach React at most maxFps times a second; keys are drawn at once (inkMaxFps).
    instance = render(
      <FrameMsContext.Provider value={Math.round(1000 / Math.max(1, maxFps))}>
        <SessionRoot
          initial={initial}
          onQuit={() => finish()}
          theme={theme}
          {...(opts.switchContext ? { switchContext: opts.switchContext } : {})}
          {...(opts.replay ? { replay: opts.replay } : {})}
          {...(opts.views ? { views: opts.views } : {})}
          {...(opts.fleet ? { fleet: opts.fleet } : {})}
          {...(opts.openFleetCluster ? { openFleetCluster: opts.openFleetCluster } : {})}
          {...(opts.startView ? { startView: opts.startView } : {})}
        />
      </FrameMsContext.Provider>,
      { stdout, stdin, stderr, exitOnCtrlC: false, patchConsole: true, maxFps: inkMaxFps(maxFps), incrementalRendering: opts.incrementalRendering ?? process.env['VIRTDECK_INCREMENTAL'] === '1' },
    );
  });
}
