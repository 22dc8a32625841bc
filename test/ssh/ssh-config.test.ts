// resolveHosts against temp ssh_config files (and one real connection from a resolved config).
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cmd } from '../../src/ssh/cmd.js';
import { resolveHosts } from '../../src/ssh/ssh-config.js';
import { SshRunner } from '../../src/ssh/ssh-runner.js';
import { generateEd25519, shellExec, startTestSshServer, tempDir, testClientKey } from '../helpers/ssh-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tmp() {
  const t = tempDir('vd-sshcfg-');
  cleanups.push(() => t.remove());
  return t;
}

const env = { SSH_AUTH_SOCK: '/run/agent.sock' };

describe('resolveHosts', () => {
  it('resolves HostName, Port, User, IdentityFile (~, %h, several), known hosts, keepalive, timeouts', async () => {
    const t = tmp();
    const key = testClientKey();
    t.file('id_n1.example', key.private);
    t.file('id_extra', key.private);
    const cfg = t.file(
      'config',
      [
        'Host n1',
        '  HostName %h.example',
        '  Port 2201',
        '  User admin',
        `  IdentityFile ${t.dir}/id_%h`,
        '  IdentityFile ~/id_extra',
        `  UserKnownHostsFile ~/kh1 ${t.dir}/kh2`,
        '  ConnectTimeout 7',
        '  ServerAliveInterval 2',
        '  ServerAliveCountMax 4',
        '',
        'Host *',
        '  User fallback',
        '  StrictHostKeyChecking accept-new',
      ].join('\n'),
    );
    const [h, other] = await resolveHosts(['n1', 'n2'], { configFile: cfg, homeDir: t.dir, env, localUser: 'me' });
    expect(h).toMatchObject({
      name: 'n1',
      hostname: 'n1.example',
      port: 2201,
      user: 'admin',
      identitiesOnly: false,
      agent: '/run/agent.sock',
      knownHostsFiles: [join(t.dir, 'kh1'), join(t.dir, 'kh2')],
      strictHostKeyChecking: 'accept-new',
      connectTimeoutMs: 7000,
      keepaliveIntervalMs: 2000,
      keepaliveCountMax: 4,
    });
    expect(h!.identities.map((i) => i.path)).toEqual([join(t.dir, 'id_n1.example'), join(t.dir, 'id_extra')]);
    expect(h!.warnings).toBeUndefined();
    expect(other).toMatchObject({
      name: 'n2',
      hostname: 'n2',
      port: 22,
      user: 'fallback',
      knownHostsFiles: [join(t.dir, '.ssh', 'known_hosts'), join(t.dir, '.ssh', 'known_hosts2')],
      globalKnownHostsFiles: ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
      keepaliveIntervalMs: 5000,
      keepaliveCountMax: 3,
      identities: [],
    });
  });

  it('uses defaults where the config is silent, the current user otherwise', async () => {
    const t = tmp();
    const cfg = t.file('config', 'Host n1\n  Port 2200\n');
    const [a, b] = await resolveHosts(['n1', 'n2'], { configFile: cfg, homeDir: t.dir, env: {}, localUser: 'me', defaults: { user: 'ops', port: 2022 } });
    expect(a).toMatchObject({ user: 'ops', port: 2200, strictHostKeyChecking: 'yes' });
    expect(a!.agent).toBeUndefined();
    expect(b).toMatchObject({ user: 'ops', port: 2022 });
    const [c] = await resolveHosts(['n3'], { configFile: cfg, homeDir: t.dir, env: {}, localUser: 'me' });
    expect(c!.user).toBe('me');
  });

  it('StrictHostKeyChecking no becomes accept-new with a warning (verification stays on)', async () => {
    const t = tmp();
    const cfg = t.file('config', 'Host n1\n  StrictHostKeyChecking no\n');
    const [h] = await resolveHosts(['n1'], { configFile: cfg, homeDir: t.dir, env: {} });
    expect(h!.strictHostKeyChecking).toBe('accept-new');
    expect(h!.warnings?.join('\n')).toMatch(/StrictHostKeyChecking no .*not honoured.*changed keys are still refused/);
  });

  it('IdentitiesOnly with identities drops the agent; missing and encrypted keys are skipped with warnings', async () => {
    const t = tmp();
    t.file('good', testClientKey().private);
    const enc = await import('ssh2').then((m) => m.default.utils.generateKeyPairSync('ed25519', { passphrase: 'secret', cipher: 'aes256-ctr', rounds: 4 }));
    t.file('enc', enc.private);
    const cfg = t.file(
      'config',
      ['Host n1', `  IdentityFile ${t.dir}/missing`, `  IdentityFile ${t.dir}/enc`, `  IdentityFile ${t.dir}/good`, '  IdentitiesOnly yes'].join('\n'),
    );
    const [h] = await resolveHosts(['n1'], { configFile: cfg, homeDir: t.dir, env });
    expect(h!.identities.map((i) => i.path)).toEqual([join(t.dir, 'good')]);
    expect(h!.identitiesOnly).toBe(true);
    expect(h!.agent).toBeUndefined();
    const w = h!.warnings!.join('\n');
    expect(w).toContain(`${t.dir}/missing: not found; skipped`);
    expect(w).toMatch(/enc is encrypted and no passphrase is available; skipped \(ssh-agent may still hold it\)/);
  });

  it('a key file readable by group/others is used but warned about, naming file and mode', async () => {
    const t = tmp();
    const loose = t.file('loose', testClientKey().private);
    const tight = t.file('tight', testClientKey().private);
    chmodSync(loose, 0o644);
    chmodSync(tight, 0o600);
    const cfg = t.file('config', ['Host n1', `  IdentityFile ${loose}`, 'Host n2', `  IdentityFile ${tight}`].join('\n'));
    const [h1, h2] = await resolveHosts(['n1', 'n2'], { configFile: cfg, homeDir: t.dir, env });
    expect(h1!.identities.map((i) => i.path)).toEqual([loose]);
    expect(h1!.warnings?.join('\n')).toContain(`IdentityFile ${loose} is accessible by group/others (mode 644); run: chmod 600 ${loose}`);
    expect(h2!.warnings?.join('\n') ?? '').not.toContain('accessible by group/others');
  });

  it('resolves a ProxyJump chain: a,b means a first, then b, then the target', async () => {
    const t = tmp();
    const cfg = t.file(
      'config',
      [
        'Host n1',
        '  ProxyJump jumpa,ops@jumpb:2202',
        'Host jumpa',
        '  HostName bastion-a.example',
        '  ProxyJump outer',
        'Host jumpb',
        '  HostName bastion-b.example',
        '  ProxyJump ignored-for-non-first-hops',
        'Host outer',
        '  Port 2000',
      ].join('\n'),
    );
    const [h] = await resolveHosts(['n1'], { configFile: cfg, homeDir: t.dir, env: {}, localUser: 'me' });
    const b = h!.proxyJump!;
    expect(b).toMatchObject({ name: 'jumpb', hostname: 'bastion-b.example', user: 'ops', port: 2202 });
    const a = b.proxyJump!;
    expect(a).toMatchObject({ name: 'jumpa', hostname: 'bastion-a.example', user: 'me', port: 22 });
    expect(a.proxyJump).toMatchObject({ name: 'outer', port: 2000 });
    expect(a.proxyJump!.proxyJump).toBeUndefined();
  });

  it('a ProxyJump cycle is an error naming the chain', async () => {
    const t = tmp();
    const cfg = t.file('config', 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n');
    await expect(resolveHosts(['a'], { configFile: cfg, homeDir: t.dir, env: {} })).rejects.toThrow(/ProxyJump chain too deep or cyclic: a → b → a/);
  });

  it('a missing explicit config file is an error naming it; a missing default file is fine', async () => {
    const t = tmp();
    await expect(resolveHosts(['n1'], { configFile: join(t.dir, 'nope'), homeDir: t.dir })).rejects.toThrow(`ssh config file ${join(t.dir, 'nope')}: not found`);
    const [h] = await resolveHosts(['n1'], { homeDir: t.dir, env: {}, localUser: 'me' });
    expect(h).toMatchObject({ name: 'n1', hostname: 'n1', port: 22, user: 'me' });
  });

  it('bad values name the file and host', async () => {
    const t = tmp();
    const cfg = t.file('config', 'Host n1\n  Port twenty\n');
    await expect(resolveHosts(['n1'], { configFile: cfg, homeDir: t.dir })).rejects.toThrow(`ssh config ${cfg}:2: host n1: Port must be a non-negative integer`);
    writeFileSync(cfg, 'Host n1\n  StrictHostKeyChecking maybe\n');
    await expect(resolveHosts(['n1'], { configFile: cfg, homeDir: t.dir })).rejects.toThrow(/StrictHostKeyChecking must be/);
  });

  it('a host resolved from a config file connects for real (accept-new + recorded key)', async () => {
    const s = await startTestSshServer({ exec: shellExec, hostKey: generateEd25519() });
    cleanups.push(() => s.close());
    const t = tmp();
    t.file('id', s.clientKey.private);
    const cfg = t.file(
      'config',
      ['Host node1', '  HostName 127.0.0.1', `  Port ${s.port}`, '  User tester', '  IdentityFile ~/id', '  IdentitiesOnly yes', '  UserKnownHostsFile ~/kh', '  StrictHostKeyChecking no'].join(
        '\n',
      ),
    );
    const hosts = await resolveHosts(['node1'], { configFile: cfg, homeDir: t.dir, env: {} });
    const logs: string[] = [];
    const r = new SshRunner({ hosts, log: (m) => logs.push(m) });
    cleanups.push(() => r.close());
    expect((await r.run('node1', cmd('echo', 'configured').done())).stdout).toBe('configured\n');
    expect(logs.join('\n')).toMatch(/not honoured/);
    expect(logs.join('\n')).toMatch(/Permanently added/);
  });
});
