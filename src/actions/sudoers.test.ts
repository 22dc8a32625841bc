import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operatorCommands, readonlyCommands, renderSudoers, sudoersLine } from './sudoers.js';
import { cibQueryCmd, cibVmPrimitivesCmd, moveCmd, VM_PRIMITIVES_XPATH } from './commands.js';
import { crmMonCmd } from '../collectors/pacemaker/command.js';
import { corosyncNameCmd, crmConfigCmd } from '../collectors/pacemaker/cluster-name.js';
import { toExecString } from '../ssh/quote.js';
import { configNameCmd } from './vm-config.js';
import { skipWithout, toolPath } from '../../test/helpers/tools.js';

const dir = mkdtempSync(join(tmpdir(), 'vd-sudoers-'));
const visudo = (text: string) => {
  const f = join(dir, `s${Math.random().toString(36).slice(2)}`);
  writeFileSync(f, text, { mode: 0o440 });
  return execFileSync(toolPath('visudo')!, ['-c', '-f', f], { encoding: 'utf8' });
};

describe('sudoers', () => {
  it.skipIf(skipWithout('sudoers through the real visudo -c', ['visudo']))('read-only and operator files pass visudo -c', () => {
    const ro = renderSudoers({ role: 'readonly', user: 'monitor' });
    const op = renderSudoers({ role: 'operator', user: '%virtdeck-ops' });
    expect(visudo(ro)).toMatch(/parsed OK/);
    expect(visudo(op)).toMatch(/parsed OK/);
    expect(ro).not.toContain('crm_attribute');
    expect(ro).toContain('/usr/sbin/crm_mon --one-shot --output-as\\=xml --inactive --fence-history\\=2 --include\\=all --exclude\\=operations,');
    expect(op).toContain('/usr/sbin/crm_attribute ^--node [A-Za-z0-9][A-Za-z0-9._-]* --name standby --update on$');
    expect(op).toContain('/usr/sbin/stonith_admin ^--fence [A-Za-z0-9][A-Za-z0-9._-]*$');
    expect(op).toContain('%virtdeck-ops ALL=(root) NOPASSWD: VIRTDECK_READ, VIRTDECK_OPERATE');
  });
  it('variable words become anchored patterns, literal words stay exact', () => {
    expect(sudoersLine(moveCmd('vdsentinelrsc', 'vdsentinelnode'))).toBe('/usr/sbin/crm_resource ^--move --resource [A-Za-z_][A-Za-z0-9_.-]* --node [A-Za-z0-9][A-Za-z0-9._-]*$');
  });
  it('neither role allows sbd query-watchdog/test-watchdog (they arm the watchdog, sbd(8)); the sysfs watchdog listing needs no sudo', () => {
    for (const role of ['readonly', 'operator'] as const) expect(renderSudoers({ role, user: 'monitor' })).not.toMatch(/watchdog/);
    expect([...readonlyCommands(), ...operatorCommands()].filter((c) => c.argv.some((w) => /watchdog/.test(w)))).toEqual([]);
  });
  it('rejects bad user names and unknown programs', () => {
    expect(() => renderSudoers({ role: 'readonly', user: 'a b' })).toThrow(/invalid user/);
    expect(() => sudoersLine({ argv: ['mystery'], sudo: true })).toThrow(/no absolute path known for "mystery"/);
  });
});

// What sudo itself would allow: `sudo -l -U USER CMD...` against the generated file, bind-mounted
// over /etc/sudoers inside a private mount namespace (unshare -m), so the real file is never
// touched. Needs root (for the namespace and -U) and a passwd user the rules name.
const SUDO_USER = 'nobody';
const noRealSudo = skipWithout(
  'sudoers through real `sudo -l -U` (private mount namespace)',
  ['sudo', 'visudo', 'unshare', 'mount'],
  process.getuid?.() !== 0 ? 'needs root for a private mount namespace' : undefined,
);

function sudoAllows(sudoers: string, argvs: string[][]): boolean[] {
  const f = join(dir, `real${Math.random().toString(36).slice(2)}`);
  writeFileSync(f, sudoers, { mode: 0o440 });
  execFileSync(toolPath('visudo')!, ['-c', '-f', f], { encoding: 'utf8' });
  const checks = argvs.map((argv) => `${toExecString({ argv: [toolPath('sudo')!, '-n', '-l', '-U', SUDO_USER, '--', ...argv] })} >/dev/null 2>&1; echo $?`);
  const script = [`${toExecString({ argv: ['mount', '--bind', f, '/etc/sudoers'] })} || exit 99`, ...checks].join('\n');
  const out = execFileSync(toolPath('unshare')!, ['-m', '--propagation', 'private', '--', 'sh', '-c', script], { encoding: 'utf8' });
  const codes = out.trim().split('\n').map(Number);
  expect(codes).toHaveLength(argvs.length);
  return codes.map((c) => c === 0);
}

const abs = (argv: readonly string[]): string[] => [`/usr/sbin/${argv[0]}`, ...argv.slice(1)];

describe('sudoers: the read role cannot dump the whole CIB (fence devices hold BMC passwords)', () => {
  it('no read-role cibadmin command is unscoped; the full query is the operator role\'s', () => {
    const cib = readonlyCommands().filter((c) => c.argv[0] === 'cibadmin');
    expect([...new Set(cib.map((c) => c.argv.join(' ')))]).toEqual([
      'cibadmin --query --scope fencing-topology',
      'cibadmin --query --scope constraints',
      `cibadmin --query --xpath ${VM_PRIMITIVES_XPATH}`,
      'cibadmin --query --scope crm_config',
      // the utilization source: node utilization attributes
      'cibadmin --query --scope nodes',
    ]);
    expect(operatorCommands().map((c) => c.argv.join(' '))).toContain('cibadmin --query');
  });

  it('a literal argument with glob characters matches only itself (escaped for fnmatch)', () => {
    expect(sudoersLine(cibVmPrimitivesCmd())).toBe("/usr/sbin/cibadmin --query --xpath //primitive\\[@class\\='ocf'\\]\\[@type\\='VirtualDomain'\\]");
  });

  it.skipIf(noRealSudo)('real sudo -l -U: read role allows monitoring and scoped queries only; operator role adds the full CIB', () => {
    const ro = renderSudoers({ role: 'readonly', user: SUDO_USER });
    const op = renderSudoers({ role: 'operator', user: SUDO_USER });
    const allowed = [crmMonCmd().argv, cibQueryCmd('constraints').argv, cibQueryCmd('fencing-topology').argv, cibVmPrimitivesCmd().argv, crmConfigCmd().argv, corosyncNameCmd().argv].map(abs);
    const full = abs(cibQueryCmd().argv);
    const refused = [
      full,
      ['cibadmin', '-Q'],
      ['cibadmin', '--query', '--scope', 'resources'],
      ['cibadmin', '--query', '--scope', 'configuration'],
      ['cibadmin', '--query', '--xpath', '//primitive'],
      ['cibadmin', '--query', '--xpath', "//primitive[@class='stonith']"],
      ['cibadmin', '--query', '--xpath', '//nvpair'],
      ['cibadmin', '--query', '--xpath', VM_PRIMITIVES_XPATH, '--local'],
      ['cibadmin', '--query', '--xpath', "//primitive[@class='ocf'][@type='VirtualDomainX']"],
      ['cibadmin', '--query', '--scope', 'constraints', '--xpath', '//nvpair'],
    ].map((a) => (a[0]!.startsWith('/') ? a : abs(a)));
    expect(sudoAllows(ro, [...allowed, ...refused])).toEqual([...allowed.map(() => true), ...refused.map(() => false)]);
    expect(sudoAllows(op, [full, ...allowed])).toEqual([true, ...allowed.map(() => true)]);
  });

  it.skipIf(noRealSudo)('real sudo -l -U: both roles allow fence check\'s probes (the watchdog listing needs no sudo), the read role never --fence', () => {
    const probes = [['stonith_admin', '--query', 'fence-ipmi-kvm-n1'], ['sbd', '-d', '/dev/disk/by-id/scsi-36001405sbd0', 'list']].map(abs);
    const refused = [['stonith_admin', '--query', 'x', '--fence', 'n1'], ['stonith_admin', '--fence', 'n1'], ['stonith_admin', '--query', 'a b']].map(abs);
    expect(sudoAllows(renderSudoers({ role: 'readonly', user: SUDO_USER }), [...probes, ...refused])).toEqual([true, true, false, false, false]);
    expect(sudoAllows(renderSudoers({ role: 'operator', user: SUDO_USER }), probes)).toEqual([true, true]);
  });

  it.skipIf(noRealSudo)("real sudo -l -U: the read role may grep a domain config's <name> line, nothing else", () => {
    const ok = [configNameCmd('/etc/libvirt/qemu/web01.xml').argv, configNameCmd('/srv/vm-cfg/db-01.xml').argv].map((a) => ['/usr/bin/grep', ...a.slice(1)]);
    const grep = (...a: string[]) => ['/usr/bin/grep', ...a];
    const refused = [
      grep('-E', '.*', '/etc/libvirt/qemu/web01.xml'),
      grep('-r', '-E', configNameCmd('/a.xml').argv[2]!, '/etc'),
      grep('-E', configNameCmd('/a.xml').argv[2]!, '/etc/shadow'),
      grep('-E', configNameCmd('/a.xml').argv[2]!, '/a.xml', '/etc/shadow'),
    ];
    expect(sudoAllows(renderSudoers({ role: 'readonly', user: SUDO_USER }), [...ok, ...refused])).toEqual([true, true, false, false, false, false]);
  });
});
