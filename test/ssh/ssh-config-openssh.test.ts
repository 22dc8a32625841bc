// ssh_config features virtdeck used to ignore (issue 14 item 16): Include, the system-wide
// config and known_hosts, ProxyCommand (run it, or refuse clearly), and where each value came
// from. Real connections go to an in-process SSH server on 127.0.0.1.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cmd } from '../../src/ssh/cmd.js';
import { resolveHosts } from '../../src/ssh/ssh-config.js';
import { evaluateSshConfig, matchPattern, splitConfigLine } from '../../src/ssh/ssh-config-file.js';
import { SshRunner } from '../../src/ssh/ssh-runner.js';
import { shellExec, startTestSshServer, tempDir } from '../helpers/ssh-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tmp() {
  const t = tempDir('vd-sshcfg2-');
  mkdirSync(join(t.dir, '.ssh', 'conf.d'), { recursive: true });
  cleanups.push(() => t.remove());
  return t;
}

/** A ProxyCommand that relays stdin/stdout to host:port (what `nc %h %p` does), in Node. */
function relayScript(t: ReturnType<typeof tmp>): string {
  return t.file(
    'relay.cjs',
    `const s = require('net').connect(Number(process.argv[3]), process.argv[2]);
process.stderr.write('relay to ' + process.argv[2] + ':' + process.argv[3] + '\\n');
process.stdin.pipe(s); s.pipe(process.stdout);
s.on('error', (e) => { process.stderr.write('relay failed: ' + e.message + '\\n'); process.exit(3); });`,
  );
}

describe('ssh_config as OpenSSH reads it', () => {
  it('a host defined only in an included file (glob, relative to ~/.ssh) resolves, with file:line', async () => {
    const t = tmp();
    t.file('.ssh/conf.d/10-nodes.conf', '# nodes\nHost node7\n  HostName 10.1.2.7\n  Port 2207\n  User ops\n');
    t.file('.ssh/conf.d/20-other.conf', 'Host node7\n  Port 9999\n');
    const cfg = t.file('.ssh/config', 'Include conf.d/*.conf\nHost *\n  User nobody\n');
    const [h] = await resolveHosts(['node7'], { configFile: cfg, homeDir: t.dir, env: {}, localUser: 'me' });
    expect(h).toMatchObject({ hostname: '10.1.2.7', port: 2207, user: 'ops' });
    expect(h!.origin).toMatchObject({
      hostname: `${join(t.dir, '.ssh/conf.d/10-nodes.conf')}:3`,
      port: `${join(t.dir, '.ssh/conf.d/10-nodes.conf')}:4`,
      user: `${join(t.dir, '.ssh/conf.d/10-nodes.conf')}:5`,
      knownHostsFiles: 'default',
    });
  });

  it('reads /etc/ssh/ssh_config after ~/.ssh/config (user file first), but not with an explicit file', async () => {
    const t = tmp();
    t.file('.ssh/config', 'Host n1\n  Port 2201\n');
    const sys = t.file('system_config', 'Host *\n  Port 2299\n  User sysuser\n  GlobalKnownHostsFile /srv/kh\n');
    const [h] = await resolveHosts(['n1'], { systemConfigFile: sys, homeDir: t.dir, env: {}, localUser: 'me' });
    expect(h).toMatchObject({ port: 2201, user: 'sysuser', globalKnownHostsFiles: ['/srv/kh'] });
    expect(h!.origin!.user).toBe(`${sys}:3`);
    const [e] = await resolveHosts(['n1'], { configFile: join(t.dir, '.ssh/config'), systemConfigFile: sys, homeDir: t.dir, env: {}, localUser: 'me' });
    expect(e).toMatchObject({ port: 2201, user: 'me' });
  });

  it('Match host sees HostName, Match user the user so far; Host sees the name as given', () => {
    const files = new Map([['/c', 'Host n1\n  HostName real1\nHost real1\n  Port 1\nMatch host real1 user alice\n  Port 2\nMatch user bob\n  Port 3\n']]);
    const r = (user?: string) =>
      evaluateSshConfig({ host: 'n1', localUser: 'bob', home: '/h', files: [{ path: '/c', system: false, required: true }], warnings: [], read: (p) => files.get(p)!, ...(user ? { preset: { user } } : {}) });
    expect(r('alice').port).toEqual({ value: '2', from: '/c:6' });
    expect(r().port).toEqual({ value: '3', from: '/c:8' });
  });

  it('Match exec never runs anything: the block is skipped with a warning', () => {
    const warnings: string[] = [];
    const o = evaluateSshConfig({
      host: 'n1',
      localUser: 'me',
      home: '/h',
      files: [{ path: '/c', system: false, required: true }],
      warnings,
      read: () => 'Match exec "touch /tmp/pwned"\n  Port 1\n',
    });
    expect(o.port).toBeUndefined();
    expect(warnings.join()).toMatch(/\/c:1: Match exec is not evaluated/);
  });

  it('line syntax: `=`, quotes, trailing comments; patterns are linear (no backtracking blow-up)', () => {
    expect(splitConfigLine('  User = "a b" # c', 'f:1')).toMatchObject({ keyword: 'user', args: ['a b'] });
    expect(splitConfigLine('ProxyCommand nc "%h" %p', 'f:1')).toMatchObject({ rest: 'nc "%h" %p' });
    expect(() => splitConfigLine('User "open', 'f:3')).toThrow('f:3: invalid quotes');
    expect(matchPattern(`${'a'.repeat(5000)}b`, `${'*a'.repeat(40)}*c`)).toBe(false);
    expect(matchPattern('web01', 'w*0?')).toBe(true);
  });

  it('ProxyJump a,b: b is reached through a, so b\'s own ProxyJump/ProxyCommand are not used (no false loop)', async () => {
    const t = tmp();
    const cfg = t.file('config', 'Host n1\n  ProxyJump jumpa,jumpb\nHost jumpa\n  ProxyJump none\nHost *\n  ProxyJump jumpb\n  ProxyCommand nc %h %p\n');
    const [h] = await resolveHosts(['n1'], { configFile: cfg, homeDir: t.dir, env: {}, localUser: 'me' });
    expect(h!.proxyJump).toMatchObject({ name: 'jumpb', proxyJump: { name: 'jumpa' } });
    expect(h!.proxyJump!.proxyCommand).toBeUndefined();
    expect(h!.proxyJump!.proxyJump!.proxyJump).toBeUndefined();
    // jumpa's ProxyJump none leaves the slot to the wildcard ProxyCommand, as in OpenSSH.
    expect(h!.proxyJump!.proxyJump!.proxyCommand).toBe('nc jumpa 22');
    // A hop that is reached through itself is a loop ssh would spin in: refused, with the fix.
    await expect(resolveHosts(['jumpb'], { configFile: cfg, homeDir: t.dir, env: {} })).rejects.toThrow(/jumpb → jumpb .*"ProxyJump none"/);
  });

  it('ProxyCommand with shell metacharacters in %h is refused, naming the file and line', async () => {
    const t = tmp();
    const cfg = t.file('config', 'Host *\n  ProxyCommand nc %h %p\n');
    await expect(resolveHosts(['a;rm'], { configFile: cfg, homeDir: t.dir, env: {} })).rejects.toThrow(`ssh config ${cfg}:2: host a;rm: ProxyCommand: host "a;rm" holds characters a shell would interpret`);
  });

  it('ProxyCommand is used, not bypassed: the connection goes through the command (tokens expanded)', async () => {
    const s = await startTestSshServer({ exec: shellExec });
    cleanups.push(() => s.close());
    const t = tmp();
    t.file('id', s.clientKey.private);
    const relay = relayScript(t);
    // HostName points at a closed port: a direct connection (the old behaviour) fails.
    const cfg = t.file(
      'config',
      [
        'Host node1',
        '  HostName 127.0.0.1',
        '  Port 1',
        `  ProxyCommand '${process.execPath}' '${relay}' %h ${s.port}`,
        '  IdentityFile ~/id',
        '  UserKnownHostsFile ~/kh',
        '  StrictHostKeyChecking accept-new',
        '  User tester',
      ].join('\n'),
    );
    const hosts = await resolveHosts(['node1'], { configFile: cfg, homeDir: t.dir, env: {} });
    expect(hosts[0]!.proxyCommand).toBe(`'${process.execPath}' '${relay}' 127.0.0.1 ${s.port}`);
    const logs: string[] = [];
    const r = new SshRunner({ hosts, log: (m) => logs.push(m) });
    cleanups.push(() => r.close());
    expect((await r.run('node1', cmd('echo', 'via-proxy').done())).stdout).toBe('via-proxy\n');
    expect(logs.join('\n')).toContain(`ProxyCommand: relay to 127.0.0.1:${s.port}`);
  });

  it('a failing ProxyCommand is the reason given (its exit and stderr), not a silent direct connection', async () => {
    const t = tmp();
    const cfg = t.file('config', 'Host node1\n  HostName 127.0.0.1\n  ProxyCommand sh -c "echo no route to bastion >&2; exit 7"\n  UserKnownHostsFile ~/kh\n');
    const hosts = await resolveHosts(['node1'], { configFile: cfg, homeDir: t.dir, env: {} });
    const r = new SshRunner({ hosts, reconnectBackoff: { baseMs: 60_000, capMs: 60_000 } });
    cleanups.push(() => r.close());
    const err = await r.run('node1', cmd('true').done()).catch((e: Error) => e);
    expect(String(err)).toMatch(/via ProxyCommand .*\(command exit code 7: no route to bastion\)/);
  });

  it('a host key known only in the global known_hosts file is accepted (StrictHostKeyChecking yes)', async () => {
    const s = await startTestSshServer({ exec: shellExec });
    cleanups.push(() => s.close());
    const t = tmp();
    t.file('id', s.clientKey.private);
    const [type, b64] = s.hostKey.public.trim().split(/\s+/);
    const global = t.file('global_kh', `[127.0.0.1]:${s.port} ${type} ${b64}\n`);
    const cfg = t.file(
      'config',
      ['Host node1', '  HostName 127.0.0.1', `  Port ${s.port}`, '  User tester', '  IdentityFile ~/id', '  UserKnownHostsFile ~/kh', `  GlobalKnownHostsFile ${global}`, '  StrictHostKeyChecking yes'].join('\n'),
    );
    const hosts = await resolveHosts(['node1'], { configFile: cfg, homeDir: t.dir, env: {} });
    const r = new SshRunner({ hosts });
    cleanups.push(() => r.close());
    expect((await r.run('node1', cmd('echo', 'ok').done())).stdout).toBe('ok\n');
  });

  it('an unreadable global known_hosts file is skipped (logged), not a refusal', async () => {
    const s = await startTestSshServer({ exec: shellExec });
    cleanups.push(() => s.close());
    const t = tmp();
    t.file('id', s.clientKey.private);
    const [type, b64] = s.hostKey.public.trim().split(/\s+/);
    t.file('kh', `[127.0.0.1]:${s.port} ${type} ${b64}\n`);
    const cfg = t.file(
      'config',
      ['Host node1', '  HostName 127.0.0.1', `  Port ${s.port}`, '  User tester', '  IdentityFile ~/id', '  UserKnownHostsFile ~/kh', `  GlobalKnownHostsFile ${t.dir}/.ssh`, '  StrictHostKeyChecking yes'].join('\n'),
    );
    const hosts = await resolveHosts(['node1'], { configFile: cfg, homeDir: t.dir, env: {} });
    const logs: string[] = [];
    const r = new SshRunner({ hosts, log: (m) => logs.push(m) });
    cleanups.push(() => r.close());
    expect((await r.run('node1', cmd('echo', 'ok').done())).stdout).toBe('ok\n');
    expect(logs.join('\n')).toContain(`cannot read known_hosts file ${t.dir}/.ssh`);
  });
});
