// Regressions for robustness bugs found by the fuzz/fault work and fixed in parsers this suite
// may edit (pacemaker, corosync, fencing, multipath).
import { describe, expect, it } from 'vitest';
import { parseSbdConfig } from '../../src/collectors/fencing/parse.js';

describe('fixed parser bugs', () => {
  it('sbd config: a "__proto__=" line is kept as data (was silently dropped by the {} setter) and pollutes nothing', () => {
    const r = parseSbdConfig('__proto__=x\nconstructor=y\nSBD_DEVICE=/dev/a;/dev/b\n', 'n1');
    expect(Object.keys(r.raw)).toEqual(['__proto__', 'constructor', 'SBD_DEVICE']);
    expect(r.raw['__proto__']).toBe('x');
    expect(r.devices).toEqual(['/dev/a', '/dev/b']);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});
