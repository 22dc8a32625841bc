import { describe, expect, it } from 'vitest';
import { assertOnlyParseError, damagedFixtures, fixturesOf, parseErr } from '../../../test/support/collectors/parse-test-helpers.js';
import { parseDlmToolLs, parseLvmlockctlInfo, parseLvsJson } from './parse.js';

const fx = fixturesOf('lvm');

describe('parseLvmlockctlInfo', () => {
  it('reads the real output: the global lockspace and a VG lockspace with a shared LV lock', () => {
    expect(parseLvmlockctlInfo(fx('lvmlockctl-info-started.txt'), 'n1')).toEqual([
      { name: 'lvm_global', lockType: '', lvLocks: [] },
      { vg: 'vg_shared', name: 'lvm_vg_shared', lockType: 'dlm', vgUuid: 'MmfDiD-VR7D-3epI-U5xi-QXWj-252Z-LBljGf', lvLocks: [{ uuid: 'aaaaaa-bbbb-cccc-dddd-eeee-ffff-000001', mode: 'sh' }] },
    ]);
  });
  it('reads held LV locks only (not waiters), and skips OP and UN lines', () => {
    const ls = parseLvmlockctlInfo(fx('lvmlockctl-info-two-vgs.txt'));
    expect(ls.map((l) => [l.vg, l.name, l.lockType, l.lvLocks.map((k) => k.mode)])).toEqual([
      [undefined, 'lvm_global', '', []],
      ['vg_vms', 'lvm_vg_vms', 'dlm', ['sh', 'ex']],
      ['vg_data', 'lvm_vg_data', 'dlm', []],
    ]);
  });
  it('reads no lockspace as an empty list', () => {
    expect(parseLvmlockctlInfo(fx('lvmlockctl-info-empty.txt'))).toEqual([]);
  });
  it('rejects other text with a ParseError naming lvmlockctl and the node', () => {
    const e = parseErr(() => parseLvmlockctlInfo(fx('lvmlockctl-info-no-daemon.stdout.txt'), 'n2'));
    expect(e.message).toMatch(/^lvmlockctl@n2: --info line 1: not lvmlockctl --info output/);
    expect(parseErr(() => parseLvmlockctlInfo('LS dlm lvm_x\n')).detail).toMatch(/LS before any VG/);
    expect(parseErr(() => parseLvmlockctlInfo('LK LV sh abc\n')).detail).toMatch(/outside a lockspace/);
    expect(parseErr(() => parseLvmlockctlInfo('VG vg1 lock_type=dlm u\n')).detail).toMatch(/without its LS line/);
    expect(parseErr(() => parseLvmlockctlInfo('VG vg1 lock_type=dlm u\nLS dlm lvm_vg1\nLK LV sh\n')).detail).toMatch(/without mode or LV/);
  });
});

describe('parseDlmToolLs', () => {
  it('reads lockspaces and their members', () => {
    expect(parseDlmToolLs(fx('dlm-ls-healthy.txt'), 'n1')).toEqual([
      { name: 'lvm_vg_vms', members: [1, 2, 3], changing: false },
      { name: 'lvm_global', members: [1, 2, 3], changing: false },
    ]);
  });
  it('sees a membership change in progress', () => {
    expect(parseDlmToolLs(fx('dlm-ls-changing.txt'))).toEqual([{ name: 'lvm_vg_vms', members: [1, 2, 3], changing: true }]);
  });
  it('reads no output as no lockspace', () => {
    expect(parseDlmToolLs(fx('dlm-ls-none.txt'))).toEqual([]);
  });
  it('rejects other text with a ParseError naming dlm_tool', () => {
    expect(parseErr(() => parseDlmToolLs('Usage:\n\ndlm_tool [command]\n', 'n3')).message).toMatch(/^dlm_tool@n3: ls: output does not start with "dlm lockspaces"/);
    expect(parseErr(() => parseDlmToolLs('dlm lockspaces\nmembers       1 2\n')).detail).toMatch(/before any lockspace name/);
    expect(parseErr(() => parseDlmToolLs('dlm lockspaces\nname          x\nmembers       1 two\n')).detail).toMatch(/not node ids/);
  });
});

describe('parseLvsJson', () => {
  it('reads the real report of a shared VG (activity unknown without device-mapper)', () => {
    const [vg, ...rest] = parseLvsJson(fx('lvs-shared.json'), 'n1');
    expect(rest).toEqual([]);
    expect(vg).toMatchObject({ name: 'vg_shared', shared: true, lockType: 'dlm' });
    expect(vg!.lvs[0]).toEqual({
      vg: 'vg_shared', name: 'vm1_disk', uuid: 'aaaaaa-bbbb-cccc-dddd-eeee-ffff-000001', path: '/dev/vg_shared/vm1_disk', dmPath: '/dev/mapper/vg_shared-vm1_disk',
      activeLocally: false, activeExclusively: false, sizeBytes: 41943040,
    });
  });
  it('reads active, exclusive and open LVs', () => {
    const lvs = parseLvsJson(fx('lvs-active.json'))[0]!.lvs;
    expect(lvs.map((l) => [l.name, l.activeLocally, l.activeExclusively, l.open])).toEqual([
      ['vm1_disk', true, false, true],
      ['vm2_disk', true, true, false],
    ]);
  });
  it('reads no shared VG, and ignores fields it did not ask for', () => {
    expect(parseLvsJson(fx('lvs-none.json'))).toEqual([]);
    expect(parseLvsJson('{"report":[{"lv":[{"vg_name":"v","lv_name":"l","new_field":"x"}]}],"log":[]}')).toEqual([{ name: 'v', shared: false, lvs: [{ vg: 'v', name: 'l' }] }]);
  });
  it('rejects truncated, empty and odd reports with a ParseError naming lvs', () => {
    expect(parseErr(() => parseLvsJson(fx('lvs-truncated.json'), 'n2')).message).toMatch(/^lvs@n2: invalid JSON report/);
    expect(parseErr(() => parseLvsJson('')).detail).toMatch(/printed nothing/);
    expect(parseErr(() => parseLvsJson('[]')).detail).toMatch(/no "report" array/);
    expect(parseErr(() => parseLvsJson('{"report":[{"lv":{}}]}')).detail).toMatch(/lv is not an array/);
    expect(parseErr(() => parseLvsJson('{"report":[{"lv":[{"vg_name":"v"}]}]}')).detail).toMatch(/lacks vg_name or lv_name/);
  });
});

describe('damaged input', () => {
  const all = ['lvmlockctl-info-started.txt', 'lvmlockctl-info-two-vgs.txt', 'dlm-ls-healthy.txt', 'dlm-ls-changing.txt', 'lvs-shared.json', 'lvs-active.json'].map(fx);
  it('never throws anything but a ParseError', () => {
    assertOnlyParseError(damagedFixtures(all), [parseLvmlockctlInfo, parseDlmToolLs, parseLvsJson], { numRuns: 400 });
  });
});
