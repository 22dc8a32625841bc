// Regressions for robustness bugs found by the fuzz/fault work and fixed since (each test failed
// before its fix: see test/fuzz/RESULTS.md "Fixed").
import { describe, expect, it } from 'vitest';
import { parseSbdConfig } from '../../src/collectors/fencing/parse.js';
import { IostatStreamParser, MAX_IOSTAT_ELEMENT } from '../../src/collectors/iostat/parse.js';
import { JournalStreamParser, parseJournalLine } from '../../src/collectors/journal/parse.js';
import { ParseError } from '../../src/collectors/parse-error.js';
import { bufferedChars } from './engine.js';
import { deepJson } from './inputs.js';

const HEADER = '{"sysstat": {"hosts": [{"nodename": "n1", "statistics": [\n';
const element = (dev: string) => `\t\t\t\t{\n\t\t\t\t\t"disk": [\n\t\t\t\t\t\t{"disk_device": "${dev}", "r/s": 1.00, "util": 2.00}\n\t\t\t\t\t]\n\t\t\t\t}`;
const devicesOf = (samples: { devices: { device: string }[] }[]) => samples.map((s) => s.devices.map((d) => d.device).join(','));

/** Feeds `text` in `size`-char chunks; checks the buffered text stays bounded after every chunk. */
function feedChunked(p: IostatStreamParser, text: string, size: number): { devices: { device: string }[] }[] {
  const out = [];
  for (let i = 0; i < text.length; i += size) {
    out.push(...p.feed(text.slice(i, i + size)));
    expect(bufferedChars(p)).toBeLessThanOrEqual(MAX_IOSTAT_ELEMENT);
  }
  return out;
}

describe('fixed parser bugs', () => {
  it('sbd config: a "__proto__=" line is kept as data (was silently dropped by the {} setter) and pollutes nothing', () => {
    const r = parseSbdConfig('__proto__=x\nconstructor=y\nSBD_DEVICE=/dev/a;/dev/b\n', 'n1');
    expect(Object.keys(r.raw)).toEqual(['__proto__', 'constructor', 'SBD_DEVICE']);
    expect(r.raw['__proto__']).toBe('x');
    expect(r.devices).toEqual(['/dev/a', '/dev/b']);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});

describe('iostat: an unfinished element over MAX_IOSTAT_ELEMENT made of element starts (was O(n²): a hang)', () => {
  // 8 MB of '{"disk":[' (never closed): the parser used to drop ONE char per oversize and
  // rescan the whole 4 MB buffer from the next start 9 chars later. The test timeout is the check.
  const garbage = '{"disk":['.repeat(Math.ceil((8 << 20) / 9));

  it('fed in 64 KiB chunks: returns, memory stays bounded, the element is reported once per 4 MB, later samples parse', () => {
    const p = new IostatStreamParser('n1');
    expect(devicesOf(p.feed(`${HEADER}${element('sda')},\n`))).toEqual(['sda']);
    expect(feedChunked(p, garbage, 64 * 1024)).toEqual([]);
    expect(p.errors).toBeGreaterThanOrEqual(1);
    expect(p.errors).toBeLessThanOrEqual(Math.ceil(garbage.length / (MAX_IOSTAT_ELEMENT - 256)));
    expect(p.lastError).toBeInstanceOf(ParseError);
    expect(p.lastError?.detail).toBe(`iostat sample larger than ${MAX_IOSTAT_ELEMENT} bytes`);
    expect(p.lastError?.message).toMatch(/^iostat@n1: /);
    // The stream goes on: the next elements (each on its own line, as iostat prints them) parse.
    const errors = p.errors;
    expect(devicesOf(feedChunked(p, `,\n${element('sdb')},\n${element('sdc')},\n`, 7))).toEqual(['sdb', 'sdc']);
    expect(p.errors).toBe(errors);
  });

  it('fed in one piece with a valid element after it in the same chunk', () => {
    const p = new IostatStreamParser('n1');
    p.feed(HEADER);
    expect(devicesOf(p.feed(`${garbage},\n${element('sdz')}`))).toEqual(['sdz']);
    expect(p.errors).toBeGreaterThanOrEqual(1);
    expect(bufferedChars(p)).toBeLessThanOrEqual(MAX_IOSTAT_ELEMENT);
  });

  it('an element of exactly MAX_IOSTAT_ELEMENT bytes is still read; one byte more is dropped', () => {
    const make = (size: number) => {
      const head = '{"disk": [{"disk_device": "sdq", "pad": "';
      const tail = '"}]}';
      return head + 'x'.repeat(size - head.length - tail.length) + tail;
    };
    const fits = new IostatStreamParser();
    fits.feed(HEADER);
    expect(devicesOf(feedChunked(fits, `${make(MAX_IOSTAT_ELEMENT)},\n`, 1 << 20))).toEqual(['sdq']);
    expect(fits.errors).toBe(0);
    const over = new IostatStreamParser();
    over.feed(HEADER);
    expect(devicesOf(feedChunked(over, `${make(MAX_IOSTAT_ELEMENT + 1)},\n${element('sdr')}`, 1 << 20))).toEqual(['sdr']);
    expect(over.errors).toBe(1);
  });
});

describe('journal: MESSAGE nesting (was a RangeError from the recursive messageOf())', () => {
  const line = (message: string) => `{"__REALTIME_TIMESTAMP":"1700000000000000","MESSAGE":${message}}`;

  it('MESSAGE nested 10,000 arrays deep is a ParseError naming the field, not a stack overflow', () => {
    const deep = line(deepJson(10_000));
    expect(() => parseJournalLine(deep, 'n1')).toThrow(ParseError);
    expect(() => parseJournalLine(deep, 'n1')).toThrow(/^journal@n1: MESSAGE is not a string, null, an array of byte values/);
    // The stream drops that line, counts it and goes on.
    const p = new JournalStreamParser('n1');
    const out = p.feed(`${deep}\n${line('"next"')}\n`);
    expect(out.map((e) => e.message)).toEqual(['next']);
    expect(p.errors).toBe(1);
    expect(p.lastError).toBeInstanceOf(ParseError);
  });

  it('other fields nested deep do not overflow the stack either (they are ignored)', () => {
    const e = parseJournalLine(`{"__REALTIME_TIMESTAMP":"1000","_SYSTEMD_UNIT":${deepJson(30_000)},"MESSAGE":"m"}`, 'n1');
    expect(e).toMatchObject({ time: 1, message: 'm' });
    expect(e?.unit).toBeUndefined();
    expect(() => parseJournalLine(`{"__REALTIME_TIMESTAMP":${deepJson(30_000)}}`, 'n1')).toThrow(ParseError);
  });

  it('still reads every shape journalctl prints: string, null, bytes, and several values of those', () => {
    expect(parseJournalLine(line('"plain"'), 'n')?.message).toBe('plain');
    expect(parseJournalLine(line('null'), 'n')?.message).toBe('');
    expect(parseJournalLine(line('[104,105,10,0]'), 'n')?.message).toBe('hi\n\0');
    expect(parseJournalLine(line('["a",[98,99],null]'), 'n')?.message).toBe('a\nbc\n');
    expect(parseJournalLine('{"__REALTIME_TIMESTAMP":"1000"}', 'n')?.message).toBe('');
  });

  it('shapes journalctl never prints are ParseErrors', () => {
    for (const m of ['[[[1]]]', '[["a"]]', '[256]', '[1.5]', '42', '{"a":"b"}', 'true', '["a",{}]']) {
      expect(() => parseJournalLine(line(m), 'n1'), m).toThrow(ParseError);
    }
  });
});
