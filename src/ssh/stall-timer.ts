// A timeout that does not count the time this process itself was stalled. A plain timer started
// at connect fires after its delay of wall time even when the event loop spent most of it on
// other work (at 256 nodes, applying the first nodes' reports stalled the loop for seconds): the
// handshake's packets were waiting in the socket, unread, and a reachable node was shown as down.
// Here the delay is counted in steps: a step that ran late credits only its own length plus a
// little slack, so a stall of several seconds counts as one step. A peer that does not answer
// still times out after the delay of time the loop was free to hear it.
export const STALL_STEP_MS = 250;
/** Lateness of a step still counted as elapsed time (timer jitter, short GC pauses). */
export const STALL_SLACK_MS = 50;

export interface StallTimer {
  clear(): void;
}

/** Calls `onExpire` once `ms` of unstalled time has passed (not at all if cleared first). */
export function stallTolerantTimeout(ms: number, onExpire: () => void, now: () => number = Date.now): StallTimer {
  let credited = 0;
  let last = now();
  const h = setInterval(() => {
    const t = now();
    // A clock set back counts nothing; one set forward, or a stall, one step at most.
    credited += Math.max(0, Math.min(t - last, STALL_STEP_MS + STALL_SLACK_MS));
    last = t;
    if (credited >= ms) {
      clearInterval(h);
      onExpire();
    }
  }, Math.min(STALL_STEP_MS, Math.max(1, ms)));
  return { clear: () => clearInterval(h) };
}
