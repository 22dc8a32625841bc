import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RECONNECT_BACKOFF } from '../../src/ssh/pool.js';

describe('reconnect backoff (full jitter)', () => {
  it('grows exponentially from the base up to the cap, scaled by the jitter draw', () => {
    const b = DEFAULT_RECONNECT_BACKOFF;
    const top = (n: number) => backoffDelay(n, b, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(top)).toEqual([499, 999, 1999, 3999, 3999, 3999, 3999, 3999, 3999]);
    expect(backoffDelay(3, b, () => 0)).toBe(0);
    expect(backoffDelay(3, b, () => 0.5)).toBe(2000);
  });
});
