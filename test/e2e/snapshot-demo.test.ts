// End to end: the demo cluster over real SSH on 127.0.0.1, the CLI's snapshot path in-process
// and as a child process (`node bin/virtdeck.js snapshot --demo --json`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { openSession, type Session } from '../../src/cli/session.js';
import { snapshotCommand } from '../../src/cli/commands.js';
import type { Snapshot } from '../../src/store/snapshot.js';
import type { ResolvedTarget } from '../../src/config/load.js';
import { skipWithout, toolPath } from '../helpers/tools.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** No user config may leak in: an empty XDG config home. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'vd-xdg-')) };
  delete env.VIRTDECK_CONFIG;
  return env;
}

/** Established client-side TCP connections to 127.0.0.1:port (ss is in iproute2). */
function clientConnections(port: number): number | undefined {
  if (skipWithout('the one-TCP-connection-per-node check (the rest runs)', ['ss'])) return undefined;
  try {
    const out = execFileSync(toolPath('ss')!, ['-Htn', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
    return out.split('\n').filter((l) => l.trim() !== '').length;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // no iproute2: cannot count
    throw e;
  }
}

function checkSnapshot(snap: Snapshot, nodeNames: string[]) {
  const polled = snap.nodes.filter((n) => n.reachable !== 'not-polled');
  expect(polled.map((n) => n.name)).toEqual(nodeNames);
  // The demo's remote and guest nodes: listed (resources run there), not SSH targets.
  const others = snap.nodes.filter((n) => n.reachable === 'not-polled');
  expect(others.map((n) => [n.type, n.online])).toEqual([['remote', true], ['guest', true]]);
  for (const r of snap.resources) for (const n of r.nodes) expect(snap.nodes.map((x) => x.name), r.id).toContain(n);
  for (const n of polled) {
    expect(n.reachable, n.name).toBe(true);
    expect(n.host, n.name).toBeDefined();
    for (const src of ['host', 'vms', 'multipath', 'iostat', 'corosync'] as const) expect(n.freshness[src]?.state, `${n.name} ${src}`).toBe('live');
  }
  expect(snap.cluster.freshness.pacemaker?.state).toBe('live');
  expect(snap.cluster.dc).toBeDefined();
  expect(snap.resources.length).toBeGreaterThan(0);
  expect(snap.resources.some((r) => r.agent?.includes('VirtualDomain'))).toBe(true);
  expect(snap.vms.length).toBeGreaterThan(0);
  for (const v of snap.vms) expect(nodeNames).toContain(v.node);
  expect(snap.vms.some((v) => v.state === 'running' && v.resource !== undefined)).toBe(true);
  expect(snap.multipath.length).toBeGreaterThan(0);
  expect(new Set(snap.multipath.map((m) => m.node))).toEqual(new Set(nodeNames));
  expect(snap.io.length).toBeGreaterThan(0);
  expect(snap.io.some((d) => d.alias !== undefined)).toBe(true);
  expect(snap.fencing.devices.length).toBeGreaterThan(0);
}

describe('snapshot against the demo cluster', () => {
  let demo: DemoCluster;
  let session: Session | undefined;

  beforeAll(async () => {
    demo = await startDemoCluster({ nodes: 4, vms: 24, seed: 1, incidents: false });
  });
  afterAll(async () => {
    await session?.close();
    await demo?.close();
  });

  it('collects everything in-process over one SSH connection per node', async () => {
    const target: ResolvedTarget = { kind: 'demo', clusterName: 'demo', nodes: 4, vms: 24, seed: 1, readonly: true, cluster: { nodes: [] }, reason: 'flag' };
    session = await openSession(target, { live: false, demo });
    const r = await snapshotCommand(session, { json: true });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const snap = JSON.parse(r.stdout) as Snapshot;
    const names = demo.hosts.map((h) => h.name);
    expect(names).toHaveLength(4);
    checkSnapshot(snap, names);
    // one TCP connection per node, however many commands and channels the round used
    for (const h of demo.hosts) {
      const n = clientConnections(h.port);
      if (n !== undefined) expect(n, `connections to ${h.name} (port ${h.port})`).toBe(1);
    }
    expect(demo.hosts.map((h) => session!.runner.connState(h.name)?.status)).toEqual(['up', 'up', 'up', 'up']);
  });

  it('runs as a child process: node bin/virtdeck.js snapshot --demo --json', async () => {
    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
      const child = execFile(process.execPath, ['bin/virtdeck.js', 'snapshot', '--demo', '--json'], { cwd: root, timeout: 90_000, maxBuffer: 64 * 1024 * 1024, env: childEnv() }, (err, so, se) =>
        resolve({ stdout: so, stderr: se, code: err ? ((err as { code?: number }).code ?? 1) : 0 }),
      );
      void child;
    });
    expect(stderr.split('\n').filter((l) => l.startsWith('virtdeck: no data'))).toEqual([]);
    expect(code).toBe(0);
    const snap = JSON.parse(stdout) as Snapshot;
    expect(snap.nodes.filter((n) => n.reachable !== 'not-polled')).toHaveLength(4);
    checkSnapshot(snap, snap.nodes.filter((n) => n.reachable !== 'not-polled').map((n) => n.name));
  }, 120_000);
});

describe('snapshot with a node down', () => {
  it('collects from the others, fails pacemaker over, says which node gave nothing, exits 0', async () => {
    const demo = await startDemoCluster({ nodes: 4, vms: 8, seed: 2, incidents: false });
    let session: Session | undefined;
    try {
      const first = demo.hosts[0]!.name;
      demo.sim.killNode(first);
      const target: ResolvedTarget = { kind: 'demo', clusterName: 'demo', nodes: 4, vms: 8, readonly: true, cluster: { nodes: [] }, reason: 'flag' };
      session = await openSession(target, { live: false, demo });
      const r = await snapshotCommand(session, { json: true });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^virtdeck: no data from ${first}: `));
      const snap = JSON.parse(r.stdout) as Snapshot;
      const down = snap.nodes.find((n) => n.name === first)!;
      expect(down.reachable).toBe(false);
      expect(down.host).toBeUndefined();
      for (const n of snap.nodes.filter((x) => x.name !== first && x.reachable !== 'not-polled')) expect(n.host, n.name).toBeDefined();
      expect(snap.cluster.freshness.pacemaker?.state).toBe('live');
      expect(snap.cluster.freshness.pacemaker?.via).not.toBe(first);
    } finally {
      await session?.close();
      await demo.close();
    }
  }, 60_000);
});
