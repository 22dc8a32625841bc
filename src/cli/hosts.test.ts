// `virtdeck hosts [--json]` through main(): resolution only, with file:line for every value.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type CliIo } from './cli.js';
import type { HostRow } from './hosts.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-hosts-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const x: CliIo = { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s) };
  return { x, out: () => out.join(''), err: () => err.join('') };
}

const put = (rel: string, text: string) => {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text, { mode: 0o600 });
  return p;
};
const emptyConfig = () => {
  const f = put('cfg.json', '{"clusters": {}}');
  chmodSync(f, 0o600);
  return f;
};

describe('virtdeck hosts', () => {
  it('--json: per node the resolved connection and where each value came from (Include, ProxyCommand, ProxyJump)', async () => {
    const inc = put('ssh/nodes.conf', 'Host n1\n  HostName 10.0.0.1\n  Port 2201\n  ProxyCommand nc %h %p\n');
    const cfg = put('ssh/config', `Include ${dirname(inc)}/*.conf\nHost n2\n  ProxyJump ops@bastion:2222\nHost *\n  User admin\n  IdentityFile /keys/id_%h\n  UserKnownHostsFile /kh/%h\n`);
    const o = io();
    expect(await main(['hosts', '--json', '--nodes', 'n1,n2', '--ssh-config', cfg, '--config', emptyConfig()], o.x)).toBe(0);
    const rows = JSON.parse(o.out()) as HostRow[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      name: 'n1',
      hostname: '10.0.0.1',
      port: 2201,
      user: 'admin',
      identityFiles: ['/keys/id_10.0.0.1'],
      proxyJump: null,
      proxyCommand: 'nc %h %p',
      knownHostsFiles: ['/kh/10.0.0.1', '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'],
      from: { hostname: `${inc}:2`, port: `${inc}:3`, proxyCommand: `${inc}:4`, user: `${cfg}:5`, identityFiles: `${cfg}:6`, knownHostsFiles: `${cfg}:7` },
    });
    expect(rows[1]).toMatchObject({ name: 'n2', hostname: 'n2', port: 22, proxyJump: 'ops@bastion:2222', proxyCommand: null, from: { hostname: 'node name', port: 'default', proxyJump: `${cfg}:3` } });
  });

  it('text: a table, one row per node', async () => {
    const cfg = put('ssh/config', 'Host n1\n  HostName 10.0.0.1\n  User ops\nHost n2\n  ProxyJump b1\n');
    const o = io();
    expect(await main(['hosts', '--nodes', 'n1,n2', '--ssh-config', cfg, '--config', emptyConfig()], o.x)).toBe(0);
    const lines = o.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NODE\s+USER@HOST:PORT\s+VIA\s+KEYS\s+HOSTNAME FROM$/);
    expect(lines[1]).toMatch(new RegExp(`^n1\\s+ops@10\\.0\\.0\\.1:22\\s+direct\\s+default\\s+${cfg}:2$`));
    expect(lines[2]).toMatch(/^n2\s+\S+@n2:22\s+ProxyJump b1\s+default\s+node name$/);
  });

  it('a node whose entry is bad is named (exit 1); the others are still listed', async () => {
    const cfg = put('ssh/config', 'Host n2\n  Port twenty\n');
    const o = io();
    expect(await main(['hosts', '--json', '--nodes', 'n1,n2', '--ssh-config', cfg, '--config', emptyConfig()], o.x)).toBe(1);
    expect((JSON.parse(o.out()) as HostRow[]).map((r) => r.name)).toEqual(['n1']);
    expect(o.err()).toContain(`virtdeck: n2: ssh config ${cfg}:2: host n2: Port must be a non-negative integer`);
  });

  it('refuses targets that are not reached over ssh_config, saying why', async () => {
    const o = io();
    expect(await main(['hosts', '--demo', '--config', emptyConfig()], o.x)).toBe(2);
    expect(o.err()).toMatch(/hosts needs SSH targets/);
    const u = io();
    expect(await main(['hosts', 'extra', '--config', emptyConfig()], u.x)).toBe(2);
    expect(u.err()).toContain('unexpected argument "extra" for hosts');
  });
});
