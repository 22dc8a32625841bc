// The fleet demo's /metrics against the real exporters: every metric family the demo prints must
// be one the real binary prints, with the same HELP text and the same label names. The real
// ones run here on 127.0.0.1: ha_cluster_exporter 1.3.1 against a CIB built by the real
// Pacemaker CLI (CIB_file; corosync and sbd answer through shims printing real corosync 3.1.7 and
// sbd 1.5.2 captures), node_exporter 1.5 on this machine, prometheus-libvirt-exporter 0.2 on test:///default.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetDemo, type FleetDemo } from '../../src/demo/exporters/fleet.js';
import { EXPORTER_KINDS, type ExporterKind } from '../../src/demo/exporters/metrics.js';
import { freePort } from '../../src/demo/exporters/prometheus.js';
import { FLEET_METRICS } from '../../src/fleet/queries.js';
import { HA_LOCAL_METRICS } from '../../src/prometheus/map-local.js';
import { CIB_TOOLS, baseCluster } from '../lab/cluster-states.js';
import { pathWithSbin, skipWithout, toolPath } from '../helpers/tools.js';

const EXPORTERS: Record<ExporterKind, string> = { ha_cluster: 'ha_cluster_exporter', node: 'prometheus-node-exporter', libvirt: 'prometheus-libvirt-exporter' };
const skip = skipWithout('fleet demo exporters vs the real exporters', [...Object.values(EXPORTERS), ...CIB_TOOLS, 'virsh']);

/** Families of an exposition: name → HELP text and the label-name sets of its samples. */
interface Family {
  help: string;
  labelSets: Set<string>;
}
function families(text: string): Map<string, Family> {
  const out = new Map<string, Family>();
  const fam = (name: string) => out.get(name) ?? out.set(name, { help: '', labelSets: new Set() }).get(name)!;
  for (const line of text.split('\n')) {
    const help = /^# HELP (\S+) (.*)$/.exec(line);
    if (help) {
      fam(help[1]!).help = help[2]!;
      continue;
    }
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? /.exec(line);
    if (!m) throw new Error(`not exposition format: ${line}`);
    const names = [...(m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)].map((x) => x[1]!).sort();
    fam(m[1]!).labelSets.add(names.join(','));
  }
  return out;
}

/** Families this machine's kernel does not have but a KVM host's has (node_exporter prints what /proc shows). */
const KERNEL_DEPENDENT = new Set(['node_memory_HardwareCorrupted_bytes']);

const procs: ChildProcess[] = [];
let dir = '';
let demo: FleetDemo;
const real = new Map<ExporterKind, Map<string, Family>>();

async function scrape(url: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return await r.text();
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`no answer from ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function runExporter(kind: ExporterKind, args: string[], env: Record<string, string> = {}): Promise<string> {
  const port = await freePort();
  const p = spawn(toolPath(EXPORTERS[kind])!, [`--web.listen-address=127.0.0.1:${port}`, ...args], { env: { ...process.env, PATH: pathWithSbin(), ...env }, stdio: 'ignore' });
  procs.push(p);
  return scrape(`http://127.0.0.1:${port}/metrics`);
}

describe.skipIf(skip)('fleet demo exporters print what the real exporters print', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vd-fleet-exporters-'));
    const cib = baseCluster(dir, 'fleet');
    const fx = (p: string) => new URL(`../../src/collectors/${p}`, import.meta.url).pathname;
    const captured = (p: string) => new URL(`../../src/prometheus/fixtures/${p}`, import.meta.url).pathname;
    const shim = (name: string, body: string) => {
      const f = join(dir, name);
      writeFileSync(f, `#!/bin/sh\n${body}\n`);
      chmodSync(f, 0o755);
      return f;
    };
    // 1.3.1 runs `corosync-quorumtool -p` (its membership parser needs the Qdevice column that -p prints).
    const quorum = shim('corosync-quorumtool', `cat '${captured('quorumtool-p-healthy.txt')}'`);
    const cfg = shim('corosync-cfgtool', `cat '${captured('cfgtool-healthy.txt')}'`);
    // It runs `sbd -d DEV dump` per device of SBD_DEVICE (its health, and the header's timeouts).
    const sbd = shim('sbd', `cat '${fx('fencing/fixtures/sbd-dump.txt')}'`);
    writeFileSync(join(dir, 'sbd.conf'), readFileSync(fx('fencing/fixtures/sbd-config.debian-default.txt'), 'utf8').replace('#SBD_DEVICE=""', 'SBD_DEVICE="/dev/disk/by-id/dm-uuid-mpath-3600a0980sbd"'));
    const [ha, node, libvirt] = await Promise.all([
      runExporter('ha_cluster', [`--corosync-quorumtool-path=${quorum}`, `--corosync-cfgtoolpath-path=${cfg}`, `--sbd-path=${sbd}`, `--sbd-config-path=${join(dir, 'sbd.conf')}`], { CIB_file: cib.file }),
      runExporter('node', []),
      runExporter('libvirt', ['--libvirt.uri=test:///default']),
    ]);
    real.set('ha_cluster', families(ha));
    real.set('node', families(node));
    real.set('libvirt', families(libvirt));
    demo = await startFleetDemo({ clusters: 1, nodesPerCluster: 4, vmsPerCluster: 12, autoAdvance: false, incidents: false });
    demo.tick(5000);
  }, 120_000);

  afterAll(async () => {
    for (const p of procs) p.kill('SIGTERM');
    await demo?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of EXPORTER_KINDS) {
    it(`${kind}: the demo's families, HELP texts and label names are the real exporter's`, async () => {
      const t = demo.targets.find((x) => x.kind === kind)!;
      const mine = families(await scrape(`http://127.0.0.1:${demo.port}${t.path}`));
      const theirs = real.get(kind)!;
      expect(mine.size).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const [name, f] of mine) {
        const r = theirs.get(name);
        if (!r) {
          if (!KERNEL_DEPENDENT.has(name)) problems.push(`${name}: not printed by ${EXPORTERS[kind]}`);
          continue;
        }
        if (r.help !== f.help) problems.push(`${name}: HELP "${f.help}" ≠ "${r.help}"`);
        for (const set of f.labelSets) if (!r.labelSets.has(set)) problems.push(`${name}: labels {${set}} ≠ ${[...r.labelSets].map((s) => `{${s}}`).join(' ')}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('the per-node corosync and sbd mapping reads only families both the demo and the real exporter print', async () => {
    const t = demo.targets.find((x) => x.kind === 'ha_cluster')!;
    const mine = families(await scrape(`http://127.0.0.1:${demo.port}${t.path}`));
    for (const name of Object.values(HA_LOCAL_METRICS)) {
      expect(real.get('ha_cluster')!.has(name), name).toBe(true);
      expect(mine.has(name), name).toBe(true);
    }
  });

  it('the fleet summary reads only families both the demo and the real exporters print', () => {
    for (const name of Object.values(FLEET_METRICS)) {
      const kind: ExporterKind = name.startsWith('libvirt_') ? 'libvirt' : 'ha_cluster';
      expect(real.get(kind)!.has(name), name).toBe(true);
    }
  });
});
