// Cadence for one source on one node (or cluster-wide): fixed ticks, a tick is skipped while
// the previous run is still in flight, errors back off ×2 up to a ceiling, success resets.

export interface PollLoopOptions {
  name: string;
  intervalMs: number;
  run: () => Promise<void>;
  maxBackoffMs?: number;
  /** Hard ceiling on one run; the runner's per-command timeouts normally fire first. */
  runTimeoutMs?: number;
  onSkip?: () => void;
}

export class PollLoop {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: Promise<boolean> | undefined;
  private rerun = false;
  /** Not ticking (never started, or stopped). */
  private stopped = true;
  /** stop() was called: no more runs of any kind. */
  private halted = false;
  private delayMs: number;
  /** Ticks skipped because the previous run was still in flight (for tests and debugging). */
  skipped = 0;
  runs = 0;

  constructor(private readonly o: PollLoopOptions) {
    this.delayMs = o.intervalMs;
  }

  get inFlight(): boolean {
    return this.current !== undefined;
  }

  /** Current delay until the next tick (interval, or the backoff after errors). */
  get nextDelayMs(): number {
    return this.delayMs;
  }

  /** Starts ticking; the first run happens immediately. */
  start(): void {
    if (!this.stopped || this.halted) return;
    this.stopped = false;
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    this.halted = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Runs now unless a run is in flight; then resolves with that run. Resolves true on success,
   * false on failure; never rejects and never outlives runTimeoutMs.
   */
  runNow(): Promise<boolean> {
    if (this.current) return this.current;
    return this.launch();
  }

  /** Something changed (e.g. a VM event): run now, or right after the run in flight. */
  trigger(): void {
    if (this.halted) return;
    if (this.current) this.rerun = true;
    else void this.launch();
  }

  /** Forget the backoff (e.g. the node's connection came back) and run now; no-op when not backing off. */
  resetBackoff(): void {
    if (this.delayMs <= this.o.intervalMs) return;
    this.delayMs = this.o.intervalMs;
    if (!this.stopped) {
      if (this.timer) clearTimeout(this.timer);
      this.tick();
    }
  }

  private tick(): void {
    this.timer = undefined;
    if (this.stopped) return;
    if (this.current) {
      this.skipped++;
      this.o.onSkip?.();
    } else {
      void this.launch();
    }
    this.timer = setTimeout(() => this.tick(), this.delayMs);
    this.timer.unref?.();
  }

  private launch(): Promise<boolean> {
    this.runs++;
    const runTimeoutMs = this.o.runTimeoutMs ?? 120_000;
    const settled = this.o.run().then(
      () => true,
      () => false,
    );
    const tracked = settled.then((ok) => {
      this.current = undefined;
      const ceiling = Math.max(this.o.maxBackoffMs ?? 60_000, this.o.intervalMs);
      this.delayMs = ok ? this.o.intervalMs : Math.min(Math.max(this.delayMs, this.o.intervalMs) * 2, ceiling);
      if (this.rerun && !this.halted) {
        this.rerun = false;
        void this.launch();
      }
      return ok;
    });
    this.current = tracked;
    let t: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<boolean>((resolve) => {
      t = setTimeout(() => resolve(false), runTimeoutMs);
      t.unref?.();
    });
    return Promise.race([tracked, deadline]).finally(() => clearTimeout(t));
  }
}
