// npm run demo:fleet's parts: the Prometheus config it writes is one promtool accepts, and
// without a prometheus binary the command says so plainly instead of starting half a demo.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prometheusConfig, startFleetDemo } from '../../src/demo/exporters/fleet.js';
import { skipWithout, toolPath } from '../helpers/tools.js';
import { ROOT } from '../helpers/tmux.js';

describe('npm run demo:fleet', () => {
  it('without prometheus on PATH: says how to install it and exits 1', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/demo/fleet-main.ts'], { cwd: ROOT, env: { ...process.env, PATH: '' }, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toContain('demo:fleet: prometheus is not installed, and the fleet view reads Prometheus.');
    expect(r.stderr).toContain('sudo apt-get install prometheus');
    expect(r.status).toBe(1);
  });

  it.skipIf(skipWithout('fleet demo Prometheus config', ['promtool']))('its Prometheus config passes promtool check config', async () => {
    const demo = await startFleetDemo({ clusters: 2, nodesPerCluster: 2, vmsPerCluster: 4, autoAdvance: false });
    const dir = mkdtempSync(join(tmpdir(), 'vd-fleet-promtool-'));
    try {
      const file = join(dir, 'prometheus.yml');
      const cfg = prometheusConfig(demo);
      writeFileSync(file, cfg);
      const r = spawnSync(toolPath('promtool')!, ['check', 'config', file], { encoding: 'utf8' });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      // every node's three exporters, each its own target with the site-like instance and the cluster
      expect(cfg.match(/__metrics_path__/g)).toHaveLength(2 * 2 * 3);
      expect(cfg).toContain("instance: 'kvm-n2:9177', cluster: 'fleet-02'");
    } finally {
      await demo.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
