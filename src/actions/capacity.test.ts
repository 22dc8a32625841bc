// Issue 14, 0d: unknown is not zero. An unreachable node's free memory is unknown ("node3 has
// 0 MiB available" was printed), and moving VMs while another node is out says capacity is reduced.
import { describe, expect, it } from 'vitest';
import type { VdState } from '../store/types.js';
import { preparePlan } from './index.js';
import { testCtx } from '../../test/support/actions/ctx.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { cluster, NOW } from '../../test/support/actions/state.js';
import type { Plan } from './types.js';

const URI = 'qemu:///system';
const DOMXML = (name: string) => `<domain type='kvm'><name>${name}</name><memory unit='KiB'>4194304</memory><vcpu>2</vcpu><devices/></domain>`;

async function plan(id: string, target: object, mutate: (s: VdState) => void, dumpxml: (vm: string) => { stdout?: string; code?: number } = (v) => ({ stdout: DOMXML(v) })): Promise<Plan> {
  const s = cluster();
  mutate(s);
  const r = new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true }).allow(undefined, ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1, stderr: 'no tmp' });
  for (const n of s.nodeOrder) for (const v of s.nodes[n]!.vms ?? []) r.allow(n, ['virsh', '-c', URI, '-r', 'dumpxml', v.name], dumpxml(v.name));
  const { ctx } = testCtx(s, r);
  return preparePlan(id, target, ctx);
}
const n3Down = (s: VdState) => Object.assign(s.nodes['n3']!.conn, { status: 'down', since: NOW - 300_000 });
const shown = (p: Plan) => p.findings.map((f) => `${f.level}:${f.code}: ${f.message}`);

describe('unknown capacity is never 0 MiB', () => {
  it('vm migrate to an unreachable node: refused as unknown, with since when', async () => {
    const p = await plan('vm.migrate', { vm: 'web1', node: 'n3' }, n3Down);
    expect(shown(p)).toContain('error:capacity-unknown: unknown: n3 unreachable since 2027-01-15 07:55:00 UTC');
    expect(shown(p).join('\n')).not.toMatch(/0 MiB/);
    expect(p.blocked).toBe(true);
  });

  it('vm migrate to a node whose memory was never collected: unknown, not 0 MiB', async () => {
    const p = await plan('vm.migrate', { vm: 'web1', node: 'n3' }, (s) => delete s.nodes['n3']!.host);
    expect(shown(p)).toContain("error:capacity-unknown: unknown: n3's memory not collected yet");
    expect(shown(p).join('\n')).not.toMatch(/0 MiB/);
  });

  it('a VM whose memory size is unknown (no domstats, XML unreadable) is not placed as 0 MiB', async () => {
    const noMem = (s: VdState) => delete s.nodes['n1']!.vms!.find((v) => v.name === 'web1')!.memoryKb;
    const p = await plan('vm.migrate', { vm: 'web1', node: 'n2' }, noMem, () => ({ code: 1 }));
    expect(shown(p)).toContain("error:capacity-unknown: unknown: web1's memory size (no domstats on n1, domain XML not read)");
    const q = await plan('node.standby', { node: 'n1' }, noMem, (v) => (v === 'web1' ? { code: 1 } : { stdout: DOMXML(v) }));
    expect(q.findings.filter((f) => f.code === 'capacity-unknown').map((f) => f.message)).toEqual([
      "no room for web1 on the remaining nodes: unknown: web1's memory size (no domstats on n1, domain XML not read); unknown: web1's memory size (no domstats on n1, domain XML not read)",
    ]);
  });

  it('standby: a remaining node without memory data is unknown room, not 0 MiB', async () => {
    const p = await plan('node.standby', { node: 'n1' }, (s) => {
      delete s.nodes['n2']!.host;
      delete s.nodes['n3']!.host;
    });
    const cap = p.findings.filter((f) => f.code === 'capacity-unknown').map((f) => f.message);
    expect(cap.length).toBeGreaterThan(0);
    for (const m of cap) expect(m).toMatch(/unknown: n2's memory not collected yet; unknown: n3's memory not collected yet$/);
  });

  it('vm create on a node whose memory was never collected: unknown, not 0 MiB', async () => {
    const p = await plan('vm.create', { name: 'new1', profile: 'generic', node: 'n2', disks: ['/dev/mapper/mpatha'], bridges: ['br0'] }, (s) => delete s.nodes['n2']!.host);
    expect(shown(p)).toContain("error:capacity-unknown: unknown: n2's memory not collected yet; new1 needs 4096 MiB");
    expect(shown(p).join('\n')).not.toMatch(/0 MiB available/);
  });
});

describe('moving VMs while another node is out says capacity is reduced', () => {
  for (const id of ['node.standby', 'node.evacuate']) {
    it(`${id} n1 with n3 unreachable`, async () => {
      const p = await plan(id, { node: 'n1' }, n3Down);
      expect(shown(p)).toContain(
        'warning:capacity-reduced: capacity is reduced: n3 unreachable since 2027-01-15 07:55:00 UTC; everything on n1 must fit on n2, with less room left for a further failure',
      );
    });
    it(`${id} n1 with n3 offline in Pacemaker, or n3 in standby`, async () => {
      const p = await plan(id, { node: 'n1' }, (s) => (s.cluster.crm!.nodes[2]!.online = false));
      expect(shown(p).filter((f) => f.includes('capacity-reduced'))).toEqual([
        'warning:capacity-reduced: capacity is reduced: n3 offline in Pacemaker; everything on n1 must fit on n2, with less room left for a further failure',
      ]);
      const q = await plan(id, { node: 'n1' }, (s) => (s.cluster.crm!.nodes[2]!.standby = true));
      expect(shown(q).filter((f) => f.includes('capacity-reduced'))).toEqual([
        'warning:capacity-reduced: capacity is reduced: n3 in standby; everything on n1 must fit on n2, with less room left for a further failure',
      ]);
    });
  }
  it('not said when every other node is active', async () => {
    const p = await plan('node.standby', { node: 'n1' }, () => undefined);
    expect(p.findings.map((f) => f.code)).not.toContain('capacity-reduced');
  });
});
