import { describe, expect, it } from 'vitest';
import { checkValues, formText, grammarUsage, parseGrammar, type CliGrammar } from './grammar.js';
import { UsageError } from './types.js';

const G: CliGrammar = {
  group: 'x',
  verb: 'do',
  args: [
    { name: 'mode', meta: 'on|off', type: 'text', choices: ['on', 'off'] },
    { name: 'node', meta: 'NODE', type: 'node', optional: true },
  ],
  options: [
    { name: 'count', flag: '--count', meta: 'N', type: 'count', max: 9, help: 'how many' },
    { name: 'disks', flag: '--disk', meta: 'DEV', repeat: true, help: 'again for more' },
    { name: 'cluster', flag: '--cluster', negatable: true, help: 'register' },
    { name: 'reason', flag: '--reason', meta: 'TEXT', required: true, help: 'why' },
  ],
};

const fieldOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as UsageError).field;
  }
  throw new Error('accepted');
};

describe('action grammar', () => {
  it('usage shows arguments, optional ones and options as the CLI always did', () => {
    expect(grammarUsage(G)).toBe('x do on|off [NODE] [--count N] [--disk DEV]… [--no-cluster|--cluster] --reason TEXT');
  });

  it('argv → named, checked values: options anywhere, lists, negation, whole numbers', () => {
    expect(parseGrammar(G, ['--reason', 'r', 'on', '--disk', 'a', 'n1', '--disk', 'b', '--no-cluster', '--count', '3'])).toEqual({ mode: 'on', node: 'n1', disks: ['a', 'b'], cluster: false, count: 3, reason: 'r' });
  });

  it('every error names the value it is about', () => {
    expect(fieldOf(() => parseGrammar(G, ['maybe', '--reason', 'r']))).toBe('mode');
    expect(fieldOf(() => parseGrammar(G, ['on', 'bad node', '--reason', 'r']))).toBe('node');
    expect(fieldOf(() => parseGrammar(G, ['on', '--count', 'ten', '--reason', 'r']))).toBe('count');
    expect(fieldOf(() => parseGrammar(G, ['on', '--count', '10', '--reason', 'r']))).toBe('count');
    expect(fieldOf(() => parseGrammar(G, ['on']))).toBe('reason');
    expect(fieldOf(() => parseGrammar(G, ['on', '--reason']))).toBe('reason');
    expect(fieldOf(() => parseGrammar(G, ['--reason', 'r']))).toBe('mode');
    expect(fieldOf(() => parseGrammar(G, ['on', '--bogus']))).toBeUndefined();
    expect(() => parseGrammar(G, ['on', '--count', '10', '--reason', 'r'])).toThrow('--count is at most 9, got 10\nusage: x do');
  });

  it("a form's text goes through the same checks; a value the grammar lacks is a programming error", () => {
    const raw = formText(G, { mode: 'off', node: '', disks: 'a, b c', cluster: 'auto', reason: ' r ' });
    expect(raw).toEqual({ mode: 'off', node: undefined, disks: ['a', 'b', 'c'], cluster: undefined, reason: 'r' });
    expect(checkValues(G, raw)).toEqual({ mode: 'off', disks: ['a', 'b', 'c'], reason: 'r' });
    expect(checkValues(G, formText(G, { mode: 'on', cluster: 'yes', reason: 'r' }))['cluster']).toBe(true);
    expect(() => checkValues(G, { mode: 'on', reason: 'r', nod: 'n1' })).toThrow(/no value "nod" in its grammar/);
  });
});
