import { describe, expect, it } from 'vitest';
import { formatAge, freshnessOf, nodeFreshness, sourceFreshness, worseFresh } from './freshness.js';

const NOW = 1_000_000;

describe('freshnessOf', () => {
  it('never without a record or without a success', () => {
    expect(freshnessOf(undefined, NOW)).toEqual({ state: 'never' });
    expect(freshnessOf({ intervalMs: 5000 }, NOW)).toEqual({ state: 'never' });
  });
  it('live up to 2 × interval, stale after', () => {
    expect(freshnessOf({ intervalMs: 5000, lastOk: NOW - 10_000 }, NOW)).toEqual({ state: 'live', ageMs: 10_000 });
    expect(freshnessOf({ intervalMs: 5000, lastOk: NOW - 10_001 }, NOW)).toEqual({ state: 'stale', ageMs: 10_001 });
  });
  it('a failed last attempt is error only once the data is stale or absent', () => {
    const f = { intervalMs: 5000, lastOk: NOW - 6000, lastAttempt: NOW - 100, error: 'timeout', errorAt: NOW - 100 };
    expect(freshnessOf(f, NOW).state).toBe('live');
    expect(freshnessOf(f, NOW + 5000)).toEqual({ state: 'error', ageMs: 11_000, error: 'timeout' });
    expect(freshnessOf({ intervalMs: 5000, lastAttempt: NOW, error: 'refused', errorAt: NOW }, NOW)).toEqual({ state: 'error', error: 'refused' });
  });
  it('an error older than the last success does not count', () => {
    const f = { intervalMs: 5000, lastOk: NOW - 20_000, error: 'old', errorAt: NOW - 30_000 };
    expect(freshnessOf(f, NOW).state).toBe('stale');
  });
});

describe('nodeFreshness', () => {
  it('takes the freshest age and the worst state', () => {
    const r = nodeFreshness(
      {
        fresh: {
          host: { intervalMs: 5000, lastOk: NOW - 1000 },
          multipath: { intervalMs: 5000, lastOk: NOW - 60_000 },
          sbd: { intervalMs: 5000 },
        },
      },
      NOW,
    );
    expect(r.state).toBe('never');
    expect(r.ageMs).toBe(1000);
    expect(r.notLive.map((x) => x.source).sort()).toEqual(['multipath', 'sbd']);
  });
  it('no sources at all is never', () => {
    expect(nodeFreshness({ fresh: {} }, NOW).state).toBe('never');
  });
  it('worseFresh orders error > never > stale > live', () => {
    expect(worseFresh('live', 'stale')).toBe('stale');
    expect(worseFresh('error', 'never')).toBe('error');
    expect(worseFresh('never', 'stale')).toBe('never');
  });
});

describe('formatAge', () => {
  it.each([
    [0, '0s'],
    [3_400, '3s'],
    [59_999, '59s'],
    [120_000, '2m'],
    [3_600_000, '1h'],
    [49 * 3_600_000, '2d'],
  ])('%d ms → %s', (ms, s) => expect(formatAge(ms)).toBe(s));
  it('unknown is a dash', () => expect(formatAge(undefined)).toBe('—'));
});

describe('event streams (vmevents, journal)', () => {
  const quiet = { intervalMs: 5000, lastOk: NOW - 600_000, lastAttempt: NOW - 600_000 };
  it('a quiet stream is live while its channel and the connection are up', () => {
    expect(sourceFreshness('vmevents', quiet, NOW, true)).toEqual({ state: 'live', ageMs: 600_000 });
    expect(sourceFreshness('journal', quiet, NOW, true).state).toBe('live');
    // polled sources keep the plain rule
    expect(sourceFreshness('host', quiet, NOW, true).state).toBe('stale');
  });
  it('a stream that reported an error, never started, or whose connection is down is not live', () => {
    expect(sourceFreshness('vmevents', { ...quiet, error: 'virsh event ended (exit 1)', errorAt: NOW - 1000 }, NOW, true).state).toBe('error');
    expect(sourceFreshness('vmevents', { intervalMs: 5000 }, NOW, true).state).toBe('never');
    expect(sourceFreshness('journal', quiet, NOW, false).state).toBe('stale');
  });
  it('an error older than the stream restart does not count', () => {
    expect(sourceFreshness('journal', { ...quiet, error: 'old', errorAt: NOW - 700_000 }, NOW, true).state).toBe('live');
  });
  it('nodeFreshness: quiet streams do not make a node stale; a down connection does', () => {
    const fresh = { host: { intervalMs: 5000, lastOk: NOW - 1000 }, vmevents: quiet, journal: quiet };
    expect(nodeFreshness({ fresh, conn: { status: 'up' } }, NOW)).toEqual({ state: 'live', ageMs: 1000, notLive: [] });
    const down = nodeFreshness({ fresh, conn: { status: 'down' } }, NOW);
    expect(down.state).toBe('stale');
    expect(down.notLive.map((x) => x.source).sort()).toEqual(['journal', 'vmevents']);
  });
});
