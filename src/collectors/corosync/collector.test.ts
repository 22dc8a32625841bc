// corosync-quorumtool's output changes on every call only in its "Date:" line: the parse is
// reused while the rest is the same, and that is exact because the parse never depends on a
// ctime value there.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fixturesOf } from '../../../test/support/collectors/parse-test-helpers.js';
import { mutated } from '../../../test/support/collectors/parse-equivalence.js';
import type { RunResult } from '../../ssh/runner.js';
import type { CollectorContext } from '../context.js';
import { ParseError } from '../parse-error.js';
import { ParseReuse } from '../reuse.js';
import { applyCorosync, corosyncCmds, withoutDate } from './collector.js';
import { parseQuorumtool } from './parse.js';

const fx = fixturesOf('corosync');
const ok = (stdout: string): RunResult => ({ node: 'n1', stdout, stderr: '', code: 0, durationMs: 1 });
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ctime = fc
  .tuple(fc.constantFrom(...DAYS), fc.constantFrom(...MONTHS), fc.integer({ min: 1, max: 31 }), fc.nat(23), fc.nat(59), fc.nat(59), fc.integer({ min: 1970, max: 2099 }))
  .map(([d, m, day, h, mi, s, y]) => `${d} ${m} ${String(day).padStart(2)} ${[h, mi, s].map((n) => String(n).padStart(2, '0')).join(':')} ${y}`);
const withDate = (text: string, value: string) => text.replace(/^Date:.*$/m, `Date:             ${value}`);

function outcome(text: string): unknown {
  try {
    return { value: parseQuorumtool(text, 'n1') };
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return { error: (e as ParseError).message };
  }
}

describe('quorumtool output without its clock', () => {
  it('cuts exactly a ctime value after "Date:"', () => {
    const t = fx('quorumtool-healthy.txt');
    expect(withoutDate(t)).toBe(t.replace('Date:             Mon Jun  2 10:00:00 2025', 'Date:'));
    expect(withoutDate('Date: Mon Jun  2 10:00:00 2025\r\nx')).toBe('Date:\r\nx');
    for (const keep of ['Date: yesterday\n', 'Date: Mon Jun  2 10:00:00 2025 UTC\n', 'Quorum information\n', 'X-Date: Mon Jun  2 10:00:00 2025\n', ''])
      expect(withoutDate(`a\n${keep}`)).toBe(`a\n${keep}`);
  });

  it('two outputs the same without it parse the same (generated dates, mutated captures)', () => {
    const seeds = fc.constantFrom(fx('quorumtool-healthy.txt'), fx('quorumtool-no-quorum.txt'), fx('quorumtool-qdevice.txt'));
    fc.assert(
      fc.property(mutated(seeds), ctime, ctime, (t, a, b) => {
        const [x, y] = [withDate(t, a), withDate(t, b)];
        if (withoutDate(x) === withoutDate(y)) expect(outcome(y)).toEqual(outcome(x));
      }),
      { numRuns: 1000 },
    );
  });

  it('the collector reuses the last quorum while only the date moves, and parses any other change', () => {
    const writes: { quorum: unknown }[] = [];
    const state = { setNodeData: (_n: string, _s: string, p: { quorum: unknown }) => writes.push(p) };
    const ctx = { store: { getState: () => state }, reuse: new ParseReuse() } as unknown as CollectorContext;
    const poll = (q: string) => applyCorosync(ctx, 'n1', corosyncCmds(), [ok(q), ok(fx('cfgtool-knet.txt'))]);
    const t = fx('quorumtool-healthy.txt');
    poll(withDate(t, 'Mon Jun  2 10:00:00 2025'));
    poll(withDate(t, 'Mon Jun  2 10:00:10 2025'));
    poll(withDate(t, 'Mon Jun  2 10:00:20 2025').replace('Quorate:          Yes', 'Quorate:          No'));
    expect(writes[1]!.quorum).toBe(writes[0]!.quorum);
    expect(writes[2]!.quorum).not.toBe(writes[0]!.quorum);
    expect((writes[2]!.quorum as { quorate: boolean }).quorate).toBe(false);
  });
});
