import { describe, expect, it } from 'vitest';
import { assertOnlyParseError, damagedFixtures, fixturesOf, parseErr } from '../../../test/support/collectors/parse-test-helpers.js';
import { mapHealth } from '../../model/multipath.js';
import { parseMultipathJson, parseMultipathLl } from './parse.js';

const fx = fixturesOf('multipath');
const WWID_A = '3600a098038303053453f463045727a41';
const WWID_B = '3600a098038303053453f463045727a42';

describe.each([
  ['json', (s: string) => parseMultipathJson(fx(`maps-${s}.json`), 'n1')],
  ['-ll', (s: string) => parseMultipathLl(fx(`ll-${s}.txt`), 'n1')],
] as const)('multipath %s', (kind, parse) => {
  it('reads healthy maps, with and without alias', () => {
    const maps = parse('healthy');
    expect(maps.map((m) => [m.name, m.wwid, m.sysfs, m.vendor, m.product])).toEqual([
      ['mpatha', WWID_A, 'dm-0', 'NETAPP', 'LUN C-Mode'],
      [WWID_B, WWID_B, 'dm-1', 'NETAPP', 'LUN C-Mode'],
    ]);
    const a = maps[0]!;
    expect(a.features).toBe('3 queue_if_no_path pg_init_retries 50');
    expect(a.size).toBe(kind === 'json' ? undefined : '100G');
    expect(a.pathGroups.map((g) => [g.selector, g.priority, g.status, g.paths.length])).toEqual([
      ['service-time 0', 50, 'active', 2],
      ['service-time 0', 10, 'enabled', 2],
    ]);
    expect(a.pathGroups[0]!.paths[0]).toEqual({
      dev: 'sdb', devT: '8:16', dmState: 'active', checkerState: 'ready', onlineState: 'running',
      hcil: kind === 'json' ? undefined : '1:0:0:1',
    });
    expect(maps.map((m) => mapHealth(m))).toEqual([{ health: 'ok', active: 4, total: 4 }, { health: 'ok', active: 4, total: 4 }]);
  });
  it('sees one failed path as degraded', () => {
    const maps = parse('degraded');
    expect(maps[0]!.pathGroups[0]!.paths[1]).toMatchObject({ dev: 'sdd', dmState: 'failed', checkerState: 'faulty', onlineState: 'offline' });
    expect(mapHealth(maps[0]!)).toEqual({ health: 'degraded', active: 3, total: 4 });
    expect(mapHealth(maps[1]!).health).toBe('ok');
  });
  it('sees all paths failed as critical', () => {
    const maps = parse('critical');
    expect(maps[0]!.pathGroups.map((g) => g.status)).toEqual(['enabled', 'enabled']);
    expect(mapHealth(maps[0]!)).toEqual({ health: 'critical', active: 0, total: 4 });
  });
});

describe('parseMultipathJson edge cases', () => {
  it('reads no maps', () => {
    expect(parseMultipathJson(fx('maps-none.json'))).toEqual([]);
  });
  it('reads a single "show map X json" document', () => {
    const one = JSON.parse(fx('maps-healthy.json')) as { maps: unknown[] };
    expect(parseMultipathJson(JSON.stringify({ major_version: 0, minor_version: 1, map: one.maps[0] }))[0]?.name).toBe('mpatha');
  });
  it('rejects truncated JSON, garbage, empty output and a daemon error', () => {
    expect(parseErr(() => parseMultipathJson(fx('maps-truncated.json'), 'n2')).detail).toMatch(/invalid JSON/);
    expect(parseErr(() => parseMultipathJson('')).detail).toMatch(/printed nothing/);
    expect(parseErr(() => parseMultipathJson('garbage')).detail).toMatch(/invalid JSON/);
    expect(parseErr(() => parseMultipathJson('[1,2]')).detail).toMatch(/not an object/);
    expect(parseErr(() => parseMultipathJson('{"major_version":0}')).detail).toMatch(/no "maps" array/);
    expect(parseErr(() => parseMultipathJson('{"major_version":1,"maps":[]}')).detail).toMatch(/unsupported JSON format version 1/);
    expect(parseErr(() => parseMultipathJson('{"maps":[{"name":"x"}]}')).detail).toBe('maps[0] lacks "uuid" or "sysfs"');
    expect(parseErr(() => parseMultipathJson("can't connect to multipathd socket\n")).detail).toMatch(/not reachable/);
  });
});

describe('parseMultipathLl edge cases', () => {
  it('reads no maps (real: empty stdout without device-mapper)', () => {
    expect(parseMultipathLl(fx('ll-none.txt'))).toEqual([]);
  });
  it('reports the real device-mapper failure when stderr is merged', () => {
    expect(parseErr(() => parseMultipathLl(fx('ll-no-device-mapper.stderr.txt'), 'n3')).detail).toMatch(/^multipath -ll failed: /);
  });
  it('handles "i/o pending" checker states and lost paths', () => {
    const t = fx('ll-healthy.txt').replace('1:0:0:1 sdb 8:16 active ready running', '1:0:0:1 sdb 8:16 active i/o pending running')
      .replace('2:0:0:1 sdd 8:48 active ready running', '#:#:#:# sdd 8:48 failed faulty offline');
    const p = parseMultipathLl(t)[0]!.pathGroups[0]!.paths;
    expect(p[0]).toMatchObject({ checkerState: 'i/o pending', onlineState: 'running' });
    expect(p[1]).toMatchObject({ hcil: '#:#:#:#', dmState: 'failed' });
  });
  it('rejects garbage and a map cut before its path groups', () => {
    expect(parseErr(() => parseMultipathLl('hello world\n')).detail).toMatch(/not multipath -ll output/);
    expect(parseErr(() => parseMultipathLl(fx('ll-healthy.txt').split('\n').slice(0, 2).join('\n'))).detail).toMatch(/no path groups/);
    expect(parseErr(() => parseMultipathLl(fx('ll-healthy.txt').replace('1:0:0:1 sdb 8:16 active ready running', 'bogus'))).detail).toMatch(/unexpected path line/);
  });
});

describe('multipath parsers only throw ParseError', () => {
  const fixtures = ['maps-healthy.json', 'maps-degraded.json', 'maps-critical.json', 'll-healthy.txt', 'll-degraded.txt', 'll-critical.txt'].map(fx);
  const input = damagedFixtures(fixtures);
  it('on random strings, truncations and mutations', () => {
    assertOnlyParseError(input, [(t) => parseMultipathJson(t, 'n1'), (t) => parseMultipathLl(t, 'n1')], { numRuns: 300, seed: 99 });
  });
});
