import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShell, toExecString } from '../../ssh/quote.js';
import type { VdState } from '../../store/types.js';
import { preparePlan } from '../index.js';
import { testCtx } from '../test-support/ctx.js';
import { ScriptRunner } from '../test-support/script-runner.js';
import { cluster } from '../test-support/state.js';
import { parseCreate } from './def.js';
import type { CreateTarget } from './guards.js';

const base: CreateTarget = { name: 'db-01', profile: 'generic', node: 'n2', disks: ['/dev/mapper/mpatha'], bridges: ['br0'] };
async function prep(t: Partial<CreateTarget> = {}, mutate: (s: VdState) => void = () => undefined) {
  const s = cluster();
  mutate(s);
  const r = new ScriptRunner().allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
  const { ctx } = testCtx(s, r);
  return preparePlan('vm.create', { ...base, ...t }, ctx);
}
const errs = (p: { findings: { code: string; level: string }[] }) => p.findings.filter((f) => f.level === 'error').map((f) => f.code);

describe('vm create guards', () => {
  it('healthy generic VM: no findings', async () => {
    expect((await prep()).findings).toEqual([]);
  });
  it('name with shell metacharacters is refused and nothing is planned', async () => {
    const p = await prep({ name: 'x;rm -rf /' });
    expect(errs(p)).toEqual(['invalid-name']);
    expect(p.steps).toEqual([]);
  });
  it('name already used on any node', async () => {
    expect(errs(await prep({ name: 'app1' }))).toEqual(['name-exists']);
  });
  it('target without hugepages', async () => {
    expect(errs(await prep({ profile: 'app' }))).toEqual(['no-hugepages']);
  });
  it('database pinning that does not fit a NUMA node', async () => {
    const p = await prep({ profile: 'database', vcpus: 20, memoryMiB: 2048 }, (s) => (s.nodes['n2']!.host!.hugepages = [{ sizeKb: 1048576, total: 8, free: 8 }]));
    expect(errs(p)).toEqual(['pinning-does-not-fit']);
  });
  it('swap on the host is a warning', async () => {
    const p = await prep({}, (s) => (s.nodes['n2']!.host!.mem.swapTotalKb = 1024));
    expect(p.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:host-swap']);
  });
  it('missing bridge or LUN on the target', async () => {
    expect(errs(await prep({ bridges: ['br9'] }))).toEqual(['bridge-missing']);
    expect(errs(await prep({ disks: ['/dev/mapper/nope'] }))).toEqual(['lun-missing']);
  });
});

describe('vm create plan', () => {
  it('writes, validates, defines on every active node, removes, then registers the primitive', async () => {
    const p = await prep({ profile: 'database', vcpus: 4, memoryMiB: 4096 }, (s) => (s.nodes['n2']!.host!.hugepages = [{ sizeKb: 1048576, total: 8, free: 8 }]));
    expect(p.findings).toEqual([]);
    const path = `/tmp/virtdeck-define-db-01-${p.id}.xml`;
    const argv = p.steps.map((s) => (s.kind === 'cmd' ? [s.node, ...s.cmd.argv.map((w) => (w.length > 200 ? '<B64>' : w))] : []));
    const perNode = (n: string) => [
      [n, 'sh', '-c', 'set -C; printf %s "$1" | base64 -d > "$2"', 'sh', '<B64>', path],
      [n, 'virt-xml-validate', path, 'domain'],
      [n, 'virsh', '-c', 'qemu:///system', 'define', path],
      [n, 'rm', '-f', path],
    ];
    expect(argv.slice(0, 12)).toEqual([...perNode('n2'), ...perNode('n1'), ...perNode('n3')]);
    const last = p.steps.at(-1)!;
    expect(last.kind === 'cmd' && last.cmd.argv.slice(0, 5)).toEqual(['cibadmin', '--create', '--scope', 'resources', '--xml-text']);
    expect(last.kind === 'cmd' && last.cmd.mutates && last.cmd.sudo).toBe(true);
  });

  it('the write step round-trips through the real quoting and sh: no injection, exact bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vd-create-'));
    const path = join(dir, 'd.xml');
    return prep().then((p) => {
      const w = p.steps[0]!;
      if (w.kind !== 'cmd') throw new Error('expected a command');
      const b64 = w.cmd.argv[4]!;
      const cmd = { ...w.cmd, argv: [...w.cmd.argv.slice(0, 5), path] };
      const shell = toExecString(cmd);
      expect(parseShell(shell)[0]!.argv).toEqual(cmd.argv);
      execFileSync('sh', ['-c', shell]);
      expect(readFileSync(path, 'utf8')).toBe(Buffer.from(b64, 'base64').toString('utf8'));
      expect(readFileSync(path, 'utf8')).toContain('<name>db-01</name>');
      // noclobber: a second write to the same path fails instead of overwriting
      expect(() => execFileSync('sh', ['-c', shell], { stdio: 'pipe' })).toThrow();
    });
  });

  it('parses the CLI form', () => {
    expect(parseCreate(['db-01', '--profile', 'database', '--node', 'n2', '--vcpus', '8', '--memory', '16384', '--disk', '/dev/mapper/mpatha', '--network', 'br0', '--no-cluster'])).toEqual({
      name: 'db-01', profile: 'database', node: 'n2', vcpus: 8, memoryMiB: 16384, disks: ['/dev/mapper/mpatha'], bridges: ['br0'], cluster: false,
    });
    expect(() => parseCreate(['x', '--node', 'n1'])).toThrow(/--profile is required/);
    expect(() => parseCreate(['x', '--profile', 'p', '--node', 'n1', '--vcpus', 'two'])).toThrow(/whole number/);
  });
});
