import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PollLoop } from './schedule.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('PollLoop', () => {
  it('skips ticks while the previous run is in flight', async () => {
    const runs: ReturnType<typeof deferred>[] = [];
    const loop = new PollLoop({ name: 't', intervalMs: 1000, run: () => (runs.push(deferred()), runs[runs.length - 1]!.promise) });
    loop.start();
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3500);
    expect(runs).toHaveLength(1);
    expect(loop.skipped).toBe(3);
    runs[0]!.resolve();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toHaveLength(2);
    loop.stop();
  });

  it('backs off ×2 up to the ceiling on errors and resets on success', async () => {
    let fail = true;
    const times: number[] = [];
    const loop = new PollLoop({
      name: 't',
      intervalMs: 5000,
      maxBackoffMs: 60_000,
      firstRetries: 0,
      run: async () => {
        times.push(Date.now());
        if (fail) throw new Error('boom');
      },
    });
    const t0 = Date.now();
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      delays.push(loop.nextDelayMs);
      await vi.advanceTimersByTimeAsync(loop.nextDelayMs);
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
    fail = false;
    await vi.advanceTimersByTimeAsync(loop.nextDelayMs);
    expect(loop.nextDelayMs).toBe(5000);
    expect(times[0]).toBe(t0);
    loop.stop();
  });

  it('never backs off below the interval of a slow source', async () => {
    const loop = new PollLoop({ name: 't', intervalMs: 300_000, run: async () => Promise.reject(new Error('x')) });
    await loop.runNow();
    expect(loop.nextDelayMs).toBe(300_000);
  });

  it('runNow joins the run in flight; trigger reruns right after it', async () => {
    const runs: ReturnType<typeof deferred>[] = [];
    const loop = new PollLoop({ name: 't', intervalMs: 1000, run: () => (runs.push(deferred()), runs[runs.length - 1]!.promise) });
    const a = loop.runNow();
    const b = loop.runNow();
    expect(runs).toHaveLength(1);
    loop.trigger();
    expect(runs).toHaveLength(1);
    runs[0]!.resolve();
    expect(await a).toBe(true);
    expect(await b).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(2);
    runs[1]!.reject(new Error('no'));
    await vi.advanceTimersByTimeAsync(0);
    expect(loop.inFlight).toBe(false);
  });

  it('runNow resolves false when a run exceeds its hard ceiling', async () => {
    const loop = new PollLoop({ name: 't', intervalMs: 1000, runTimeoutMs: 5000, run: () => new Promise<void>(() => undefined) });
    const p = loop.runNow();
    await vi.advanceTimersByTimeAsync(5000);
    expect(await p).toBe(false);
  });

  it('resetBackoff runs at once only when backing off', async () => {
    let n = 0;
    const loop = new PollLoop({
      name: 't',
      intervalMs: 1000,
      firstRetries: 0,
      run: async () => {
        n++;
        if (n === 1) throw new Error('first fails');
      },
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(loop.nextDelayMs).toBe(2000);
    loop.resetBackoff();
    await vi.advanceTimersByTimeAsync(0);
    expect(n).toBe(2);
    loop.resetBackoff(); // not backing off: no extra run
    await vi.advanceTimersByTimeAsync(0);
    expect(n).toBe(2);
    loop.stop();
  });

  describe('before the first success', () => {
    it('retries after a short fixed delay a few times, then backs off', async () => {
      const times: number[] = [];
      const loop = new PollLoop({
        name: 't',
        intervalMs: 30_000,
        maxBackoffMs: 60_000,
        firstRetryMs: 1500,
        firstRetries: 3,
        run: async () => {
          times.push(Date.now());
          throw new Error('not connected yet');
        },
      });
      const t0 = Date.now();
      loop.start();
      await vi.advanceTimersByTimeAsync(5000);
      expect(times.map((t) => t - t0)).toEqual([0, 1500, 3000, 4500]);
      // retries used up: the ordinary error backoff (×2 the interval) from here on
      expect(loop.nextDelayMs).toBe(60_000);
      await vi.advanceTimersByTimeAsync(30_000);
      expect(times).toHaveLength(5); // the tick already scheduled at the interval
      await vi.advanceTimersByTimeAsync(59_000);
      expect(times).toHaveLength(5);
      await vi.advanceTimersByTimeAsync(1000);
      expect(times).toHaveLength(6);
      loop.stop();
    });

    it('a quick retry that succeeds returns to the interval', async () => {
      let n = 0;
      const times: number[] = [];
      const loop = new PollLoop({
        name: 't',
        intervalMs: 30_000,
        run: async () => {
          times.push(Date.now());
          if (++n === 1) throw new Error('still connecting');
        },
      });
      const t0 = Date.now();
      loop.start();
      await vi.advanceTimersByTimeAsync(1000);
      expect(times).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1000); // default quick retry: 1.5 s
      expect(times.map((t) => t - t0)).toEqual([0, 1500]);
      expect(loop.nextDelayMs).toBe(30_000);
      await vi.advanceTimersByTimeAsync(29_000);
      expect(times).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1000);
      expect(times.map((t) => t - t0)).toEqual([0, 1500, 31_500]);
      loop.stop();
    });

    it('after a success, errors back off as usual (no quick retries)', async () => {
      let n = 0;
      const times: number[] = [];
      const loop = new PollLoop({
        name: 't',
        intervalMs: 10_000,
        run: async () => {
          times.push(Date.now());
          if (++n >= 2) throw new Error('went away');
        },
      });
      const t0 = Date.now();
      loop.start();
      await vi.advanceTimersByTimeAsync(12_000);
      expect(times.map((t) => t - t0)).toEqual([0, 10_000]);
      expect(loop.nextDelayMs).toBe(20_000);
      loop.stop();
    });

    it('resetBackoff (connection came up) runs a pending quick retry at once', async () => {
      let n = 0;
      const loop = new PollLoop({
        name: 't',
        intervalMs: 30_000,
        run: async () => {
          if (++n === 1) throw new Error('still connecting');
        },
      });
      loop.start();
      await vi.advanceTimersByTimeAsync(100);
      expect(n).toBe(1);
      loop.resetBackoff();
      await vi.advanceTimersByTimeAsync(0);
      expect(n).toBe(2);
      await vi.advanceTimersByTimeAsync(2000); // the quick retry was replaced, not added
      expect(n).toBe(2);
      loop.resetBackoff(); // succeeded: nothing pending
      await vi.advanceTimersByTimeAsync(0);
      expect(n).toBe(2);
      loop.stop();
    });

    it('never waits longer than the interval of a fast source', async () => {
      const times: number[] = [];
      const loop = new PollLoop({
        name: 't',
        intervalMs: 1000,
        firstRetryMs: 1500,
        run: async () => {
          times.push(Date.now());
          throw new Error('x');
        },
      });
      const t0 = Date.now();
      loop.start();
      await vi.advanceTimersByTimeAsync(2500);
      expect(times.map((t) => t - t0)).toEqual([0, 1000, 2000]);
      loop.stop();
    });
  });
});
