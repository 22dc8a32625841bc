import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ParseError } from '../parse-error.js';
import { assertOnlyParseError, fixturesOf, splicedSeeds } from '../../../test/support/collectors/parse-test-helpers.js';
import { expectSameOutcome, mutated } from '../../../test/support/collectors/parse-equivalence.js';
import {
  cpuUsage,
  parseCapabilities,
  parseHugepagesSysfs,
  parseLoadavg,
  parseMeminfo,
  parseProcStat,
  parseUptime,
  toKib,
} from './parse.js';
import { parseProcStatReference } from '../../../test/support/collectors/host/parse.reference.js';
import type { ProcStat } from '../../model/host.js';

const fx = fixturesOf('host');
const zeroCpu = { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 };

describe('parseProcStat (real /proc/stat)', () => {
  it('reads the aggregate line, per-CPU lines and the scalar keys', () => {
    const s = parseProcStat(fx('proc-stat.txt'), 'n1');
    expect(s.total).toEqual({ user: 6544, nice: 0, system: 5759, idle: 156879, iowait: 359, irq: 0, softirq: 206, steal: 0, guest: 0, guestNice: 0 });
    expect(s.perCpu).toHaveLength(2);
    expect(s.perCpu[1]).toMatchObject({ user: 3909, system: 3346, idle: 77236, iowait: 294, softirq: 133 });
    expect(s.bootTime).toBe(1795505426);
    expect(s.procsRunning).toBe(1);
    expect(s.procsBlocked).toBe(0);
  });

  it('accepts old kernels with fewer columns', () => {
    expect(parseProcStat('cpu  1 2 3 4\n').total).toEqual({ ...zeroCpu, user: 1, nice: 2, system: 3, idle: 4 });
  });

  it('degraded input → ParseError naming the source and node', () => {
    expect(() => parseProcStat('', 'n1')).toThrow(/^proc-stat@n1: empty output/);
    expect(() => parseProcStat('intr 1 2\nctxt 3\n')).toThrow(/no aggregate "cpu" line/);
    expect(() => parseProcStat('cpu  1 2 x 4\n')).toThrow(ParseError);
    expect(() => parseProcStat(fx('proc-stat.txt').slice(0, 12))).toThrow(ParseError); // truncated mid cpu line
  });
});

describe('cpuUsage', () => {
  const stat = (t: Partial<typeof zeroCpu>, cpus = 2, bootTime?: number): ProcStat => ({
    total: { ...zeroCpu, ...t },
    perCpu: Array.from({ length: cpus }, () => zeroCpu),
    ...(bootTime !== undefined ? { bootTime } : {}),
  });

  it('busy = non-idle, non-iowait share of the total delta', () => {
    const u = cpuUsage(stat({ user: 100, system: 50, idle: 800, iowait: 50 }), stat({ user: 160, system: 70, idle: 880, iowait: 70, steal: 20 }));
    // deltas: user 60, system 20, idle 80, iowait 20, steal 20 → total 200, busy 100
    expect(u).toEqual({ busyPct: 50, iowaitPct: 10, stealPct: 10, cpus: 2 });
  });

  it('does not double count guest time (already inside user)', () => {
    const u = cpuUsage(stat({ user: 0, idle: 0 }), stat({ user: 50, guest: 50, idle: 50 }));
    expect(u.busyPct).toBe(50);
  });

  it('counter reset or reboot → zeros, never negative', () => {
    expect(cpuUsage(stat({ user: 1000, idle: 1000 }), stat({ user: 10, idle: 10 }))).toEqual({ busyPct: 0, iowaitPct: 0, stealPct: 0, cpus: 2 });
    expect(cpuUsage(stat({ user: 10, idle: 10 }, 2, 1), stat({ user: 20, idle: 20 }, 2, 2)).busyPct).toBe(0);
    const partial = cpuUsage(stat({ user: 100, idle: 100 }), stat({ user: 50, idle: 200 }));
    expect(partial.busyPct).toBe(0);
    expect(cpuUsage(stat({}), stat({})).busyPct).toBe(0);
  });

  it('on the real fixture against itself is 0 and always within 0..100', () => {
    const s = parseProcStat(fx('proc-stat.txt'));
    expect(cpuUsage(s, s)).toEqual({ busyPct: 0, iowaitPct: 0, stealPct: 0, cpus: 2 });
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 20, maxLength: 20 }), (n) => {
        const keys = Object.keys(zeroCpu) as (keyof typeof zeroCpu)[];
        const a = Object.fromEntries(keys.map((k, i) => [k, n[i]!]));
        const b = Object.fromEntries(keys.map((k, i) => [k, n[i + 10]!]));
        const u = cpuUsage(stat(a), stat(b));
        for (const v of [u.busyPct, u.iowaitPct, u.stealPct]) expect(v >= 0 && v <= 100).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseMeminfo / parseLoadavg / parseUptime (real captures)', () => {
  it('meminfo', () => {
    expect(parseMeminfo(fx('meminfo.txt'))).toEqual({
      memTotalKb: 24683620,
      memFreeKb: 24443552,
      memAvailableKb: 24388508,
      buffersKb: 2092,
      cachedKb: 67048,
      swapTotalKb: 0,
      swapFreeKb: 0,
      hugePagesTotal: 0,
      hugePagesFree: 0,
      hugePagesRsvd: 0,
      hugePagesSurp: 0,
      hugepageSizeKb: 2048,
    });
  });

  it('meminfo without MemAvailable (pre-3.14) approximates it; without MemTotal fails', () => {
    const m = parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 10 kB\nCached: 20 kB\nHugePages_Total:    4\n');
    expect(m.memAvailableKb).toBe(130);
    expect(m.hugePagesTotal).toBe(4);
    expect(() => parseMeminfo('MemFree: 1 kB\n', 'n2')).toThrow(/^meminfo@n2: no MemTotal/);
    expect(() => parseMeminfo('')).toThrow(ParseError);
  });

  it('loadavg', () => {
    expect(parseLoadavg(fx('loadavg.txt'))).toEqual({ one: 1.89, five: 0.65, fifteen: 0.25, running: 1, total: 96 });
    expect(() => parseLoadavg('1.0 2.0\n')).toThrow(ParseError);
    expect(() => parseLoadavg('')).toThrow(ParseError);
  });

  it('uptime', () => {
    expect(parseUptime(fx('uptime.txt'))).toBe(849.71);
    expect(() => parseUptime('abc')).toThrow(ParseError);
    expect(() => parseUptime('')).toThrow(ParseError);
  });
});

describe('parseHugepagesSysfs', () => {
  it('real grep output (one 2 MiB pool, empty)', () => {
    expect(parseHugepagesSysfs(fx('hugepages-grep.txt'))).toEqual([{ sizeKb: 2048, total: 0, free: 0 }]);
  });

  it('several pools, sorted by size', () => {
    const text = [
      '/sys/kernel/mm/hugepages/hugepages-1048576kB/free_hugepages:2',
      '/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages:16',
      '/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages:100',
      '/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages:1024',
      '/sys/kernel/mm/hugepages/hugepages-2048kB/surplus_hugepages:0',
    ].join('\n');
    expect(parseHugepagesSysfs(text)).toEqual([
      { sizeKb: 2048, total: 1024, free: 100 },
      { sizeKb: 1048576, total: 16, free: 2 },
    ]);
  });

  it('empty output = no pools; garbage → ParseError', () => {
    expect(parseHugepagesSysfs('')).toEqual([]);
    expect(() => parseHugepagesSysfs('grep: /sys/kernel/mm/hugepages: No such file or directory\n', 'n1')).toThrow(/^hugepages@n1/);
  });
});

describe('parseCapabilities', () => {
  it('real test-driver capabilities (virsh -c test:///default capabilities)', () => {
    const c = parseCapabilities(fx('capabilities-test-driver.xml'));
    expect(c.arch).toBe('i686');
    expect(c.cpuModel).toBeUndefined();
    expect(c.cpuFeatures).toEqual(['pae', 'nonpae']);
    expect(c.topology).toBeUndefined();
    expect(c.cells).toHaveLength(2);
    expect(c.cells[0]).toMatchObject({ id: 0, memoryKb: 2097152, cpus: [0, 1, 2, 3, 4, 5, 6, 7] });
    expect(c.cells[1]).toMatchObject({ id: 1, memoryKb: 4194304, cpus: [8, 9, 10, 11, 12, 13, 14, 15] });
    // The base page (4 KiB / 8 KiB) is not a hugepage pool; free is not reported by capabilities.
    expect(c.cells[0]!.hugepages.map((p) => [p.sizeKb, p.total])).toEqual([
      [2048, 0],
      [1048576, 0],
    ]);
    expect(Number.isNaN(c.cells[0]!.hugepages[0]!.free)).toBe(true);
    expect(c.cells[1]!.hugepages.map((p) => p.sizeKb)).toEqual([2048, 1048576]);
  });

  it('2-cell NUMA host from libvirt tests/capabilityschemadata/caps-test3.xml', () => {
    const c = parseCapabilities(fx('capabilities-libvirt-caps-test3.xml'), 'n1');
    expect(c).toMatchObject({ arch: 'x86_64', cpuModel: 'Westmere', cpuVendor: 'Intel', topology: { sockets: 1, cores: 6, threads: 2 } });
    expect(c.cpuFeatures).toHaveLength(20);
    expect(c.cpuFeatures[0]).toBe('rdtscp');
    expect(c.cells).toEqual([
      { id: 0, memoryKb: 12572412, cpus: [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22], hugepages: [] },
      { id: 1, memoryKb: 12582908, cpus: [1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23], hugepages: [] },
    ]);
  });

  it('cell with hugepages and a non-KiB memory unit', () => {
    const xml = `<capabilities><host><cpu><arch>x86_64</arch></cpu><topology><cells num='1'>
      <cell id='0'><memory unit='GiB'>64</memory>
        <pages unit='KiB' size='4'>100</pages><pages unit='KiB' size='2048'>512</pages><pages unit='GiB' size='1'>4</pages>
        <cpus num='1'><cpu id='0' socket_id='0' core_id='0' siblings='0'/></cpus></cell></cells></topology></host></capabilities>`;
    const c = parseCapabilities(xml);
    expect(c.cells[0]!.memoryKb).toBe(64 * 1024 * 1024);
    expect(c.cells[0]!.hugepages.map((p) => [p.sizeKb, p.total])).toEqual([
      [2048, 512],
      [1048576, 4],
    ]);
  });

  it('unit conversion', () => {
    expect(toKib('4', 'MiB')).toBe(4096);
    expect(toKib('1', 'G')).toBe(1048576);
    expect(toKib('2048', undefined)).toBe(2048);
    expect(toKib('1', 'constructor')).toBeUndefined();
    expect(toKib('x', 'KiB')).toBeUndefined();
  });

  it('degraded: empty, not capabilities, truncated → ParseError', () => {
    expect(() => parseCapabilities('', 'n1')).toThrow(/^capabilities@n1: empty output/);
    expect(() => parseCapabilities('<domain/>')).toThrow(/no <capabilities><host>/);
    const full = fx('capabilities-libvirt-caps-test3.xml');
    expect(() => parseCapabilities(full.slice(0, full.length / 2))).toThrow(ParseError);
    expect(() => parseCapabilities("<capabilities><host><topology><cells><cell id='x'/></cells></topology></host></capabilities>")).toThrow(/numeric id/);
  });
});

describe('fuzz: only ParseError escapes', () => {
  const parsers: ((t: string) => unknown)[] = [parseProcStat, parseMeminfo, parseLoadavg, parseUptime, parseHugepagesSysfs, parseCapabilities];
  const seeds = [fx('proc-stat.txt'), fx('meminfo.txt'), fx('capabilities-libvirt-caps-test3.xml'), fx('hugepages-grep.txt')];
  it('random strings and mutated captures', () => {
    assertOnlyParseError(fc.oneof(fc.string(), splicedSeeds(seeds, 3000, 40)), parsers, { numRuns: 300 });
  });
});

describe('parseProcStat matches the parser it replaced (parse.reference.ts)', () => {
  const sep = fc.constantFrom(' ', '  ', '\t', ' \u00a0', '\u3000');
  const value = fc.oneof({ weight: 8, arbitrary: fc.oneof(fc.nat(), fc.maxSafeNat()).map(String) }, { weight: 1, arbitrary: fc.constantFrom('0000000000000000000007', '98765432109876543210', '-1', '1.5', 'x', '') });
  const fields = (min: number, max: number) => fc.tuple(fc.array(value, { minLength: min, maxLength: max }), fc.array(sep, { minLength: max, maxLength: max })).map(([vs, ss]) => vs.map((v, i) => ss[i]! + v).join(''));
  const cpuKey = fc.oneof({ weight: 1, arbitrary: fc.constant('cpu') }, { weight: 4, arbitrary: fc.oneof(fc.nat(70).map(String), fc.constantFrom('007', '9'.repeat(400), '12345678901234567890')).map((n) => `cpu${n}`) });
  const cpuLine = fc.tuple(cpuKey, fields(3, 12)).map(([k, f]) => k + f);
  const scalar = fc.tuple(fc.constantFrom('btime', 'procs_running', 'procs_blocked', 'ctxt', 'processes', 'intr', 'softirq', 'cpux', 'Cpu0', 'btime:'), fields(0, 3)).map(([k, f]) => k + f);
  const line = fc
    .tuple(fc.constantFrom('', '', ' ', '\t'), fc.oneof({ weight: 3, arbitrary: cpuLine }, { weight: 2, arbitrary: scalar }, { weight: 1, arbitrary: fc.constantFrom('', '  ', 'intr 1 2 3 4 5 6 7 8 9') }), fc.constantFrom('', '', ' ', '\r'))
    .map(([a, l, b]) => a + l + b);
  const output = fc.tuple(fc.array(line, { maxLength: 16 }), fc.boolean(), fc.constantFrom('\n', '')).map(([ls, total, end]) => [...(total ? ['cpu  1 2 3 4 5 6 7 8 9 10'] : []), ...ls].join('\n') + end);

  it('generated /proc/stat (any CPU numbering and order, 3–12 columns, wide counters, scalar keys)', () => {
    let returned = 0;
    fc.assert(fc.property(output, (t) => void (returned += expectSameOutcome(parseProcStat, parseProcStatReference, t, 'n1') ? 1 : 0)), { numRuns: 1500 });
    expect(returned).toBeGreaterThan(300);
  });

  it('mutated outputs and the capture: the same result or the same ParseError', () => {
    fc.assert(fc.property(mutated(fc.oneof(output, fc.constant(fx('proc-stat.txt')))), (t) => void expectSameOutcome(parseProcStat, parseProcStatReference, t)), { numRuns: 1500 });
  });
});
