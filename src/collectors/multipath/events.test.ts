import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JournalEntry } from '../../model/journal.js';
import { parseJournalLine } from '../journal/parse.js';
import { EventThrottle, isMultipathPathEvent } from './events.js';

// As journalctl -o json prints multipathd's lines (SYSLOG_IDENTIFIER multipathd, the unit's
// _SYSTEMD_UNIT); messages in the wording of multipath-tools 0.8/0.9 (function in the comment).
const line = (message: string, extra: Record<string, string> = { _SYSTEMD_UNIT: 'multipathd.service', SYSLOG_IDENTIFIER: 'multipathd', _PID: '712' }) =>
  parseJournalLine(JSON.stringify({ __REALTIME_TIMESTAMP: '1795506410434000', PRIORITY: '5', ...extra, MESSAGE: message }), 'n1')!;

describe('isMultipathPathEvent (multipathd journal lines)', () => {
  it.each([
    'checker failed path 8:32 in map mpatha', // fail_path()
    'sdc: mark as failed', // update_multipath(), 0.8+ (pp->dev)
    '8:32: mark as failed', // update_multipath(), older (pp->dev_t)
    '8:32: reinstated', // reinstate_path()
    'mpatha: remaining active paths: 1', // update_queue_mode_del_path()
    'mpatha: remaining active paths: 0',
    'mpatha: sdc - tur checker reports path is down', // LOG_MSG(), tur checker MSG_TUR_DOWN
    'mpatha: sdc - tur checker reports path is up',
    'mpathb: sdf - directio checker reports path is down',
    '3600a098038303053453f463045727a51: sdd - readsector0 checker reports path is down',
    'mpatha: sdc - path offline', // LOG_MSG() with the path's sysfs state offline
    'mpatha: switch to path group #2', // switch_pathgroup()
    'mpatha: switch to path group #1 (operator)', // cli_switch_group()
  ])('event: %s', (m) => {
    expect(isMultipathPathEvent(line(m))).toBe(true);
  });

  it.each([
    'mpatha: load table [0 2097152 multipath 1 queue_if_no_path 0 1 1 service-time 0 2 1 8:32 1 8:80 1]',
    'sdc: add path (uevent)',
    'path checkers start up',
    'mpatha: sdc - tur checker reports path is down trailing\nsecond line',
    '',
  ])('not an event: %j', (m) => {
    expect(isMultipathPathEvent(line(m))).toBe(false);
  });

  it('only multipathd says so: the same words from another daemon or the kernel are not path events', () => {
    expect(isMultipathPathEvent(line('checker failed path 8:32 in map mpatha', { _SYSTEMD_UNIT: 'pacemaker.service', SYSLOG_IDENTIFIER: 'pacemaker-controld' }))).toBe(false);
    expect(isMultipathPathEvent(line('device-mapper: multipath: 253:0: Failing path 8:32.', { SYSLOG_IDENTIFIER: 'kernel' }))).toBe(false);
    // Identified by either field (journald fills both for a service; SYSLOG_IDENTIFIER alone over syslog).
    expect(isMultipathPathEvent(line('8:32: reinstated', { SYSLOG_IDENTIFIER: 'multipathd' }))).toBe(true);
    const unitOnly: JournalEntry = { time: 1, node: 'n1', priority: 5, unit: 'multipathd.service', message: '8:32: reinstated' };
    expect(isMultipathPathEvent(unitOnly)).toBe(true);
  });
});

describe('EventThrottle', () => {
  afterEach(() => vi.useRealTimers());

  it('fires at once, then at most once per gap per node (trailing), nodes apart', () => {
    vi.useFakeTimers();
    const fired: string[] = [];
    const t = new EventThrottle((n) => fired.push(n), 1000, () => Date.now());
    t.event('n1');
    expect(fired).toEqual(['n1']);
    for (let i = 0; i < 50; i++) t.event('n1');
    t.event('n2');
    expect(fired).toEqual(['n1', 'n2']);
    vi.advanceTimersByTime(999);
    expect(fired).toEqual(['n1', 'n2']);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['n1', 'n2', 'n1']);
    // Quiet for longer than the gap: the next event fires at once again.
    vi.advanceTimersByTime(5000);
    t.event('n1');
    expect(fired).toEqual(['n1', 'n2', 'n1', 'n1']);
  });
});
