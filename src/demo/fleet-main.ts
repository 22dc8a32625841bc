// `npm run demo:fleet [-- --clusters N --nodes N --vms N]`: simulated clusters with the standard
// exporters on 127.0.0.1, a private Prometheus scraping them (when one is installed), and the
// console on :fleet. The first cluster is also served over SSH (the same simulator), so L in
// :fleet shows the live console with actions; the others are Prometheus-only.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from './index.js';
import { prometheusConfig, startFleetDemo, type FleetDemo } from './exporters/fleet.js';
import { findPrometheus, startPrometheus, type LocalPrometheus } from './exporters/prometheus.js';

interface FleetMainOptions {
  clusters: number;
  nodes: number;
  vms: number;
}

function parseFleetArgs(argv: readonly string[]): FleetMainOptions {
  const o: FleetMainOptions = { clusters: 5, nodes: 4, vms: 24 };
  const limits: Record<string, [keyof FleetMainOptions, number, number]> = { '--clusters': ['clusters', 1, 100], '--nodes': ['nodes', 2, 64], '--vms': ['vms', 0, 5000] };
  for (let i = 0; i < argv.length; i++) {
    const spec = limits[argv[i]!];
    const v = Number(argv[i + 1]);
    if (!spec || !Number.isInteger(v) || v < spec[1] || v > spec[2]) throw new Error(`usage: npm run demo:fleet -- [--clusters 1-100] [--nodes 2-64] [--vms 0-5000] (at ${JSON.stringify(argv[i])})`);
    o[spec[0]] = v;
    i++;
  }
  return o;
}

/** ssh_config + config.json for the console: the SSH cluster as a context, the Prometheus as the fleet. */
function writeConsoleConfig(dir: string, ssh: DemoCluster, promUrl: string): string {
  const sshConfig = join(dir, 'ssh_config');
  writeFileSync(
    sshConfig,
    ssh.hosts
      .map((h) => `Host ${h.name}\n  HostName ${h.hostname}\n  Port ${h.port}\n  User ${h.user}\n  IdentityFile ${ssh.clientKeyFile}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${ssh.knownHostsFile}\n  StrictHostKeyChecking yes\n`)
      .join('\n'),
  );
  const file = join(dir, 'virtdeck.json');
  const config = {
    clusters: { [ssh.clusterName]: { nodes: ssh.hosts.map((h) => h.name), sshConfig, audit: { file: join(dir, 'audit.jsonl') } } },
    defaultCluster: ssh.clusterName,
    fleet: { prometheus: promUrl },
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  chmodSync(file, 0o600);
  return file;
}

async function run(argv: readonly string[]): Promise<number> {
  let o: FleetMainOptions;
  try {
    o = parseFleetArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (!findPrometheus()) {
    process.stderr.write(
      'demo:fleet: prometheus is not installed, and the fleet view reads Prometheus.\n' +
        '  Debian/Ubuntu: sudo apt-get install prometheus   (then run npm run demo:fleet again)\n' +
        '  The one-cluster demo needs nothing: npm start\n',
    );
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), 'virtdeck-fleet-demo-'));
  let demo: FleetDemo | undefined;
  let ssh: DemoCluster | undefined;
  let prom: LocalPrometheus | undefined;
  try {
    process.stderr.write(`demo:fleet: ${o.clusters} clusters × ${o.nodes} nodes, ${o.vms} VMs each; starting exporters and Prometheus…\n`);
    demo = await startFleetDemo({ clusters: o.clusters, nodesPerCluster: o.nodes, vmsPerCluster: o.vms });
    ssh = await startDemoCluster({ sim: demo.sims[0]! });
    prom = await startPrometheus(prometheusConfig(demo, { scrapeIntervalS: 5 }));
    const config = writeConsoleConfig(dir, ssh, prom.url);
    const { main } = await import('../cli/cli.js');
    return await main(['--config', config]);
  } finally {
    await prom?.close();
    await ssh?.close();
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await run(process.argv.slice(2));
