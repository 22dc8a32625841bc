// Bench child: the demo cluster in its own process, so its CPU never counts as the console's.
// The parent injects state changes through it and reads the wall time of each injection.
import { startDemoCluster, type DemoCluster } from '../src/demo/index.js';
import { serve, wallMs } from './ipc.js';

let demo: DemoCluster | undefined;

function need(): DemoCluster {
  if (!demo) throw new Error('demo not started');
  return demo;
}

serve({
  async start(a: { nodes: number; vms: number; seed: number }) {
    demo = await startDemoCluster({ nodes: a.nodes, vms: a.vms, seed: a.seed, incidents: false });
    return {
      clusterName: demo.clusterName,
      hosts: demo.hosts,
      knownHostsFile: demo.knownHostsFile,
      clientKeyFile: demo.clientKeyFile,
    };
  },
  /** A running VM per node, round robin (targets for the freshness events). */
  runningVms(a: { count: number }) {
    const d = need();
    const byNode = new Map<string, string[]>();
    for (const v of d.sim.vms) if (v.state === 'running') byNode.set(v.node, [...(byNode.get(v.node) ?? []), v.name]);
    const out: { vm: string; node: string }[] = [];
    for (let i = 0; out.length < a.count && i < 10_000; i++) {
      for (const [node, names] of byNode) {
        const vm = names[i];
        if (vm !== undefined && out.length < a.count) out.push({ vm, node });
      }
      if ([...byNode.values()].every((n) => n.length <= i)) break;
    }
    return out;
  },
  stopVm(a: { vm: string; node: string }) {
    const t = wallMs();
    need().sim.stopVm(a.node, a.vm, 'Destroyed');
    return t;
  },
  startVm(a: { vm: string; node: string }) {
    const t = wallMs();
    need().sim.startVm(a.node, a.vm);
    return t;
  },
  failPath(a: { node: string; map: string; dev: string }) {
    const t = wallMs();
    need().sim.failPath(a.node, a.map, a.dev);
    return t;
  },
  restorePath(a: { node: string; map: string; dev: string }) {
    const t = wallMs();
    need().sim.restorePath(a.node, a.map, a.dev);
    return t;
  },
  /** Stops `count` running VMs spread over `spreadMs`, then starts them again after `holdMs`. */
  async burst(a: { count: number; spreadMs: number; holdMs: number }) {
    const d = need();
    const victims = d.sim.vms.filter((v) => v.state === 'running').slice(0, a.count);
    const t0 = wallMs();
    const gap = victims.length > 1 ? a.spreadMs / victims.length : 0;
    for (const v of victims) {
      d.sim.stopVm(v.node, v.name, 'Destroyed');
      if (gap) await new Promise((r) => setTimeout(r, gap));
    }
    await new Promise((r) => setTimeout(r, a.holdMs));
    for (const v of victims) {
      try {
        if (v.state === 'shut off') d.sim.startVm(v.node, v.name);
      } catch {
        /* a transient domain is gone once stopped; Pacemaker recovers it */
      }
    }
    return { t0, count: victims.length };
  },
  cpu() {
    const u = process.cpuUsage();
    return { cpuMs: (u.user + u.system) / 1000, rssMb: process.memoryUsage().rss / 2 ** 20 };
  },
  async close() {
    await demo?.close();
    demo = undefined;
    return true;
  },
});
