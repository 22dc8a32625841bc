// The console's fleet data: the three fleet queries every `intervalMs` while someone listens
// (the :fleet view, only while it is shown), the last rows kept. One feed per console, across
// context switches.
import type { PromClient } from '../prometheus/client.js';
import { readFleet, type FleetOptions, type FleetRow } from './fleet.js';

export interface FleetSnapshot {
  rows?: FleetRow[];
  /** The last refresh's error (rows stay those of the last success). */
  error?: string;
  /** ms epoch of the last successful refresh. */
  at?: number;
  /** The refresh cadence: rows not refreshed for two of these are stale (the view says so). */
  intervalMs?: number;
}

export class FleetFeed {
  private snap: FleetSnapshot = {};
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;

  constructor(
    private readonly client: PromClient,
    private readonly opts: FleetOptions & { intervalMs?: number; now?: () => number } = {},
  ) {}

  get intervalMs(): number {
    return this.opts.intervalMs ?? 5000;
  }

  get url(): string {
    return this.client.url;
  }

  snapshot = (): FleetSnapshot => this.snap;

  /** Starts polling on the first listener, stops after the last one leaves. */
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    if (this.listeners.size === 1) this.start();
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size === 0) this.stop();
    };
  };

  /** One refresh now; a refresh still running is not doubled (a slow Prometheus is not piled on). */
  async refresh(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    try {
      const rows = await readFleet(this.client, this.opts.clusterLabel ? { clusterLabel: this.opts.clusterLabel } : {});
      this.snap = { rows, at: (this.opts.now ?? Date.now)(), intervalMs: this.intervalMs };
    } catch (e) {
      this.snap = { ...this.snap, error: e instanceof Error ? e.message : String(e) };
    } finally {
      this.inFlight = false;
    }
    for (const l of this.listeners) l();
  }

  private start(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
