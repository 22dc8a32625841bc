import { describe, expect, it } from 'vitest';
import { share } from './share.js';
import { mkCrm, mkMaps } from '../../test/support/store/test-fixtures.js';

describe('share', () => {
  it('returns prev for deep-equal values', () => {
    const a = mkCrm();
    expect(share(a, mkCrm())).toBe(a);
    const m = mkMaps();
    expect(share(m, mkMaps())).toBe(m);
  });

  it('keeps unchanged parts and replaces changed ones', () => {
    const a = mkCrm();
    const b = mkCrm();
    b.summary.lastUpdated = 'later';
    const s = share(a, b);
    expect(s).not.toBe(a);
    expect(s.summary).not.toBe(a.summary);
    expect(s.summary.lastUpdated).toBe('later');
    expect(s.resources).toBe(a.resources);
    expect(s.nodes).toBe(a.nodes);
  });

  it('pairs array elements by key, so a reordered or shortened list keeps element objects', () => {
    const prev = [{ name: 'a', v: 1 }, { name: 'b', v: 2 }];
    const s = share(prev, [{ name: 'b', v: 2 }, { name: 'c', v: 3 }]);
    expect(s[0]).toBe(prev[1]);
    expect(s[1]).toEqual({ name: 'c', v: 3 });
  });

  it('falls back to index pairing when keys repeat (clone instances share an id)', () => {
    const prev = [{ id: 'dlm', n: 1 }, { id: 'dlm', n: 2 }];
    expect(share(prev, [{ id: 'dlm', n: 1 }, { id: 'dlm', n: 2 }])).toBe(prev);
  });

  it('treats added or removed keys as changes', () => {
    const prev: { a: number; b?: number } = { a: 1 };
    expect(share(prev, { a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
    expect(share({ a: 1, b: 2 }, { a: 1 })).toEqual({ a: 1 });
  });

  it('a changed part with equal strings is next itself, not a copy (the equal strings are swapped in place)', () => {
    const next = { name: 'vm-1', node: 'n1', cpu: 2 };
    expect(share({ name: 'vm-1', node: 'n1', cpu: 1 }, next)).toBe(next);
    const arr = ['vm-1', 2];
    expect(share(['vm-1', 1], arr)).toBe(arr);
  });

  it('a frozen changed part is copied, not written', () => {
    const next = Object.freeze({ name: 'vm-1', cpu: 2 });
    const s = share({ name: 'vm-1', cpu: 1 }, next);
    expect(s).not.toBe(next);
    expect(s).toEqual({ name: 'vm-1', cpu: 2 });
    const arr = Object.freeze(['vm-1', 2]);
    expect(share(['vm-1', 1], arr)).toEqual(['vm-1', 2]);
  });
});
