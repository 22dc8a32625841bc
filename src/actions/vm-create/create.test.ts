import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShell, toExecString } from '../../ssh/quote.js';
import type { VdState } from '../../store/types.js';
import { executePlan, preparePlan, UsageError } from '../index.js';
import { expectRefused } from '../../../test/support/actions/refused.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { caps, cluster, mpath, NOW, vdRes, vm } from '../../../test/support/actions/state.js';
import { parseCreate } from './def.js';
import { skipWithout } from '../../../test/helpers/tools.js';
import type { CreateTarget } from './guards.js';

const base: CreateTarget = { name: 'db-01', profile: 'generic', node: 'n2', disks: ['/dev/mapper/mpatha'], bridges: ['br0'] };
const URI = 'qemu:///system';
const PINNED = readFileSync(new URL('../../collectors/virsh/fixtures/dumpxml-db-03-pinned.xml', import.meta.url), 'utf8');
/** Domain XML of an existing VM: its own disk unless told otherwise, plus a shared install ISO. */
const domXml = (name: string, disk = `/dev/disk/by-id/wwn-${name}`) =>
  `<domain type='kvm'><name>${name}</name><memory unit='GiB'>4</memory><vcpu>2</vcpu><devices>` +
  `<disk type='block' device='disk'><source dev='${disk}'/><target dev='vda' bus='virtio'/></disk>` +
  `<disk type='file' device='cdrom'><source file='/dev/sr0'/><target dev='sda' bus='sata'/></disk></devices></domain>`;
type XmlFor = (node: string, vm: string) => { stdout?: string; code?: number };
/** Answers `virsh -r dumpxml` for every VM the store lists on every node (the gather of vm.create). */
function domainsRunner(s: VdState, xmlFor: XmlFor = (_n, vm) => ({ stdout: domXml(vm) })): FakeRunner {
  const r = new FakeRunner({ ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 });
  for (const n of s.nodeOrder) for (const v of s.nodes[n]!.vms ?? []) r.allow(n, ['virsh', '-c', URI, '-r', 'dumpxml', v.name], xmlFor(n, v.name));
  return r;
}
async function prep(t: Partial<CreateTarget> = {}, mutate: (s: VdState) => void = () => undefined, xmlFor?: XmlFor) {
  const s = cluster();
  mutate(s);
  const r = domainsRunner(s, xmlFor);
  const { ctx } = testCtx(s, r);
  const p = await preparePlan('vm.create', { ...base, ...t }, ctx);
  expect(r.mutations()).toEqual([]);
  return p;
}
const dbHugepages = (s: VdState) => (s.nodes['n2']!.host!.hugepages = [{ sizeKb: 1048576, total: 8, free: 8 }]);
const msgs = (p: { findings: { code: string; message: string }[] }, code: string) => p.findings.filter((f) => f.code === code).map((f) => f.message);
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
  it('swap on the host is a warning: refused until acknowledged', async () => {
    const s = cluster();
    s.nodes['n2']!.host!.mem.swapTotalKb = 1024;
    const r = domainsRunner(s);
    const { ctx } = testCtx(s, r);
    const p = await preparePlan('vm.create', base, ctx);
    expect(p.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:host-swap']);
    expect(await executePlan(p, ctx)).toMatchObject({ status: 'refused', message: 'warnings not acknowledged', findings: [{ code: 'host-swap', node: 'n2' }] });
    expect(r.mutations()).toEqual([]);
  });
  it('missing bridge or LUN on the target', async () => {
    expect(errs(await prep({ bridges: ['br9'] }))).toEqual(['bridge-missing']);
    expect(errs(await prep({ disks: ['/dev/mapper/nope'] }))).toEqual(['lun-missing']);
  });
});

describe('vm create: disks already used by another VM', () => {
  it('refuses a disk another VM on another node uses, naming the VM and where it is defined', async () => {
    const p = await prep({}, (s) => s.nodes['n3']!.vms!.push({ name: 'web1', node: 'n3', state: 'shut off' }), (_n, vm) => ({ stdout: domXml(vm, vm === 'web1' ? '/dev/mapper/mpatha' : undefined) }));
    expect(errs(p)).toEqual(['disk-in-use']);
    expect(msgs(p, 'disk-in-use')).toEqual(['/dev/mapper/mpatha is already used by VM web1 (defined on n1, n3)']);
    expect(p.blocked).toBe(true);
  });
  it('the same LUN under another name (dm device, by-id) is the same disk: matched by multipath WWID', async () => {
    const viaDm = await prep({}, undefined, (_n, vm) => ({ stdout: domXml(vm, vm === 'db1' ? '/dev/dm-0' : undefined) }));
    expect(msgs(viaDm, 'disk-in-use')).toEqual(['/dev/mapper/mpatha is already used by VM db1 (defined on n2)']);
    const byId = await prep({ disks: ['/dev/disk/by-id/dm-uuid-mpath-3600mpatha'] }, undefined, (_n, vm) => ({ stdout: domXml(vm, vm === 'app1' ? '/dev/mapper/mpatha' : undefined) }));
    expect(msgs(byId, 'disk-in-use')).toEqual(['/dev/disk/by-id/dm-uuid-mpath-3600mpatha is already used by VM app1 (defined on n1)']);
  });
  it('one friendly name for different LUNs on two nodes is not a conflict (WWIDs differ)', async () => {
    const p = await prep({}, (s) => (s.nodes['n1']!.multipath![0]!.wwid = '3600other'), (_n, vm) => ({ stdout: domXml(vm, vm === 'web1' ? '/dev/mapper/mpatha' : undefined) }));
    expect(p.findings).toEqual([]);
  });
  it('shared install media (cdrom) do not count; unreadable XML is a warning naming node and VM', async () => {
    const cd = await prep({ disks: ['/dev/sr0'] }, undefined);
    expect(errs(cd)).toEqual([]);
    const p = await prep({}, undefined, (n, vm) => (vm === 'db1' ? { code: 1 } : { stdout: domXml(vm) }));
    expect(p.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:domain-xml-unknown']);
    expect(p.findings[0]!.message).toBe('domain XML not read (n2: virsh dumpxml db1: exit 1): disks in use of those VMs not checked');
  });
});

describe('vm create: database pinning around CPUs other domains pin on the target', () => {
  // db1 runs on n2 with the real pinned XML (vCPUs on host CPUs 2, 3, 4, 6, 7; emulator on CPU 1).
  const pinnedDb1: XmlFor = (_n, vm) => ({ stdout: vm === 'db1' ? PINNED.replaceAll('db-03', 'db1') : domXml(vm) });
  const pins = (p: { steps: { kind: string }[] }) => {
    const w = p.steps[0]!;
    if (w.kind !== 'cmd' || !('cmd' in w)) throw new Error('expected the write step');
    const xml = Buffer.from((w as { cmd: { argv: string[] } }).cmd.argv[4]!, 'base64').toString('utf8');
    return [...xml.matchAll(/<(vcpupin vcpu="\d+"|emulatorpin) cpuset="([\d,-]+)"/g)].map((m) => `${m[1]!.replace(/ vcpu="(\d+)"/, "'$1'")}=${m[2]}`);
  };
  it("never a CPU another VM pins a vCPU or its emulator to; the emulator gets the rest of the cell", async () => {
    const p = await prep({ profile: 'database', vcpus: 4, memoryMiB: 4096 }, dbHugepages, pinnedDb1);
    expect(p.findings).toEqual([]);
    // cell 0 = CPUs 0-15; 2-4, 6, 7 are db1's vCPUs, 1 its emulator, 0 stays with the host
    expect(pins(p)).toEqual(["vcpupin'0'=5", "vcpupin'1'=8", "vcpupin'2'=9", "vcpupin'3'=10", 'emulatorpin=0-1,11-15']);
    expect(p.summary[1]).toBe('4 vCPU, 4096 MiB, pinned to NUMA cell 0 CPUs 5,8,9,10');
  });
  it('moves to the next cell when the pinned CPUs leave too few, and refuses when no cell has room', async () => {
    const small = (s: VdState) => {
      dbHugepages(s);
      s.nodes['n2']!.capabilities = caps('Cascadelake-Server', 2, 8);
    };
    const next = await prep({ profile: 'database', vcpus: 4, memoryMiB: 4096 }, small, pinnedDb1);
    expect(errs(next)).toEqual([]);
    expect(pins(next)).toEqual(["vcpupin'0'=9", "vcpupin'1'=10", "vcpupin'2'=11", "vcpupin'3'=12", 'emulatorpin=8,13-15']);
    // A second pinned VM on the other cell: nothing fits any more.
    const full = await prep(
      { profile: 'database', vcpus: 4, memoryMiB: 4096 },
      (s) => {
        small(s);
        s.nodes['n2']!.vms!.push(vm('db2', 'n2', 'running', 4, 4));
      },
      (n, name) => (name === 'db2' ? { stdout: PINNED.replaceAll('db-03', 'db2').replace(/cpuset='[\d-]+'/g, "cpuset='10-13'") } : pinnedDb1(n, name)),
    );
    expect(errs(full)).toEqual(['pinning-does-not-fit']);
    expect(msgs(full, 'pinning-does-not-fit')).toEqual([
      '4 pinned vCPUs and 4096 MiB do not fit one NUMA cell of n2: cell 0: 3 free CPUs (5 pinned by other VMs), need 4 + 1 for the emulator; cell 1: 4 free CPUs (4 pinned by other VMs), need 4 + 1 for the emulator',
    ]);
    expect(full.steps).toEqual([]);
  });
  it('pins of a VM defined on the target but not running count too: it takes them back when it starts', async () => {
    const p = await prep({ profile: 'database', vcpus: 4, memoryMiB: 4096 }, (s) => {
      dbHugepages(s);
      s.nodes['n2']!.vms![0]!.state = 'shut off';
    }, pinnedDb1);
    expect(p.findings).toEqual([]);
    expect(pins(p)).toEqual(["vcpupin'0'=5", "vcpupin'1'=8", "vcpupin'2'=9", "vcpupin'3'=10", 'emulatorpin=0-1,11-15']);
  });
  it("pins of domains on other nodes do not count", async () => {
    const p = await prep({ profile: 'database', vcpus: 4, memoryMiB: 4096 }, dbHugepages, (n, name) => (n === 'n1' ? { stdout: PINNED.replaceAll('db-03', name) } : { stdout: domXml(name) }));
    expect(pins(p)).toEqual(["vcpupin'0'=1", "vcpupin'1'=2", "vcpupin'2'=3", "vcpupin'3'=4", 'emulatorpin=0,5-15']);
  });
  it("vCPUs on another VM's emulator CPU only when nothing else is left, with a warning naming it", async () => {
    const p = await prep({ profile: 'database', vcpus: 2, memoryMiB: 2048 }, (s) => {
      dbHugepages(s);
      s.nodes['n2']!.capabilities = caps('Cascadelake-Server', 1, 8);
    }, pinnedDb1);
    // CPUs 0-7: free of vCPU pins are 0 (host), 1 (db1's emulator) and 5
    expect(pins(p)).toEqual(["vcpupin'0'=1", "vcpupin'1'=5", 'emulatorpin=0']);
    expect(p.findings.map((f) => `${f.level}:${f.code}`)).toEqual(['warning:emulator-overlap']);
    expect(msgs(p, 'emulator-overlap')).toEqual(["n2: no other CPU left, so vCPUs of db-01 use CPU(s) 1 where db1's emulator threads are pinned; narrow them (virsh emulatorpin db1 CPUS --live --config)"]);
  });
});

describe('vm create plan', () => {
  it('writes, validates, defines on every active node, removes, then registers the primitive', async () => {
    const p = await prep({ profile: 'database', vcpus: 4, memoryMiB: 4096 }, dbHugepages);
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
    expect(() => parseCreate(['a;rm -rf /', '--profile', 'generic', '--node', 'n1'])).toThrow(UsageError);
  });
});

describe('vm create: each guard refuses the action (nothing runs)', () => {
  const cases: { name: string; t?: Partial<CreateTarget>; mutate?: (s: VdState) => void; codes: string[] }[] = [
    { name: 'name with shell metacharacters', t: { name: 'db;reboot' }, codes: ['invalid-name'] },
    { name: 'unknown profile', t: { profile: 'turbo' }, codes: ['unknown-profile'] },
    { name: 'unknown node', t: { node: 'n9' }, codes: ['unknown-node'] },
    { name: 'name used by a VM defined (not running) on another node only', t: { name: 'old1' }, mutate: (s) => s.nodes['n3']!.vms!.push({ name: 'old1', node: 'n3', state: 'shut off' }), codes: ['name-exists'] },
    { name: 'Pacemaker resource of that name exists', mutate: (s) => s.cluster.crm!.resources.push(vdRes('vm-db-01', [])), codes: ['name-exists'] },
    { name: 'no quorum (registered with Pacemaker)', mutate: (s) => (s.cluster.crm!.summary.withQuorum = false), codes: ['no-quorum'] },
    { name: 'target in standby', mutate: (s) => (s.cluster.crm!.nodes[1]!.standby = true), codes: ['target-not-active'] },
    { name: "stale data of the target", mutate: (s) => (s.nodes['n2']!.fresh.capabilities!.lastOk = NOW - 3_600_000), codes: ['stale-data'] },
    { name: "stale VM list of another node (the name check reads it)", mutate: (s) => (s.nodes['n3']!.fresh.vms!.lastOk = NOW - 3_600_000), codes: ['stale-data'] },
    { name: 'no hugepages free on the target (app: 2 MiB pages)', t: { profile: 'app' }, codes: ['no-hugepages'] },
    { name: 'not enough memory on the target', mutate: (s) => (s.nodes['n2']!.host!.mem.memAvailableKb = 1024 * 1024), codes: ['insufficient-capacity'] },
    { name: 'pinning does not fit a NUMA node', t: { profile: 'database', vcpus: 16, memoryMiB: 2048 }, mutate: dbHugepages, codes: ['pinning-does-not-fit'] },
    { name: 'disk path with shell metacharacters', t: { disks: ['/dev/mapper/a;b'] }, codes: ['invalid-disk'] },
    { name: 'LUN not mapped on the target', t: { disks: ['/dev/mapper/mpathz'] }, codes: ['lun-missing'] },
    { name: 'LUN with a failed path on the target', mutate: (s) => (s.nodes['n2']!.multipath![0] = mpath('mpatha', 'dm-0', [['sdb', 'ready'], ['sdc', 'faulty']])), codes: ['lun-degraded'] },
    { name: 'disk used by another VM', mutate: (s) => s.nodes['n3']!.vms!.push({ name: 'x1', node: 'n3', state: 'shut off' }), codes: ['disk-in-use'] },
    { name: 'bridge name with metacharacters', t: { bridges: ['br0;x'] }, codes: ['invalid-bridge'] },
    { name: 'bridge missing on the target', t: { bridges: ['br7'] }, codes: ['bridge-missing'] },
    { name: 'read-only mode', mutate: (s) => (s.readonly = true), codes: ['read-only'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const s = cluster();
      c.mutate?.(s);
      const r = domainsRunner(s, (_n, vm) => ({ stdout: domXml(vm, vm === 'x1' ? '/dev/mapper/mpatha' : undefined) }));
      const { ctx } = testCtx(s, r);
      const p = await preparePlan('vm.create', { ...base, ...c.t }, ctx);
      await expectRefused(p, ctx, r, c.codes);
    });
  }
  it('a node that cannot be read: the name is not known to be unique there (warning to acknowledge)', async () => {
    const p = await prep({}, (s) => (s.nodes['n3']!.conn.status = 'down'));
    expect(p.findings.map((f) => `${f.level}:${f.code}:${f.node ?? ''}`)).toEqual(['warning:name-unchecked:n3', 'warning:domain-xml-unknown:']);
    expect(msgs(p, 'name-unchecked')).toEqual(['n3 is not reachable: whether it defines a VM named db-01 was not checked']);
  });
});

describe('vm create: virt-xml-validate gates virsh define', () => {
  const W = (path: string) => ['sh', '-c', 'set -C; printf %s "$1" | base64 -d > "$2"', 'sh', expect.any(String), path];
  async function unmanaged(onRefresh?: (round: number, set: (fn: (s: VdState) => void) => void) => void) {
    const s = cluster();
    const r = domainsRunner(s);
    const { ctx } = testCtx(s, r, onRefresh ? { onRefresh } : {});
    const p = await preparePlan('vm.create', { ...base, cluster: false }, ctx);
    const path = `/tmp/virtdeck-define-db-01-${p.id}.xml`;
    expect(p.steps.map((x) => x.kind === 'cmd' && [x.node, ...x.cmd.argv])).toEqual([
      ['n2', ...W(path)],
      ['n2', 'virt-xml-validate', path, 'domain'],
      ['n2', 'virsh', '-c', URI, 'define', path],
      ['n2', 'rm', '-f', path],
    ]);
    const w = p.steps[0]!;
    return { p, ctx, r, path, write: w.kind === 'cmd' ? w.cmd.argv : [] };
  }
  it('a schema error stops before virsh define; the temp file is still removed', async () => {
    const { p, ctx, r, path, write } = await unmanaged();
    r.expect('n2', write)
      .expect('n2', ['virt-xml-validate', path, 'domain'], { code: 3, stderr: `${path}:1: element bogus: Relax-NG validity error : Element domain has extra content: bogus\n${path} fails to validate\n` })
      .expect('n2', ['rm', '-f', path]);
    const res = await executePlan(p, ctx);
    expect(res).toMatchObject({ ok: false, status: 'failed', message: `validate it against the libvirt schema (skipped when virt-xml-validate is missing) on n2: ${path} fails to validate` });
    r.assertAllCalled();
    expect(r.calls.some((c) => c.cmd.argv.includes('define'))).toBe(false);
  });
  it('virt-xml-validate not installed (exit 127): define goes ahead', async () => {
    const { p, ctx, r, path, write } = await unmanaged((round, set) => round >= 2 && set((s) => s.nodes['n2']!.vms!.push({ name: 'db-01', node: 'n2', state: 'shut off' })));
    r.expect('n2', write)
      .expect('n2', ['virt-xml-validate', path, 'domain'], { code: 127, stderr: 'sh: 1: virt-xml-validate: not found' })
      .expect('n2', ['virsh', '-c', URI, 'define', path], { stdout: `Domain 'db-01' defined from ${path}` })
      .expect('n2', ['rm', '-f', path]);
    expect(await executePlan(p, ctx)).toMatchObject({ ok: true, status: 'done', message: 'db-01 is defined on n2' });
    r.assertAllCalled();
  });
});

// virt-xml-validate is a shell script around xmllint (it exits 127 without it).
describe.skipIf(skipWithout('vm create: the real virt-xml-validate', ['virt-xml-validate', 'xmllint']))('vm create: the plan\'s own write + validate commands, run for real (sh, base64, virt-xml-validate)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vd-validate-'));
  for (const profile of ['generic', 'app', 'database', 'iointensive', 'dc']) {
    it(`${profile}: the written file is the rendered XML and passes virt-xml-validate`, async () => {
      const p = await prep({ profile, vcpus: 4, memoryMiB: 4096, disks: ['/dev/mapper/mpatha', '/dev/mapper/mpathb'] }, (s) => {
        s.nodes['n2']!.host!.hugepages = [{ sizeKb: 2048, total: 4096, free: 4096 }, { sizeKb: 1048576, total: 8, free: 8 }];
      });
      expect(errs(p)).toEqual([]);
      const [write, validate] = p.steps;
      if (write?.kind !== 'cmd' || validate?.kind !== 'cmd') throw new Error('expected write and validate steps');
      const path = join(dir, `${profile}.xml`);
      const local = (c: typeof write.cmd) => toExecString({ ...c, argv: c.argv.map((w) => (w.startsWith('/tmp/virtdeck-define-') ? path : w)) });
      execFileSync('sh', ['-c', local(write.cmd)]);
      const out = execFileSync('sh', ['-c', `${local(validate.cmd)} 2>&1`], { encoding: 'utf8' });
      expect(out.trim()).toBe(`${path} validates`);
      const xml = readFileSync(path, 'utf8');
      expect(xml).toContain('<cpu mode="host-passthrough"');
      expect(xml).toContain('machine="q35"');
    });
  }
});
