// Issue 14 items 11 and 12 at the guard: an odd cputune field costs only itself (a warning, the
// rest of the XML still checked), and each hugepage pool a VM's guest NUMA cells use is checked.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { VdState } from '../../store/types.js';
import { preparePlan } from '../index.js';
import { testCtx } from '../../../test/support/actions/ctx.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { cluster } from '../../../test/support/actions/state.js';

const fx = (n: string) => readFileSync(new URL(`../fixtures/${n}`, import.meta.url), 'utf8');
const URI = 'qemu:///system';
const xml = (extra: string) =>
  `<domain type='kvm'><name>web1</name><memory unit='GiB'>4</memory><vcpu placement='static'>2</vcpu>${extra}<devices>` +
  `<disk type='block' device='disk'><driver name='qemu' type='raw' cache='none' io='native'/><source dev='/dev/mapper/mpatha'/><target dev='vda' bus='virtio'/></disk>` +
  `<interface type='bridge'><source bridge='br0'/><model type='virtio'/></interface></devices></domain>`;

async function prep(domXml: string, mutate: (s: VdState) => void = () => undefined) {
  const s = cluster();
  mutate(s);
  const r = new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true })
    .allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'web1'], { stdout: domXml })
    .allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { stdout: '/tmp/virtdeck-cib.t1\n' })
    .allow(undefined, ['sh', '-c', 'cibadmin --query > "$1"', 'sh', '/tmp/virtdeck-cib.t1'])
    .allow(undefined, ['crm_simulate', '-S', '-x', '/tmp/virtdeck-cib.t1'], { stdout: fx('crm_simulate-move.txt') })
    .allow(undefined, ['rm', '-f', '/tmp/virtdeck-cib.t1']);
  return preparePlan('vm.migrate', { vm: 'web1', node: 'n2' }, testCtx(s, r).ctx);
}

describe('vm migrate reads the whole domain XML even with one odd field', () => {
  it("cpuset='0,16383' is a valid pin; one beyond libvirt's mask is a warning naming it, the disks and bridges are still checked", async () => {
    expect((await prep(xml("<cputune><vcpupin vcpu='0' cpuset='0,16383'/></cputune>"))).findings).toEqual([]);
    const p = await prep(xml("<cputune><vcpupin vcpu='0' cpuset='0,99999'/></cputune>"), (s) => (s.nodes['n2']!.nics = s.nodes['n2']!.nics!.filter((n) => n.iface !== 'br0')));
    expect(p.findings.map((f) => [f.level, f.code])).toEqual([
      ['warning', 'domain-xml-partial'],
      ['error', 'bridge-missing'],
    ]);
    expect(p.findings[0]!.message).toBe(`domain 'web1': <vcpupin vcpu='0'>: cpuset "0,99999": bad item "99999": not read (the rest of the domain XML is checked)`);
  });

  it('guest NUMA cells on 2 MiB and 1 GiB pages: the target needs room in both pools', async () => {
    const numa =
      "<memoryBacking><hugepages><page size='2' unit='M' nodeset='0'/><page size='1' unit='G' nodeset='1'/></hugepages></memoryBacking>" +
      "<cpu mode='host-passthrough'><numa><cell id='0' cpus='0' memory='2' unit='GiB'/><cell id='1' cpus='1' memory='2' unit='GiB'/></numa></cpu>";
    const pools = (free2m: number, free1g: number) => (s: VdState) => {
      s.nodes['n2']!.host!.hugepages = [
        { sizeKb: 2048, total: 4096, free: free2m },
        { sizeKb: 1048576, total: 8, free: free1g },
      ];
    };
    expect((await prep(xml(numa), pools(1024, 2))).findings.filter((f) => f.level === 'error')).toEqual([]);
    // plenty of 2 MiB pages, one free 1 GiB page: the first page size alone said it fits
    const p = await prep(xml(numa), pools(4096, 1));
    expect(p.findings.filter((f) => f.level === 'error').map((f) => [f.code, f.message])).toEqual([['no-hugepages', 'n2 has 1024 MiB free in 1048576 kB hugepages, web1 needs 2048 MiB']]);
  });
});
