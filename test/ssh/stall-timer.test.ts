// The connect timeouts (handshake, a job waiting for the connection) count time the process was
// free to hear the peer, not time it spent stalled on its own work (src/ssh/stall-timer.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MIN_FREE_SHARE, STALL_SLACK_MS, STALL_STEP_MS, stallTolerantTimeout } from '../../src/ssh/stall-timer.js';

describe('stallTolerantTimeout', () => {
  let clock = 0;
  const now = () => clock;
  const idle = () => 0;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
  });
  afterEach(() => vi.useRealTimers());
  const step = (ms: number) => {
    clock += ms;
    vi.advanceTimersByTime(STALL_STEP_MS);
  };

  it('expires after its delay when the loop runs freely', () => {
    const fired = vi.fn();
    stallTolerantTimeout(1000, fired, now, idle);
    for (let i = 0; i < 3; i++) step(STALL_STEP_MS);
    expect(fired).not.toHaveBeenCalled();
    step(STALL_STEP_MS);
    expect(fired).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 8; i++) step(STALL_STEP_MS);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('a stall of 4 s inside a 1 s timeout counts as one step: it still waits for free time', () => {
    const fired = vi.fn();
    stallTolerantTimeout(1000, fired, now, idle);
    step(4000);
    expect(fired).not.toHaveBeenCalled();
    step(STALL_STEP_MS);
    step(STALL_STEP_MS);
    expect(fired).not.toHaveBeenCalled();
    step(STALL_STEP_MS);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(STALL_STEP_MS + STALL_SLACK_MS + 3 * STALL_STEP_MS).toBeGreaterThanOrEqual(1000);
  });

  it('a loop kept busy by many short tasks credits a quarter of each step: the timeout stretches to at most 4×', () => {
    const fired = vi.fn();
    stallTolerantTimeout(1000, fired, now, () => 1);
    const steps = Math.ceil(1000 / (STALL_STEP_MS * MIN_FREE_SHARE));
    for (let i = 0; i < steps - 1; i++) step(STALL_STEP_MS);
    expect(fired).not.toHaveBeenCalled();
    step(STALL_STEP_MS);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(steps * STALL_STEP_MS).toBeLessThanOrEqual(4 * 1000);
  });

  it('a clock set back counts nothing; clear() stops it', () => {
    const fired = vi.fn();
    const t = stallTolerantTimeout(500, fired, now, idle);
    step(-60_000);
    step(STALL_STEP_MS);
    expect(fired).not.toHaveBeenCalled();
    t.clear();
    for (let i = 0; i < 10; i++) step(STALL_STEP_MS);
    expect(fired).not.toHaveBeenCalled();
  });
});
