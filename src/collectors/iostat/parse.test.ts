import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ParseError } from '../parse-error.js';
import { expectOnlyParseError, fixturesOf, splicedSeeds } from '../../../test/support/collectors/parse-test-helpers.js';
import { IostatStreamParser, MAX_IOSTAT_ELEMENT, mapIostatDevice, parseIostatHeader, parseIostatJson } from './parse.js';

const fx = fixturesOf('iostat');
const full = fx('iostat-dxy-json-1-3.json');
const stream = fx('iostat-dxy-json-1-stream.raw');
const streamT = fx('iostat-dxyt-json-1-stream.raw');

const feedAll = (p: IostatStreamParser, chunks: string[]) => chunks.flatMap((c) => p.feed(c));

describe('parseIostatJson (complete document, sysstat 12.6.1)', () => {
  it('maps every sample and field of the real capture', () => {
    const s = parseIostatJson(full, 'n1');
    expect(s).toHaveLength(3);
    expect(s[0]).toEqual({
      devices: [
        { device: 'vda', rs: 9, ws: 1, rkBs: 276, wkBs: 4, rAwait: 0.33, wAwait: 0, aquSz: 0, rareqSz: 30.67, wareqSz: 4, util: 0.4 },
      ],
    });
    expect(s[2]!.devices[0]).toMatchObject({ rs: 5, rkBs: 132, wkBs: 8, rAwait: 0.4, rareqSz: 26.4, wareqSz: 8 });
    expect(s[0]!.timestamp).toBeUndefined();
  });

  it('reads the header', () => {
    expect(parseIostatHeader(full)).toEqual({
      nodename: 'vm',
      sysname: 'Linux',
      release: '6.18.44-fc-v782',
      machine: 'x86_64',
      cpuCount: 2,
      date: '11/24/26',
    });
  });

  it('maps sysstat 11 field names (r, w, rkB, wkB, avgqu-sz)', () => {
    const s = parseIostatJson(fx('iostat-sysstat11-json.json'));
    expect(s[0]!.devices).toEqual([
      { device: 'sda', rs: 10, ws: 20, rkBs: 512, wkBs: 1024, rAwait: 2, wAwait: 5.15, aquSz: 0.25, util: 3.6 },
      { device: 'dm-0', rs: 1, ws: 2, rkBs: 256, wkBs: 768, rAwait: 0, wAwait: 0, aquSz: 1.5, util: 12.5 },
    ]);
  });

  it('maps -m (MB/s), await and %util variants', () => {
    expect(mapIostatDevice({ disk_device: 'sdb', 'r/s': 2, 'rMB/s': 0.5, 'wMB/s': 2, await: 3.5, 'avgqu-sz': 1, '%util': 50 })).toEqual({
      device: 'sdb', rs: 2, ws: 0, rkBs: 512, wkBs: 2048, rAwait: 3.5, wAwait: 3.5, aquSz: 1, util: 50,
    });
    expect(mapIostatDevice({ 'r/s': 1 })).toBeUndefined();
  });

  it('degraded: empty, garbage, truncated, wrong shape → ParseError', () => {
    for (const bad of ['', '   \n', 'Linux 6.1 (vm) 11/24/26 _x86_64_ (2 CPU)\n', stream, '{"sysstat": {"hosts": []}}', '[1,2]']) {
      expect(() => parseIostatJson(bad, 'n1')).toThrow(ParseError);
    }
    expect(() => parseIostatJson('{"sysstat":{"hosts":[{"statistics":[{"cpu":1}]}]}}')).toThrow(/statistics\[0\]/);
  });
});

describe('IostatStreamParser', () => {
  it('parses the real never-closing stream sample by sample and keeps the header', () => {
    const p = new IostatStreamParser('n1');
    const s = p.feed(stream);
    expect(s.map((x) => x.devices[0]!.util)).toEqual([0, 0.4, 0.8]);
    expect(s[2]!.devices[0]).toMatchObject({ rs: 24, ws: 35, rkBs: 328, wkBs: 288, rAwait: 0.17, wAwait: 0.31, aquSz: 0.02 });
    expect(p.header).toEqual({ nodename: 'vm', sysname: 'Linux', release: '6.18.44-fc-v782', machine: 'x86_64', cpuCount: 2, date: '11/24/26' });
    expect(p.errors).toBe(0);
  });

  it('emits an element as soon as its closing brace arrives', () => {
    const p = new IostatStreamParser();
    const firstEnd = stream.indexOf('\t\t\t\t}') + 5;
    expect(p.feed(stream.slice(0, firstEnd - 1))).toEqual([]);
    expect(p.feed(stream.slice(firstEnd - 1, firstEnd))).toHaveLength(1);
  });

  it('keeps -t timestamps', () => {
    const s = new IostatStreamParser().feed(streamT);
    expect(s[0]!.timestamp).toBe('11/24/26 07:44:34');
    expect(s[1]!.timestamp).toBe('11/24/26 07:44:35');
  });

  it('gives identical results for every split point (two chunks) and byte-by-byte', () => {
    const want = new IostatStreamParser().feed(stream);
    for (let i = 0; i <= stream.length; i++) {
      const p = new IostatStreamParser();
      expect(feedAll(p, [stream.slice(0, i), stream.slice(i)])).toEqual(want);
      expect(p.errors).toBe(0);
    }
    const p = new IostatStreamParser();
    expect(feedAll(p, [...stream])).toEqual(want);
  });

  it('a complete document streams to the same samples as parseIostatJson', () => {
    for (let i = 0; i <= full.length; i += 7) {
      expect(feedAll(new IostatStreamParser(), [full.slice(0, i), full.slice(i)])).toEqual(parseIostatJson(full));
    }
  });

  it('survives a restarted iostat (second document) and reset()', () => {
    const p = new IostatStreamParser('n1');
    expect(p.feed(full)).toHaveLength(3);
    const again = stream.replace('"nodename": "vm"', '"nodename": "vm2"');
    expect(p.feed(again)).toHaveLength(3);
    expect(p.header?.nodename).toBe('vm2');
    expect(p.errors).toBe(0);
    p.feed('{"sysstat": {"hosts": [{"nodename": "half');
    p.reset();
    expect(p.header).toBeUndefined();
    expect(p.feed(stream)).toHaveLength(3);
  });

  it('drops a malformed element, counts it and resyncs on the next one', () => {
    const header = stream.slice(0, stream.indexOf('"statistics": [') + 15);
    const good = '{"disk": [{"disk_device": "sda", "r/s": 1.00, "util": 5.00}]}';
    const p = new IostatStreamParser('n1');
    const s = p.feed(`${header}\n${good},\n{"disk": [{"disk_device": "sdb", "r/s": 1.0.0}]},\n${good}`);
    expect(s.map((x) => x.devices[0]!.device)).toEqual(['sda', 'sda']);
    expect(p.errors).toBe(1);
    expect(p.lastError).toBeInstanceOf(ParseError);
    expect(p.lastError?.message).toMatch(/^iostat@n1: bad iostat sample/);
  });

  it('reads a decimal-comma element (iostat run without LC_ALL=C)', () => {
    const p = new IostatStreamParser();
    const s = p.feed('{"sysstat": {"hosts": [{"statistics": [\n{"disk": [{"disk_device": "sda", "r/s": 9,50, "w/s": 0,00, "util": 12,25}]}');
    expect(s[0]!.devices[0]).toMatchObject({ device: 'sda', rs: 9.5, ws: 0, util: 12.25 });
    expect(p.errors).toBe(0);
  });

  it('tolerates the stray comma after "statistics": [ of sysstat 12.1.4 -y (sysstat issue #222)', () => {
    const p = new IostatStreamParser();
    const t = stream.replace('"statistics": [\n', '"statistics": [\n,\n');
    expect(p.feed(t)).toHaveLength(3);
    expect(p.errors).toBe(0);
  });

  it('counts garbage between samples without losing the next sample', () => {
    const p = new IostatStreamParser();
    const s = p.feed('{"sysstat": {"hosts": [{"statistics": [\nwarning: junk\n{"disk": []}');
    expect(s).toEqual([{ devices: [] }]);
    expect(p.errors).toBe(1);
  });

  it('bounds the buffer: an endless element is dropped with a ParseError record', () => {
    const p = new IostatStreamParser('n1');
    p.feed('{"sysstat": {"hosts": [{"statistics": [\n{"disk": [{"disk_device": "');
    const big = 'x'.repeat(1024 * 1024);
    const details = new Set<string>();
    for (let i = 0; i < 5; i++) {
      p.feed(big);
      if (p.lastError) details.add(p.lastError.detail);
    }
    expect(p.errors).toBeGreaterThanOrEqual(1);
    expect([...details].some((d) => d.includes(String(MAX_IOSTAT_ELEMENT)))).toBe(true);
    // Still usable afterwards.
    expect(p.feed('"}]},\n{"disk": [{"disk_device": "sdz"}]}')).toEqual([
      { devices: [{ device: 'sdz', rs: 0, ws: 0, rkBs: 0, wkBs: 0, rAwait: 0, wAwait: 0, aquSz: 0, util: 0 }] },
    ]);
  });

  it('bounds pre-header garbage', () => {
    const p = new IostatStreamParser();
    p.feed('y'.repeat(70 * 1024));
    expect(p.errors).toBe(1);
    expect(p.feed(stream)).toHaveLength(3);
  });

  it('garbage arriving in tiny chunks is searched incrementally, then the stream is found', () => {
    const p = new IostatStreamParser();
    const junk = 'abc "def" {x} '.repeat(6000); // > 64 KiB, no iostat JSON
    for (let i = 0; i < junk.length; i += 3) p.feed(junk.slice(i, i + 3));
    expect(p.errors).toBe(1);
    expect(p.feed(stream)).toHaveLength(3);
  });

  it('non-string input → ParseError', () => {
    expect(() => new IostatStreamParser().feed(undefined as unknown as string)).toThrow(ParseError);
  });

  it('fuzz: random strings and mutated captures never throw anything but ParseError', () => {
    const mutated = splicedSeeds([stream], stream.length, 50);
    fc.assert(
      fc.property(fc.oneof(fc.string(), mutated, fc.json()), fc.nat(200), (input, split) => {
        const p = new IostatStreamParser();
        p.feed(input.slice(0, split));
        p.feed(input.slice(split));
        expectOnlyParseError(() => parseIostatJson(input));
      }),
      { numRuns: 300 },
    );
  });
});
