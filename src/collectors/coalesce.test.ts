import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVdStore, storeControl } from '../store/store.js';
import { WriteCoalescer, writeStream } from './coalesce.js';
import type { CollectorContext } from './context.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';

afterEach(() => vi.useRealTimers());

const setup = (windowMs: number) => {
  const store = createVdStore({ clusterName: 'c1', nodes: ['n1', 'n2'] });
  const w = new WriteCoalescer((writes) => storeControl(store).batch(writes), windowMs);
  const ctx: CollectorContext = { runner: new FakeRunner({ nodes: ['n1', 'n2'] }), store, now: Date.now, libvirtUri: 'qemu:///system', streamWrites: w };
  let commits = 0;
  store.subscribe(() => commits++);
  return { store, w, ctx, commits: () => commits };
};

describe('WriteCoalescer', () => {
  it('applies the writes of one window in order, in one commit, when the window ends', () => {
    vi.useFakeTimers();
    const { store, ctx, commits } = setup(100);
    writeStream(ctx, 'journal', 'n1', () => store.getState().pushLogs([{ node: 'n1', time: 1, unit: 'a', priority: 6, message: 'first' }]));
    vi.advanceTimersByTime(50);
    writeStream(ctx, 'journal', 'n2', () => store.getState().pushLogs([{ node: 'n2', time: 2, unit: 'a', priority: 6, message: 'second' }]));
    expect(store.getState().logs).toEqual([]);
    vi.advanceTimersByTime(49);
    expect(commits()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(store.getState().logs.map((l) => l.message)).toEqual(['first', 'second']);
    expect(commits()).toBe(1);
  });

  it('a failing write marks its own source and the others still land', () => {
    vi.useFakeTimers();
    const { store, ctx, w } = setup(100);
    writeStream(ctx, 'iostat', 'n1', () => {
      throw new Error('no such device table');
    });
    writeStream(ctx, 'journal', 'n2', () => store.getState().setNodeData('n2', 'journal', {}));
    w.flush();
    expect(store.getState().nodes.n1!.fresh.iostat?.error).toContain('no such device table');
    expect(store.getState().nodes.n2!.fresh.journal?.lastOk).toBeDefined();
    expect(w.pending).toBe(0);
  });

  it('a window of 0 writes at once', () => {
    const { store, ctx, commits } = setup(0);
    writeStream(ctx, 'journal', 'n1', () => store.getState().setNodeData('n1', 'journal', {}));
    expect(store.getState().nodes.n1!.fresh.journal?.lastOk).toBeDefined();
    expect(commits()).toBe(1);
  });
});
