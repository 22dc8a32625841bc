// The demo over real SSH: host key pinned, formats of the read commands, state changes,
// fault injection, MaxSessions and auth. One 4-node cluster, incidents off, fixed seed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBatchExecString, toExecString, splitBatchOutput } from '../ssh/quote.js';
import { cmd } from '../ssh/cmd.js';
import { crmMonCmd } from '../collectors/pacemaker/command.js';
import { listAllCmd, domSizesCmd, domstatsCmd } from '../collectors/virsh/command.js';
import { capabilitiesCmd, hostBatch } from '../collectors/host/command.js';
import { networkBatch } from '../collectors/network/command.js';
import { iostatStreamCmd } from '../collectors/iostat/command.js';
import { journalStreamCmd, DEFAULT_JOURNAL_UNITS } from '../collectors/journal/command.js';
import { multipathJsonCmd } from '../collectors/multipath/command.js';
import { watchdogSysfsCmd } from '../collectors/fencing/command.js';
import { startDemoCluster, type DemoCluster } from './index.js';
import { generateEd25519 } from './keys.js';
import { MAX_SESSIONS } from './server.js';
import { connect, exec, openStream, until, type SshClient } from '../../test/support/demo/test-client.js';
import { skipWithoutCrmMonSchema, validateCrmMonXml } from '../../test/helpers/pacemaker-rng.js';

const SUDO = { useSudo: true };

let demo: DemoCluster;
let n1: SshClient;

beforeAll(async () => {
  demo = await startDemoCluster({ incidents: false, seed: 7, autoAdvance: false });
  n1 = await connect(demo.hosts[0]!);
});
afterAll(async () => {
  n1?.end();
  await demo?.close();
});

/** Runs `command` while ticking sim time until it finishes (manual clock). */
async function execTicking(c: SshClient, command: string, stepMs = 500): Promise<Awaited<ReturnType<typeof exec>>> {
  let done = false;
  const p = exec(c, command).finally(() => (done = true));
  while (!done) {
    await new Promise((r) => setTimeout(r, 10));
    demo.sim.tick(stepMs);
  }
  return p;
}

describe('demo cluster hand-out', () => {
  it('hands out one host per node with a strict known_hosts file in a private dir', () => {
    expect(demo.hosts.map((h) => h.name)).toEqual(['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4']);
    const ports = new Set(demo.hosts.map((h) => h.port));
    expect(ports.size).toBe(4);
    for (const h of demo.hosts) {
      expect(h.hostname).toBe('127.0.0.1');
      expect(h.strictHostKeyChecking).toBe('yes');
      expect(h.knownHostsFiles).toEqual([demo.knownHostsFile]);
    }
    expect(statSync(demo.knownHostsFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(demo.knownHostsFile, '..')).mode & 0o777).toBe(0o700);
  });

  it('rejects a host key that is not in known_hosts (verification really runs)', async () => {
    const h = demo.hosts[1]!;
    const wrong = { ...h, port: demo.hosts[2]!.port };
    // Node 3's key listed under node 2's port would not match: connect to n3 expecting n2's key.
    const bad = { ...wrong, knownHostsFiles: [writeTmp(`[127.0.0.1]:${wrong.port} ${readKey(h)}\n`)] };
    await expect(connect(bad)).rejects.toThrow();
  });

  it('rejects an unauthorised client key and a wrong user', async () => {
    const other = generateEd25519('intruder');
    await expect(connect(demo.hosts[0]!, other.private)).rejects.toThrow(/authentication/i);
    await expect(connect({ ...demo.hosts[0]!, user: 'root' })).rejects.toThrow(/authentication/i);
  });
});

describe('read commands answer in the real formats', () => {
  it('crm_mon XML validates against pacemaker\'s RNG and lists every VM resource', async () => {
    const r = await exec(n1, toExecString(crmMonCmd(), SUDO));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<pacemaker-result api-version="2.25"/);
    expect((r.stdout.match(/resource_agent="ocf:heartbeat:VirtualDomain"/g) ?? []).length).toBe(22);
    if (!skipWithoutCrmMonSchema('demo crm_mon schema validation (the other checks still run)')) expect(validateCrmMonXml(r.stdout)).toEqual({ ok: true, errors: '' });
  });

  it('virsh list --all has the vshTable column layout', async () => {
    const r = await exec(n1, toExecString(listAllCmd('qemu:///system')));
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ Id {3}Name +State$/);
    const nameCol = lines[0]!.indexOf('Name');
    const stateCol = lines[0]!.indexOf('State');
    expect(lines[1]).toMatch(/^-+$/);
    // dashes = sum(column width + 3)
    const rows = lines.slice(2).filter((l) => l !== '');
    const widths = [2, Math.max(4, ...rows.map((l) => l.slice(nameCol, stateCol).trim().length)), Math.max(5, ...rows.map((l) => l.slice(stateCol).length))];
    expect(lines[1]!.length).toBe(widths.reduce((a, w) => a + w + 3, 0));
    for (const row of rows) {
      expect(row.slice(0, nameCol)).toMatch(/^ (\d+|-) +$/);
      expect(row.slice(nameCol, stateCol)).toMatch(/^\S+ +$/);
      expect(['running', 'shut off', 'paused', 'crashed']).toContain(row.slice(stateCol));
    }
    expect(r.stdout.endsWith('\n\n')).toBe(true);
  });

  it('a host batch yields one section per command with exit codes', async () => {
    const batch = hostBatch();
    const r = await exec(n1, toBatchExecString(batch));
    const secs = splitBatchOutput(r.stdout, batch.length);
    expect(secs.map((s) => s.code)).toEqual([0, 0, 0, 0, 0]);
    expect(secs[0]!.stdout).toMatch(/^cpu  \d+ \d+ \d+ \d+/);
    expect(secs[0]!.stdout).toMatch(/\ncpu31 /);
    expect(secs[1]!.stdout).toMatch(/^MemTotal: +\d+ kB\n/);
    expect(secs[1]!.stdout).toMatch(/\nHugePages_Total: +\d+\n/);
    expect(secs[2]!.stdout).toMatch(/^\d+\.\d\d \d+\.\d\d \d+\.\d\d \d+\/\d+ \d+\n$/);
    expect(secs[3]!.stdout).toMatch(/^\d+\.\d\d \d+\.\d\d\n$/);
    expect(secs[4]!.stdout).toContain('/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages:16384');
    expect(secs[4]!.stdout).toMatch(/hugepages-1048576kB\/free_hugepages:\d+/);
  });

  it('/proc/stat counters only grow as time passes', async () => {
    const a = await exec(n1, 'cat /proc/stat');
    demo.sim.tick(5000);
    const b = await exec(n1, 'cat /proc/stat');
    const nums = (s: string) => s.split('\n')[0]!.split(/\s+/).slice(1).map(Number);
    const [x, y] = [nums(a.stdout), nums(b.stdout)];
    expect(y.every((v, i) => v >= x[i]!)).toBe(true);
    expect(y.reduce((p, c) => p + c, 0)).toBeGreaterThan(x.reduce((p, c) => p + c, 0));
  });

  it('network batch: /proc/net/dev and bonding in file:line form', async () => {
    const batch = networkBatch();
    const secs = splitBatchOutput((await exec(n1, toBatchExecString(batch))).stdout, 2);
    expect(secs[0]!.stdout.split('\n')[0]).toBe('Inter-|   Receive                                                |  Transmit');
    expect(secs[0]!.stdout).toMatch(/\n +bond0: *\d+ +\d+ /);
    expect(secs[1]!.stdout).toContain('/proc/net/bonding/bond0:Bonding Mode: IEEE 802.3ad Dynamic link aggregation\n');
    expect(secs[1]!.stdout).toContain('/proc/net/bonding/bond1:Currently Active Slave: ens1f0\n');
    expect(secs[1]!.stdout.split('\n').filter(Boolean).every((l) => /^\/proc\/net\/bonding\/bond[01]:/.test(l))).toBe(true);
  });

  it('domstats and capabilities', async () => {
    const st = await exec(n1, toExecString(domstatsCmd('qemu:///system')));
    expect(st.stdout).toMatch(/^Domain: '\w+'\n {2}state\.state=1\n {2}state\.reason=1\n {2}cpu\.time=\d+/);
    expect(st.stdout).toMatch(/\n {2}block\.0\.rd\.times=\d+\n/);
    expect(st.stdout).not.toMatch(/balloon\.|vcpu\./); // only the requested groups, as virsh prints
    const sizes = await exec(n1, toExecString(domSizesCmd('qemu:///system')));
    expect(sizes.stdout).toMatch(/^Domain: '\w+'\n {2}state\.state=\d\n {2}state\.reason=\d+\n {2}balloon\.current=\d+\n/);
    expect(sizes.stdout).toMatch(/\n {2}vcpu\.current=\d+\n/);
    expect(sizes.stdout).not.toMatch(/cpu\.time|block\./);
    const caps = await exec(n1, toExecString(capabilitiesCmd('qemu:///system')));
    expect(caps.stdout).toContain("<cells num='2'>");
    expect(caps.stdout).toContain("<pages unit='KiB' size='1048576'>");
  });

  it('multipathd JSON parses; fencing, sbd and corosync answer', async () => {
    const mp = await exec(n1, toExecString(multipathJsonCmd(), SUDO));
    const doc = JSON.parse(mp.stdout) as { maps: { name: string; path_groups: { paths: { chk_st: string }[] }[] }[] };
    expect(doc.maps.map((m) => m.name)).toEqual(['mpatha', 'mpathb']);
    expect(doc.maps[0]!.path_groups.flatMap((g) => g.paths)).toHaveLength(4);
    const reg = await exec(n1, 'sudo -n stonith_admin --list-registered');
    // kvm-n1's own IPMI device is banned from it (-INFINITY), so its fencer does not register it.
    expect(reg.stdout).toMatch(/ stonith-sbd\n[\s\S]* fence-ipmi-kvm-n4\n4 fence devices found\n$/);
    expect(reg.stdout).not.toContain('fence-ipmi-kvm-n1');
    const wd = await exec(n1, toExecString(watchdogSysfsCmd()));
    expect(wd.stdout).toBe('watchdog0\tSoftware Watchdog\tactive\n');
    const dump = await exec(n1, 'sbd -d /dev/disk/by-id/scsi-36001405sbd0a1b2c3d4e5f60718293a dump');
    expect(dump.stdout).toMatch(/Timeout \(msgwait\)  : 30\n/);
    const q = await exec(n1, 'corosync-quorumtool -s');
    expect(q.stdout).toMatch(/Quorate: {10}Yes/);
    const bad = await exec(n1, 'sbd -d /dev/sdz list');
    expect(bad.code).not.toBe(0);
  });

  it('unknown commands and bad arguments fail like a shell would', async () => {
    const r = await exec(n1, 'frobnicate --now');
    expect(r).toMatchObject({ code: 127, stderr: 'bash: frobnicate: command not found\n' });
    const v = await exec(n1, 'virsh -c qemu:///system -r dumpxml nosuchvm');
    expect(v.code).toBe(1);
    expect(v.stderr).toBe("error: failed to get domain 'nosuchvm'\n");
    const ro = await exec(n1, 'virsh -c qemu:///system -r destroy web01');
    expect(ro.code).toBe(1);
  });

  it('iostat stream yields at least two JSON samples and stops on close', async () => {
    const s = await openStream(n1, toExecString(iostatStreamCmd(1)));
    // Stream interval is real time scaled by speed (1): wait for two samples.
    await until(() => (s.data().match(/"disk": \[/g) ?? []).length >= 2, 5000);
    await s.stop();
    const body = s.data();
    expect(body.startsWith('{"sysstat": {\n\t"hosts": [')).toBe(true);
    const elems = body.split(/\n\t\t\t\t\{\n/).slice(1).map((e) => JSON.parse(`{${e.replace(/\}(,)?\s*$/, '')}}`) as { disk: { disk_device: string }[] });
    expect(elems.length).toBeGreaterThanOrEqual(2);
    expect(elems[0]!.disk.map((d) => d.disk_device)).toContain('dm-1');
  });

  it('journal stream: backlog then new entries as JSON lines', async () => {
    const s = await openStream(n1, toExecString(journalStreamCmd(DEFAULT_JOURNAL_UNITS, 5), SUDO));
    await until(() => s.data().includes('\n'));
    demo.sim.log('kvm-n1', 'pacemaker', 'pacemaker-controld', 'demo journal probe');
    await until(() => s.data().includes('demo journal probe'));
    await s.stop();
    const last = JSON.parse(s.data().trim().split('\n').at(-1)!) as Record<string, string>;
    expect(last).toMatchObject({ MESSAGE: 'demo journal probe', _SYSTEMD_UNIT: 'pacemaker.service', _HOSTNAME: 'kvm-n1' });
    expect(last.__REALTIME_TIMESTAMP).toMatch(/^\d+$/);
  });
});

describe('state changes', () => {
  it('move creates a cli-prefer constraint, the VM migrates, clear removes it', async () => {
    const r = demo.sim.resource('vm-web01')!;
    const from = r.node!;
    const to = demo.hosts.map((h) => h.name).find((n) => n !== from)!;
    const mv = await exec(n1, toExecString(cmd('crm_resource', '--move', '--resource', 'vm-web01', '--node', to).sudo().done(), SUDO));
    expect(mv.code).toBe(0);
    const cons = await exec(n1, 'cibadmin --query --scope constraints');
    expect(cons.stdout).toContain(`<rsc_location id="cli-prefer-vm-web01" rsc="vm-web01" role="Started" node="${to}" score="INFINITY"/>`);
    demo.sim.tick(10_000);
    expect(r.node).toBe(to);
    expect(demo.sim.vm('web01')!.node).toBe(to);
    const clr = await exec(n1, 'crm_resource --clear --resource vm-web01');
    expect(clr.stdout).toBe('Removing constraint: cli-prefer-vm-web01\n');
    expect((await exec(n1, 'cibadmin --query --scope constraints')).stdout).not.toContain('cli-prefer');
    demo.sim.tick(10_000);
    expect(r.node).toBe(to); // stickiness: stays after clear
  });

  it('what-if: edit a CIB copy with CIB_file, crm_simulate shows the transition, live state untouched', async () => {
    const cib = (await exec(n1, 'cibadmin --query')).stdout;
    expect((await exec(n1, 'tee /tmp/whatif.xml', cib)).code).toBe(0);
    const edit = cmd('crm_attribute', '--node', 'kvm-n2', '--name', 'standby', '--update', 'on').env({ CIB_file: '/tmp/whatif.xml' }).done();
    expect((await exec(n1, toExecString(edit))).code).toBe(0);
    const q = await exec(n1, 'env CIB_file=/tmp/whatif.xml crm_attribute --node kvm-n2 --name standby --query');
    expect(q.stdout).toBe('scope=nodes  name=standby value=on\n');
    const sim = await exec(n1, 'crm_simulate -S -x /tmp/whatif.xml');
    expect(sim.code).toBe(0);
    const moving = demo.sim.resources.filter((x) => x.node === 'kvm-n2').length;
    expect(moving).toBeGreaterThan(0);
    const lines = sim.stdout.split('\n').filter((l) => /^ {2}\* Migrate {4}vm-/.test(l));
    expect(lines).toHaveLength(moving);
    expect(lines[0]).toMatch(/^ {2}\* Migrate {4}vm-\S+ +\( kvm-n2 -> kvm-n\d \)$/);
    expect(sim.stdout).toContain('Transition Summary:\n');
    expect(sim.stdout).toContain('Revised Cluster Status:\n');
    expect(demo.sim.node('kvm-n2').standby).toBe(false); // what-if only
    const mv = await exec(n1, 'env CIB_file=/tmp/whatif.xml crm_resource --move --resource vm-db01 --node kvm-n4');
    expect(mv.code).toBe(0);
    expect((await exec(n1, 'env CIB_file=/tmp/whatif.xml cibadmin --query --scope constraints')).stdout).toContain('id="cli-prefer-vm-db01"');
    expect(demo.sim.constraints).toHaveLength(0);
  });

  it('standby drains resources one by one, unstandby keeps them away', async () => {
    const on = await exec(n1, 'sudo -n crm_attribute --node kvm-n3 --name standby --update on');
    expect(on.code).toBe(0);
    expect((await exec(n1, 'crm_attribute --node kvm-n3 --name standby --query')).stdout).toBe('scope=nodes  name=standby value=on\n');
    const count = () => demo.sim.resources.filter((r) => r.node === 'kvm-n3').length;
    const before = count();
    expect(before).toBeGreaterThan(1);
    demo.sim.tick(2000);
    expect(count()).toBeGreaterThan(0); // not instantly
    expect(count()).toBeGreaterThanOrEqual(before - 1);
    demo.sim.tick(60_000);
    expect(count()).toBe(0);
    const xml = (await exec(n1, 'crm_mon --one-shot --output-as=xml')).stdout;
    expect(xml).toMatch(/<node name="kvm-n3" id="3" online="true" standby="true"/);
    await exec(n1, 'crm_attribute --node kvm-n3 --name standby --update off');
    demo.sim.tick(10_000);
    expect(count()).toBe(0);
  });

  it('virsh migrate --verbose moves the VM and prints progress on stderr', async () => {
    const vm = demo.sim.vms.find((v) => v.node === 'kvm-n1' && v.state === 'running' && v.managed)!;
    const r = await execTicking(n1, `virsh migrate --live --persistent --undefinesource --verbose ${vm.name} qemu+ssh://kvm-n2/system`);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Migration: \[100 %\]\n$/);
    expect(vm.node).toBe('kvm-n2');
    const list = await exec(n1, 'virsh list --all --name');
    expect(list.stdout.split('\n')).not.toContain(vm.name);
  });

  it('domjobinfo shows a running migration job; domjobabort cancels it', async () => {
    const vm = demo.sim.vms.find((v) => v.node === 'kvm-n1' && v.state === 'running' && v.managed)!;
    const mig = exec(n1, `virsh migrate --live --verbose ${vm.name} qemu+ssh://kvm-n3/system`);
    await until(() => vm.migration !== undefined);
    demo.sim.tick(500);
    const info = await exec(n1, `virsh -c qemu:///system -r domjobinfo ${vm.name}`);
    expect(info.stdout).toMatch(/^Job type: {9}Unbounded {3}\nOperation: {8}Outgoing migration\nTime elapsed: {5}500 {10}ms\n/);
    expect((await exec(n1, `virsh domjobabort ${vm.name}`)).code).toBe(0);
    const r = await mig;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: operation aborted: migration out job: canceled by client');
    expect(vm.node).toBe('kvm-n1');
    expect((await exec(n1, `virsh domjobinfo ${vm.name}`)).stdout).toBe('Job type:         None        \n\n');
  });

  it('virsh define from stdin, then start and autostart --disable', async () => {
    const xml = "<domain type='kvm'>\n  <name>new01</name>\n  <memory unit='KiB'>2097152</memory>\n  <vcpu>2</vcpu>\n</domain>\n";
    const d = await exec(n1, 'virsh define /dev/stdin', xml);
    expect(d).toMatchObject({ code: 0, stdout: "Domain 'new01' defined from /dev/stdin\n\n" });
    await exec(n1, 'tee /etc/libvirt/qemu/new02.xml', xml.replace('new01', 'new02'));
    expect((await exec(n1, 'virsh define /etc/libvirt/qemu/new02.xml')).code).toBe(0);
    const bad = await exec(n1, 'virsh define /dev/stdin', '<domain><memory>1</memory></domain>');
    expect(bad.code).toBe(1);
    expect((await exec(n1, 'virsh start new01')).stdout).toBe("Domain 'new01' started\n\n");
    expect((await exec(n1, 'virsh autostart --disable new01')).code).toBe(0);
    expect((await exec(n1, 'virsh list --all')).stdout).toMatch(/ new01 +running\n/);
  });
});

describe('fault injection and limits', () => {
  it('refuses the 11th concurrent channel like OpenSSH MaxSessions', async () => {
    const c = await connect(demo.hosts[1]!);
    const streams = [];
    for (let i = 0; i < MAX_SESSIONS; i++) streams.push(await openStream(c, 'virsh -c qemu:///system -r event --all --loop --timestamp'));
    await expect(exec(c, 'true')).rejects.toThrow();
    await streams[0]!.stop();
    await until(() => true);
    const ok = await exec(c, 'hostname');
    expect(ok.stdout).toBe('kvm-n2\n');
    for (const s of streams.slice(1)) await s.stop();
    c.end();
  });

  it('killNode refuses connections, reviveNode accepts again', async () => {
    const h = demo.hosts[3]!;
    const c = await connect(h);
    const closed = new Promise<void>((r) => c.on('close', () => r()));
    demo.sim.killNode('kvm-n4');
    await closed;
    await expect(tcpConnect(h.port)).rejects.toThrow(/ECONNREFUSED/);
    demo.sim.reviveNode('kvm-n4');
    await until(() => true, 100);
    const c2 = await connect(h);
    expect((await exec(c2, 'hostname')).stdout).toBe('kvm-n4\n');
    c2.end();
    demo.sim.tick(30_000);
  });

  it('freezeNode keeps the connection open but silent until revived', async () => {
    const h = demo.hosts[2]!;
    const c = await connect(h);
    demo.sim.freezeNode('kvm-n3');
    let answered = false;
    const p = exec(c, 'hostname').then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(answered).toBe(false);
    demo.sim.reviveNode('kvm-n3');
    expect((await p).stdout).toBe('kvm-n3\n');
    c.end();
    demo.sim.tick(30_000);
  });
});

const tmp = mkdtempSync(join(tmpdir(), 'vd-demo-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let tmpN = 0;
function writeTmp(s: string): string {
  const f = join(tmp, `f${tmpN++}`);
  writeFileSync(f, s);
  return f;
}
function readKey(h: { port: number }): string {
  const line = execFileSync('grep', ['-F', `[127.0.0.1]:${h.port} `, demo.knownHostsFile]).toString().trim();
  return line.split(' ').slice(1).join(' ');
}
function tcpConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      resolve();
    });
    s.on('error', reject);
  });
}
