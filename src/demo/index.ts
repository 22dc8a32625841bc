// The embedded demo cluster: a simulated Pacemaker/KVM cluster served over real SSH on
// 127.0.0.1, one ssh2 server per node, with host keys pinned in a per-run known_hosts file.
import type { ResolvedHost } from '../ssh/host.js';
import { generateEd25519, knownHostsLine, makeRunDir, writeKnownHosts } from './keys.js';
import { NodeServer } from './server.js';
import { scheduleIncidents, type IncidentStep } from './sim/incidents.js';
import { DemoSim } from './sim/sim.js';

export { DemoSim } from './sim/sim.js';
export type { IncidentStep } from './sim/incidents.js';
export { MAX_NODES, MAX_VMS } from './sim/build.js';

export interface DemoOptions {
  nodes?: number /* 4 */;
  vms?: number /* 24 */;
  seed?: number;
  incidents?: boolean /* true */;
  speed?: number /* 1 */;
  clusterName?: string;
  /** Drive sim time from the wall clock (default true); tests pass false and call sim.tick(). */
  autoAdvance?: boolean;
  /** SSH user name the servers accept (default "demo"). */
  user?: string;
  /** Debug log of every exec (node: command). */
  log?: (msg: string) => void;
  /** Serve this simulator (the fleet demo's cluster) instead of building one: its owner ticks it
   *  and schedules its incidents, so nodes, vms, seed, speed, incidents and autoAdvance do not apply. */
  sim?: DemoSim;
}

export interface DemoCluster {
  clusterName: string;
  hosts: ResolvedHost[];
  sim: DemoSim;
  /** The scripted incidents scheduled (empty when incidents: false). */
  incidents: IncidentStep[];
  knownHostsFile: string;
  clientKeyFile: string;
  close(): Promise<void>;
}

const REAL_TICK_MS = 200;

export async function startDemoCluster(opts: DemoOptions = {}): Promise<DemoCluster> {
  const owned = opts.sim === undefined;
  const sim = opts.sim ?? new DemoSim({ nodes: opts.nodes, vms: opts.vms, seed: opts.seed ?? 1, speed: opts.speed, clusterName: opts.clusterName });
  const user = opts.user ?? 'demo';
  const clientKey = generateEd25519('virtdeck-demo-client');
  const run = await makeRunDir(clientKey);
  const servers = new Map<string, NodeServer>();
  try {
    for (const n of sim.nodes) {
      const srv = new NodeServer({ sim, node: n.name, hostKey: generateEd25519(`root@${n.name}`), clientPublicKey: clientKey.public, user, log: opts.log });
      await srv.listen(0);
      servers.set(n.name, srv);
    }
  } catch (e) {
    await Promise.all([...servers.values()].map((s) => s.close()));
    await run.remove();
    throw e;
  }
  await writeKnownHosts(
    run.knownHostsFile,
    [...servers.values()].map((s) => knownHostsLine('127.0.0.1', s.port, hostKeyOf(s))),
  );

  const offSsh = sim.onSshState((node, state) => {
    const srv = servers.get(node);
    if (!srv) return;
    if (state === 'down') void srv.kill();
    else if (state === 'frozen') srv.freeze();
    else void srv.revive();
  });
  const incidents = opts.incidents === false || !owned ? [] : scheduleIncidents(sim);
  let timer: NodeJS.Timeout | undefined;
  if (opts.autoAdvance !== false && owned) {
    timer = setInterval(() => sim.tick(REAL_TICK_MS * sim.clock.speed), REAL_TICK_MS);
    timer.unref();
  }

  const hosts: ResolvedHost[] = sim.nodes.map((n) => ({
    name: n.name,
    hostname: '127.0.0.1',
    port: servers.get(n.name)!.port,
    user,
    identities: [{ path: run.clientKeyFile, privateKey: clientKey.private }],
    identitiesOnly: true,
    knownHostsFiles: [run.knownHostsFile],
    strictHostKeyChecking: 'yes',
    keepaliveIntervalMs: 5000,
    keepaliveCountMax: 3,
    connectTimeoutMs: 5000,
  }));

  let closed = false;
  return {
    clusterName: sim.clusterName,
    hosts,
    sim,
    incidents,
    knownHostsFile: run.knownHostsFile,
    clientKeyFile: run.clientKeyFile,
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      offSsh();
      await Promise.all([...servers.values()].map((s) => s.close()));
      await run.remove();
    },
  };
}

function hostKeyOf(s: NodeServer): string {
  return s.hostPublicKey;
}
