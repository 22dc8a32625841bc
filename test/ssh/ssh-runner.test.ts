// SshRunner + pool against an in-process ssh2 Server on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { cmd } from '../../src/ssh/cmd.js';
import type { ResolvedHost } from '../../src/ssh/host.js';
import { RunError, type NodeConnState } from '../../src/ssh/runner.js';
import { SshRunner, type SshRunnerOptions } from '../../src/ssh/ssh-runner.js';
import { type ExecHandler, shellExec, startTestSshServer, tempDir, type TestSshServer } from '../helpers/ssh-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(exec?: ExecHandler): Promise<TestSshServer> {
  const s = await startTestSshServer({ exec });
  cleanups.push(() => s.close());
  return s;
}

function knownHosts(...servers: TestSshServer[]): string {
  const t = tempDir();
  cleanups.push(() => t.remove());
  return t.file('known_hosts', servers.map((s) => s.knownHostsLine()).join('\n') + '\n');
}

function runner(hosts: ResolvedHost[], over: Partial<SshRunnerOptions> = {}): SshRunner {
  const r = new SshRunner({ hosts, reconnectBackoff: { baseMs: 50, capMs: 200 }, ...over });
  cleanups.push(() => r.close());
  return r;
}

function waitFor(r: SshRunner, node: string, pred: (s: NodeConnState) => boolean, ms = 5000): Promise<NodeConnState> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${node} state; last: ${JSON.stringify(r.connState(node))}`));
    }, ms);
    const off = r.onConnState((s) => {
      if (s.node === node && pred(s)) {
        clearTimeout(t);
        queueMicrotask(() => off());
        resolve(s);
      }
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rejection(p: Promise<unknown>): Promise<RunError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RunError);
    return e as RunError;
  }
  throw new Error('expected a rejection');
}

describe('SshRunner over a real SSH connection', () => {
  it('runs a command: stdout, stderr, exit code (real /bin/sh on the far side)', async () => {
    const s = await server(shellExec);
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })]);
    const res = await r.run('n1', cmd('sh', '-c', 'printf "out %s" "$1"; echo oops >&2; exit 3', 'sh', "it's $HOME `x`").done());
    expect(res.stdout).toBe("out it's $HOME `x`");
    expect(res.stderr).toBe('oops\n');
    expect(res.code).toBe(3);
    expect(res.node).toBe('n1');
    expect(r.connState('n1')?.status).toBe('up');
  });

  it('runs a batch in one exec and splits it per command', async () => {
    const s = await server(shellExec);
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })]);
    const res = await r.runBatch('n1', [
      cmd('echo', 'a b').done(),
      cmd('sh', '-c', 'echo err >&2; printf no-newline; exit 2').done(),
      cmd('printf', '').done(),
      cmd('echo', '$x;y').done(),
    ]);
    expect(res.map((x) => [x.stdout, x.code])).toEqual([
      ['a b\n', 0],
      ['no-newline', 2],
      ['', 0],
      ['$x;y\n', 0],
    ]);
    expect(s.commands).toHaveLength(1);
  });

  it('prefixes sudo -n only when the runner uses sudo', async () => {
    const seen: string[] = [];
    const s = await server((ctx) => {
      seen.push(ctx.command);
      ctx.exit(0);
    });
    const kh = knownHosts(s);
    const a = runner([s.host('n1', { knownHostsFiles: [kh] })], { useSudo: true });
    const b = runner([s.host('n1', { knownHostsFiles: [kh] })], { useSudo: false });
    await a.run('n1', cmd('crm_mon', '-1').sudo().done());
    await b.run('n1', cmd('crm_mon', '-1').sudo().done());
    expect(seen).toEqual(['sudo -n crm_mon -1', 'crm_mon -1']);
  });

  it('never has more than 8 channels open; 20 parallel commands all complete', async () => {
    const s = await server(async (ctx) => {
      await sleep(40);
      ctx.out(ctx.command);
      ctx.exit(0);
    });
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })]);
    const states: NodeConnState[] = [];
    r.onConnState((st) => states.push(st));
    const res = await Promise.all(Array.from({ length: 20 }, (_, i) => r.run('n1', cmd('echo', String(i)).done())));
    expect(res.map((x) => x.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => `echo ${i}`));
    expect(s.maxConcurrentSessions).toBeGreaterThan(1);
    expect(s.maxConcurrentSessions).toBeLessThanOrEqual(8);
    expect(Math.max(...states.map((x) => x.openChannels))).toBeLessThanOrEqual(8);
    expect(Math.max(...states.map((x) => x.queued))).toBeGreaterThan(0);
    expect(s.connections).toBe(1);
  });

  it('a timeout closes the channel (the server sees it) and later commands still work', async () => {
    const s = await server(async (ctx) => {
      if (ctx.command.startsWith('hang')) return; // never answers
      ctx.out('ok');
      ctx.exit(0);
    });
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })]);
    const e = await rejection(r.run('n1', cmd('hang').timeout(150).done()));
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/timed out after 150 ms/);
    await expect.poll(() => s.closedChannels).toContain('hang');
    expect(s.openSessions).toBe(0);
    expect((await r.run('n1', cmd('fine').done())).stdout).toBe('ok');
    expect(r.connState('n1')?.openChannels).toBe(0);
  });

  it('output beyond maxBytes closes the channel with output-too-large', async () => {
    const s = await server((ctx) => {
      const chunk = 'x'.repeat(16 * 1024);
      const pump = () => {
        while (!ctx.isClosed()) {
          if (!ctx.channel.write(chunk)) return void ctx.channel.once('drain', pump);
        }
      };
      pump();
    });
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })]);
    const e = await rejection(r.run('n1', cmd('yes').maxBytes(100_000).done()));
    expect(e.kind).toBe('output-too-large');
    await expect.poll(() => s.closedChannels).toContain('yes');
  });

  it('reconnects by itself after the server drops every connection', async () => {
    const s = await server(shellExec);
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })]);
    await waitFor(r, 'n1', (x) => x.status === 'up');
    const down = waitFor(r, 'n1', (x) => x.status !== 'up');
    s.dropConnections();
    await down;
    await waitFor(r, 'n1', (x) => x.status === 'up');
    expect((await r.run('n1', cmd('echo', 'back').done())).stdout).toBe('back\n');
    expect(s.connections).toBeGreaterThanOrEqual(2);
  });

  it('reconnects after the server restarts on the same port', async () => {
    const s = await server(shellExec);
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })]);
    await waitFor(r, 'n1', (x) => x.status === 'up');
    await s.stop();
    const st = await waitFor(r, 'n1', (x) => x.status === 'down' && x.attempts >= 2);
    expect(st.error?.kind).toBe('unreachable');
    await s.start();
    await waitFor(r, 'n1', (x) => x.status === 'up');
    expect(r.connState('n1')?.attempts).toBe(0);
  });

  it('a down node fails fast with the last error and does not block another node', async () => {
    const good = await server(shellExec);
    const bad = await server(shellExec);
    const kh = knownHosts(good, bad);
    const r = runner([good.host('n1', { knownHostsFiles: [kh] }), bad.host('n2', { knownHostsFiles: [kh] })], {
      reconnectBackoff: { baseMs: 5000, capMs: 5000 },
    });
    await waitFor(r, 'n2', (x) => x.status === 'up');
    await bad.stop();
    await waitFor(r, 'n2', (x) => x.status === 'down');
    const t0 = Date.now();
    const e = await rejection(r.run('n2', cmd('true').done()));
    expect(e.kind).toBe('unreachable');
    expect(e.message).toMatch(/node is down/);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect((await r.run('n1', cmd('echo', 'fine').done())).stdout).toBe('fine\n');
  });

  it('read-only refuses a mutating command before sending anything', async () => {
    const s = await server(shellExec);
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })], { readonly: true });
    const e = await rejection(r.run('n1', cmd('crm_attribute', '--node', 'n1', '--update', 'on').mutating().done()));
    expect(e.kind).toBe('readonly');
    const e2 = await rejection(r.runBatch('n1', [cmd('true').done(), cmd('reboot').mutating().done()]));
    expect(e2.kind).toBe('readonly');
    expect((await r.run('n1', cmd('echo', 'read').done())).stdout).toBe('read\n');
    expect(s.commands).toEqual(['echo read']);
  });

  it('unknown node is refused', async () => {
    const s = await server(shellExec);
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })]);
    const e = await rejection(r.run('nX', cmd('true').done()));
    expect(e.kind).toBe('unknown-node');
    expect(e.message).toContain('nX');
  });

  it('keepalive detects a silent server and marks the node down', async () => {
    const s = await server(shellExec);
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)], keepaliveIntervalMs: 150, keepaliveCountMax: 1 })], {
      reconnectBackoff: { baseMs: 10_000, capMs: 10_000 },
    });
    await waitFor(r, 'n1', (x) => x.status === 'up');
    s.freeze();
    const t0 = Date.now();
    const st = await waitFor(r, 'n1', (x) => x.status === 'down', 3000);
    // interval 150 ms × (countMax 1 + 1) plus scheduling slack
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(st.error?.message).toMatch(/keepalive/i);
  });

  it('a stream delivers data, restarts after the remote ends it (onStart again), and stops on close', async () => {
    let runs = 0;
    const s = await server(async (ctx) => {
      runs++;
      ctx.out(`run${runs}-a\n`);
      await sleep(20);
      ctx.out(`run${runs}-b\n`);
      ctx.exit(0);
    });
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })], { streamBackoff: { initialMs: 50, maxMs: 100 } });
    const events: string[] = [];
    const h = r.stream('n1', cmd('journalctl', '-f').done(), {
      onStart: () => events.push('start'),
      onData: (c) => events.push(...c.split('\n').filter(Boolean)),
      onEnd: ({ code }) => events.push(`end:${code}`),
    });
    await expect.poll(() => events.filter((e) => e === 'start').length, { timeout: 3000 }).toBeGreaterThanOrEqual(2);
    h.close();
    const n = runs;
    await sleep(200);
    expect(runs).toBe(n);
    expect(events.slice(0, 5)).toEqual(['start', 'run1-a', 'run1-b', 'end:0', 'start']);
  });

  it('close() ends connections cleanly and later calls reject with closed', async () => {
    const s = await server(shellExec);
    const r = new SshRunner({ hosts: [s.host('n1', { knownHostsFiles: [knownHosts(s)] })] });
    await waitFor(r, 'n1', (x) => x.status === 'up');
    await r.close();
    await expect.poll(() => s.openSessions).toBe(0);
    const e = await rejection(r.run('n1', cmd('true').done()));
    expect(e.kind).toBe('closed');
  });

  it('a refused channel open is RunError channel; the connection stays up', async () => {
    const s = await server(shellExec);
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })]);
    await waitFor(r, 'n1', (x) => x.status === 'up');
    s.rejectSessions = true;
    const e = await rejection(r.run('n1', cmd('true').done()));
    expect(e.kind).toBe('channel');
    s.rejectSessions = false;
    expect((await r.run('n1', cmd('echo', 'ok').done())).stdout).toBe('ok\n');
    expect(r.connState('n1')?.status).toBe('up');
  });

  it('authentication failure is kind auth, names what was offered, and retries at the slow end', async () => {
    const s = await server(shellExec);
    const { generateEd25519 } = await import('../helpers/ssh-server.js');
    const wrong = generateEd25519();
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)], identities: [{ path: '/keys/wrong', privateKey: wrong.private }] })], {
      reconnectBackoff: { baseMs: 10, capMs: 2000 },
    });
    const st = await waitFor(r, 'n1', (x) => x.status === 'down');
    expect(st.error?.kind).toBe('auth');
    expect(st.error?.message).toMatch(/authentication failed for tester@127\.0\.0\.1:\d+ \(offered: \/keys\/wrong\)/);
    await sleep(300);
    // base 10 ms would have retried many times by now; the slow end waits ≥ cap/2
    expect(s.connections).toBe(1);
  });

  it('commands submitted while connecting wait for the connection', async () => {
    const s = await server(shellExec);
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })]);
    expect(r.connState('n1')?.status).toBe('connecting');
    expect((await r.run('n1', cmd('echo', 'early').done())).stdout).toBe('early\n');
  });

  it('commands in flight when the connection drops reject with unreachable', async () => {
    const s = await server(async () => {
      /* never answers */
    });
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })]);
    const p = r.run('n1', cmd('sleep', '100').done());
    await expect.poll(() => s.commands.length).toBe(1);
    s.dropConnections();
    const e = await rejection(p);
    expect(e.kind).toBe('unreachable');
    expect(e.message).toMatch(/connection lost/);
  });

  it('a stream restarts promptly when its node reconnects', async () => {
    const s = await server(async (ctx) => {
      ctx.out('tick\n');
      await ctx.closed;
    });
    const r = runner([s.host('n1', { knownHostsFiles: [knownHosts(s)] })], { streamBackoff: { initialMs: 20_000, maxMs: 20_000 } });
    let starts = 0;
    const ends: (string | undefined)[] = [];
    const h = r.stream('n1', cmd('iostat', '-dxy', '5').done(), { onStart: () => starts++, onData: () => {}, onEnd: (i) => ends.push(i.error?.kind) });
    await expect.poll(() => starts).toBe(1);
    s.dropConnections();
    await expect.poll(() => ends).toEqual(['unreachable']);
    // the 20 s backoff is cut short by the reconnect
    await expect.poll(() => starts, { timeout: 3000 }).toBe(2);
    h.close();
  });
});
