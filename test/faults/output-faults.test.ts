// Command-level faults through the real SshRunner against an in-process ssh2 server whose exec
// handler we control byte by byte: reset mid-output, 100 MB of output, hanging commands and
// never-ending streams (with the server's view of the channel closing).
import { afterEach, describe, expect, it } from 'vitest';
import { cmd, DEFAULT_MAX_BYTES } from '../../src/ssh/cmd.js';
import { SshRunner } from '../../src/ssh/ssh-runner.js';
import { type ExecContext, startTestSshServer, tempDir, type TestSshServer } from '../helpers/ssh-server.js';
import { figure, peakRss, rejection, sleep, waitState } from './support.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** Writes `total` bytes honouring backpressure; stops when the channel closes. */
async function writeBytes(ctx: ExecContext, total: number): Promise<number> {
  let sent = 0;
  while (sent < total && !ctx.isClosed()) {
    const n = Math.min(CHUNK.length, total - sent);
    const ok = ctx.channel.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n));
    sent += n;
    if (!ok) await Promise.race([new Promise((r) => ctx.channel.once('drain', r)), ctx.closed]);
  }
  return sent;
}

async function setup(exec: (ctx: ExecContext) => void | Promise<void>): Promise<{ srv: TestSshServer; runner: SshRunner }> {
  const srv = await startTestSshServer({ exec });
  cleanups.push(() => srv.close());
  const t = tempDir('vd-fault-');
  cleanups.push(() => t.remove());
  const kh = t.file('known_hosts', `${srv.knownHostsLine()}\n`);
  const runner = new SshRunner({ hosts: [srv.host('n1', { knownHostsFiles: [kh], keepaliveIntervalMs: 1000, keepaliveCountMax: 2 })], reconnectBackoff: { baseMs: 50, capMs: 200 } });
  cleanups.push(() => runner.close());
  await waitState(runner, 'n1', (s) => s.status === 'up', 15_000);
  return { srv, runner };
}

describe('output faults', () => {
  it('connection reset mid-output: the command rejects "unreachable" naming the node, then the runner reconnects', async () => {
    let sent = 0;
    let srvRef: TestSshServer | undefined;
    const { srv, runner } = await setup(async (ctx) => {
      if (ctx.command.startsWith('echo')) {
        ctx.out('ok\n');
        return ctx.exit(0);
      }
      while (!ctx.isClosed()) {
        ctx.out(CHUNK);
        sent += CHUNK.length;
        if (sent >= 2 * MB) srvRef?.dropConnections();
        await sleep(1);
      }
    });
    srvRef = srv;
    const e = await rejection(runner.run('n1', cmd('cat', '/dev/zero').maxBytes(64 * MB).done()));
    expect(e.kind).toBe('unreachable');
    expect(e.node).toBe('n1');
    expect(e.message).toMatch(/^n1: connection lost/);
    await waitState(runner, 'n1', (s) => s.status === 'up', 10_000);
    expect((await runner.run('n1', cmd('echo', 'ok').done())).stdout).toBe('ok\n');
  }, 60_000);

  it('100 MB of output: "output-too-large" at maxBytes, channel closed, RSS growth bounded', async () => {
    let serverSent = 0;
    const { srv, runner } = await setup(async (ctx) => {
      serverSent = await writeBytes(ctx, 100 * MB);
      ctx.exit(0);
    });
    const m = await peakRss(() => rejection(runner.run('n1', cmd('yes').done())));
    const e = m.result;
    expect(e.kind).toBe('output-too-large');
    expect(e.node).toBe('n1');
    expect(e.message).toContain(`exceeded ${DEFAULT_MAX_BYTES} bytes`);
    for (let i = 0; i < 50 && srv.closedChannels.length === 0; i++) await sleep(100);
    expect(srv.closedChannels).toEqual(['yes']);
    // The server stopped well before 100 MB: the client closed the channel at the limit.
    expect(serverSent).toBeLessThan(100 * MB);
    figure('100 MB output, run() with 16 MiB maxBytes: RSS start', m.startMb, 'MB');
    figure('100 MB output, run() with 16 MiB maxBytes: RSS peak growth', Math.round((m.peakMb - m.startMb) * 10) / 10, 'MB', `server sent ${Math.round(serverSent / MB)} MB before the channel closed`);
    // Holding all of it would cost ≥ 100 MB; the cap keeps growth near maxBytes.
    expect(m.peakMb - m.startMb).toBeLessThan(96);
    expect(runner.connState('n1')?.status).toBe('up');
  }, 120_000);

  it('100 MB through stream(): every byte delivered, nothing accumulated (RSS growth bounded)', async () => {
    const { runner } = await setup(async (ctx) => {
      await writeBytes(ctx, 100 * MB);
      ctx.exit(0);
    });
    const m = await peakRss(
      () =>
        new Promise<number>((resolve) => {
          let bytes = 0;
          const h = runner.stream('n1', cmd('yes').done(), {
            onData: (c) => (bytes += c.length),
            onEnd: () => {
              h.close();
              resolve(bytes);
            },
          });
        }),
    );
    expect(m.result).toBe(100 * MB);
    figure('100 MB through stream(): RSS peak growth', Math.round((m.peakMb - m.startMb) * 10) / 10, 'MB');
    expect(m.peakMb - m.startMb).toBeLessThan(96);
  }, 180_000);

  it('a hanging command: its timeout fires, the server sees the channel close, other commands do not wait', async () => {
    const { srv, runner } = await setup((ctx) => {
      if (ctx.command === 'sleep infinity') return; // never answers
      ctx.out(`${ctx.command}\n`);
      ctx.exit(0);
    });
    const hang = runner.run('n1', cmd('sleep', 'infinity').timeout(1000).done());
    const quick = await Promise.all([1, 2, 3].map((i) => runner.run('n1', cmd('echo', String(i)).done())));
    expect(quick.map((r) => r.stdout)).toEqual(['echo 1\n', 'echo 2\n', 'echo 3\n']);
    const e = await rejection(hang);
    expect(e.kind).toBe('timeout');
    for (let i = 0; i < 50 && !srv.closedChannels.includes('sleep infinity'); i++) await sleep(100);
    expect(srv.closedChannels).toContain('sleep infinity');
    expect(srv.openSessions).toBe(0);
  }, 30_000);

  it('a stream that never ends: runner.close() closes its channel on the server and resolves', async () => {
    const { srv, runner } = await setup(async (ctx) => {
      while (!ctx.isClosed()) {
        ctx.out('tick\n');
        await sleep(50);
      }
    });
    let data = 0;
    runner.stream('n1', cmd('tail', '-f', '/var/log/messages').done(), { onData: () => data++ });
    for (let i = 0; i < 100 && data === 0; i++) await sleep(50);
    expect(data).toBeGreaterThan(0);
    await runner.close();
    for (let i = 0; i < 50 && srv.closedChannels.length === 0; i++) await sleep(100);
    expect(srv.closedChannels).toEqual(['tail -f /var/log/messages']);
    const after = data;
    await sleep(300);
    expect(data).toBe(after);
  }, 30_000);
});
