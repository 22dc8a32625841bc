// The ControlMaster baseline (bench/baseline.ts) against a real OpenSSH client and a test server.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestSshServer, tempDir, type TestSshServer } from '../test/helpers/ssh-server.js';
import { skipWithout } from '../test/helpers/tools.js';
import { runBaseline, runMuxBaseline } from './baseline.js';
import { establishedByRemotePort } from './stats.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ s: TestSshServer; knownHostsFile: string; clientKeyFile: string }> {
  const s = await startTestSshServer({ exec: (ctx) => (ctx.out(`ran ${ctx.command}\n`), ctx.exit(0)) });
  cleanups.push(() => s.close());
  const t = tempDir('vd-bench-');
  cleanups.push(() => t.remove());
  return { s, knownHostsFile: t.file('known_hosts', `${s.knownHostsLine()}\n`), clientKeyFile: t.file('id_ed25519', s.clientKey.private) };
}

const cmds = (n: number) => Array.from({ length: n }, (_, i) => ({ t: i * 10, node: 'n1', cmd: { argv: ['echo', String(i)] } }));

describe.skipIf(skipWithout('ControlMaster baseline', ['ssh']))('baselines with OpenSSH', () => {
  it('ssh per command: one connection per command', async () => {
    const { s, ...files } = await setup();
    const r = await runBaseline({ cmds: cmds(3), hosts: [s.host('n1')], ...files });
    expect(r).toMatchObject({ runs: 3, failed: 0 });
    expect(s.connections).toBe(3);
  });

  it('ControlMaster: every command a client of one master per node (one connection), the masters counted, then stopped', async () => {
    const { s, ...files } = await setup();
    const r = await runMuxBaseline({ cmds: cmds(6), hosts: [s.host('n1')], ...files });
    expect(r).toMatchObject({ runs: 6, failed: 0, masters: 1 });
    expect(s.connections).toBe(1);
    expect(r.cpuS).toBeCloseTo(r.clientCpuS + r.masterCpuS, 6);
    expect(r.masterCpuS).toBeGreaterThanOrEqual(0);
    expect(r.cpuPerCmdMs).toBeCloseTo((1000 * r.cpuS) / 6, 6);
    // The master is stopped: no client connection to the server is left.
    const open = () => establishedByRemotePort(readFileSync('/proc/net/tcp', 'utf8'), [s.port]).get(s.port);
    const t0 = Date.now();
    while (open() !== 0 && Date.now() - t0 < 5000) await new Promise((res) => setTimeout(res, 50));
    expect(open()).toBe(0);
  });
});
