// The demo's fencer answers like the real one: a node does not register (or list) a device
// banned from it, and a node without a running fencer says so on stderr with exit 102.
import { describe, expect, it } from 'vitest';
import { runShell } from '../exec.js';
import { DemoSim } from '../sim/sim.js';
import { fixture } from '../../collectors/test-support.js';

async function run(sim: DemoSim, node: string, line: string): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const code = await runShell(sim, node, line, { out: (s) => (out += s), err: (s) => (err += s), stdin: () => Promise.resolve(''), onClose: () => undefined, closed: false });
  return { out, err, code };
}

describe('demo stonith_admin', () => {
  it("a node's own fence device is banned from it: its fencer lists nothing of it, another node's does", async () => {
    const sim = new DemoSim({ seed: 1 });
    expect((await run(sim, 'kvm-n1', 'stonith_admin --list kvm-n1')).out).toBe(' stonith-sbd\n1 fence device found\n');
    expect((await run(sim, 'kvm-n2', 'stonith_admin --list kvm-n1')).out).toBe(' stonith-sbd\n fence-ipmi-kvm-n1\n2 fence devices found\n');
    expect((await run(sim, 'kvm-n1', 'stonith_admin --list-registered')).out).not.toContain('fence-ipmi-kvm-n1');
    const cib = (await run(sim, 'kvm-n1', 'cibadmin --query --scope constraints')).out;
    expect(cib).toContain('<rsc_location id="location-fence-ipmi-kvm-n1-avoids-kvm-n1" rsc="fence-ipmi-kvm-n1" node="kvm-n1" score="-INFINITY"/>');
  });

  it('a node that is not a member has no fencer: the real message and exit code', async () => {
    const sim = new DemoSim({ seed: 1 });
    sim.node('kvm-n3').member = 'offline';
    const r = await run(sim, 'kvm-n3', 'stonith_admin --list kvm-n1');
    expect(r).toEqual({ out: '', err: fixture('fencing', 'stonith-list-not-connected.txt'), code: 102 });
  });
});
