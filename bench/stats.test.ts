import { describe, expect, it } from 'vitest';
import { childCpuFromTimes, establishedByRemotePort, percentile, summary } from './stats.js';

describe('bench stats', () => {
  it('nearest-rank percentiles', () => {
    const xs = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 95)).toBe(10);
    expect(percentile([], 50)).toBeUndefined();
    expect(summary([1, 2]).p95).toBe(2);
  });

  it('reads the children line of bash times', () => {
    expect(childCpuFromTimes('0m0.001s 0m0.002s\n0m1.250s 0m0.250s\n')).toBeCloseTo(1.5);
    expect(childCpuFromTimes('garbage')).toBeUndefined();
  });

  it('counts established client ends by server port', () => {
    const text = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:A000 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 1',
      '   1: 0100007F:1F90 0100007F:A000 01 00000000:00000000 00:00000000 00000000  1000        0 2',
      '   2: 0100007F:A001 0100007F:1F90 06 00000000:00000000 00:00000000 00000000  1000        0 3',
      '   3: 0100007F:A002 0100007F:1F91 01 00000000:00000000 00:00000000 00000000  1000        0 4',
    ].join('\n');
    expect([...establishedByRemotePort(text, [0x1f90, 0x1f91, 0x1f92])]).toEqual([
      [0x1f90, 1],
      [0x1f91, 1],
      [0x1f92, 0],
    ]);
  });
});
