// A real Prometheus scraping real exporters, for the Prometheus backend's integration tests:
// ha_cluster_exporter (real crm_mon/cibadmin over a CIB file, CIB_file), node exporter (this
// machine) and the libvirt exporter (a libvirt URI per node, e.g. the lab's test driver).
// One exporter process of each kind serves every node: Prometheus scrapes it once per node
// with that node's `instance` label (n1:9664, n2:9664, …), as a site running one exporter per
// node would be seen (each target also carries vd_node=<node>, for a mapped node label). All on 127.0.0.1, free ports, a temp dir; processes stopped by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathWithSbin, toolPath } from '../helpers/tools.js';
import { labAnswers, type ShimmedTool } from '../lab/answers.js';
import { shimScript, writeAnswerFiles } from '../lab/lab.js';

export const PROM_TOOLS = ['prometheus', 'ha_cluster_exporter', 'prometheus-node-exporter', 'prometheus-libvirt-exporter', 'crm_mon', 'cibadmin'];

export interface PromLabOptions {
  cibFile: string;
  /** Node names (the CIB's), each scraped as its own instance. */
  nodes: string[];
  /** Per node, the libvirt URI its libvirt exporter reads (nodes without one have no libvirt target). */
  libvirtUris?: Record<string, string>;
  cluster?: string;
  /** The label carrying the cluster's name on every target (default "cluster"). */
  clusterLabel?: string;
  scrapeIntervalS?: number;
  /**
   * Corosync and sbd as the exporter sees them from the first node: states of the lab's shims
   * (test/lab/answers.ts, real 3.1.7 formats), e.g. { quorum: 'partitioned', links: 'degraded' }.
   * Without it the corosync and sbd collectors are not registered (their paths do not exist).
   */
  shims?: { quorum: string; links: string; sbd: string };
}

export interface PromLab {
  url: string;
  dir: string;
  cluster: string;
  /** Stops every process by PID and removes the temp dir. */
  stop(): Promise<void>;
  /** Resolves when every target was scraped up twice (rates need two samples). */
  ready(timeoutMs?: number): Promise<void>;
  /** Stops one exporter (its targets go down), by PID. */
  stopExporter(prog: 'ha_cluster_exporter' | 'prometheus-node-exporter' | 'prometheus-libvirt-exporter'): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The lab's shims for the first node (answers in dir/shims/answers/<tool>/<state>), each in its state; returns tool → shim path. */
function writeShims(dir: string, nodes: readonly string[], states: NonNullable<PromLabOptions['shims']>): (tool: ShimmedTool) => string {
  const nd = join(dir, 'shims');
  const answers = labAnswers(nodes, 0);
  const stateOf: Partial<Record<ShimmedTool, string>> = { 'corosync-quorumtool': states.quorum, 'corosync-cfgtool': states.links, sbd: states.sbd };
  mkdirSync(join(nd, 'state'), { recursive: true });
  for (const [tool, state] of Object.entries(stateOf) as [ShimmedTool, string][]) {
    const byArgs = answers[tool]?.[state];
    if (!byArgs) throw new Error(`lab shims: ${tool} has no state ${state}`);
    writeAnswerFiles(nd, tool, state, byArgs);
    writeFileSync(join(nd, 'state', tool), state);
    writeFileSync(join(nd, tool), shimScript(tool, nd, undefined), { mode: 0o755 });
  }
  // The node's sbd configuration (the packaged Debian file with SBD_DEVICE set): the exporter
  // runs `sbd -d DEVICE dump` for each device it names.
  writeFileSync(join(dir, 'sbd'), answers.cat!.healthy!['/etc/default/sbd']!.stdout!);
  return (tool) => join(nd, tool);
}

export async function startPromLab(o: PromLabOptions): Promise<PromLab> {
  const dir = mkdtempSync(join(tmpdir(), 'vd-prom-lab-'));
  const cluster = o.cluster ?? 'lab';
  const label = o.clusterLabel ?? 'cluster';
  const procs: ChildProcess[] = [];
  const byProg = new Map<string, ChildProcess[]>();
  const logs: string[] = [];
  const start = (prog: string, args: string[], env: NodeJS.ProcessEnv = process.env): void => {
    const p = spawn(toolPath(prog) ?? prog, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    p.stderr?.on('data', (d: Buffer) => logs.length < 200 && logs.push(`${prog}: ${d.toString().trim()}`));
    procs.push(p);
    byProg.set(prog, [...(byProg.get(prog) ?? []), p]);
  };
  const kill = (list: readonly ChildProcess[]) =>
    Promise.all(
      list.map(
        (p) =>
          new Promise<void>((r) => {
            if (p.exitCode !== null || p.signalCode !== null) return r();
            const k = setTimeout(() => p.kill('SIGKILL'), 3000);
            p.once('exit', () => {
              clearTimeout(k);
              r();
            });
            p.kill('SIGTERM');
          }),
      ),
    );
  const stop = async () => {
    await kill(procs);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const haPort = await freePort();
    const nodePort = await freePort();
    const promPort = await freePort();
    const missing = join(dir, 'not-installed');
    const shim = o.shims ? writeShims(dir, o.nodes, o.shims) : undefined;
    start(
      'ha_cluster_exporter',
      [
        `--web.listen-address=127.0.0.1:${haPort}`,
        `--crm-mon-path=${toolPath('crm_mon')}`,
        `--cibadmin-path=${toolPath('cibadmin')}`,
        // Without shims: no corosync or sbd, the collectors are not registered (quorum "unknown").
        `--corosync-quorumtool-path=${shim?.('corosync-quorumtool') ?? missing}`,
        `--corosync-cfgtoolpath-path=${shim?.('corosync-cfgtool') ?? missing}`,
        `--sbd-path=${shim?.('sbd') ?? missing}`,
        `--sbd-config-path=${shim ? join(dir, 'sbd') : missing}`,
        `--drbdsetup-path=${missing}`,
        `--web.config.file=${missing}`,
      ],
      { ...process.env, PATH: pathWithSbin(), CIB_file: o.cibFile },
    );
    start('prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${nodePort}`, '--collector.disable-defaults', '--collector.cpu', '--collector.meminfo', '--collector.diskstats', '--collector.netdev', '--collector.bonding', '--collector.loadavg']);
    const libvirt: { node: string; port: number }[] = [];
    for (const node of o.nodes) {
      const uri = o.libvirtUris?.[node];
      if (!uri) continue;
      const port = await freePort();
      libvirt.push({ node, port });
      start('prometheus-libvirt-exporter', [`--web.listen-address=127.0.0.1:${port}`, `--libvirt.uri=${uri}`]);
    }
    const s = o.scrapeIntervalS ?? 1;
    const job = (name: string, targets: { node: string; addr: string; port: number }[]) =>
      `  - job_name: ${name}\n    static_configs:\n${targets.map((t) => `      - targets: ['${t.addr}']\n        labels: { ${label}: '${cluster}', instance: '${t.node}:${t.port}', vd_node: '${t.node}' }`).join('\n')}`;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        `global:\n  scrape_interval: ${s}s\n  scrape_timeout: ${s}s\n  evaluation_interval: ${s}s`,
        'scrape_configs:',
        job('hacluster', o.nodes.map((node) => ({ node, addr: `127.0.0.1:${haPort}`, port: 9664 }))),
        job('node', o.nodes.map((node) => ({ node, addr: `127.0.0.1:${nodePort}`, port: 9100 }))),
        ...(libvirt.length ? [job('libvirt', libvirt.map((l) => ({ node: l.node, addr: `127.0.0.1:${l.port}`, port: 9177 })))] : []),
        '',
      ].join('\n'),
    );
    start('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn']);
    const url = `http://127.0.0.1:${promPort}`;
    const targets = o.nodes.length * 2 + libvirt.length;
    const ready = async (timeoutMs = 60_000) => {
      const until = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < until) {
        try {
          // Two good scrapes of every target: irate needs two samples.
          const q = encodeURIComponent(`count_over_time(up{${label}="${cluster}"}[1m]) >= 2 and up == 1`);
          const r = (await (await fetch(`${url}/api/v1/query?query=${q}`)).json()) as { data?: { result?: unknown[] } };
          const n = r.data?.result?.length ?? 0;
          last = `${n} of ${targets} targets up with two scrapes`;
          if (n >= targets) return;
        } catch (e) {
          last = e instanceof Error ? e.message : String(e);
        }
        await new Promise((r) => setTimeout(r, 300));
      }
      throw new Error(`prometheus lab not ready after ${timeoutMs} ms: ${last}\n${logs.slice(-20).join('\n')}`);
    };
    return { url, dir, cluster, stop, ready, stopExporter: async (prog) => void (await kill(byProg.get(prog) ?? [])) };
  } catch (e) {
    await stop();
    throw e;
  }
}
