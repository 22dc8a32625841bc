// known_hosts parsing/checking (cross-checked against ssh-keygen) and host key verification
// over real connections to the in-process server, including ProxyJump.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cmd } from '../../src/ssh/cmd.js';
import {
  checkHostKey,
  fingerprintSha256,
  keyTypeOfBlob,
  knownHostsLine,
  lookupHostKey,
  parseKnownHosts,
} from '../../src/ssh/known-hosts.js';
import type { NodeConnState } from '../../src/ssh/runner.js';
import { SshRunner } from '../../src/ssh/ssh-runner.js';
import { newHostKey, publicBlob, shellExec, startTestSshServer, tempDir, type TestSshServer } from '../helpers/ssh-server.js';
import { skipWithout, toolPath } from '../helpers/tools.js';

const noKeygen = skipWithout('known_hosts cross-checks against ssh-keygen', ['ssh-keygen']);
const sshKeygen = (args: string[], opts: Parameters<typeof execFileSync>[2]) => execFileSync(toolPath('ssh-keygen') ?? 'ssh-keygen', args, opts);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tmp() {
  const t = tempDir();
  cleanups.push(() => t.remove());
  return t;
}

async function server(): Promise<TestSshServer> {
  const s = await startTestSshServer({ exec: shellExec });
  cleanups.push(() => s.close());
  return s;
}

function mkRunner(hosts: ConstructorParameters<typeof SshRunner>[0]['hosts'], log?: (m: string) => void): SshRunner {
  const r = new SshRunner({ hosts, log, reconnectBackoff: { baseMs: 50, capMs: 400 } });
  cleanups.push(() => r.close());
  return r;
}

function settled(r: SshRunner, node: string, ms = 5000): Promise<NodeConnState> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no final state for ${node}: ${JSON.stringify(r.connState(node))}`)), ms);
    const off = r.onConnState((s) => {
      if (s.node === node && s.status !== 'connecting') {
        clearTimeout(t);
        queueMicrotask(() => off());
        resolve(s);
      }
    });
  });
}

describe('known_hosts parsing and checking', () => {
  const k1 = newHostKey();
  const k2 = newHostKey();
  const b1 = publicBlob(k1.public);
  const b2 = publicBlob(k2.public);
  const b64 = (b: Buffer) => b.toString('base64');

  it('matches plain names, comma lists, [host]:port, and tells changed from unknown', () => {
    const entries = parseKnownHosts(
      [
        '# comment',
        `alpha,10.0.0.1 ssh-ed25519 ${b64(b1)}`,
        `[beta]:2222 ssh-ed25519 ${b64(b1)} comment here`,
        `gamma ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ==`,
        'garbage',
      ].join('\n'),
      'kh',
    );
    expect(entries).toHaveLength(3);
    expect(checkHostKey(entries, 'alpha', 22, 'ssh-ed25519', b1)).toBe('match');
    expect(checkHostKey(entries, '10.0.0.1', 22, 'ssh-ed25519', b1)).toBe('match');
    expect(checkHostKey(entries, 'alpha', 2200, 'ssh-ed25519', b1)).toBe('unknown');
    expect(checkHostKey(entries, 'beta', 2222, 'ssh-ed25519', b1)).toBe('match');
    expect(checkHostKey(entries, 'beta', 22, 'ssh-ed25519', b1)).toBe('unknown');
    const changed = lookupHostKey(entries, 'alpha', 22, 'ssh-ed25519', b2);
    expect(changed.status).toBe('changed');
    expect(changed.entry).toMatchObject({ file: 'kh', line: 2 });
    // another key type known: OpenSSH treats it as a new key, not a changed one
    expect(lookupHostKey(entries, 'gamma', 22, 'ssh-ed25519', b1)).toMatchObject({ status: 'unknown', otherTypes: ['ssh-rsa'] });
  });

  it.skipIf(noKeygen)('matches hashed entries written by ssh-keygen -H (port 22 and [host]:port)', () => {
    const t = tmp();
    const f = t.file('known_hosts', `node1 ssh-ed25519 ${b64(b1)}\n[node2]:2022 ssh-ed25519 ${b64(b1)}\n`);
    sshKeygen(['-H', '-f', f], { stdio: 'ignore' });
    const text = readFileSync(f, 'utf8');
    expect(text).not.toContain('node1');
    expect(text).toMatch(/^\|1\|/m);
    const entries = parseKnownHosts(text, f);
    expect(checkHostKey(entries, 'node1', 22, 'ssh-ed25519', b1)).toBe('match');
    expect(checkHostKey(entries, 'node2', 2022, 'ssh-ed25519', b1)).toBe('match');
    expect(checkHostKey(entries, 'node2', 22, 'ssh-ed25519', b1)).toBe('unknown');
    expect(checkHostKey(entries, 'node1', 22, 'ssh-ed25519', b2)).toBe('changed');
  });

  it('@revoked refuses even where another line accepts; @cert-authority is recorded but matches no plain key', () => {
    const entries = parseKnownHosts(
      [`n1 ssh-ed25519 ${b64(b1)}`, `@revoked * ssh-ed25519 ${b64(b1)}`, `@cert-authority *.example ssh-ed25519 ${b64(b2)}`].join('\n'),
    );
    expect(entries.map((e) => e.marker)).toEqual([undefined, 'revoked', 'cert-authority']);
    expect(checkHostKey(entries, 'n1', 22, 'ssh-ed25519', b1)).toBe('revoked');
    expect(checkHostKey(entries, 'x.example', 22, 'ssh-ed25519', b2)).toBe('unknown');
  });

  it.skipIf(noKeygen)('fingerprint matches ssh-keygen -l; key type comes from the blob', () => {
    const t = tmp();
    const f = t.file('k.pub', k1.public);
    const out = String(sshKeygen(['-l', '-E', 'sha256', '-f', f], { encoding: 'utf8' }));
    expect(out.split(' ')[1]).toBe(fingerprintSha256(b1));
    expect(keyTypeOfBlob(b1)).toBe('ssh-ed25519');
    expect(knownHostsLine('h', 22, 'ssh-ed25519', b1)).toBe(`h ssh-ed25519 ${b64(b1)}`);
  });
});

describe('host key verification on connect', () => {
  it('refuses an unknown host key, with the fingerprint and how to trust it', async () => {
    const s = await server();
    const t = tmp();
    const kh = join(t.dir, 'known_hosts');
    const r = mkRunner([s.host('n1', { knownHostsFiles: [kh] })]);
    const st = await settled(r, 'n1');
    expect(st.status).toBe('down');
    expect(st.error?.kind).toBe('hostkey');
    expect(st.error?.message).toContain(fingerprintSha256(publicBlob(s.hostKey.public)));
    expect(st.error?.message).toContain(`[127.0.0.1]:${s.port}`);
    expect(st.error?.message).toMatch(/accept-new/);
    expect(s.commands).toEqual([]);
    const e = await r.run('n1', cmd('true').done()).catch((x: Error) => x);
    expect(String(e)).toMatch(/node is down.*not known/s);
  });

  it('refuses a changed key with the OpenSSH-style warning naming file:line', async () => {
    const s = await server();
    const t = tmp();
    const old = newHostKey();
    const kh = t.file('known_hosts', `# mine\nother ssh-ed25519 ${publicBlob(old.public).toString('base64')}\n[127.0.0.1]:${s.port} ${old.public.split(' ').slice(0, 2).join(' ')}\n`);
    const r = mkRunner([s.host('n1', { knownHostsFiles: [kh], strictHostKeyChecking: 'accept-new' })]);
    const st = await settled(r, 'n1');
    expect(st.error?.kind).toBe('hostkey');
    const m = st.error!.message;
    expect(m).toContain('WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!');
    expect(m).toContain(fingerprintSha256(publicBlob(s.hostKey.public)));
    expect(m).toContain(`${kh}:3`);
    expect(m).toContain(`[127.0.0.1]:${s.port}`);
    // accept-new must not have overwritten anything
    expect(readFileSync(kh, 'utf8')).not.toContain(s.hostKey.public.split(' ')[1]!);
  });

  it('accept-new records the key (file 0600, dir 0700) and the next connection matches it', async () => {
    const s = await server();
    const t = tmp();
    const kh = join(t.dir, 'new', 'known_hosts');
    const logs: string[] = [];
    const r1 = mkRunner([s.host('n1', { knownHostsFiles: [kh], strictHostKeyChecking: 'accept-new' })], (m) => logs.push(m));
    expect((await r1.run('n1', cmd('echo', 'hi').done())).stdout).toBe('hi\n');
    const text = readFileSync(kh, 'utf8');
    expect(text).toBe(`${s.knownHostsLine()}\n`);
    expect(statSync(kh).mode & 0o777).toBe(0o600);
    expect(statSync(join(t.dir, 'new')).mode & 0o777).toBe(0o700);
    expect(logs.join('\n')).toMatch(/Permanently added/);
    await r1.close();
    // strict now: the recorded key is what lets it in
    const r2 = mkRunner([s.host('n1', { knownHostsFiles: [kh], strictHostKeyChecking: 'yes' })]);
    expect((await r2.run('n1', cmd('echo', 'again').done())).stdout).toBe('again\n');
    expect(readFileSync(kh, 'utf8')).toBe(text);
  });

  it.skipIf(noKeygen)('connects with a hashed known_hosts entry', async () => {
    const s = await server();
    const t = tmp();
    const kh = t.file('known_hosts', `${s.knownHostsLine()}\n`);
    sshKeygen(['-H', '-f', kh], { stdio: 'ignore' });
    expect(readFileSync(kh, 'utf8')).not.toContain('127.0.0.1');
    const r = mkRunner([s.host('n1', { knownHostsFiles: [kh] })]);
    expect((await r.run('n1', cmd('echo', 'hashed').done())).stdout).toBe('hashed\n');
  });

  it('refuses a @revoked key', async () => {
    const s = await server();
    const t = tmp();
    const [type, b64] = s.hostKey.public.split(' ');
    const kh = t.file('known_hosts', `${s.knownHostsLine()}\n@revoked * ${type} ${b64}\n`);
    const r = mkRunner([s.host('n1', { knownHostsFiles: [kh] })]);
    const st = await settled(r, 'n1');
    expect(st.error?.kind).toBe('hostkey');
    expect(st.error?.message).toMatch(/@revoked in .*known_hosts:2/);
  });

  it('reaches a node through a ProxyJump host (direct-tcpip), checking both host keys', async () => {
    const jump = await server();
    const target = await server();
    const t = tmp();
    // The target is addressed by a name only the jump host resolves in real life; here 127.0.0.1.
    const kh = t.file('known_hosts', `${jump.knownHostsLine()}\n${target.knownHostsLine()}\n`);
    const r = mkRunner([target.host('n1', { knownHostsFiles: [kh], proxyJump: jump.host('bastion', { knownHostsFiles: [kh] }) })]);
    expect((await r.run('n1', cmd('echo', 'via jump').done())).stdout).toBe('via jump\n');
    expect(jump.tcpipRequests).toEqual([{ destIP: '127.0.0.1', destPort: target.port }]);
    expect(jump.commands).toEqual([]);
    expect(target.commands).toEqual(['echo \'via jump\'']);
  });

  it('a ProxyJump host with an unknown key fails with a message naming the jump', async () => {
    const jump = await server();
    const target = await server();
    const t = tmp();
    const kh = t.file('known_hosts', `${target.knownHostsLine()}\n`);
    const r = mkRunner([target.host('n1', { knownHostsFiles: [kh], proxyJump: jump.host('bastion', { knownHostsFiles: [kh] }) })]);
    const st = await settled(r, 'n1');
    expect(st.error?.kind).toBe('hostkey');
    expect(st.error?.message).toMatch(/via ProxyJump bastion: Host key for \[127\.0\.0\.1\]:\d+ is not known/);
    expect(jump.tcpipRequests).toEqual([]);
  });
});
