// SSH on demand: a node's connection is opened by the first read that needs it, shared by the
// reads that follow, and closed after the idle time; a failed connection is not kept retrying.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { dumpxmlCmd } from '../collectors/virsh/command.js';
import { OnDemandRunner } from './on-demand-runner.js';
import { RunError, type Runner } from './runner.js';

const URI = 'qemu:///system';
const XML = dumpxmlCmd(URI, 'web1').argv;

/** An OnDemandRunner over FakeRunners: which nodes were opened and which connections closed. */
function setup(nodes: string[], idleMs = 60_000, answer: (node: string) => FakeRunner = (node) => new FakeRunner({ nodes: [node] }).allow(node, XML, { stdout: '<domain/>' })) {
  const opened: string[] = [];
  const closed: string[] = [];
  const r = new OnDemandRunner({
    nodes,
    idleMs,
    noNodes: 'not available from Prometheus: no SSH nodes configured for this cluster',
    unavailable: 'not available from Prometheus',
    open: (node): Runner => {
      opened.push(node);
      const f = answer(node);
      const close = f.close.bind(f);
      f.close = async () => {
        closed.push(node);
        await close();
      };
      return f;
    },
  });
  return { r, opened, closed };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('OnDemandRunner', () => {
  it('opens only the node read, once for several reads, and closes it after the idle time', async () => {
    vi.useFakeTimers();
    const { r, opened, closed } = setup(['kvm1', 'kvm2', 'kvm3'], 60_000);
    await Promise.all([r.run('kvm2', dumpxmlCmd(URI, 'web1')), r.run('kvm2', dumpxmlCmd(URI, 'web1'))]);
    await r.run('kvm2', dumpxmlCmd(URI, 'web1'));
    expect(opened).toEqual(['kvm2']);
    expect(r.openNodes()).toEqual(['kvm2']);
    // A read during the idle time starts it over.
    await vi.advanceTimersByTimeAsync(59_000);
    await r.run('kvm2', dumpxmlCmd(URI, 'web1'));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(closed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_001);
    expect(closed).toEqual(['kvm2']);
    expect(r.openNodes()).toEqual([]);
    // The next read connects again.
    await r.run('kvm2', dumpxmlCmd(URI, 'web1'));
    expect(opened).toEqual(['kvm2', 'kvm2']);
    await r.close();
    expect(closed).toEqual(['kvm2', 'kvm2']);
  });

  it('a connection that failed (auth, host key, unreachable) is dropped at once: the next read connects afresh', async () => {
    let fail = true;
    const { r, opened, closed } = setup(['kvm1'], 60_000, (node) =>
      new FakeRunner({ nodes: [node] }).respond(() => (fail ? new RunError('auth', node, 'not connected: All configured authentication methods failed') : { stdout: '<domain/>' })),
    );
    await expect(r.run('kvm1', dumpxmlCmd(URI, 'web1'))).rejects.toThrow('kvm1: not connected: All configured authentication methods failed');
    await vi.waitFor(() => expect(closed).toEqual(['kvm1']));
    fail = false;
    await expect(r.run('kvm1', dumpxmlCmd(URI, 'web1'))).resolves.toMatchObject({ stdout: '<domain/>' });
    expect(opened).toEqual(['kvm1', 'kvm1']);
    await r.close();
  });

  it('a connection failure is reported once per node until a read succeeds; a command that fails is not one', async () => {
    let fail: RunError | undefined = new RunError('hostkey', 'kvm1', 'not connected: host key for kvm1 has CHANGED');
    const said: string[] = [];
    const opened: string[] = [];
    const r = new OnDemandRunner({
      nodes: ['kvm1', 'kvm2'],
      noNodes: 'no SSH nodes',
      unavailable: 'not available from Prometheus',
      open: (node): Runner => {
        opened.push(node);
        if (node === 'kvm2') throw new Error('kvm2: could not resolve');
        return new FakeRunner({ nodes: [node] }).respond(() => fail ?? { stdout: '<domain/>' });
      },
      onFailure: (node, f) => said.push(f ? `${node} ${f.kind}: ${f.message}` : `${node} ok`),
    });
    await expect(r.run('kvm1', dumpxmlCmd(URI, 'web1'))).rejects.toThrow('CHANGED');
    await expect(r.run('kvm1', dumpxmlCmd(URI, 'web1'))).rejects.toThrow('CHANGED');
    expect(said).toEqual(['kvm1 hostkey: kvm1: not connected: host key for kvm1 has CHANGED']);
    expect(r.failure('kvm1')).toMatchObject({ kind: 'hostkey' });
    // Setting up the connection failed (ssh_config, resolution): a failure too.
    await expect(r.run('kvm2', dumpxmlCmd(URI, 'web1'))).rejects.toThrow('could not resolve');
    expect(said.at(-1)).toBe('kvm2 unreachable: kvm2: could not resolve');
    fail = undefined;
    await r.run('kvm1', dumpxmlCmd(URI, 'web1'));
    expect(said.at(-1)).toBe('kvm1 ok');
    expect(r.failure('kvm1')).toBeUndefined();
    // A command timing out on a connected node is the command's error, not the connection's.
    fail = new RunError('timeout', 'kvm1', 'virsh: timed out after 10 s');
    await expect(r.run('kvm1', dumpxmlCmd(URI, 'web1'))).rejects.toThrow('timed out');
    expect(said).toHaveLength(3);
    await r.close();
  });

  it('a node the data names by its short name reads from the SSH target with the domain', async () => {
    const { r, opened } = setup(['kvm1.example.com', 'kvm2.example.com']);
    const res = await r.run('kvm1', dumpxmlCmd(URI, 'web1'));
    expect(res.node).toBe('kvm1.example.com');
    expect(opened).toEqual(['kvm1.example.com']);
    await r.close();
  });

  it('refuses what it cannot read, saying why: no SSH nodes at all, or not one of them', async () => {
    const none = setup([]);
    await expect(none.r.run('kvm1', dumpxmlCmd(URI, 'web1'))).rejects.toThrow('kvm1: not available from Prometheus: no SSH nodes configured for this cluster');
    const other = setup(['kvm1', 'kvm2']);
    await expect(other.r.run('kvm9', dumpxmlCmd(URI, 'web1'))).rejects.toThrow('kvm9: not available from Prometheus: not one of the SSH nodes (kvm1, kvm2)');
    expect([...none.opened, ...other.opened]).toEqual([]);
  });

  it('streams are refused (they would hold the connection for good)', async () => {
    const { r, opened } = setup(['kvm1']);
    const ended = await new Promise<string | undefined>((resolve) => r.stream('kvm1', dumpxmlCmd(URI, 'web1'), { onData: () => undefined, onEnd: (i) => resolve(i.error?.message) }));
    expect(ended).toContain('not streams');
    expect(opened).toEqual([]);
  });
});
