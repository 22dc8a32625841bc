import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NodeConnState } from '../ssh/runner.js';
import { CONN_COUNTERS_MS, createVdStore, storeControl } from './store.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const up = (node: string, openChannels: number, queued = 0): NodeConnState => ({ node, status: 'up', since: 1000, attempts: 0, openChannels, queued });

function mk() {
  const store = createVdStore({ clusterName: 'c1', nodes: ['n1', 'n2'], now: () => 5000 });
  let commits = 0;
  store.subscribe(() => commits++);
  store.getState().setConn(up('n1', 0));
  store.getState().setConn(up('n2', 0));
  return { store, commits: () => commits };
}

describe('setConn and the channel counters', () => {
  it('a counter-only change makes no new state; the counters follow within CONN_COUNTERS_MS, in one commit', () => {
    const { store, commits } = mk();
    const before = store.getState();
    const c0 = commits();
    for (let i = 1; i <= 50; i++) {
      store.getState().setConn(up('n1', i % 8, i % 3));
      store.getState().setConn(up('n2', (i + 1) % 8));
    }
    expect(store.getState()).toBe(before);
    expect(store.getState().nodes).toBe(before.nodes);
    expect(commits()).toBe(c0);
    vi.advanceTimersByTime(CONN_COUNTERS_MS);
    expect(commits()).toBe(c0 + 1);
    expect(store.getState().nodes.n1!.conn).toMatchObject({ openChannels: 50 % 8, queued: 50 % 3 });
    expect(store.getState().nodes.n2!.conn.openChannels).toBe(51 % 8);
  });

  it('counters that come back to the committed values commit nothing', () => {
    const { store, commits } = mk();
    const before = store.getState().nodes;
    const c0 = commits();
    store.getState().setConn(up('n1', 3));
    store.getState().setConn(up('n1', 0));
    vi.advanceTimersByTime(CONN_COUNTERS_MS * 2);
    expect(commits()).toBe(c0);
    expect(store.getState().nodes).toBe(before);
  });

  it('a status change commits at once, with the latest counters, and drops the pending ones', () => {
    const { store, commits } = mk();
    const c0 = commits();
    store.getState().setConn(up('n1', 5));
    store.getState().setConn({ ...up('n1', 0), status: 'down', since: 2000, error: { kind: 'unreachable', message: 'lost' } });
    expect(commits()).toBe(c0 + 1);
    expect(store.getState().nodes.n1!.conn).toMatchObject({ status: 'down', openChannels: 0 });
    vi.advanceTimersByTime(CONN_COUNTERS_MS);
    expect(commits()).toBe(c0 + 1);
    expect(store.getState().nodes.n1!.conn.openChannels).toBe(0);
  });

  it('reset drops pending counters', () => {
    const { store } = mk();
    store.getState().setConn(up('n1', 4));
    storeControl(store).reset();
    vi.advanceTimersByTime(CONN_COUNTERS_MS);
    expect(store.getState().nodes.n1!.conn).toMatchObject({ status: 'connecting', openChannels: 0 });
  });
});
