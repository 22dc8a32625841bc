// The demo's virsh pool-list/vol-list and iscsiadm print the real layouts: the table renderer
// reproduces virsh 9's output byte for byte (the captured fixtures), and what the demo prints
// parses as the real output does.
import { describe, expect, it } from 'vitest';
import { fixture } from '../../../test/support/collectors/test-support.js';
import { parseIscsiSessions, parsePoolList, parseVolList } from '../../collectors/storage/parse.js';
import { DemoSim } from '../sim/sim.js';
import { dropSession } from '../sim/san.js';
import { iscsiadm, poolList, pretty, volList, vshTable } from './san.js';
import type { ToolCtx } from './types.js';

const GiB = 2 ** 30;

function run(sim: DemoSim, node: string, f: (ctx: ToolCtx, args: string[]) => number | Promise<number>, args: string[]): string {
  let out = '';
  const ctx = { sim, node, env: {}, io: { out: (s: string) => (out += s), err: () => {}, stdin: async () => '', onClose: () => {}, closed: false } } as ToolCtx;
  void f(ctx, args);
  return out;
}

describe('demo storage tools', () => {
  it('vshTable and pretty print what virsh 9 prints (captured fixtures)', () => {
    const rows = [
      ['default', 'running', 'yes', 'yes', pretty(100 * GiB), pretty(11 * GiB), pretty(89 * GiB)],
      ['iso', 'inactive', 'no', 'yes', '-', '-', '-'],
      ['san a;b $x', 'running', 'no', 'yes', pretty(100 * GiB), pretty(0), pretty(100 * GiB)],
      ['vg_san', 'running', 'no', 'yes', pretty(100 * GiB), pretty(95 * GiB), pretty(5 * GiB)],
    ];
    expect(vshTable(['Name', 'State', 'Autostart', 'Persistent', 'Capacity', 'Allocation', 'Available'], rows)).toBe(fixture('storage', 'pool-list-details.txt'));
    expect(vshTable(['Name', 'Path', 'Type', 'Capacity', 'Allocation'], [])).toBe(fixture('storage', 'vol-list-empty.txt'));
    const vols = [
      ['db1.qcow2', '/var/lib/libvirt/images/db1.qcow2', 'file', pretty(40 * GiB), pretty(10 * GiB)],
      ['my disk (copy).img', '/var/lib/libvirt/images/my disk (copy).img', 'file', pretty(GiB), pretty(GiB)],
    ];
    expect(vshTable(['Name', 'Path', 'Type', 'Capacity', 'Allocation'], vols)).toBe(fixture('storage', 'vol-list-default.txt'));
  });

  it('pools, volumes and sessions of the simulated nodes parse; a dropped session reads FAILED', () => {
    const sim = new DemoSim({ nodes: 2, vms: 6, seed: 1 });
    const n1 = sim.nodes[0]!.name;
    const pools = parsePoolList(run(sim, n1, poolList, ['--all', '--details']));
    expect(pools.map((p) => p.name)).toContain('backup');
    expect(pools.find((p) => p.name === 'backup')!.allocationBytes! / pools.find((p) => p.name === 'backup')!.capacityBytes!).toBeGreaterThan(0.9);
    expect(parseVolList(run(sim, n1, volList, ['--pool', 'default', '--details'])).length).toBeGreaterThan(0);
    dropSession(sim, n1, 2);
    expect(parseIscsiSessions(run(sim, n1, iscsiadm, ['-m', 'session', '-P', '3'])).map((s) => s.state)).toEqual(['LOGGED_IN', 'FAILED']);
  });
});
