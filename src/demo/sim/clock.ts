// Simulated time: `elapsed` ms since the demo started, mapped to wall-clock timestamps from a
// fixed epoch. Real time drives it at `speed` (npm start); tests advance it with tick().

export class SimClock {
  /** Simulated ms since start. */
  elapsed = 0;
  constructor(
    /** Wall-clock ms at start (timestamps in outputs = epochMs + elapsed). */
    readonly epochMs: number,
    readonly speed: number,
  ) {}
  now(): number {
    return this.epochMs + this.elapsed;
  }
  /** Real ms → simulated ms. */
  toSim(realMs: number): number {
    return realMs * this.speed;
  }
  /** Simulated ms → real ms (for stream intervals). */
  toReal(simMs: number): number {
    return simMs / this.speed;
  }
}
