import { describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../audit.js';
import { executeBalance, preparePlan } from '../index.js';
import { testCtx } from '../test-support/ctx.js';
import { ScriptRunner } from '../test-support/script-runner.js';
import { cluster, vm } from '../test-support/state.js';

describe('cluster balance', () => {
  it('proposes migrations from the loaded node to the empty one, executed through vm.migrate', async () => {
    const s = cluster();
    s.nodes['n1']!.vms = [vm('a1', 'n1', 'running', 40), vm('a2', 'n1', 'running', 30), vm('a3', 'n1', 'running', 20)];
    s.nodes['n2']!.vms = [vm('b1', 'n2', 'running', 40)];
    s.nodes['n3']!.vms = [];
    s.cluster.crm!.resources = s.cluster.crm!.resources.filter((r) => r.agent?.startsWith('stonith'));
    const r = new ScriptRunner();
    const audit = new MemoryAuditLog();
    const { ctx } = testCtx(s, r, { audit });
    const p = await preparePlan('cluster.balance', { spreadPct: 10, maxMoves: 5 }, ctx);
    expect(p.mutates).toBe(false);
    expect(p.migrations).toEqual([{ vm: 'a1', from: 'n1', to: 'n3' }]);
    expect(p.summary[0]).toBe('memory load spread 35.2% → 3.9% with 1 migration(s)');
    // execution = the migrate action's own plan (guards, gather, steps)
    const URI = 'qemu:///system';
    r.expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'a1'], { stdout: "<domain><name>a1</name><memory unit='GiB'>40</memory><vcpu>2</vcpu></domain>" })
      .expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'a1'], { stdout: "<domain><name>a1</name><memory unit='GiB'>40</memory><vcpu>2</vcpu></domain>" })
      .expect('n1', ['virsh', '-c', URI, 'migrate', '--live', '--persistent', '--undefinesource', '--verbose', 'a1', 'qemu+ssh://n3/system'], { code: 1, stderr: 'error: unable to connect' });
    const res = await executeBalance(p, ctx, { ackWarnings: true });
    expect(res.map((x) => x.status)).toEqual(['failed']);
    r.assertAllCalled();
    expect(audit.records[0]).toMatchObject({ type: 'intent', action: 'vm.migrate', target: 'a1 → n3' });
  });
});
