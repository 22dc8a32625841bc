// A timeout that does not count the time this process itself was stalled. A plain timer started
// at connect fires after its delay of wall time even when the event loop spent most of it on
// other work (at 256 nodes, applying the first nodes' reports kept the loop busy for seconds):
// the handshake's packets were waiting in the socket, unread, and a reachable node was shown as
// down — whose retries then added to the load. Here the delay is counted in steps: a step that
// ran late credits only its own length plus a little slack (one long stall counts as one step),
// and a step during which the loop was busy on other tasks credits its free share, at least a
// quarter (a saturated loop stretches the timeout to at most 4× its delay). A peer that does not
// answer still times out after the delay of time the loop was free to hear it.
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export const STALL_STEP_MS = 250;
/** Lateness of a step still counted as elapsed time (timer jitter, short GC pauses). */
export const STALL_SLACK_MS = 50;
/** The least share of a step credited however busy the loop was. */
export const MIN_FREE_SHARE = 0.25;

export interface StallTimer {
  clear(): void;
}

/** Busy share of the event loop since the last call (0 … 1). */
export type BusyMeter = () => number;

/** The event loop's utilization since the meter's previous reading. */
export function loopBusyMeter(): BusyMeter {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const u = performance.eventLoopUtilization(last);
    last = performance.eventLoopUtilization();
    return Number.isFinite(u.utilization) ? u.utilization : 0;
  };
}

/** Calls `onExpire` once `ms` of unstalled time has passed (not at all if cleared first). */
export function stallTolerantTimeout(ms: number, onExpire: () => void, now: () => number = Date.now, busy: BusyMeter = loopBusyMeter()): StallTimer {
  let credited = 0;
  let last = now();
  const h = setInterval(() => {
    const t = now();
    // A clock set back counts nothing; one set forward, or a stall, one step at most.
    const step = Math.max(0, Math.min(t - last, STALL_STEP_MS + STALL_SLACK_MS));
    credited += step * Math.max(MIN_FREE_SHARE, 1 - busy());
    last = t;
    if (credited >= ms) {
      clearInterval(h);
      onExpire();
    }
  }, Math.min(STALL_STEP_MS, Math.max(1, ms)));
  return { clear: () => clearInterval(h) };
}
