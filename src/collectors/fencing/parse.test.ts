import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertOnlyParseError, damagedFixtures, fixturesOf, parseErr } from '../../../test/support/collectors/parse-test-helpers.js';
import { parseSbdConfig, parseSbdDump, parseSbdList, parseStonithList, parseStonithRegistered, parseWatchdogSysfs } from './parse.js';
import { watchdogSysfsCmd } from './command.js';

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

/** The real script run by the real sh over a fake /sys/class/watchdog: {name: [identity, state] | null (no files)}. */
function listTree(devs: Record<string, [string, string] | null>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vd-wdsys-'));
  try {
    for (const [name, files] of Object.entries(devs)) {
      mkdirSync(join(dir, name));
      if (!files) continue;
      writeFileSync(join(dir, name, 'identity'), `${files[0]}\n`); // the kernel ends both with a newline
      writeFileSync(join(dir, name, 'state'), `${files[1]}\n`);
    }
    writeFileSync(join(dir, 'not-a-device'), 'x'); // only directories are devices
    const c = watchdogSysfsCmd(dir);
    return execFileSync(c.argv[0]!, c.argv.slice(1), { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('parseWatchdogSysfs: the sysfs watchdog listing (never sbd query-watchdog)', () => {
  it('the fixtures are what the real script prints over a fake sysfs tree', () => {
    expect(listTree({ watchdog0: ['iTCO_wdt', 'active'] })).toBe(fx('watchdog-sysfs-itco.txt'));
    expect(listTree({ watchdog0: ['iTCO_wdt', 'inactive'], watchdog1: ['Software Watchdog', 'active'] })).toBe(fx('watchdog-sysfs-two.txt'));
    expect(listTree({ watchdog0: null })).toBe(fx('watchdog-sysfs-nosysfs.txt'));
    expect(listTree({})).toBe(fx('watchdog-sysfs-none.txt'));
  });
  it('reads the first device by number, its identity and state', () => {
    expect(parseWatchdogSysfs(fx('watchdog-sysfs-itco.txt'), 'n1')).toEqual({ present: true, device: '/dev/watchdog0', identity: 'iTCO_wdt', state: 'active' });
    expect(parseWatchdogSysfs(fx('watchdog-sysfs-two.txt'))).toEqual({ present: true, device: '/dev/watchdog0', identity: 'iTCO_wdt', state: 'inactive' });
    expect(parseWatchdogSysfs(fx('watchdog-sysfs-nosysfs.txt'))).toEqual({ present: true, device: '/dev/watchdog0' });
    expect(parseWatchdogSysfs(fx('watchdog-sysfs-none.txt'))).toEqual({ present: false });
    // the shell glob sorts watchdog10 before watchdog2; the number decides
    const out = listTree({ watchdog10: ['a', 'active'], watchdog2: ['b', 'inactive'] });
    expect(out).toBe('watchdog10\ta\tactive\nwatchdog2\tb\tinactive\n');
    expect(parseWatchdogSysfs(out)).toEqual({ present: true, device: '/dev/watchdog2', identity: 'b', state: 'inactive' });
    expect(parseWatchdogSysfs('watchdog0\tid\twith tab\tactive\r\n').identity).toBe('id\twith tab');
  });
  it('rejects malformed lines with a ParseError naming the line', () => {
    const e = parseErr(() => parseWatchdogSysfs('watchdog0 iTCO_wdt active\n', 'n2'));
    expect(e.node).toBe('n2');
    expect(e.detail).toBe('watchdog listing: not NAME<TAB>IDENTITY<TAB>STATE: "watchdog0 iTCO_wdt active"');
    expect(parseErr(() => parseWatchdogSysfs('../x\ta\tactive\n')).detail).toMatch(/not a watchdogN device name/);
    expect(parseErr(() => parseWatchdogSysfs('watchdog0\ta\tbusy\n')).detail).toMatch(/unknown state "busy"/);
    expect(parseErr(() => parseWatchdogSysfs('watchdog0\ta\tactive\nwatchdog0\tb\tactive\n')).detail).toMatch(/listed twice/);
  });
});

describe('fencing parsers only throw ParseError', () => {
  const fixtures = ['stonith-registered.txt', 'stonith-list-installed.txt', 'sbd-list.txt', 'sbd-dump.txt', 'watchdog-sysfs-two.txt', 'sbd-config.sysconfig.txt', 'sbd-config.debian-default.txt'].map(fx);
  const input = damagedFixtures(fixtures);
  it('on random strings, truncations and mutations', () => {
    const parsers: ((t: string) => unknown)[] = [
      (t) => parseStonithRegistered(t), (t) => parseStonithList(t, 'n1'), (t) => parseSbdConfig(t),
      (t) => parseSbdList(t, DEV), (t) => parseSbdDump(t, DEV), (t) => parseWatchdogSysfs(t),
    ];
    assertOnlyParseError(input, parsers, { numRuns: 300, seed: 11 });
  });
});
