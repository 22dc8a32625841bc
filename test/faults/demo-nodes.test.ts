// Node-level faults against the demo cluster (real ssh2 servers on 127.0.0.1) through the real
// SshRunner: killed, frozen (packets vanish), revived, MaxSessions, wrong key, unresolvable name.
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { cmd } from '../../src/ssh/cmd.js';
import type { ResolvedHost } from '../../src/ssh/host.js';
import { SshRunner } from '../../src/ssh/ssh-runner.js';
import { figure, rejection, sleep, waitState } from './support.js';

/** Short keepalives: ssh2 gives up after interval × (countMax + 1) of silence. */
const KA_INTERVAL = 1000;
const KA_COUNT = 2;
/** "2× keepalive": twice the interval × count the operator configured. */
const TWO_KEEPALIVES = 2 * KA_INTERVAL * KA_COUNT;
const RECOVER_LIMIT = 5000;

let demo: DemoCluster;
let runner: SshRunner;
let hosts: ResolvedHost[];
const names = () => hosts.map((h) => h.name);

beforeAll(async () => {
  demo = await startDemoCluster({ nodes: 3, vms: 6, incidents: false, autoAdvance: false, seed: 7 });
  hosts = demo.hosts.map((h) => ({ ...h, keepaliveIntervalMs: KA_INTERVAL, keepaliveCountMax: KA_COUNT, connectTimeoutMs: 3000 }));
  runner = new SshRunner({ hosts, reconnectBackoff: { baseMs: 100, capMs: 500 } });
  for (const n of names()) await waitState(runner, n, (s) => s.status === 'up', 15_000);
}, 60_000);

afterAll(async () => {
  await runner?.close();
  await demo?.close();
});

const hostname = cmd('hostname').timeout(5000).done();

async function othersAnswer(except: string): Promise<void> {
  const others = names().filter((n) => n !== except);
  const out = await Promise.all(others.map((n) => runner.run(n, hostname)));
  expect(out.map((r) => r.stdout.trim())).toEqual(others);
}

describe('node faults against the demo cluster', () => {
  it('a killed node is down within 2× keepalive; the others keep answering; revived it is up within 5 s', async () => {
    const [, victim] = names() as [string, string];
    expect((await runner.run(victim, hostname)).stdout.trim()).toBe(victim);
    const t0 = Date.now();
    demo.sim.killNode(victim);
    const down = await waitState(runner, victim, (s) => s.status === 'down', TWO_KEEPALIVES + 2000, t0);
    figure('killed node → down', down.ms, 'ms', `keepalive ${KA_INTERVAL} ms × ${KA_COUNT}`);
    expect(down.ms).toBeLessThanOrEqual(TWO_KEEPALIVES);
    expect(down.state.error?.kind).toBe('unreachable');
    await othersAnswer(victim);
    const e = await rejection(runner.run(victim, hostname));
    expect(e.kind).toBe('unreachable');
    expect(e.node).toBe(victim);
    expect(e.message).toContain(victim);

    const t1 = Date.now();
    demo.sim.reviveNode(victim);
    const up = await waitState(runner, victim, (s) => s.status === 'up', RECOVER_LIMIT + 2000, t1);
    figure('killed node revived → up', up.ms, 'ms', 'reconnect backoff 100–500 ms');
    expect(up.ms).toBeLessThanOrEqual(RECOVER_LIMIT);
    expect((await runner.run(victim, hostname)).stdout.trim()).toBe(victim);
  }, 60_000);

  it('a frozen node (connection silent, packets vanish) is down within 2× keepalive; revived it is up within 5 s', async () => {
    const victim = names()[2]!;
    expect((await runner.run(victim, hostname)).stdout.trim()).toBe(victim);
    // A command in flight when the node freezes must fail, not hang.
    const inflight = runner.run(victim, cmd('journalctl', '-f', '-o', 'json', '-n', '0').timeout(60_000).done());
    await sleep(200);
    const t0 = Date.now();
    demo.sim.freezeNode(victim);
    const down = await waitState(runner, victim, (s) => s.status === 'down', TWO_KEEPALIVES + 3000, t0);
    figure('frozen node → down', down.ms, 'ms', `keepalive ${KA_INTERVAL} ms × ${KA_COUNT}; down after interval × count`);
    expect(down.ms).toBeLessThanOrEqual(TWO_KEEPALIVES);
    const e = await rejection(inflight);
    expect(e.kind).toBe('unreachable');
    expect(e.node).toBe(victim);
    await othersAnswer(victim);

    const t1 = Date.now();
    demo.sim.reviveNode(victim);
    const up = await waitState(runner, victim, (s) => s.status === 'up', RECOVER_LIMIT + 3000, t1);
    figure('frozen node revived → up', up.ms, 'ms');
    expect(up.ms).toBeLessThanOrEqual(RECOVER_LIMIT);
    expect((await runner.run(victim, hostname)).stdout.trim()).toBe(victim);
  }, 60_000);

  it('a hanging command times out and its channel closes; nothing else on that node waits for it', async () => {
    const n = names()[0]!;
    const hang = runner.run(n, cmd('journalctl', '-f', '-o', 'json', '-n', '0').timeout(1500).done());
    const settled = { hang: false };
    void hang.catch(() => (settled.hang = true));
    // Meanwhile the same node answers other commands at once.
    const quick = await runner.run(n, hostname);
    expect(quick.stdout.trim()).toBe(n);
    expect(settled.hang).toBe(false);
    const e = await rejection(hang);
    expect(e.kind).toBe('timeout');
    expect(e.node).toBe(n);
    expect(e.message).toMatch(/timed out after 1500 ms/);
    // The channel is given back (the server closed it too, or the count would stay up).
    for (let i = 0; i < 50 && (runner.connState(n)?.openChannels ?? 0) > 0; i++) await sleep(100);
    expect(runner.connState(n)?.openChannels).toBe(0);
    expect(runner.connState(n)?.status).toBe('up');
  }, 30_000);

  it('channels refused at MaxSessions (10) are a clear per-node "channel" error; the connection stays usable', async () => {
    const n = names()[0]!;
    // A runner configured above the server's limit (the default, 8, stays under it).
    const greedy = new SshRunner({ hosts: [hosts[0]!], maxChannels: 12 });
    try {
      await waitState(greedy, n, (s) => s.status === 'up', 15_000);
      const follow = cmd('journalctl', '-f', '-o', 'json', '-n', '0').timeout(4000).done();
      const results = await Promise.allSettled(Array.from({ length: 12 }, () => greedy.run(n, follow)));
      const kinds = results.map((r) => (r.status === 'rejected' ? (r.reason as { kind: string }).kind : 'ok'));
      expect(kinds.filter((k) => k === 'channel')).toHaveLength(2);
      expect(kinds.filter((k) => k === 'timeout')).toHaveLength(10);
      const refused = results.find((r) => r.status === 'rejected' && (r.reason as { kind: string }).kind === 'channel') as PromiseRejectedResult;
      expect(refused.reason.node).toBe(n);
      expect(String(refused.reason.message)).toContain(`${n}: cannot open a channel`);
      expect(greedy.connState(n)?.status).toBe('up');
      expect((await greedy.run(n, hostname)).stdout.trim()).toBe(n);
    } finally {
      await greedy.close();
    }
  }, 60_000);

  it('the default channel limit (8) queues instead: 20 parallel hanging commands never hit MaxSessions', async () => {
    const n = names()[0]!;
    const follow = cmd('journalctl', '-f', '-o', 'json', '-n', '0').timeout(1000).done();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => runner.run(n, follow)));
    const kinds = results.map((r) => (r.status === 'rejected' ? (r.reason as { kind: string }).kind : 'ok'));
    expect(kinds.filter((k) => k === 'channel')).toEqual([]);
  }, 60_000);

  it('a stream that never ends is closed by runner.close(): close resolves and no data arrives after it', async () => {
    const r = new SshRunner({ hosts: [hosts[0]!] });
    const n = hosts[0]!.name;
    let chunks = 0;
    let started = 0;
    let ends = 0;
    r.stream(n, cmd('journalctl', '-f', '-o', 'json', '-n', '5').done(), {
      onStart: () => started++,
      onData: () => chunks++,
      onEnd: () => ends++,
    });
    for (let i = 0; i < 100 && chunks === 0; i++) await sleep(100);
    expect(started).toBe(1);
    expect(chunks).toBeGreaterThan(0);
    await r.close();
    const after = chunks;
    demo.sim.log(n, 'pacemaker', 'pacemaker-controld', 'after close');
    await sleep(500);
    expect(chunks).toBe(after);
    expect(started).toBe(1);
    expect(r.connState(n)?.status).toBe('down');
  }, 30_000);

  it('authentication failure (wrong key) is an "auth" error naming the node', async () => {
    const wrong = ssh2.utils.generateKeyPairSync('ed25519');
    const h: ResolvedHost = { ...hosts[0]!, name: 'n-wrongkey', identities: [{ path: '/keys/not-the-right-one', privateKey: wrong.private }] };
    const r = new SshRunner({ hosts: [h] });
    try {
      const down = await waitState(r, 'n-wrongkey', (s) => s.status === 'down', 15_000);
      expect(down.state.error?.kind).toBe('auth');
      expect(down.state.error?.message).toContain('/keys/not-the-right-one');
      const e = await rejection(r.run('n-wrongkey', hostname));
      expect(e.node).toBe('n-wrongkey');
      expect(e.message).toMatch(/^n-wrongkey: .*authentication failed/);
    } finally {
      await r.close();
    }
  }, 30_000);

  it('run() on a node whose login failed rejects with kind "auth" naming the node (src/ssh/pool.ts used to say "unreachable")', async () => {
    const wrong = ssh2.utils.generateKeyPairSync('ed25519');
    const h: ResolvedHost = { ...hosts[0]!, name: 'n-wrongkey2', identities: [{ path: '/keys/wrong', privateKey: wrong.private }] };
    const r = new SshRunner({ hosts: [h] });
    try {
      await waitState(r, 'n-wrongkey2', (s) => s.status === 'down', 15_000);
      const e = await rejection(r.run('n-wrongkey2', hostname));
      expect(e.kind).toBe('auth');
      expect(e.node).toBe('n-wrongkey2');
      expect(e.message).toMatch(/^n-wrongkey2: .*authentication failed/);
    } finally {
      await r.close();
    }
  }, 30_000);

  it('an unresolvable host name is a "dns" error naming it', async () => {
    const h: ResolvedHost = { ...hosts[0]!, name: 'n-nosuch', hostname: 'nosuch.invalid', port: 22 };
    const r = new SshRunner({ hosts: [h] });
    try {
      const down = await waitState(r, 'n-nosuch', (s) => s.status === 'down', 20_000);
      expect(down.state.error?.kind).toBe('dns');
      expect(down.state.error?.message).toContain('nosuch.invalid');
      const e = await rejection(r.run('n-nosuch', hostname));
      expect(e.kind).toBe('dns');
      expect(e.node).toBe('n-nosuch');
      expect(e.message).toContain('nosuch.invalid');
    } finally {
      await r.close();
    }
  }, 30_000);
});
