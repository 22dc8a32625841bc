import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ParseError } from '../parse-error.js';
import { expectOnlyParseError, fixturesOf, splicedSeeds } from '../../../test/support/collectors/parse-test-helpers.js';
import { JournalStreamParser, MAX_JOURNAL_LINE, parseJournalLine } from './parse.js';

const fx = fixturesOf('journal');
const n20 = fx('journal-n20.json');
const follow = fx('journal-follow.raw');

describe('parseJournalLine (real journalctl -o json)', () => {
  const lines = n20.split('\n').filter((l) => l !== '');

  it('string MESSAGE, µs → ms, PRIORITY, identifier, pid', () => {
    expect(parseJournalLine(lines[18]!, 'n1')).toEqual({
      time: 1795506408366,
      node: 'n1',
      identifier: 'corosync',
      pid: 10106,
      priority: 3,
      message: '[KNET  ] link: host: 2 link: 0 is down',
    });
    expect(parseJournalLine(lines[19]!, 'n1')!.message).toBe('internal error: "quoted" \\ back ü tab\there');
    expect(parseJournalLine(lines[0]!, 'n1')).toMatchObject({ identifier: 'kernel', priority: 7, message: '    --listen-vsock-port' });
    expect(parseJournalLine(lines[0]!, 'n1')!.pid).toBeUndefined();
  });

  it('binary MESSAGE (array of byte values) is decoded as UTF-8', () => {
    expect(parseJournalLine(lines[16]!, 'n1')).toMatchObject({ identifier: 'libvirtd', priority: 4, message: 'bin\u0001\uFFFDary' });
  });

  it('fields per systemd.journal-fields(7): _SYSTEMD_UNIT, null MESSAGE, missing PRIORITY', () => {
    const l = '{"__REALTIME_TIMESTAMP":"1700000000123456","_SYSTEMD_UNIT":"pacemaker.service","SYSLOG_IDENTIFIER":"pacemaker-fenced","_PID":"812","MESSAGE":null}';
    expect(parseJournalLine(l, 'n2')).toEqual({
      time: 1700000000123,
      node: 'n2',
      unit: 'pacemaker.service',
      identifier: 'pacemaker-fenced',
      pid: 812,
      priority: 6,
      message: '',
    });
    expect(parseJournalLine('{"__REALTIME_TIMESTAMP":"1","PRIORITY":"9","MESSAGE":["a","b"]}', 'n')).toMatchObject({ time: 0, priority: 6, message: 'a\nb' });
  });

  it('blank → undefined; garbage → ParseError naming the node', () => {
    expect(parseJournalLine('  ', 'n1')).toBeUndefined();
    expect(() => parseJournalLine('-- No entries --', 'n1')).toThrow(/^journal@n1: invalid JSON/);
    expect(() => parseJournalLine('[1,2]', 'n1')).toThrow(/not a JSON object/);
    expect(() => parseJournalLine('{"MESSAGE":"x"}', 'n1')).toThrow(/__REALTIME_TIMESTAMP/);
    expect(() => parseJournalLine(lines[18]!.slice(0, 100), 'n1')).toThrow(ParseError);
  });
});

describe('JournalStreamParser', () => {
  it('real follow capture (-f -n 20 then one new entry)', () => {
    const p = new JournalStreamParser('n1');
    const e = p.feed(follow);
    expect(e).toHaveLength(21);
    expect(e[20]).toEqual({
      time: 1795506410434,
      node: 'n1',
      identifier: 'sbd',
      pid: 10115,
      priority: 4,
      message: 'Warning: servant for /dev/mapper/sbd is outdated (age: 8)',
    });
    expect(p.errors).toBe(0);
  });

  it('every split point (including inside strings and multibyte text) gives the same entries', () => {
    const want = new JournalStreamParser('n1').feed(n20);
    for (let i = 0; i <= n20.length; i++) {
      const p = new JournalStreamParser('n1');
      expect([...p.feed(n20.slice(0, i)), ...p.feed(n20.slice(i))]).toEqual(want);
    }
  });

  it('a bad line is skipped and counted, the stream goes on', () => {
    const p = new JournalStreamParser('n1');
    const lines = n20.split('\n');
    const e = p.feed(`${lines[17]}\nnot json\n${lines[18]}\n`);
    expect(e.map((x) => x.identifier)).toEqual(['pacemaker-controld', 'corosync']);
    expect(p.errors).toBe(1);
    expect(p.lastError).toBeInstanceOf(ParseError);
    expect(p.lastError!.node).toBe('n1');
  });

  it('an overlong line is dropped (bounded memory) without killing the stream', () => {
    const p = new JournalStreamParser('n1');
    const big = `{"__REALTIME_TIMESTAMP":"1","MESSAGE":"${'x'.repeat(MAX_JOURNAL_LINE)}"}`;
    for (let i = 0; i < big.length; i += 10_000) p.feed(big.slice(i, i + 10_000));
    expect(p.feed(`\n${follow}`)).toHaveLength(21);
    expect(p.errors).toBe(1);
    expect(p.lastError!.detail).toMatch(/longer than/);
  });

  it('reset() drops a half line from a previous stream', () => {
    const p = new JournalStreamParser('n1');
    p.feed('{"__REALTIME_TIMESTAMP":"1","MESS');
    p.reset();
    expect(p.feed(follow)).toHaveLength(21);
    expect(p.errors).toBe(0);
  });

  it('fuzz: random/mutated input never throws from feed; parseJournalLine only ParseError', () => {
    const mutated = splicedSeeds([n20], n20.length, 60);
    fc.assert(
      fc.property(fc.oneof(fc.string(), mutated, fc.json()), fc.nat(300), (input, split) => {
        const p = new JournalStreamParser('n1');
        p.feed(input.slice(0, split));
        p.feed(input.slice(split));
        for (const line of input.split('\n')) expectOnlyParseError(() => parseJournalLine(line, 'n1'));
      }),
      { numRuns: 300 },
    );
  });
});
