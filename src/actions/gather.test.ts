import { describe, expect, it } from 'vitest';
import type { Cmd } from '../ssh/cmd.js';
import { RunError, type RunResult } from '../ssh/runner.js';
import { readDomains, readNodesDomains } from './gather.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { cluster } from '../../test/support/actions/state.js';

const URI = 'qemu:///system';
const dom = (name: string) => `<domain><name>${name}</name><memory unit='MiB'>512</memory><vcpu>1</vcpu></domain>`;

/** Records how the reads were batched. */
class BatchCounter extends FakeRunner {
  batches: number[] = [];
  override async runBatch(node: string, cmds: readonly Cmd[]): Promise<RunResult[]> {
    this.batches.push(cmds.length);
    return super.runBatch(node, cmds);
  }
}

describe('readDomains', () => {
  it('batches the dumpxml reads per node (16 per exec) and parses each with parseDumpxml', async () => {
    const vms = Array.from({ length: 20 }, (_, i) => `vm${i}`);
    const r = new BatchCounter({ ordered: true });
    for (const v of vms) r.expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', v], { stdout: dom(v) });
    const out = await readDomains(r, URI, 'n1', vms);
    r.assertAllCalled();
    expect(r.batches).toEqual([16, 4]);
    expect(Object.keys(out.domains)).toEqual(vms);
    expect(out.domains['vm3']).toMatchObject({ name: 'vm3', memoryKb: 524288, vcpus: 1 });
    expect(out.errors).toEqual([]);
  });

  it('failures name node and VM and do not stop the other reads; unsafe names are never sent', async () => {
    const r = new FakeRunner({ ordered: true })
      .expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'a'], { code: 1, stderr: 'error: failed to get domain' })
      .expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'b'], { stdout: '<domain><name>b</name>' })
      .expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'c'], { stdout: dom('c') });
    const out = await readDomains(r, URI, 'n1', ['a', 'b', 'x; rm -rf /', 'c']);
    r.assertAllCalled();
    expect(Object.keys(out.domains)).toEqual(['c']);
    expect(out.errors[0]).toBe('n1: VM "x; rm -rf /": not a name virtdeck passes to virsh; its XML was not read');
    expect(out.errors[1]).toBe('n1: virsh dumpxml a: exit 1');
    expect(out.errors[2]).toMatch(/^n1: virsh dumpxml b: dumpxml@n1: /);
  });

  it('a transport failure is one error for the batch', async () => {
    const r = new FakeRunner({ ordered: true }).expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'a'], new RunError('timeout', 'n1', 'command timed out'));
    const out = await readDomains(r, URI, 'n1', ['a']);
    expect(out).toEqual({ domains: {}, errors: ['n1: virsh dumpxml a: n1: command timed out'] });
  });
});

describe('readNodesDomains', () => {
  it('reads the picked VMs of reachable nodes; an unreachable node is an error, not a read', async () => {
    const s = cluster();
    s.nodes['n3']!.conn.status = 'down';
    s.nodes['n3']!.vms = [{ name: 'z', node: 'n3', state: 'running' }];
    const r = new FakeRunner({ ordered: true })
      .expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'web1'], { stdout: dom('web1') })
      .expect('n1', ['virsh', '-c', URI, '-r', 'dumpxml', 'app1'], { stdout: dom('app1') })
      .expect('n2', ['virsh', '-c', URI, '-r', 'dumpxml', 'db1'], { stdout: dom('db1') });
    const out = await readNodesDomains(r, URI, s, s.nodeOrder, (st, n) => (st.nodes[n]?.vms ?? []).map((v) => v.name));
    r.assertAllCalled();
    expect(Object.fromEntries(Object.entries(out.byNode).map(([n, d]) => [n, Object.keys(d)]))).toEqual({ n1: ['web1', 'app1'], n2: ['db1'] });
    expect(out.errors).toEqual(['n3: not reachable over SSH; its domains were not read']);
  });
});
