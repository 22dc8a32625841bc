import { describe, expect, it } from 'vitest';
import { cmd } from '../../src/ssh/cmd.js';
import { FakeRunner } from '../support/ssh/fake-runner.js';
import { RunError } from '../../src/ssh/runner.js';

describe('FakeRunner', () => {
  it('answers expectations in order per (node, argv) and records calls with the exec string', async () => {
    const r = new FakeRunner({ nodes: ['n1', 'n2'], useSudo: true })
      .expect('n1', ['crm_mon', '--output-as=xml'], { stdout: 'first' })
      .expect(undefined, ['crm_mon', '--output-as=xml'], { stdout: 'second', code: 1, stderr: 'warn' });
    expect((await r.run('n1', cmd('crm_mon', '--output-as=xml').sudo().done())).stdout).toBe('first');
    const second = await r.run('n2', cmd('crm_mon', '--output-as=xml').done());
    expect(second).toMatchObject({ node: 'n2', stdout: 'second', stderr: 'warn', code: 1 });
    expect(r.calls.map((c) => [c.node, c.exec, c.via])).toEqual([
      ['n1', 'sudo -n crm_mon --output-as=xml', 'run'],
      ['n2', 'crm_mon --output-as=xml', 'run'],
    ]);
    r.assertAllCalled();
  });

  it('an unexpected command fails with the argv and what was still expected; assertAllCalled reports it too', async () => {
    const r = new FakeRunner().expect('n1', ['virsh', 'list'], { stdout: '' });
    await expect(r.run('n1', cmd('virsh', 'list', '--all').done())).rejects.toThrow(
      /unexpected command on n1: \["virsh","list","--all"\]\nstill expected:\n  n1: \["virsh","list"\]/,
    );
    expect(() => r.assertAllCalled()).toThrow(/expected commands never ran:\n  n1: \["virsh","list"\][\s\S]*unexpected commands ran:\n  n1: \["virsh","list","--all"\]/);
  });

  it('respond() is the fallback; RunError results reject', async () => {
    const r = new FakeRunner().respond((node, c) => (c.argv[0] === 'cat' ? { stdout: `${node}:${c.argv[1]}` } : new RunError('unreachable', node, 'down')));
    expect((await r.run('n3', cmd('cat', '/proc/loadavg').done())).stdout).toBe('n3:/proc/loadavg');
    await expect(r.run('n3', cmd('uptime').done())).rejects.toMatchObject({ kind: 'unreachable' });
  });

  it('runBatch answers each member; readonly and unknown nodes are refused like SshRunner', async () => {
    const r = new FakeRunner({ nodes: ['n1'], readonly: true }).expect('n1', ['a'], { stdout: 'A' }).expect('n1', ['b'], { stdout: 'B', code: 2 });
    const res = await r.runBatch('n1', [cmd('a').done(), cmd('b').done()]);
    expect(res.map((x) => [x.stdout, x.code])).toEqual([
      ['A', 0],
      ['B', 2],
    ]);
    await expect(r.run('n1', cmd('reboot').mutating().done())).rejects.toMatchObject({ kind: 'readonly' });
    await expect(r.run('n9', cmd('a').done())).rejects.toMatchObject({ kind: 'unknown-node' });
    expect(r.calls).toHaveLength(2);
  });

  it('streams are driven by the test: push, end (restart → onStart again), close', async () => {
    const r = new FakeRunner({ nodes: ['n1'] });
    const ev: string[] = [];
    const h = r.stream('n1', cmd('virsh', 'event', '--loop').done(), {
      onStart: () => ev.push('start'),
      onData: (c) => ev.push(`data:${c}`),
      onEnd: ({ code }) => ev.push(`end:${code}`),
    });
    r.pushStream('n1', 'virsh', 'x');
    r.endStream('n1', 'virsh', { code: 1 });
    r.pushStream('n1', 'virsh', 'y');
    h.close();
    expect(() => r.pushStream('n1', 'virsh', 'z')).toThrow(/no open stream virsh on n1/);
    expect(ev).toEqual(['start', 'data:x', 'end:1', 'start', 'data:y']);
  });

  it('connection state can be driven for UI tests', () => {
    const r = new FakeRunner({ nodes: ['n1'] });
    const seen: string[] = [];
    r.onConnState((s) => seen.push(`${s.node}:${s.status}`));
    r.setConnState('n1', { status: 'down', error: { kind: 'hostkey', message: 'changed' } });
    expect(seen).toEqual(['n1:up', 'n1:down']);
    expect(r.connState('n1')?.error?.kind).toBe('hostkey');
  });
  it('ordered: the script runs exactly in the order given; allow() answers polls any number of times', async () => {
    const r = new FakeRunner({ ordered: true })
      .expect('n1', ['crm_attribute', '--update'], {})
      .expect('n1', ['crm_resource', '--wait'], async () => ({ stdout: 'settled' }))
      .allow(undefined, ['crm_mon', '--as-xml'], { stdout: '<crm/>' });
    // the second expectation may not run first, though nothing else matches it
    await expect(r.run('n1', cmd('crm_resource', '--wait').done())).rejects.toThrow(/unexpected command on n1: \["crm_resource","--wait"\]\nstill expected:\n  n1: \["crm_attribute","--update"\]/);
    expect((await r.run('n2', cmd('crm_mon', '--as-xml').done())).stdout).toBe('<crm/>');
    expect(await r.run('n1', cmd('crm_attribute', '--update').mutating().done())).toMatchObject({ stdout: '', stderr: '', code: 0 });
    expect((await r.run('n1', cmd('crm_mon', '--as-xml').done())).stdout).toBe('<crm/>');
    expect((await r.run('n1', cmd('crm_resource', '--wait').done())).stdout).toBe('settled');
    r.assertAllCalled();
    expect(r.mutations()).toEqual([['n1', 'crm_attribute', '--update']]);
    // the out-of-order command threw; the script is complete, so assertAllCalled() passes
    expect(r.unexpected).toHaveLength(1);
  });

  it('unordered (default): expectations with different argv may run in any order', async () => {
    const r = new FakeRunner().expect('n1', ['a'], { stdout: 'A' }).expect('n2', ['b'], { stdout: 'B' });
    expect((await r.run('n2', cmd('b').done())).stdout).toBe('B');
    expect((await r.run('n1', cmd('a').done())).stdout).toBe('A');
    r.assertAllCalled();
  });
});
