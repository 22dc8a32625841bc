// Test helper: a plain ssh2 client that checks the demo host key against the known_hosts
// file itself (so the tests do not depend on src/ssh) and runs exec requests.
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import type { ResolvedHost } from '../../../src/ssh/host.js';

const { Client } = ssh2;
export type SshClient = InstanceType<typeof Client>;

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Base64 key blob listed for `[host]:port` in the known_hosts files. */
export function knownKey(h: ResolvedHost): string | undefined {
  const name = h.port === 22 ? h.hostname : `[${h.hostname}]:${h.port}`;
  for (const f of h.knownHostsFiles) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const [names, , b64] = line.trim().split(/\s+/);
      if (names?.split(',').includes(name)) return b64;
    }
  }
  return undefined;
}

export function connect(h: ResolvedHost, privateKey?: string | Buffer): Promise<SshClient> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    const expected = knownKey(h);
    c.on('ready', () => resolve(c));
    c.on('error', reject);
    c.connect({
      host: h.hostname,
      port: h.port,
      username: h.user,
      privateKey: privateKey ?? h.identities[0]!.privateKey,
      readyTimeout: 5000,
      hostVerifier: (key: Buffer) => expected !== undefined && key.toString('base64') === expected,
    });
  });
}

export function exec(c: SshClient, command: string, stdin?: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    c.exec(command, (err, ch) => {
      if (err) return reject(err);
      let stdout = '';
      let stderr = '';
      let code: number | null = null;
      ch.on('data', (d: Buffer) => (stdout += d.toString()));
      ch.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      ch.on('exit', (c0: number | null) => (code = c0));
      ch.on('close', () => resolve({ stdout, stderr, code }));
      if (stdin !== undefined) ch.end(stdin);
      else ch.end();
    });
  });
}

/** Opens a streaming exec; collects stdout until stop() closes the channel. */
export function openStream(c: SshClient, command: string): Promise<{ ch: ClientChannel; data: () => string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    c.exec(command, (err, ch) => {
      if (err) return reject(err);
      let buf = '';
      ch.on('data', (d: Buffer) => (buf += d.toString()));
      ch.stderr.on('data', () => undefined);
      const closed = new Promise<void>((r) => ch.on('close', () => r()));
      resolve({
        ch,
        data: () => buf,
        stop: async () => {
          ch.close();
          await closed;
        },
      });
    });
  });
}

export async function until(cond: () => boolean, timeoutMs = 5000, stepMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
