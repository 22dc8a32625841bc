// Cadence for one source on one node (or cluster-wide): fixed ticks, a tick is skipped while
// the previous run is still in flight, errors back off ×2 up to a ceiling, success resets.
// A source that has never succeeded (first connect under load) retries soon instead: waiting
// out a 30 s interval or backoff would leave a hole in the first picture for that long.

/** Retries of a source that has never succeeded: after this delay, this many times, then backoff. */
export const FIRST_RETRY_MS = 1_500;
export const FIRST_RETRIES = 4;

export interface PollLoopOptions {
  name: string;
  intervalMs: number;
  run: () => Promise<void>;
  maxBackoffMs?: number;
  /** Hard ceiling on one run; the runner's per-command timeouts normally fire first. */
  runTimeoutMs?: number;
  onSkip?: () => void;
  /** Delay of the quick retries before the first success (default FIRST_RETRY_MS; never above the interval). */
  firstRetryMs?: number;
  /** How many quick retries before the first success (default FIRST_RETRIES; 0: none). */
  firstRetries?: number;
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
  private everOk = false;
  private firstRetriesLeft: number;
  /** The next tick is a quick retry (set until it fires). */
  private quickRetryDue = false;
  /** Ticks skipped because the previous run was still in flight (for tests and debugging). */
  skipped = 0;
  runs = 0;

  constructor(private readonly o: PollLoopOptions) {
    this.delayMs = o.intervalMs;
    this.firstRetriesLeft = Math.max(0, o.firstRetries ?? FIRST_RETRIES);
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

  /** Forget the backoff (e.g. the node's connection came back) and run now; no-op when neither backing off nor waiting to retry. */
  resetBackoff(): void {
    if (this.delayMs <= this.o.intervalMs && !this.quickRetryDue) return;
    this.delayMs = this.o.intervalMs;
    if (!this.stopped) {
      if (this.timer) clearTimeout(this.timer);
      this.tick();
    }
  }

  private tick(): void {
    this.timer = undefined;
    this.quickRetryDue = false;
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
      if (ok) this.everOk = true;
      const quickRetry = !ok && !this.everOk && !this.stopped && this.firstRetriesLeft > 0;
      if (quickRetry) this.firstRetriesLeft--;
      this.delayMs = ok || quickRetry ? this.o.intervalMs : Math.min(Math.max(this.delayMs, this.o.intervalMs) * 2, ceiling);
      if (this.rerun && !this.halted) {
        this.rerun = false;
        void this.launch();
      } else if (quickRetry) {
        if (this.timer) clearTimeout(this.timer);
        this.quickRetryDue = true;
        this.timer = setTimeout(() => this.tick(), Math.min(this.o.firstRetryMs ?? FIRST_RETRY_MS, this.o.intervalMs));
        this.timer.unref?.();
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
