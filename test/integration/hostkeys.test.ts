// Host keys against real sshd: the lab's known_hosts is honoured, a changed key is refused with
// an error naming the node (by virtdeck and, as a control, by OpenSSH's own client), and
// StrictHostKeyChecking accept-new records unknown keys in the configured known_hosts.
import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cmd } from '../../src/ssh/cmd.js';
import { RunError, type RunResult } from '../../src/ssh/runner.js';
import { SshRunner } from '../../src/ssh/ssh-runner.js';
import { resolveHosts } from '../../src/ssh/ssh-config.js';
import type { Lab } from '../lab/lab.js';
import { labAvailable, labTarget, runCli, useLab } from './support.js';

async function withRunner<T>(lab: Lab, sshConfig: string, f: (r: SshRunner) => Promise<T>): Promise<T> {
  const hosts = await resolveHosts(lab.nodes.map((n) => n.name), { configFile: sshConfig });
  // No reconnect storm while a test looks at a refused node.
  const runner = new SshRunner({ hosts, reconnectBackoff: { baseMs: 5_000, capMs: 30_000 } });
  try {
    return await f(runner);
  } finally {
    await runner.close();
  }
}

const whoami = (r: SshRunner, node: string): Promise<RunResult> => r.run(node, cmd('sh', '-c', 'echo "$VIRTDECK_LAB_NODE"').done());

/** known_hosts lines → "type blob" (the part that must equal the node's current key). */
const keysIn = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/).slice(1, 3).join(' '));

describe.skipIf(!labAvailable)('host keys against real sshd', () => {
  const ctx = useLab({ addressBase: 21 });

  it('the lab known_hosts is honoured: every node answers as itself', async () => {
    await withRunner(ctx.lab, ctx.lab.sshConfig, async (r) => {
      for (const n of ctx.lab.nodes) {
        const res = await whoami(r, n.name);
        expect(res.code, n.name).toBe(0);
        expect(res.stdout.trim()).toBe(n.name);
      }
    });
  });

  it('accept-new records unknown keys (and only those) in the configured known_hosts', async () => {
    const lab = ctx.lab;
    const kh = join(lab.dir, 'known_hosts.accept-new');
    writeFileSync(kh, '');
    const cfg = join(lab.dir, 'ssh_config.accept-new');
    writeFileSync(
      cfg,
      readFileSync(lab.sshConfig, 'utf8')
        .replaceAll(`UserKnownHostsFile ${lab.knownHosts}`, `UserKnownHostsFile ${kh}`)
        .replaceAll('StrictHostKeyChecking yes', 'StrictHostKeyChecking accept-new'),
    );
    await withRunner(lab, cfg, async (r) => {
      for (const n of lab.nodes) expect((await whoami(r, n.name)).stdout.trim()).toBe(n.name);
    });
    const recorded = readFileSync(kh, 'utf8');
    expect(keysIn(recorded).sort()).toEqual(lab.nodes.map((n) => keysIn(lab.knownHostsLine(n.name))[0]!).sort());
    // each line names its node's address and port, as OpenSSH writes it
    for (const n of lab.nodes) expect(recorded).toContain(`[${n.address}]:${n.port} `);
    // and OpenSSH's own client accepts what virtdeck recorded
    const control = lab.ssh('lab-n1', 'true', cfg);
    expect(control.status, control.stderr).toBe(0);
  });

  it('a changed host key is refused with a hostkey error naming the node; the others still work', async () => {
    const lab = ctx.lab;
    // keep a copy of the old accept-new file to prove accept-new does not take a CHANGED key either
    const kh = join(lab.dir, 'known_hosts.accept-new');
    const before = readFileSync(kh, 'utf8');
    copyFileSync(kh, `${kh}.before`);
    await lab.rotateHostKey('lab-n2');

    // control: OpenSSH itself refuses
    const control = lab.ssh('lab-n2', 'true');
    expect(control.status).toBe(255);
    expect(control.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);

    for (const cfg of [lab.sshConfig, join(lab.dir, 'ssh_config.accept-new')]) {
      await withRunner(lab, cfg, async (r) => {
        expect((await whoami(r, 'lab-n1')).stdout.trim()).toBe('lab-n1');
        const err = await whoami(r, 'lab-n2').then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, cfg).toBeInstanceOf(RunError);
        const e = err as RunError;
        expect(e.node).toBe('lab-n2');
        expect(e.message).toMatch(/^lab-n2: /);
        const n2 = lab.node('lab-n2');
        // One line, cause first (the connection state below keeps OpenSSH's whole banner).
        expect(e.message).toContain(`host key CHANGED for [${n2.address}]:${n2.port} (now ED25519 SHA256:`);
        expect(e.message).not.toContain('\n');
        // Both the command and the connection state carry the specific reason.
        expect(e.kind).toBe('hostkey');
        expect(r.connState('lab-n2')?.error?.kind).toBe('hostkey');
        expect(r.connState('lab-n2')?.error?.message).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
      });
    }
    expect(readFileSync(kh, 'utf8')).toBe(before);
  }, 60_000);

  it('the CLI says which node has a changed key and still reports the others', async () => {
    const r = await runCli(['snapshot', '--json', ...labTarget(ctx.lab)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/lab-n2.*hostkey|hostkey.*lab-n2/);
    const snap = JSON.parse(r.stdout) as { nodes: { name: string; reachable: boolean; conn: { error?: string } }[] };
    const n2 = snap.nodes.find((n) => n.name === 'lab-n2');
    expect(n2?.reachable).toBe(false);
    expect(n2?.conn.error ?? '').toMatch(/host key|hostkey/i);
    expect(snap.nodes.filter((n) => n.name !== 'lab-n2').every((n) => n.reachable)).toBe(true);
  }, 120_000);
});
