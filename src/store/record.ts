// Recording and replay. A recording is JSONL: one {t, op, args} line per mutator call, preceded
// by an "init" line with the store options. Replaying the calls into a fresh store rebuilds every
// derived thing (alerts, timeline) exactly, so `virtdeck replay FILE` shows what the TUI showed.
// Values of secret-like parameters are redacted on the way out (a journal line or a command's
// stderr can carry a fence agent's password), like everywhere output leaves virtdeck.
import { createWriteStream, readFileSync } from 'node:fs';
import { redactReplacer } from '../model/redact.js';
import { createVdStore, storeControl, type MutatorName, type VdStore, type VdStoreOptions } from './store.js';

export interface RecordEntry {
  t: number;
  /** A mutator; 'recompute': the live session re-derived alerts as time passed (freshness);
   *  'derive': its deferred derivation (deriveDelayMs) ran. */
  op: MutatorName | 'recompute' | 'derive';
  args: unknown[];
}

export interface RecordingInit {
  clusterName: string;
  nodes: string[];
  thresholds?: VdStoreOptions['thresholds'];
  readonly?: boolean;
}

export interface Recording {
  init?: RecordingInit;
  entries: RecordEntry[];
}

export const RECORDING_FORMAT = 'virtdeck-recording/1';

const MUTATORS: ReadonlySet<string> = new Set<RecordEntry['op']>([
  'setConn',
  'setClusterData',
  'setNodeData',
  'markError',
  'registerSource',
  'pushLogs',
  'pushTimeline',
  'ackAlert',
  'addNode',
  'setClusterName',
  'setUnfinishedActions',
  'upsertAction',
  'recompute',
  'derive',
]);

export interface Recorder {
  /** Stops recording and flushes the file. */
  close(): Promise<void>;
}

/** Appends every mutator call of `store` to `file` (created or appended). */
export function recordStore(store: VdStore, file: string): Recorder {
  const out = createWriteStream(file, { flags: 'a', encoding: 'utf8' });
  let failed: Error | undefined;
  out.on('error', (e) => (failed = e));
  const ctl = storeControl(store);
  const o = ctl.options;
  out.write(JSON.stringify({ t: ctl.now(), op: 'init', format: RECORDING_FORMAT, args: [{ clusterName: o.clusterName, nodes: o.nodes, thresholds: o.thresholds, readonly: o.readonly }] }) + '\n');
  const off = ctl.onMutation((op, args, t) => {
    if (!failed) out.write(JSON.stringify({ t, op, args }, redactReplacer) + '\n');
  });
  return {
    close: () =>
      new Promise<void>((resolve, reject) => {
        off();
        out.end(() => (failed ? reject(new Error(`recording ${file}: ${failed.message}`)) : resolve()));
      }),
  };
}

/** Reads a recording; a bad line fails with the file and line number. */
export function loadRecording(file: string): Recording {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`recording ${file}: ${(e as Error).message}`);
  }
  return parseRecording(text, file);
}

export function parseRecording(text: string, file = '<recording>'): Recording {
  const rec: Recording = { entries: [] };
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `recording ${file} line ${i + 1}`;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      // A recorder killed mid-write leaves a partial last line: tolerate only that one.
      if (i >= lines.length - 2) return;
      throw new Error(`${where}: not JSON (${(e as Error).message})`);
    }
    if (typeof v !== 'object' || v === null) throw new Error(`${where}: not an object`);
    const { t, op, args } = v as Record<string, unknown>;
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new Error(`${where}: "t" must be a number`);
    if (!Array.isArray(args)) throw new Error(`${where}: "args" must be an array`);
    if (op === 'init') {
      const init = args[0] as RecordingInit | undefined;
      if (!init || typeof init.clusterName !== 'string' || !Array.isArray(init.nodes)) throw new Error(`${where}: init needs clusterName and nodes`);
      rec.init ??= init;
      return;
    }
    if (typeof op !== 'string' || !MUTATORS.has(op)) throw new Error(`${where}: unknown op ${JSON.stringify(op)}`);
    rec.entries.push({ t, op: op as RecordEntry['op'], args });
  });
  rec.entries.sort((a, b) => a.t - b.t); // stable: equal times keep file order
  return rec;
}

export interface ReplayOptions {
  speed?: number;
  /** Wall clock (tests inject one). */
  wallNow?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (h: unknown) => void;
}

export interface Replay {
  /** Recording time the store currently shows. */
  readonly t: number;
  readonly start: number;
  readonly end: number;
  readonly speed: number;
  readonly playing: boolean;
  /** Clock to give the store (freshness ages in recording time). */
  now(): number;
  play(): void;
  pause(): void;
  /** Jumps to recording time `t` (backwards re-applies from the start). */
  seek(t: number): void;
  setSpeed(speed: number): void;
  /** Advances recording time by `ms` immediately (step; also what play() does on each timer). */
  advance(ms: number): void;
  onChange(listener: () => void): () => void;
  close(): void;
}

// JSON turns `undefined` arguments into null; the mutators use undefined for "cluster-wide".
const revive = (args: unknown[]): unknown[] => args.map((a) => (a === null ? undefined : a));

/**
 * Replays `entries` into `store`. The store should use `replay.now` as its clock (see
 * `openReplay`), otherwise freshness is computed against the wall clock.
 */
export function createReplay(store: VdStore, entries: readonly RecordEntry[], opts: ReplayOptions = {}): Replay {
  const wallNow = opts.wallNow ?? Date.now;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const start = entries[0]?.t ?? 0;
  const end = entries[entries.length - 1]?.t ?? start;
  let speed = validSpeed(opts.speed ?? 1);
  let t = start;
  let next = 0; // index of the first entry not applied yet
  let playing = false;
  let timer: unknown;
  const listeners = new Set<() => void>();
  const emit = () => listeners.forEach((l) => l());
  const ctl = storeControl(store);
  // Recordings made before recompute was recorded: re-derive wherever the replay clock stops,
  // so alerts that come from time alone (data ageing out) still show.
  const recordsRecompute = entries.some((e) => e.op === 'recompute');

  function validSpeed(s: number): number {
    if (!Number.isFinite(s) || s <= 0) throw new Error(`replay: speed must be > 0, got ${s}`);
    return s;
  }

  const applyUntil = (target: number) => {
    const actions = store.getState() as unknown as Record<MutatorName, (...a: unknown[]) => void>;
    while (next < entries.length && entries[next]!.t <= target) {
      const e = entries[next]!;
      t = e.t; // store mutators read replay.now() == the entry's own time
      try {
        if (e.op === 'recompute') ctl.recompute();
        else if (e.op === 'derive') ctl.flushDerivation();
        else actions[e.op]!(...revive(e.args));
      } catch {
        // A recording from a newer/older build may hold calls this store rejects; skip them.
      }
      next++;
    }
    t = target;
    if (!recordsRecompute) ctl.recompute();
  };

  const schedule = () => {
    if (!playing) return;
    if (next >= entries.length) {
      playing = false;
      emit();
      return;
    }
    // Long gaps are crossed in ≤1 s wall steps so the clock (and "age" columns) keep moving.
    const wait = Math.min(Math.max(0, (entries[next]!.t - t) / speed), 1000);
    const from = wallNow();
    timer = setTimer(() => {
      timer = undefined;
      if (!playing) return;
      replay.advance(Math.max(wait, wallNow() - from) * speed);
      schedule();
    }, wait);
  };

  const replay: Replay = {
    get t() {
      return t;
    },
    start,
    end,
    get speed() {
      return speed;
    },
    get playing() {
      return playing;
    },
    now: () => t,
    play() {
      if (playing) return;
      playing = true;
      emit();
      schedule();
    },
    pause() {
      if (!playing) return;
      playing = false;
      if (timer !== undefined) clearTimer(timer);
      timer = undefined;
      emit();
    },
    seek(target) {
      const to = Math.min(Math.max(target, start), end);
      if (to < t) {
        next = 0;
        t = start;
        ctl.reset();
      }
      applyUntil(to);
      emit();
    },
    setSpeed(s) {
      speed = validSpeed(s);
      emit();
    },
    advance(ms) {
      applyUntil(Math.min(t + Math.max(0, ms), end));
      emit();
    },
    onChange(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    close() {
      replay.pause();
      listeners.clear();
    },
  };
  return replay;
}

/** Loads `file`, builds a store on the recording's clock and a replay positioned at its start. */
export function openReplay(file: string, opts: ReplayOptions = {}): { store: VdStore; replay: Replay; recording: Recording } {
  const recording = loadRecording(file);
  if (!recording.init) throw new Error(`recording ${file}: no init line (not a virtdeck recording?)`);
  let clock = (): number => recording.entries[0]?.t ?? 0;
  // A live console derives alerts and timeline once per LIVE_DERIVE_MS of writes; its recording
  // says when ('derive'). The replay store defers the same way and derives only at those entries
  // (its own timer would run on the wall clock: it is set beyond any replay's length).
  const deferred = recording.entries.some((e) => e.op === 'derive') ? { deriveDelayMs: 2 ** 31 - 1 } : {};
  const store = createVdStore({ ...recording.init, now: () => clock(), ...deferred });
  const replay = createReplay(store, recording.entries, opts);
  clock = replay.now;
  // Apply everything stamped at the very start (initial registrations) so the first frame is not empty.
  replay.seek(replay.start);
  return { store, replay, recording };
}

