import { describe, expect, it } from 'vitest';
import { preparePlan } from '../index.js';
import { testCtx } from '../test-support/ctx.js';
import { ScriptRunner } from '../test-support/script-runner.js';
import { cluster } from '../test-support/state.js';

const URI = 'qemu:///system';
const dom = (n: string, mem: number) => `<domain><name>${n}</name><memory unit='KiB'>${mem}</memory><vcpu>2</vcpu></domain>`;

describe('node evacuate', () => {
  it('per-VM plan: unmanaged VM by virsh to the node with most free memory, managed via standby', async () => {
    const s = cluster();
    s.nodes['n3']!.host!.mem.memAvailableKb = 100 * 1024 * 1024; // n3 has more room than n2
    const r = new ScriptRunner()
      .expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'web1'], { stdout: dom('web1', 4194304) })
      .expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'app1'], { stdout: dom('app1', 8388608) })
      .expect('n1', ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { code: 1 })
      .allow('n1', ['rm', '-f', '']);
    const { ctx } = testCtx(s, r);
    const p = await preparePlan('node.evacuate', { node: 'n1' }, ctx);
    expect(p.findings).toEqual([]);
    expect(p.steps.map((x) => (x.kind === 'cmd' ? [x.node, ...x.cmd.argv] : [x.node, 'wait']))).toEqual([
      ['n1', 'virsh', '-c', URI, 'migrate', '--live', '--persistent', '--undefinesource', '--verbose', 'app1', 'qemu+ssh://n3/system'],
      ['n1', 'crm_attribute', '--node', 'n1', '--name', 'standby', '--update', 'on'],
      ['n1', 'wait'],
    ]);
    expect(p.summary.at(-1)).toMatch(/Reversible: "node online n1"/);
    r.assertAllCalled();
  });
  it('refuses the last online node', async () => {
    const s = cluster();
    s.cluster.crm!.nodes[1]!.standby = true;
    s.cluster.crm!.nodes[2]!.standby = true;
    const r = new ScriptRunner().allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'web1'], { stdout: dom('web1', 1) }).allow('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'app1'], { stdout: dom('app1', 1) });
    const { ctx } = testCtx(s, r);
    const p = await preparePlan('node.evacuate', { node: 'n1' }, ctx);
    expect(p.findings.filter((f) => f.level === 'error').map((f) => f.code)).toEqual(['last-online-node']);
    expect(r.mutations()).toEqual([]);
  });
});
