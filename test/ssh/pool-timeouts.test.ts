// A queued command's timeout: the connect wait and the channel wait are bounded on their own and
// do not eat into the time the command itself gets once its channel opens.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeConnection } from '../../src/ssh/pool.js';
import { RunError } from '../../src/ssh/runner.js';
import { type ExecHandler, startTestSshServer, tempDir, type TestSshServer } from '../helpers/ssh-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Answers `sleep N` after N ms with "done"; anything else at once. */
const sleepyExec: ExecHandler = async (ctx) => {
  const m = /^sleep (\d+)$/.exec(ctx.command);
  if (m) await sleep(Number(m[1]));
  ctx.out('done');
  ctx.exit(0);
};

async function server(): Promise<TestSshServer> {
  const s = await startTestSshServer({ exec: sleepyExec });
  cleanups.push(() => s.close());
  return s;
}

/** TCP relay on 127.0.0.1 that holds each new connection for `delayMs` before reaching `port`: a slow handshake. */
async function slowRelay(port: number, delayMs: number): Promise<number> {
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    sockets.add(client);
    client.pause();
    client.on('error', () => {});
    setTimeout(() => {
      const upstream = net.connect(port, '127.0.0.1');
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
    }, delayMs);
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        relay.close(() => r());
      }),
  );
  return (relay.address() as net.AddressInfo).port;
}

function connection(s: TestSshServer, port: number, over: { connectTimeoutMs?: number; maxChannels?: number } = {}): NodeConnection {
  const t = tempDir();
  cleanups.push(() => t.remove());
  const [type, b64] = s.hostKey.public.trim().split(/\s+/);
  const knownHosts = t.file('known_hosts', `[127.0.0.1]:${port} ${type} ${b64}\n`);
  const c = new NodeConnection({
    host: s.host('n1', { port, knownHostsFiles: [knownHosts], connectTimeoutMs: over.connectTimeoutMs ?? 3000 }),
    maxChannels: over.maxChannels ?? 8,
    backoff: { baseMs: 50, capMs: 200 },
  });
  cleanups.push(() => c.close());
  return c;
}

async function rejection(p: Promise<unknown>): Promise<RunError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RunError);
    return e as RunError;
  }
  throw new Error('expected a rejection');
}

describe('NodeConnection timeouts of queued commands', () => {
  it('time spent waiting for a slow handshake does not count against the command timeout', async () => {
    const s = await server();
    const c = connection(s, await slowRelay(s.port, 1000));
    c.start();
    const t0 = Date.now();
    // 400 ms of command time, submitted ~1 s before the connection is up.
    const r = await c.exec('sleep 20', { timeoutMs: 400 });
    expect(r.stdout.toString()).toBe('done');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(c.state().status).toBe('up');
  });

  it('the connect wait has its own limit: the connect timeout', async () => {
    const s = await server();
    const c = connection(s, await slowRelay(s.port, 5000), { connectTimeoutMs: 300 });
    c.start();
    const e = await rejection(c.exec('sleep 1', { timeoutMs: 60_000 }));
    expect(e.kind).toBe('unreachable');
  });

  it('the command timeout still applies once the channel is open', async () => {
    const s = await server();
    const c = connection(s, await slowRelay(s.port, 300));
    c.start();
    const e = await rejection(c.exec('sleep 5000', { timeoutMs: 200 }));
    expect(e.kind).toBe('timeout');
    expect(e.message).toBe('n1: command timed out after 200 ms');
    await expect.poll(() => s.closedChannels).toContain('sleep 5000');
  });

  it('waiting for a busy channel is bounded, and the command gets its full time after it', async () => {
    const s = await server();
    const c = connection(s, s.port, { maxChannels: 1 });
    c.start();
    await c.exec('warm-up', { timeoutMs: 3000 });
    // Holds the only channel for 400 ms; the next command waits ~400 ms, then needs ~500 ms of
    // its own 800: with the clock running from submission it would time out.
    const first = c.exec('sleep 400', { timeoutMs: 3000 });
    const second = c.exec('sleep 500', { timeoutMs: 800 });
    expect(c.state().queued).toBe(1);
    expect((await second).stdout.toString()).toBe('done');
    await first;
    // A channel that never frees up: the queued command gives up after its own timeout.
    const hog = c.exec('sleep 1500', { timeoutMs: 3000 });
    const e = await rejection(c.exec('echo', { timeoutMs: 200 }));
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/waiting for a channel/);
    expect(c.state().queued).toBe(0);
    await hog;
  });
});

describe('NodeConnection handshake timeout', () => {
  it('a peer that does not answer in time: "Timed out while waiting for handshake", unreachable', async () => {
    const s = await server();
    const c = connection(s, await slowRelay(s.port, 5000), { connectTimeoutMs: 300 });
    c.start();
    await expect.poll(() => c.state().error?.message ?? '', { timeout: 3000 }).toMatch(/Timed out while waiting for handshake/);
    expect(c.state().error?.kind).toBe('unreachable');
  });

  it('a stall of this process longer than the connect timeout does not fail a reachable node', async () => {
    const s = await server();
    const c = connection(s, await slowRelay(s.port, 100), { connectTimeoutMs: 600 });
    c.start();
    // The loop is busy for 1.5 s right after the connect started: the server's packets wait unread.
    const end = Date.now() + 1500;
    while (Date.now() < end) {
      /* stalled on other work */
    }
    const r = await c.exec('hello', { timeoutMs: 3000 });
    expect(r.stdout.toString()).toBe('done');
    expect(c.state().status).toBe('up');
    expect(c.state().attempts ?? 0).toBeLessThanOrEqual(1);
  });
});
