// Property tests for the one argv → shell string function (and its inverse used by the demo).
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cmd } from '../../src/ssh/cmd.js';
import { BATCH_MARKER, parseShell, quoteArg, splitBatchOutput, toBatchExecString, toExecString } from '../../src/ssh/quote.js';

// Strings rich in shell metacharacters, plus arbitrary unicode.
const nasty = fc.oneof(
  fc.string({ unit: fc.constantFrom("'", '"', '$', '`', ';', '\n', ' ', '\t', '\\', '|', '&', '*', '?', '(', ')', '<', '>', '#', '~', '!', '{', '}', 'a', 'é', '日', '😀', '=', '-') }),
  fc.string({ unit: 'grapheme' }),
  fc.string(),
  fc.constantFrom('', '2>/dev/null', '--', '-n', 'a b', "it's", '$(reboot)', '`reboot`', '; rm -rf /', '\n'),
);
const argvArb = fc.array(nasty, { minLength: 1, maxLength: 6 });

describe('quote.ts', () => {
  it('parseShell(toExecString({argv})) is exactly one command with exactly that argv', () => {
    fc.assert(
      fc.property(argvArb, (argv) => {
        const parsed = parseShell(toExecString({ argv }));
        expect(parsed).toEqual([{ argv, stderrToNull: false }]);
      }),
      { numRuns: 500 },
    );
  });

  it('a quoted "2>/dev/null" argument stays an argument', () => {
    expect(parseShell(toExecString({ argv: ['echo', '2>/dev/null'] }))).toEqual([{ argv: ['echo', '2>/dev/null'], stderrToNull: false }]);
  });

  it('batch: parses back to each command + marker echo, and output splits back per command', () => {
    const outArb = fc.string().filter((s) => !s.includes(BATCH_MARKER));
    fc.assert(
      fc.property(fc.array(fc.tuple(argvArb, outArb, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 5 }), (items) => {
        const cmds = items.map(([argv]) => ({ argv }));
        const parsed = parseShell(toBatchExecString(cmds));
        const expected = items.flatMap(([argv]) => [
          { argv, stderrToNull: true },
          { argv: ['echo', `${BATCH_MARKER}$?`], stderrToNull: false },
        ]);
        expect(parsed).toEqual(expected);
        const stdout = items.map(([, out, code]) => `${out}${BATCH_MARKER}${code}\n`).join('');
        expect(splitBatchOutput(stdout, items.length)).toEqual(items.map(([, out, code]) => ({ stdout: out, code })));
      }),
      { numRuns: 300 },
    );
  });

  it('a truncated batch reports the missing tail as code null', () => {
    expect(splitBatchOutput(`a\n${BATCH_MARKER}0\npartial`, 3)).toEqual([
      { stdout: 'a\n', code: 0 },
      { stdout: 'partial', code: null },
      { stdout: '', code: null },
    ]);
  });

  it('real /bin/sh receives exactly the argv (sampled)', () => {
    fc.assert(
      fc.property(fc.array(nasty.filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 4 }), (args) => {
        const line = toExecString({ argv: ['printf', '%s\\0', ...args] });
        const out = execFileSync('/bin/sh', ['-c', line]);
        expect(out.toString('utf8').split('\0').slice(0, -1)).toEqual(args);
      }),
      { numRuns: 40 },
    );
  });

  it('sudo and env rendering', () => {
    const c = cmd('crm_mon', '-1').sudo().env({ LC_ALL: 'C', X: 'a b' }).done();
    expect(toExecString(c, { useSudo: true })).toBe("sudo -n env LC_ALL=C 'X=a b' crm_mon -1");
    expect(toExecString(c, { useSudo: false })).toBe("env LC_ALL=C 'X=a b' crm_mon -1");
    expect(quoteArg('')).toBe("''");
    expect(() => toExecString({ argv: ['x'], env: { 'A;B': '1' } })).toThrow(/invalid environment variable name/);
  });
});

describe('splitBatchOutput', () => {
  // The regex implementation it replaced: the reference for every input.
  function reference(stdout: string, count: number): { stdout: string; code: number | null }[] {
    const out: { stdout: string; code: number | null }[] = [];
    let rest = stdout;
    for (let i = 0; i < count; i++) {
      const m = new RegExp(`${BATCH_MARKER.replace(/[@=]/g, (x) => `\\${x}`)}(\\d+)\\n?`).exec(rest);
      if (!m) {
        out.push({ stdout: rest, code: null });
        rest = '';
        continue;
      }
      out.push({ stdout: rest.slice(0, m.index), code: Number(m[1]) });
      rest = rest.slice(m.index + m[0].length);
    }
    return out;
  }
  it('splits exactly as the regex it replaced, for markers with and without digits, newlines and text around them', () => {
    const piece = fc.oneof(fc.constant(BATCH_MARKER), fc.constant('@@virtdeck-rc'), fc.constant('@@'), fc.stringMatching(/^[0-9]{1,4}$/), fc.constant('\n'), fc.constant('\r\n'), fc.string({ maxLength: 8 }), fc.constant('١٢'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), fc.integer({ min: 0, max: 6 }), (parts, count) => {
        const s = parts.join('');
        expect(splitBatchOutput(s, count)).toEqual(reference(s, count));
      }),
      { numRuns: 3000 },
    );
  });
});
