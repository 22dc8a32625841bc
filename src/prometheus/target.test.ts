// Configuration → a target read from Prometheus: --prometheus/--cluster, a context's
// `prometheus`, and the refusals (actions without SSH, bad combinations).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgv } from '../cli/args.js';
import { main, type CliIo } from '../cli/cli.js';
import { resolveTarget, TargetError } from '../config/load.js';
import type { VirtdeckConfig } from '../config/schema.js';
import { promTargetOf } from './target.js';

const CONFIG: VirtdeckConfig = {
  clusters: {
    'prod-a': { nodes: [], prometheus: { url: 'https://prom:9090', clusterLabel: 'site', username: 'vd', passwordFile: '/etc/vd/pw', caFile: '/etc/vd/ca.pem' } },
    both: { nodes: ['kvm1'], prometheus: { url: 'http://prom:9090', match: '{env="x",cluster="b"}' } },
  },
};

describe('prometheus targets', () => {
  it('--prometheus URL --cluster NAME: read-only, no SSH nodes, selector on the cluster label', () => {
    const t = resolveTarget(parseArgv(['snapshot', '--prometheus', 'http://127.0.0.1:9090', '--cluster', 'lab']).opts, { clusters: {} });
    expect(t).toMatchObject({ kind: 'cluster', clusterName: 'lab', nodes: [], readonly: true, prometheus: { client: { url: 'http://127.0.0.1:9090' }, match: '{cluster="lab"}' } });
  });

  it('a context with prometheus and no nodes is read from Prometheus (label, auth files, CA); with nodes it stays SSH unless --prometheus', () => {
    const a = resolveTarget({ context: 'prod-a' }, CONFIG);
    expect(a.kind === 'cluster' && a.prometheus).toEqual({ client: { url: 'https://prom:9090', auth: { username: 'vd', passwordFile: '/etc/vd/pw' }, caFile: '/etc/vd/ca.pem' }, match: '{site="prod-a"}' });
    const b = resolveTarget({ context: 'both' }, CONFIG);
    expect(b.kind === 'cluster' && b.prometheus).toBeUndefined();
    const c = resolveTarget({ context: 'both', prometheus: 'http://other:9090' }, CONFIG);
    expect(c.kind === 'cluster' && c.prometheus).toMatchObject({ client: { url: 'http://other:9090' }, match: '{env="x",cluster="b"}' });
    expect(promTargetOf({ url: 'http://p', cluster: 'c' }, 'ctx').match).toBe('{cluster="c"}');
  });

  it('what cannot work is refused with the reason', () => {
    const err = (o: Parameters<typeof resolveTarget>[0]) => {
      try {
        resolveTarget(o, CONFIG);
      } catch (e) {
        expect(e).toBeInstanceOf(TargetError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err({ prometheus: 'http://p:9090' })).toBe('--prometheus needs --cluster NAME (the value of the cluster label) or --context NAME');
    expect(err({ cluster: 'x' })).toBe('--cluster NAME needs --prometheus URL (or a --context with prometheus)');
    expect(err({ prometheus: 'p:9090', cluster: 'x' })).toBe('--prometheus: expected an http(s) URL such as http://prometheus:9090');
    expect(err({ prometheus: 'http://p', cluster: 'x', nodes: ['a'] })).toBe('--nodes and --prometheus cannot be combined');
    expect(err({ cluster: 'x', nodes: ['a'] })).toMatch(/cannot be combined with --nodes/);
    expect(err({ prometheus: 'http://p', cluster: 'x', demo: true })).toBe('--demo and --prometheus cannot be combined');
  });
});

describe('actions over a cluster read from Prometheus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vd-prom-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('are refused before anything connects, saying there is no SSH', async () => {
    const cfg = join(dir, 'c.json');
    writeFileSync(cfg, '{"clusters": {}}');
    chmodSync(cfg, 0o600);
    const err: string[] = [];
    const io: CliIo = { stdout: () => undefined, stderr: (s) => void err.push(s) };
    expect(await main(['node', 'standby', 'n1', '--config', cfg, '--prometheus', 'http://127.0.0.1:1', '--cluster', 'lab'], io)).toBe(2);
    expect(err.join('')).toBe('virtdeck: node: refused: cluster lab is read from Prometheus only (not available from Prometheus: no SSH nodes configured for this cluster (give its context `nodes` for live detail and actions))\n');
    err.length = 0;
    // A context with SSH nodes: the way to act is named.
    writeFileSync(cfg, '{"clusters": {"lab": {"nodes": ["n1"], "prometheus": {"url": "http://127.0.0.1:1"}}}}');
    expect(await main(['node', 'standby', 'n1', '--config', cfg, '--context', 'lab', '--cluster', 'lab'], io)).toBe(2);
    expect(err.join('')).toBe('virtdeck: node: refused: cluster lab is read from Prometheus only (its context has SSH nodes: run the action without --prometheus/--cluster)\n');
    writeFileSync(cfg, '{"clusters": {}}');
    err.length = 0;
    expect(await main(['hosts', '--config', cfg, '--prometheus', 'http://ops:pw@127.0.0.1:1', '--cluster', 'lab'], io)).toBe(0);
    expect(err.join('')).toBe('virtdeck: hosts: cluster lab is read from Prometheus (http://127.0.0.1:1): no SSH hosts\n');
  });
});
