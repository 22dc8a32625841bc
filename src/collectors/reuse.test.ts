import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { createVdStore } from '../store/store.js';
import { freshnessOf } from '../store/freshness.js';
import { DIGEST_OVER, ParseReuse } from './reuse.js';
import { startCollectors } from './runtime.js';
import { fixtureResponder } from '../../test/support/collectors/test-support.js';

describe('ParseReuse', () => {
  it('returns the same value for the same text without parsing again; new text is parsed', () => {
    const r = new ParseReuse();
    let calls = 0;
    const parse = (t: string) => ({ n: ++calls, t });
    const a = r.parse('n1\0x', 'abc', parse);
    expect(r.parse('n1\0x', 'abc', parse)).toBe(a);
    expect(calls).toBe(1);
    const b = r.parse('n1\0x', 'abd', parse);
    expect(b).not.toBe(a);
    expect(b.t).toBe('abd');
    // Keys are separate: another node's identical text is its own parse.
    expect(r.parse('n2\0x', 'abd', parse)).not.toBe(b);
    expect(calls).toBe(3);
  });

  it('remembers a large text by digest: the same text is not parsed again, one changed character is', () => {
    const r = new ParseReuse();
    let calls = 0;
    const parse = (t: string) => ({ n: ++calls, len: t.length });
    const big = 'x'.repeat(DIGEST_OVER * 4);
    const a = r.parse('k', big, parse);
    expect(r.parse('k', `${'x'.repeat(DIGEST_OVER * 4)}`, parse)).toBe(a);
    const b = r.parse('k', `${big.slice(0, DIGEST_OVER)}y${big.slice(DIGEST_OVER + 1)}`, parse);
    expect(b).not.toBe(a);
    expect(calls).toBe(2);
  });

  it('does not remember a parse that threw', () => {
    const r = new ParseReuse();
    let fail = true;
    const parse = (t: string) => {
      if (fail) throw new Error(`bad ${t}`);
      return { t };
    };
    expect(() => r.parse('k', 'x', parse)).toThrow('bad x');
    expect(() => r.parse('k', 'x', parse)).toThrow('bad x');
    fail = false;
    expect(r.parse('k', 'x', parse)).toEqual({ t: 'x' });
  });
});

describe('unchanged outputs in the collectors', () => {
  it('with identical outputs lastOk still advances on every poll; when the output stops arriving the value goes stale', async () => {
    const clock = { now: 1_000_000 };
    let corosyncDown = false;
    const runner = new FakeRunner({ nodes: ['n1'] }).respond(
      fixtureResponder((node, c) => (corosyncDown && c.argv[0] === 'corosync-quorumtool' ? { stdout: '', stderr: 'Cannot initialize QUORUM service', code: 2 } : undefined)),
    );
    const store = createVdStore({ clusterName: 'c1', nodes: ['n1'], now: () => clock.now });
    const col = startCollectors({ runner, store, config: { live: false, sampleTwice: false, now: () => clock.now } });
    try {
      await col.collectOnce();
      const first = store.getState().nodes.n1!;
      expect(first.fresh.corosync?.lastOk).toBe(1_000_000);
      clock.now += 10_000;
      await col.collectOnce();
      const second = store.getState().nodes.n1!;
      // Same text: the same objects, fresher data.
      expect(second.quorum).toBe(first.quorum);
      expect(second.corosyncLinks).toBe(first.corosyncLinks);
      expect(second.multipath).toBe(first.multipath);
      expect(second.bonds).toBe(first.bonds);
      expect(second.fresh.corosync?.lastOk).toBe(1_010_000);
      expect(second.fresh.multipath?.lastOk).toBe(1_010_000);
      expect(second.fresh.network?.lastOk).toBe(1_010_000);
      expect(freshnessOf(second.fresh.corosync, clock.now).state).toBe('live');
      // The output stops arriving: the last value is kept but is not live any more.
      corosyncDown = true;
      clock.now += 10_000;
      await col.collectOnce();
      const third = store.getState().nodes.n1!;
      expect(third.fresh.corosync?.lastOk).toBe(1_010_000);
      expect(third.fresh.corosync?.error).toBeDefined();
      // Not live once it is older than twice its interval (10 s): an error, with the last value.
      expect(freshnessOf(third.fresh.corosync, 1_010_000 + 20_001).state).toBe('error');
      expect(third.quorum).toBe(first.quorum);
    } finally {
      col.stop();
    }
  });
});
