// Issue 14 items 0b and 3 against the demo cluster (ssh2 servers on 127.0.0.1 whose fencer
// behaves like the real one), through the real SshRunner and collectors:
// - every node is fenceable, each asked about on another node (its own fencer does not register
//   the IPMI device banned from it), so nothing is CRITICAL about fencing;
// - after a node is fenced, its VMs read before the fence are "lost with node", and no VM is
//   counted twice beside the copies Pacemaker restarted elsewhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { SshRunner } from '../../src/ssh/ssh-runner.js';
import { createVdStore } from '../../src/store/store.js';
import { startCollectors, type Collectors } from '../../src/collectors/runtime.js';
import { deriveAlerts, emptyAlertMemory } from '../../src/store/alerts.js';
import { checkResult } from '../../src/store/check.js';
import { allVms } from '../../src/store/selectors.js';
import { toSnapshot } from '../../src/store/snapshot.js';
import type { VdStore } from '../../src/collectors/context.js';

let demo: DemoCluster;
let runner: SshRunner;
let store: VdStore;
let col: Collectors;
/** What the demo's nodes were asked to run ("NODE: COMMAND"). */
const execLog: string[] = [];

beforeAll(async () => {
  demo = await startDemoCluster({ nodes: 3, vms: 6, incidents: false, autoAdvance: false, seed: 3, log: (m) => execLog.push(m) });
  runner = new SshRunner({ hosts: demo.hosts });
  store = createVdStore({ clusterName: demo.clusterName, nodes: demo.hosts.map((h) => h.name) });
  col = startCollectors({ runner, store, config: { live: false, discover: false } });
  await col.collectOnce();
}, 60_000);

afterAll(async () => {
  col?.stop();
  await runner?.close();
  await demo?.close();
});

const alertsNow = () => {
  const s = store.getState();
  return deriveAlerts(s, emptyAlertMemory(), s.thresholds, Date.now()).alerts;
};

describe('fencing against the demo cluster', () => {
  it('every node is fenceable, asked on another node; nothing CRITICAL about fencing', () => {
    const s = store.getState();
    const via = s.cluster.fresh.stonith?.via;
    expect(via).toBeDefined();
    const targets = s.cluster.stonithTargets!;
    expect(targets.map((t) => t.target)).toEqual(s.nodeOrder);
    for (const t of targets) {
      expect(t.via, t.target).toBeDefined();
      expect(t.via, t.target).not.toBe(t.target);
      expect(t.devices, t.target).toContain(`fence-ipmi-${t.target}`);
    }
    // The cluster-wide node's own IPMI device is not registered on it, yet it is a known device.
    expect(s.cluster.stonithDevices).toContain(`fence-ipmi-${via}`);
    const alerts = alertsNow();
    expect(alerts.filter((a) => a.rule === 'unfenceable' || a.rule === 'fencing-unknown')).toEqual([]);
    expect(checkResult({ ...s, alerts }, Date.now()).line).not.toMatch(/stonith device|fencing/);
  });

  it('each node\'s watchdog is read from sysfs without sudo; nothing runs sbd query-watchdog/test-watchdog (they arm it: sbd(8))', () => {
    const s = store.getState();
    expect(execLog.length).toBeGreaterThan(0);
    expect(execLog.filter((e) => /(query|test)-watchdog/.test(e))).toEqual([]);
    for (const n of s.nodeOrder) {
      expect(s.nodes[n]?.sbd?.watchdog, n).toEqual({ present: true, device: '/dev/watchdog0', identity: 'Software Watchdog', state: 'active' });
      expect(execLog.some((e) => e.startsWith(`${n}: `) && e.includes(' sh /sys/class/watchdog')), n).toBe(true);
    }
  });

  it('a fenced node\'s VMs are lost with it and no VM is counted twice', async () => {
    const before = store.getState();
    const victim = before.nodeOrder.find((n) => (before.nodes[n]?.vms ?? []).some((v) => v.state === 'running'))!;
    const hadRunning = before.nodes[victim]!.vms!.filter((v) => v.state === 'running').map((v) => v.name);
    expect(hadRunning.length).toBeGreaterThan(0);
    // Sim time must not lag the wall clock the console stamps its reads with.
    demo.sim.tick(Math.max(0, Date.now() - demo.sim.clock.now()) + 1000);
    demo.sim.fenceNode(victim, 'off');
    demo.sim.tick(60_000); // Pacemaker restarts the managed VMs elsewhere
    await col.collectOnce();
    const s = store.getState();
    expect(s.cluster.crm?.fenceHistory.some((e) => e.target === victim && e.status === 'success')).toBe(true);
    const vms = allVms(s);
    const lost = vms.filter((v) => v.node === victim && v.lost);
    expect(lost.map((v) => v.name).sort()).toEqual([...hadRunning].sort());
    expect(lost.every((v) => /^fenced \d\d:\d\d$/.test(v.lost!.why))).toBe(true);
    const live = vms.filter((v) => !v.lost && v.state === 'running').map((v) => v.name);
    expect(new Set(live).size).toBe(live.length);
    // The restarted copies are there, once each.
    expect(hadRunning.filter((n) => live.includes(n)).length).toBeGreaterThan(0);
    const snap = toSnapshot(s, Date.now());
    const snapRunning = snap.vms.filter((v) => v.state === 'running').map((v) => v.name);
    expect(new Set(snapRunning).size).toBe(snapRunning.length);
    expect(snap.lostVms.map((v) => v.name).sort()).toEqual([...hadRunning].sort());
    expect(alertsNow().filter((a) => a.rule === 'vm-dup')).toEqual([]);
  }, 60_000);
});
