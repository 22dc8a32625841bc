import { describe, expect, it } from 'vitest';
import { assertOnlyParseError, damagedFixtures, fixturesOf, parseErr } from '../parse-test-helpers.js';
import { parseQueryWatchdog, parseSbdConfig, parseSbdDump, parseSbdList, parseStonithList, parseStonithRegistered } from './parse.js';

const fx = fixturesOf('fencing');
const DEV = '/dev/disk/by-id/dm-uuid-mpath-3600a0980sbd';

describe('stonith_admin', () => {
  it('lists registered devices', () => {
    expect(parseStonithRegistered(fx('stonith-registered.txt'))).toEqual({ devices: ['fence-n1', 'fence-n2', 'fence-sbd'] });
    expect(parseStonithRegistered(fx('stonith-registered-none.txt'))).toEqual({ devices: [] });
    expect(parseStonithRegistered('No fence devices found\n')).toEqual({ devices: [] });
    expect(parseStonithRegistered('fence_n1\nfence_n2\n2 fence devices found')).toEqual({ devices: ['fence_n1', 'fence_n2'] });
    expect(parseStonithRegistered('fence_n1\n1 fence device found\n')).toEqual({ devices: ['fence_n1'] });
  });
  it('reads the real list format (--list-installed capture)', () => {
    const d = parseStonithRegistered(fx('stonith-list-installed.txt')).devices;
    expect(d.length).toBe(39);
    expect(d).toContain('fence_watchdog');
    expect(d).toContain('external/sbd');
  });
  it('lists devices able to fence a node', () => {
    expect(parseStonithList(fx('stonith-list-n2.txt'), 'n2', 'n1')).toEqual({ target: 'n2', devices: ['fence-n2', 'fence-sbd'] });
  });
  it('rejects the fencer error, truncation, count mismatch and empty output', () => {
    const e = parseErr(() => parseStonithRegistered(fx('stonith-registered-not-connected.txt'), 'n4'));
    expect(e.node).toBe('n4');
    expect(e.detail).toContain('Could not connect to fencer');
    expect(parseErr(() => parseStonithRegistered('fence-n1\nfence-n2\n')).detail).toMatch(/truncated/);
    expect(parseErr(() => parseStonithRegistered('fence-n1\n2 fence devices found\n')).detail).toMatch(/says 2 devices but lists 1/);
    expect(parseErr(() => parseStonithList('', 'n3')).detail).toBe('stonith_admin --list n3: no output');
  });
});

describe('sbd', () => {
  it('reads slots (real capture)', () => {
    expect(parseSbdList(fx('sbd-list.txt'), DEV)).toEqual([
      { slot: 0, node: 'n1', message: 'clear', sender: undefined },
      { slot: 1, node: 'n2', message: 'reset', sender: 'vm' },
      { slot: 2, node: 'n3', message: 'off', sender: 'vm' },
      { slot: 3, node: 'n4', message: 'clear', sender: undefined },
    ]);
    expect(parseSbdList('', DEV)).toEqual([]);
    expect(parseSbdList('0\tnode1\tclear\n1\tnode2\treset\tnode3', DEV)[1]).toEqual({ slot: 1, node: 'node2', message: 'reset', sender: 'node3' });
  });
  it('reads the header (real capture)', () => {
    const h = parseSbdDump(fx('sbd-dump.txt'), DEV);
    expect(h).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      slots: 255, sectorSize: 512, timeoutWatchdog: 15, timeoutAllocate: 2, timeoutLoop: 1, timeoutMsgwait: 30,
    });
  });
  it('reports unreadable devices naming the path', () => {
    expect(parseErr(() => parseSbdDump(fx('sbd-dump-unreadable.txt'), DEV, 'n1')).detail).toBe(`sbd dump ${DEV}: device unreadable or has no sbd header`);
    expect(parseErr(() => parseSbdList(fx('sbd-list-unreadable.txt'), DEV)).detail).toContain(DEV);
    expect(parseErr(() => parseSbdDump('', DEV)).detail).toMatch(/no header/);
    expect(parseErr(() => parseSbdList('garbage here\n', DEV)).detail).toMatch(/unexpected line/);
    expect(parseErr(() => parseSbdDump(fx('sbd-dump.txt').replace(': 15', ': x'), DEV)).detail).toMatch(/Timeout \(watchdog\) is not a number/);
  });
  it('reads query-watchdog', () => {
    expect(parseQueryWatchdog(fx('query-watchdog-none.txt'))).toEqual({ present: false });
    expect(parseQueryWatchdog(fx('query-watchdog-itco.txt'))).toEqual({ present: true, device: '/dev/watchdog', identity: 'iTCO_wdt', driver: 'iTCO_wdt' });
    expect(parseQueryWatchdog(fx('query-watchdog-softdog-busy.txt'))).toEqual({ present: true, device: '/dev/watchdog', identity: 'Busy: PID 1432 (sbd)', driver: 'softdog' });
    expect(parseErr(() => parseQueryWatchdog('')).detail).toMatch(/Discovered/);
    expect(parseErr(() => parseQueryWatchdog('\nDiscovered 1 watchdog devices:\n')).detail).toMatch(/truncated/);
  });
  it('reads sbd configuration files', () => {
    const deb = parseSbdConfig(fx('sbd-config.debian-default.txt'));
    expect(deb.devices).toEqual([]);
    expect(deb.watchdogDev).toBe('/dev/watchdog');
    expect(deb.raw).toMatchObject({ SBD_PACEMAKER: 'yes', SBD_WATCHDOG_TIMEOUT: '5', SBD_TIMEOUT_ACTION: 'flush,reboot', SBD_OPTS: '' });
    const sus = parseSbdConfig(fx('sbd-config.sysconfig.txt'));
    expect(sus.devices).toEqual([`${DEV}1`, `${DEV}2`, `${DEV}3`]);
    expect(sus.watchdogDev).toBe('/dev/watchdog');
    expect(sus.raw['SBD_STARTMODE']).toBe('always');
    expect(sus.raw['SBD_OPTS']).toBe('');
    expect(parseSbdConfig('')).toEqual({ devices: [], watchdogDev: undefined, raw: {} });
    expect(parseSbdConfig('export SBD_DEVICE="/dev/a\\"b"\n').devices).toEqual(['/dev/a"b']);
  });
  it('rejects malformed configuration lines naming the line and key', () => {
    expect(parseErr(() => parseSbdConfig('SBD_DEVICE=/dev/a\nthis is not shell\n', 'n2')).detail).toBe('line 2 is not KEY=VALUE: "this is not shell"');
    expect(parseErr(() => parseSbdConfig('SBD_DEVICE="/dev/a\n')).detail).toBe('line 1: unbalanced quotes in the value of SBD_DEVICE');
  });
});

describe('fencing parsers only throw ParseError', () => {
  const fixtures = ['stonith-registered.txt', 'stonith-list-installed.txt', 'sbd-list.txt', 'sbd-dump.txt', 'query-watchdog-itco.txt', 'sbd-config.sysconfig.txt', 'sbd-config.debian-default.txt'].map(fx);
  const input = damagedFixtures(fixtures);
  it('on random strings, truncations and mutations', () => {
    const parsers: ((t: string) => unknown)[] = [
      (t) => parseStonithRegistered(t), (t) => parseStonithList(t, 'n1'), (t) => parseSbdConfig(t),
      (t) => parseSbdList(t, DEV), (t) => parseSbdDump(t, DEV), (t) => parseQueryWatchdog(t),
    ];
    assertOnlyParseError(input, parsers, { numRuns: 300, seed: 11 });
  });
});
