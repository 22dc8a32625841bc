// The commands virtdeck's actions send (src/actions/commands.ts), answered by the demo without
// SSH: runShell on the exec string the SSH runner would send, against a DemoSim.
import { describe, expect, it } from 'vitest';
import { toExecString } from '../../ssh/quote.js';
import type { Cmd } from '../../ssh/cmd.js';
import {
  CIB_DUMP_SCRIPT,
  WRITE_B64_SCRIPT,
  cibCreateResourceCmd,
  cibDumpToCmd,
  cibQueryCmd,
  dumpxmlInactiveCmd,
  fenceCmd,
  libvirtGuestsEnabledCmd,
  mktempCmd,
  onCibCopy,
  rmCmd,
  simulateCmd,
  standbyCmd,
  targetRoleCmd,
  writeFileB64Cmd,
  xmlValidateCmd,
} from '../../actions/commands.js';
import { parseTransitionSummary } from '../../actions/whatif.js';
import { runShell } from '../exec.js';
import { DemoSim } from '../sim/sim.js';
import { DEMO_CIB_DUMP_SCRIPT, DEMO_WRITE_B64_SCRIPT } from './shell.js';

interface Res {
  out: string;
  err: string;
  code: number;
}

async function run(sim: DemoSim, node: string, c: Cmd | string): Promise<Res> {
  let out = '';
  let err = '';
  const code = await runShell(sim, node, typeof c === 'string' ? c : toExecString(c), {
    out: (s) => (out += s),
    err: (s) => (err += s),
    stdin: () => Promise.resolve(''),
    onClose: () => undefined,
    closed: false,
  });
  return { out, err, code };
}

/** Runs while advancing sim time (for tools that wait on the sim, e.g. stonith_admin --fence). */
async function runTicking(sim: DemoSim, node: string, c: Cmd): Promise<Res> {
  const p = run(sim, node, c);
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setImmediate(r));
    sim.tick(1000);
  }
  return p;
}

const PRIM = '<primitive id="vm-new1" class="ocf" provider="heartbeat" type="VirtualDomain"><instance_attributes id="vm-new1-instance_attributes"><nvpair id="vm-new1-ia-config" name="config" value="/etc/libvirt/qemu/new1.xml"/></instance_attributes><meta_attributes id="vm-new1-meta_attributes"><nvpair id="vm-new1-ma-target-role" name="target-role" value="Stopped"/></meta_attributes></primitive>';

describe('demo answers the actions’ commands', () => {
  it('recognises exactly the actions’ fixed sh scripts and refuses any other', async () => {
    expect(DEMO_CIB_DUMP_SCRIPT).toBe(CIB_DUMP_SCRIPT);
    expect(DEMO_WRITE_B64_SCRIPT).toBe(WRITE_B64_SCRIPT);
    const sim = new DemoSim({ seed: 1 });
    for (const script of ['id', 'cibadmin --query > "$1"; id', 'rm -rf /', `${WRITE_B64_SCRIPT} `]) {
      const r = await run(sim, 'kvm-n1', { argv: ['sh', '-c', script, 'sh', '/tmp/x'] });
      expect(r.code, script).toBe(2);
      expect(r.err).toMatch(/refused/);
    }
    expect((await run(sim, 'kvm-n1', { argv: ['sh'] })).code).toBe(2);
    expect((await run(sim, 'kvm-n1', { argv: ['bash', '-c', 'id'] })).code).toBe(127);
  });

  it('mktemp honours the template; the what-if runs on the copy; rm -f removes it', async () => {
    const sim = new DemoSim({ seed: 1 });
    const t = await run(sim, 'kvm-n1', mktempCmd());
    expect(t.code).toBe(0);
    const path = t.out.trim();
    expect(path).toMatch(/^\/tmp\/virtdeck-cib\.[A-Za-z0-9]{10}$/);
    expect((await run(sim, 'kvm-n1', { argv: ['mktemp', '/tmp/x.XX'] })).code).toBe(1);
    expect((await run(sim, 'kvm-n1', cibDumpToCmd(path))).code).toBe(0);
    expect(sim.node('kvm-n1').files.get(path)).toMatch(/^<cib /);
    const stop = await run(sim, 'kvm-n1', onCibCopy(targetRoleCmd('vm-web01', 'Stopped'), path));
    expect(stop.code, stop.err).toBe(0);
    expect(stop.out).toBe("Set 'vm-web01' option: id=vm-web01-meta_attributes-target-role set=vm-web01-meta_attributes name=target-role value=Stopped\n");
    expect(sim.resource('vm-web01')!.targetRole).toBeUndefined();
    const s = await run(sim, 'kvm-n1', simulateCmd(path));
    expect(s.out).toMatch(/Transition Summary:\n\s+\* Stop\s+vm-web01\s+\( kvm-n1 \)/);
    expect((await run(sim, 'kvm-n1', rmCmd(path))).code).toBe(0);
    expect(sim.node('kvm-n1').files.has(path)).toBe(false);
    expect((await run(sim, 'kvm-n1', { argv: ['rm', path] })).err).toMatch(/cannot remove/);
  });

  it('a standby what-if lists every resource leaving the node: fence devices, the dlm instance, the VMs', async () => {
    const sim = new DemoSim({ seed: 1 });
    const path = (await run(sim, 'kvm-n2', mktempCmd())).out.trim();
    await run(sim, 'kvm-n2', cibDumpToCmd(path));
    expect((await run(sim, 'kvm-n2', onCibCopy(standbyCmd('kvm-n1', true), path))).code).toBe(0);
    const s = await run(sim, 'kvm-n2', simulateCmd(path));
    expect(s.code, s.err).toBe(0);
    const changes = parseTransitionSummary(s.out);
    const fences = changes.filter((c) => /^(stonith-|fence-)/.test(c.resource));
    expect(fences.length).toBeGreaterThan(0);
    expect(fences.every((c) => c.action === 'Move' && c.from === 'kvm-n1' && c.to && c.to !== 'kvm-n1')).toBe(true);
    expect(changes.filter((c) => c.resource.startsWith('dlm'))).toEqual([{ resource: 'dlm:0', action: 'Stop', from: 'kvm-n1', note: 'due to node availability' }]);
    const vms = sim.resources.filter((r) => r.node === 'kvm-n1').map((r) => r.id);
    expect(changes.filter((c) => c.resource.startsWith('vm-')).map((c) => c.resource)).toEqual(vms);
    // like crm_simulate: the summary lists the non-VM resources first (CIB order)
    expect(changes.findIndex((c) => c.resource.startsWith('vm-'))).toBe(fences.length + 1);
    expect(s.out).toContain('    * Node kvm-n1: standby (with active resources)\n');
    // Revised status: nothing left on kvm-n1
    const revised = s.out.slice(s.out.indexOf('Revised Cluster Status:'));
    expect(revised).toContain('    * Node kvm-n1: standby\n');
    expect(revised).not.toMatch(/Started kvm-n1\b/);
    expect(revised).toMatch(/\* Stopped: \[ kvm-n1 \]/);
    // the live cluster is untouched
    expect(sim.node('kvm-n1').standby).toBe(false);
  });

  it('target-role Stopped shuts the guest down (it takes guest time), Started brings it back', async () => {
    const sim = new DemoSim({ seed: 1 });
    const r = sim.resource('vm-web01')!;
    const node = r.node!;
    expect((await run(sim, 'kvm-n2', targetRoleCmd('vm-web01', 'Stopped'))).code).toBe(0);
    expect(sim.vm('web01')!.state).toBe('running');
    sim.tick(15_000);
    expect(r.node).toBeUndefined();
    expect(sim.vm('web01')!.state).toBe('shut off');
    expect((await run(sim, 'kvm-n2', { argv: ['crm_mon', '--output-as=xml'] })).out).toMatch(/<resource id="vm-web01" resource_agent="ocf:heartbeat:VirtualDomain" role="Stopped" target_role="Stopped" active="false"/);
    expect((await run(sim, 'kvm-n2', targetRoleCmd('vm-web01', 'Started'))).code).toBe(0);
    sim.tick(5_000);
    expect(r.node).toBe(node);
    expect(sim.vm('web01')!.state).toBe('running');
    expect((await run(sim, 'kvm-n2', { argv: ['crm_resource', '--resource', 'nope', '--set-parameter', 'target-role', '--meta', '--parameter-value', 'Stopped'] })).code).toBe(105);
    const bad = await run(sim, 'kvm-n2', { argv: ['crm_resource', '--bogus'] });
    expect([bad.code, bad.err.split('\n')[0]]).toEqual([64, "crm_resource: unrecognized option '--bogus'"]);
  });

  it('vm create: base64 write (noclobber), validate, define on several nodes, cibadmin --create', async () => {
    const sim = new DemoSim({ seed: 1 });
    const xml = "<domain type='kvm'>\n  <name>new1</name>\n  <memory unit='KiB'>2097152</memory>\n  <vcpu placement='static'>2</vcpu>\n  <os><type arch='x86_64'>hvm</type></os>\n</domain>\n";
    for (const n of ['kvm-n1', 'kvm-n2']) {
      const w = await run(sim, n, writeFileB64Cmd(xml, '/tmp/new1.xml'));
      expect(w.code, w.err).toBe(0);
      expect(sim.node(n).files.get('/tmp/new1.xml')).toBe(xml);
      const again = await run(sim, n, writeFileB64Cmd('x', '/tmp/new1.xml'));
      expect([again.code, again.err]).toEqual([2, 'sh: 1: cannot create /tmp/new1.xml: File exists\n']);
      expect(await run(sim, n, xmlValidateCmd('/tmp/new1.xml'))).toEqual({ out: '/tmp/new1.xml validates\n', err: '', code: 0 });
      expect((await run(sim, n, { argv: ['virsh', '-c', 'qemu:///system', 'define', '/tmp/new1.xml'] })).code).toBe(0);
    }
    expect((await run(sim, 'kvm-n1', xmlValidateCmd('/tmp/missing.xml'))).code).toBe(2);
    for (const n of ['kvm-n1', 'kvm-n2']) expect((await run(sim, n, { argv: ['virsh', 'list', '--all', '--name'] })).out).toMatch(/^new1$/m);
    expect((await run(sim, 'kvm-n3', { argv: ['virsh', 'list', '--all', '--name'] })).out).not.toMatch(/^new1$/m);
    const digests = await Promise.all(['kvm-n1', 'kvm-n2'].map((n) => run(sim, n, dumpxmlInactiveCmd('qemu:///system', 'new1'))));
    expect(digests[0]!.out).toBe(digests[1]!.out);
    expect((await run(sim, 'kvm-n1', cibCreateResourceCmd(PRIM))).code).toBe(0);
    expect(sim.resource('vm-new1')).toMatchObject({ vm: 'new1', targetRole: 'Stopped' });
    expect(sim.resource('vm-new1')!.node).toBeUndefined();
    const dup = await run(sim, 'kvm-n1', cibCreateResourceCmd(PRIM));
    expect([dup.code, dup.err]).toEqual([108, 'Call failed: File exists\n']);
    // Started: Pacemaker starts it on one node; the other keeps its inactive definition.
    await run(sim, 'kvm-n1', targetRoleCmd('vm-new1', 'Started'));
    sim.tick(5_000);
    const on = sim.resource('vm-new1')!.node!;
    expect(sim.vm('new1')).toMatchObject({ node: on, state: 'running' });
    const other = on === 'kvm-n1' ? 'kvm-n2' : 'kvm-n1';
    if (sim.vm('new1')!.otherDefs?.has(other)) {
      const st = await run(sim, other, { argv: ['virsh', 'start', 'new1'] });
      expect(st.code).toBe(1);
      expect(st.err).toMatch(/Failed to get "write" lock/);
    }
  });

  it('dumpxml --inactive drops runtime parts; cibadmin scopes and systemctl is-enabled answer like the real tools', async () => {
    const sim = new DemoSim({ seed: 1 });
    const live = await run(sim, 'kvm-n1', { argv: ['virsh', '-r', 'dumpxml', 'web01'] });
    const inactive = await run(sim, 'kvm-n1', dumpxmlInactiveCmd('qemu:///system', 'web01'));
    expect(live.out).toMatch(/<domain type='kvm' id='\d+'>/);
    expect(inactive.out).toMatch(/^<domain type='kvm'>/);
    expect(inactive.out).not.toMatch(/<target dev='vnet/);
    const topo = await run(sim, 'kvm-n1', cibQueryCmd('fencing-topology'));
    expect([topo.code, topo.err]).toEqual([105, 'Call failed: No such device or address\n']);
    expect((await run(sim, 'kvm-n1', cibQueryCmd('constraints'))).out).toMatch(/^<constraints>/);
    expect(await run(sim, 'kvm-n1', libvirtGuestsEnabledCmd())).toEqual({ out: 'disabled\n', err: '', code: 1 });
    expect((await run(sim, 'kvm-n1', { argv: ['systemctl', 'is-enabled', 'nope'] })).err).toBe('Failed to get unit file state for nope.service: No such file or directory\n');
    expect((await run(sim, 'kvm-n1', { argv: ['cibadmin', '--bogus'] })).code).toBe(64);
  });

  it('stonith_admin --fence waits for the fencer, powers the node off and records history', async () => {
    const sim = new DemoSim({ seed: 1 });
    const r = await runTicking(sim, 'kvm-n1', fenceCmd('kvm-n3'));
    expect(r).toEqual({ out: '', err: '', code: 0 });
    expect(sim.node('kvm-n3').member).toBe('offline');
    expect(sim.fenceHistory.at(-1)).toMatchObject({ target: 'kvm-n3', action: 'off', status: 'success' });
    const h = await run(sim, 'kvm-n1', { argv: ['stonith_admin', '--history', 'kvm-n3'] });
    expect(h.out).toMatch(/^off of kvm-n3 successful: delegate=kvm-n\d, client=stonith_admin\.\d+, origin=kvm-n1/);
    const l = await run(sim, 'kvm-n1', { argv: ['stonith_admin', '--list', 'kvm-n2'] });
    expect(l.out).toMatch(/fence-ipmi-kvm-n2\n/);
    expect((await run(sim, 'kvm-n1', { argv: ['stonith_admin', '--bogus'] })).code).toBe(64);
  });

  it('per-VM disk latency differs by guest (databases higher) and the LUN latency incident shows in it', () => {
    const sim = new DemoSim({ seed: 1 });
    const lat = (name: string) => {
      const d = sim.vm(name)!.disks;
      const r = d.reduce((a, x) => a + x.rdReqs, 0);
      const t = d.reduce((a, x) => a + x.rdTimesNs, 0);
      return { r, t };
    };
    const perVm = (names: string[], ms: number) => {
      const before = new Map(names.map((n) => [n, lat(n)]));
      sim.tick(ms);
      return new Map(names.map((n) => {
        const a = before.get(n)!;
        const b = lat(n);
        return [n, (b.t - a.t) / Math.max(1, b.r - a.r) / 1e6];
      }));
    };
    const running = sim.vms.filter((v) => v.state === 'running').map((v) => v.name);
    const base = perVm(running, 30_000);
    const values = [...base.values()].map((v) => v.toFixed(2));
    expect(new Set(values).size).toBeGreaterThan(running.length / 2);
    const dbs = running.filter((n) => n.startsWith('db'));
    const webs = running.filter((n) => n.startsWith('web'));
    const mean = (ns: string[], m: Map<string, number>) => ns.reduce((a, n) => a + m.get(n)!, 0) / ns.length;
    expect(mean(dbs, base)).toBeGreaterThan(mean(webs, base) * 2);
    // latency spike on mpathb of the node running a db VM: its data disk slows down, web VMs do not
    const db = sim.vm(dbs[0]!)!;
    sim.setLatency(db.node, 'mpathb', 35);
    const spike = perVm([db.name, ...webs], 30_000);
    expect(spike.get(db.name)!).toBeGreaterThan(base.get(db.name)! + 15);
    for (const w of webs) expect(spike.get(w)!).toBeLessThan(base.get(w)! * 3 + 1);
  });
});
