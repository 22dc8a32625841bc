import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, resolveTarget, validateConfig, type VirtdeckConfig } from './index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, body: unknown, mode = 0o600): string => {
  const f = join(dir, name);
  writeFileSync(f, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  chmodSync(f, mode);
  return f;
};

const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('reads a valid file', () => {
    const f = write('config.json', {
      clusters: {
        prod: {
          nodes: ['kvm1', 'kvm2'],
          sudo: true,
          production: true,
          intervals: { pacemaker: 3000 },
          thresholds: { awaitWarnMs: 15 },
          keepalive: { intervalMs: 5000, countMax: 3 },
          journalUnits: ['pacemaker', 'corosync'],
          alertHook: ['/usr/local/bin/page', '--team', 'ops'],
          audit: { file: '/var/log/virtdeck-audit.jsonl' },
        },
      },
      defaultCluster: 'prod',
    });
    const l = loadConfig(f);
    expect(l.file).toBe(f);
    expect(l.warnings).toEqual([]);
    expect(l.config.clusters.prod?.intervals?.pacemaker).toBe(3000);
    expect(l.config.clusters.prod?.alertHook).toEqual(['/usr/local/bin/page', '--team', 'ops']);
    expect(l.config.defaultCluster).toBe('prod');
  });

  it('names the key path, the value and the file for a bad value', () => {
    const f = write('c.json', { clusters: { prod: { nodes: ['a'], intervals: { pacemaker: 'fast' } } } });
    expect(errorOf(() => loadConfig(f))).toBe(`config error in ${f}: clusters.prod.intervals.pacemaker must be a number ≥ 1000 and ≤ 86400000 (got "fast")`);
  });

  it('rejects unknown keys (typos) with the path', () => {
    const f = write('c.json', { clusters: { prod: { nodes: ['a'], readOnly: true, intervals: { pacemakr: 5000 } } } });
    const msg = errorOf(() => loadConfig(f));
    expect(msg).toContain(`config error in ${f}: clusters.prod.readOnly is not a known key`);
    expect(msg).toContain('clusters.prod.intervals.pacemakr is not a known key');
  });

  it('reports every problem, one line each', () => {
    const f = write('c.json', { clusters: { x: { nodes: [], sudo: 'yes', thresholds: { cpuPct: 150 } } }, defaultCluster: 'y', extra: 1 });
    const lines = errorOf(() => loadConfig(f)).split('\n');
    expect(lines.every((l) => l.startsWith(`config error in ${f}: `))).toBe(true);
    expect(lines.join('\n')).toMatch(/extra is not a known key/);
    expect(lines.join('\n')).toMatch(/clusters\.x\.nodes must be a non-empty list/);
    expect(lines.join('\n')).toMatch(/clusters\.x\.sudo must be true or false \(got "yes"\)/);
    expect(lines.join('\n')).toMatch(/clusters\.x\.thresholds\.cpuPct must be a number ≥ 0 and ≤ 100 \(got 150\)/);
    expect(lines.join('\n')).toMatch(/defaultCluster "y" is not one of clusters \(x\)/);
  });

  it('rejects bad node names and bad JSON with the file name', () => {
    const f = write('c.json', { clusters: { a: { nodes: ['ok1', 'bad;rm -rf'] } } });
    expect(errorOf(() => loadConfig(f))).toMatch(/clusters\.a\.nodes\[1\] must be a host name \(got "bad;rm -rf"\)/);
    const g = write('broken.json', '{"clusters": {');
    expect(errorOf(() => loadConfig(g))).toMatch(new RegExp(`^config error in ${g.replace(/[.]/g, '\\.')}: invalid JSON`));
  });

  it('warns when the file is readable by group or others', () => {
    const f = write('c.json', { clusters: {} }, 0o644);
    const l = loadConfig(f);
    expect(l.warnings).toHaveLength(1);
    expect(l.warnings[0]).toContain(f);
    expect(l.warnings[0]).toContain('chmod 600');
  });

  it('an explicit file must exist; VIRTDECK_CONFIG is honoured', () => {
    expect(errorOf(() => loadConfig(join(dir, 'nope.json')))).toMatch(/nope\.json: file not found/);
    const f = write('env.json', { clusters: { e: { nodes: ['n1'] } } });
    expect(loadConfig(undefined, { VIRTDECK_CONFIG: f }).config.clusters.e?.nodes).toEqual(['n1']);
  });
});

describe('resolveTarget', () => {
  const cfg: VirtdeckConfig = validateConfig({ clusters: { a: { nodes: ['a1', 'a2'], readonly: true }, b: { nodes: ['b1'], sshConfig: '/etc/vd/ssh' } }, defaultCluster: 'b' }, 'x');

  it('demo when nothing is configured and no target is given', () => {
    const t = resolveTarget({}, { clusters: {} });
    expect(t).toMatchObject({ kind: 'demo', nodes: 4, vms: 24, reason: 'no-config' });
  });
  it('--demo with sizes', () => {
    expect(resolveTarget({ demo: true, demoNodes: 3, demoVms: 5, demoSeed: 7 }, cfg)).toMatchObject({ kind: 'demo', nodes: 3, vms: 5, seed: 7, reason: 'flag' });
  });
  it('default cluster, --context, --nodes', () => {
    expect(resolveTarget({}, cfg)).toMatchObject({ kind: 'cluster', clusterName: 'b', nodes: ['b1'], sshConfig: '/etc/vd/ssh', contexts: ['a', 'b'] });
    expect(resolveTarget({ context: 'a' }, cfg)).toMatchObject({ kind: 'cluster', clusterName: 'a', nodes: ['a1', 'a2'], readonly: true });
    expect(resolveTarget({ nodes: ['x1', 'x2'], sshConfig: '/tmp/s' }, cfg)).toMatchObject({ kind: 'cluster', nodes: ['x1', 'x2'], sshConfig: '/tmp/s' });
    expect(resolveTarget({ nodes: ['x1'], context: 'a' }, cfg)).toMatchObject({ kind: 'cluster', clusterName: 'a', nodes: ['x1'], readonly: true });
  });
  it('--from', () => {
    expect(resolveTarget({ from: '/tmp/saved' }, cfg)).toMatchObject({ kind: 'from', path: '/tmp/saved', readonly: true });
  });
  it('clear errors', () => {
    expect(() => resolveTarget({ context: 'zz' }, cfg)).toThrow('unknown context "zz" (configured: a, b)');
    expect(() => resolveTarget({ demo: true, nodes: ['a'] }, cfg)).toThrow('--demo and --nodes cannot be combined');
    expect(() => resolveTarget({ nodes: ['a b'] }, cfg)).toThrow(/invalid node name "a b"/);
    const two = validateConfig({ clusters: { a: { nodes: ['a1'] }, b: { nodes: ['b1'] } } }, 'x');
    expect(() => resolveTarget({}, two)).toThrow(/several clusters are configured \(a, b\)/);
  });
});
