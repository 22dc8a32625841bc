// The same cluster read two ways: over SSH (the lab: real sshd, crm_mon, libvirtd per node) and
// from a real Prometheus scraping real exporters pointed at the lab's own CIB file and each
// node's libvirtd. `snapshot --json` must agree on nodes, roles, placements, failed actions and
// where each VM runs.
import { chmodSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/store/snapshot.js';
import { skipWithout } from '../helpers/tools.js';
import { labAvailable, labTarget, runCli, useLab } from './support.js';
import { PROM_TOOLS, startPromLab, type PromLab } from './prometheus-lab.js';

const skip = !labAvailable || skipWithout('Prometheus vs SSH on the lab', PROM_TOOLS);

const nodes = (s: Snapshot) =>
  s.nodes.map((n) => ({ name: n.name, type: n.type, online: n.online, standby: n.standby, unclean: n.unclean, maintenance: n.maintenance })).sort((a, b) => a.name.localeCompare(b.name));
const primitives = (s: Snapshot) =>
  s.resources.filter((r) => r.kind === 'primitive').map((r) => ({ id: r.id, role: r.role, nodes: [...r.nodes].sort(), failed: r.failed, managed: r.managed })).sort((a, b) => a.id.localeCompare(b.id) || a.nodes.join().localeCompare(b.nodes.join()));
const failures = (s: Snapshot) => [...new Set(s.failedActions.map((f) => `${f.resource}@${f.node}`))].sort();
const vms = (s: Snapshot) => s.vms.map((v) => ({ name: v.name, node: v.node, state: v.state, resource: v.resource?.id })).sort((a, b) => a.name.localeCompare(b.name) || a.node.localeCompare(b.node));

async function snapshot(args: string[]): Promise<Snapshot> {
  const r = await runCli(['snapshot', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Snapshot;
}

describe.skipIf(skip)('snapshot --json: Prometheus and SSH read the same lab cluster alike', () => {
  const ctx = useLab();
  let prom: PromLab;

  beforeAll(async () => {
    const lab = ctx.lab;
    // A failed monitor of vm-web1 (recovered in place by the scheduler): a failed action and a
    // fail count in the CIB both paths read.
    const next = join(lab.dir, 'cib-failed.xml');
    lab.tool(['crm_simulate', '-x', lab.cibFile, '-S', '--op-inject', `vm-web1_monitor_30000@${lab.nodes[0]!.name}=1`, '-O', next]);
    chmodSync(next, 0o666);
    renameSync(next, lab.cibFile);
    prom = await startPromLab({ cibFile: lab.cibFile, nodes: lab.nodes.map((n) => n.name), libvirtUris: Object.fromEntries(lab.nodes.map((n) => [n.name, n.libvirtUri])) });
    await prom.ready();
  }, 120_000);
  afterAll(async () => {
    await prom?.stop();
  });

  it('same nodes, roles, placements, failed actions and VMs', async () => {
    const [ssh, fromProm] = await Promise.all([snapshot(labTarget(ctx.lab)), snapshot(['--prometheus', prom.url, '--cluster', prom.cluster])]);
    expect(fromProm.source).toBe('prometheus');
    expect(ssh.source).toBeUndefined();
    expect(nodes(fromProm)).toEqual(nodes(ssh));
    expect(fromProm.cluster.dc).toBe(ssh.cluster.dc);
    expect(primitives(fromProm)).toEqual(primitives(ssh));
    expect(failures(fromProm)).toEqual(failures(ssh));
    expect(vms(fromProm)).toEqual(vms(ssh));
    expect(fromProm.vms.length).toBeGreaterThan(0);
    expect(failures(ssh)).toEqual([`vm-web1@${ctx.lab.nodes[0]!.name}`]);
    console.info(`lab from Prometheus: ${fromProm.nodes.length} nodes, ${primitives(fromProm).length} primitives, ${fromProm.vms.length} VMs, ${fromProm.failedActions.length} failed actions (SSH agrees)`);
  }, 120_000);
});
