import { describe, expect, it } from 'vitest';
import { fixturesOf } from '../../../test/support/collectors/parse-test-helpers.js';
import type { RunResult } from '../../ssh/runner.js';
import { ParseError } from '../parse-error.js';
import { CommandFailedError } from '../section.js';
import { lvmCmds, readLvm } from './collector.js';

const fx = fixturesOf('lvm');
const ok = (stdout: string, code = 0, stderr = ''): RunResult => ({ node: 'n1', stdout, stderr, code, durationMs: 1 });

describe('readLvm', () => {
  it('reads the three tools of one poll', () => {
    expect(lvmCmds().map((c) => c.argv[0])).toEqual(['lvmlockctl', 'dlm_tool', 'lvs']);
    expect(lvmCmds().every((c) => c.sudo)).toBe(true);
    const d = readLvm('n1', lvmCmds(), [ok(fx('lvmlockctl-info-started.txt')), ok(fx('dlm-ls-healthy.txt')), ok(fx('lvs-active.json'))]);
    expect(d.lvmlockd).toBe(true);
    expect(d.lockspaces.map((l) => l.name)).toEqual(['lvm_global', 'lvm_vg_shared']);
    expect(d.dlm?.map((l) => l.name)).toEqual(['lvm_vg_vms', 'lvm_global']);
    expect(d.vgs.map((v) => [v.name, v.lvs.length])).toEqual([['vg_shared', 2]]);
  });
  it('reads lvmlockd not running as a state (no lockspace), and no dlm_controld as dlm unknown', () => {
    const d = readLvm('n1', lvmCmds(), [ok(fx('lvmlockctl-info-no-daemon.stdout.txt'), 255, fx('lvmlockctl-info-no-daemon.stderr.txt')), ok('', 1), ok(fx('lvs-shared.json'))]);
    expect(d).toMatchObject({ lvmlockd: false, lockspaces: [] });
    expect(d.dlm).toBeUndefined();
  });
  it('fails on a failed lvs or lvmlockctl, and on garbage with a ParseError', () => {
    expect(() => readLvm('n1', lvmCmds(), [ok(''), ok(''), ok('', 5, '  Volume group "x" not found')])).toThrow(CommandFailedError);
    expect(() => readLvm('n1', lvmCmds(), [ok('', 1, 'sudo: a password is required'), ok(''), ok(fx('lvs-none.json'))])).toThrow(/sudo: a password is required/);
    expect(() => readLvm('n1', lvmCmds(), [ok('garbage\n'), ok(''), ok(fx('lvs-none.json'))])).toThrow(ParseError);
  });
});
