import { describe, expect, it } from 'vitest';
import { autostartNamesCmd, domjobinfoCmd, domSizesCmd, domstatsCmd, eventStreamCmd, listAllCmd } from './command.js';
import { iostatStreamCmd } from '../iostat/command.js';

describe('virsh / iostat commands', () => {
  it('run read-only in the C locale with UTF-8 text (untranslated labels, decimal points, non-ASCII names intact)', () => {
    for (const c of [listAllCmd('qemu:///system'), autostartNamesCmd('qemu:///system'), eventStreamCmd('qemu:///system'), domjobinfoCmd('qemu:///system', 'web-01')]) {
      expect(c.argv.slice(0, 4)).toEqual(['virsh', '-c', 'qemu:///system', '-r']);
      expect(c.env).toEqual({ LC_ALL: 'C.UTF-8' });
      expect(c.mutates).toBeUndefined();
    }
    expect(iostatStreamCmd(2).env).toEqual({ LC_ALL: 'C' });
    expect(iostatStreamCmd(0.2).argv).toEqual(['iostat', '-dxy', '-o', 'JSON', '1']);
  });

  it('domstats does not block on a busy QEMU monitor', () => {
    expect(domstatsCmd('qemu:///system').argv).toEqual([
      'virsh', '-c', 'qemu:///system', '-r', 'domstats', '--state', '--cpu-total', '--block', '--nowait',
    ]);
    expect(domSizesCmd('qemu:///system').argv).toEqual(['virsh', '-c', 'qemu:///system', '-r', 'domstats', '--state', '--balloon', '--vcpu', '--nowait']);
  });

  it('refuses an invalid domain name before anything is sent', () => {
    expect(() => domjobinfoCmd('qemu:///system', 'x; rm -rf /')).toThrow();
  });
});
