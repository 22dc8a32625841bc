// `virtdeck snapshot --json` over real OpenSSH against the lab: what comes back must be exactly
// what the real crm_mon and virsh print (run directly here, parsed by our own parsers), and the
// shimmed hardware tools' states must flow through to the document.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crmMonCmd } from '../../src/collectors/pacemaker/command.js';
import { parseCrmMon } from '../../src/collectors/pacemaker/parse.js';
import { listAllCmd } from '../../src/collectors/virsh/command.js';
import { parseVirshList } from '../../src/collectors/virsh/parse.js';
import { parseMultipathJson } from '../../src/collectors/multipath/parse.js';
import { parseIostatJson } from '../../src/collectors/iostat/parse.js';
import { flattenResources, type CrmStatus } from '../../src/model/pacemaker.js';
import type { Snapshot } from '../../src/store/snapshot.js';
import type { Lab } from '../lab/lab.js';
import { labAvailable, labTarget, runCli, useLab } from './support.js';

const fixture = (rel: string) => readFileSync(fileURLToPath(new URL(`../../src/collectors/${rel}`, import.meta.url)), 'utf8');

/** The real crm_mon, with exactly the collector's argv, against the lab's CIB. */
const realCrm = (lab: Lab): CrmStatus => parseCrmMon(lab.tool([...crmMonCmd().argv]), 'direct');

async function snapshot(lab: Lab): Promise<{ snap: Snapshot; stderr: string; ms: number }> {
  const t0 = Date.now();
  const r = await runCli(['snapshot', '--json', ...labTarget(lab)]);
  const ms = Date.now() - t0;
  expect(r.code, `virtdeck snapshot failed: ${r.stderr}`).toBe(0);
  return { snap: JSON.parse(r.stdout) as Snapshot, stderr: r.stderr, ms };
}

describe.skipIf(!labAvailable)('snapshot --json against the lab (real sshd, crm_mon, virsh, iostat)', () => {
  const ctx = useLab();
  let first: { snap: Snapshot; stderr: string; ms: number };

  beforeAll(async () => {
    first = await snapshot(ctx.lab);
    console.info(`snapshot --json (child process, 3 nodes): ${first.ms} ms`);
  }, 120_000);

  it('collects every source from every node over OpenSSH', () => {
    expect(first.stderr).toBe('');
    const s = first.snap;
    expect(s.nodes.map((n) => n.name)).toEqual(['lab-n1', 'lab-n2', 'lab-n3']);
    for (const n of s.nodes) {
      expect(n.reachable, n.name).toBe(true);
      expect(n.conn.status, n.name).toBe('up');
      for (const src of ['corosync', 'sbd', 'multipath', 'host', 'network', 'capabilities', 'vms', 'iostat'] as const) {
        // live, or stale when the round outlasted 2× the source's interval (a loaded machine); never an error
        expect(['live', 'stale'], `${n.name} ${src}: ${n.freshness[src]?.state} ${n.freshness[src]?.error ?? ''}`).toContain(n.freshness[src]?.state);
        expect(n.freshness[src]?.error, `${n.name} ${src}`).toBeUndefined();
      }
    }
    for (const src of ['pacemaker', 'stonith'] as const) {
      expect(['live', 'stale'], src).toContain(s.cluster.freshness[src]?.state);
      expect(s.cluster.freshness[src]?.error, src).toBeUndefined();
    }
  });

  it('with --nodes and no config, the cluster is named by the CIB\'s cluster-name (real cibadmin over sshd)', () => {
    expect(first.snap.cluster.name).toBe('lab');
  });

  it('nodes, cluster flags and resources are exactly what the real crm_mon prints', () => {
    const crm = realCrm(ctx.lab);
    const s = first.snap;
    expect(s.cluster.dc).toBe(crm.summary.dcName);
    expect(s.cluster.quorum).toBe(crm.summary.withQuorum);
    expect(s.cluster.stonithEnabled).toBe(crm.summary.stonithEnabled);
    expect(s.cluster.maintenanceMode ?? false).toBe(crm.summary.maintenanceMode ?? false);
    for (const cn of crm.nodes) {
      const n = s.nodes.find((x) => x.name === cn.name);
      expect(n, cn.name).toBeDefined();
      expect({ online: n!.online, standby: n!.standby, maintenance: n!.maintenance, unclean: n!.unclean }, cn.name).toEqual({
        online: cn.online,
        standby: cn.standby,
        maintenance: cn.maintenance,
        unclean: cn.unclean,
      });
    }
    const real = flattenResources(crm.resources);
    expect(real.length).toBe(4);
    expect(s.resources.map((r) => r.id).sort()).toEqual(real.map((r) => r.id).sort());
    for (const r of real) {
      const got = s.resources.find((x) => x.id === r.id)!;
      expect({ role: got.role, nodes: got.nodes, agent: got.agent, failed: got.failed, managed: got.managed }, r.id).toEqual({
        role: r.role,
        nodes: r.nodes,
        agent: r.agent,
        failed: r.failed,
        managed: r.managed,
      });
    }
  });

  it('VMs are exactly what each node\'s real libvirt lists, joined with their Pacemaker resources', () => {
    const s = first.snap;
    const real = ctx.lab.nodes.flatMap((n) =>
      parseVirshList(ctx.lab.virsh(n.name, ...listAllCmd('qemu:///system').argv.slice(3)), n.name).map((v) => ({ name: v.name, node: n.name, state: v.state })),
    );
    expect(real.length).toBe(3);
    const got = s.vms.map((v) => ({ name: v.name, node: v.node, state: v.state }));
    const byKey = (a: { name: string; node: string }, b: { name: string; node: string }) => `${a.node}/${a.name}`.localeCompare(`${b.node}/${b.name}`);
    expect(got.sort(byKey)).toEqual(real.sort(byKey));
    const crm = realCrm(ctx.lab);
    for (const v of s.vms) {
      const r = flattenResources(crm.resources).find((x) => x.id === `vm-${v.name}`);
      expect(v.resource?.id, v.name).toBe(r?.id);
      expect(v.resource?.nodes, v.name).toEqual(r?.nodes);
      expect(r?.nodes, `${v.name}: libvirt and Pacemaker agree`).toEqual([v.node]);
    }
  });

  it('iostat devices are the machine\'s real block devices; shimmed sources carry the fixtures', () => {
    const s = first.snap;
    const direct = parseIostatJson(ctx.lab.tool(['iostat', '-dxy', '-o', 'JSON', '1', '1']), 'direct');
    const realDevices = new Set(direct.flatMap((x) => x.devices.map((d) => d.device)));
    expect(realDevices.size).toBeGreaterThan(0);
    for (const n of ctx.lab.nodes) {
      const devs = s.io.filter((d) => d.node === n.name).map((d) => d.device);
      expect(devs.length, n.name).toBeGreaterThan(0);
      for (const d of devs) expect(realDevices, `${n.name} ${d}`).toContain(d);
    }
    const maps = parseMultipathJson(fixture('multipath/fixtures/maps-healthy.json'));
    for (const n of ctx.lab.nodes) {
      const mine = s.multipath.filter((m) => m.node === n.name);
      expect(mine.map((m) => m.wwid).sort(), n.name).toEqual(maps.map((m) => m.wwid).sort());
      expect(mine.every((m) => m.health === 'ok'), n.name).toBe(true);
    }
    expect(s.fencing.devices).toEqual(['fence-sbd']);
    // The watchdog is the real sh listing this machine's /sys/class/watchdog (the lab's nodes are
    // this machine; nothing runs `sbd query-watchdog`): without one, that is the only reason.
    const wd = existsSync('/sys/class/watchdog') && readdirSync('/sys/class/watchdog').some((d) => /^watchdog\d+$/.test(d));
    for (const f of s.fencing.nodes) {
      if (wd) expect(f.status, `${f.node}: ${f.reasons.join('; ')}`).toBe('ready');
      else expect({ status: f.status, reasons: f.reasons }, f.node).toEqual({ status: 'degraded', reasons: ['no watchdog'] });
    }
  });

  it('a change made with the real tools and degraded shims show up in the next snapshot', async () => {
    const lab = ctx.lab;
    lab.tool(['crm_attribute', '--node', 'lab-n3', '--name', 'standby', '--update', 'on']);
    lab.setState('lab-n2', 'multipathd', 'degraded');
    lab.setState('lab-n2', 'multipath', 'degraded');
    lab.setState('lab-n1', 'corosync-quorumtool', 'no-quorum');
    try {
      const { snap } = await snapshot(lab);
      const crm = realCrm(lab);
      expect(crm.nodes.find((n) => n.name === 'lab-n3')?.standby).toBe(true);
      expect(snap.nodes.find((n) => n.name === 'lab-n3')?.standby).toBe(true);
      const n2 = snap.multipath.filter((m) => m.node === 'lab-n2');
      expect(n2.some((m) => m.health === 'degraded')).toBe(true);
      expect(snap.multipath.filter((m) => m.node !== 'lab-n2').every((m) => m.health === 'ok')).toBe(true);
      expect(snap.alerts.length).toBeGreaterThan(0);
      const text = JSON.stringify(snap.alerts);
      expect(text).toMatch(/lab-n2/);
    } finally {
      lab.tool(['crm_attribute', '--node', 'lab-n3', '--name', 'standby', '--delete']);
      for (const t of ['multipathd', 'multipath', 'corosync-quorumtool'] as const) for (const n of ['lab-n1', 'lab-n2']) lab.setState(n, t, 'healthy');
    }
  }, 120_000);
});
