import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERVALS, INTERVAL_KEYS, type ConfigIntervalKey } from '../collectors/intervals.js';
import { DEFAULT_THRESHOLDS } from '../store/types.js';
import { CONFIG_SCHEMA, ConfigError, validateConfig, type VirtdeckConfig } from './schema.js';
import type { SchemaNode } from './schema-errors.js';

/** Every optional key made required, all the way down: the sample below must set each key the types have. */
type Full<T> = T extends readonly (infer U)[] ? Full<U>[] : T extends object ? { [K in keyof T]-?: Full<T[K]> } : T;

const FULL: Full<VirtdeckConfig> = {
  clusters: {
    prod: {
      nodes: ['kvm1', 'kvm2.example.org'],
      sshConfig: '/etc/virtdeck/ssh_config',
      user: 'ops',
      sudo: true,
      readonly: false,
      production: true,
      libvirtUri: 'qemu+ssh://kvm1/system',
      snapshotDepthWarn: 3,
      intervals: Object.fromEntries(INTERVAL_KEYS.map((k) => [k, DEFAULT_INTERVALS[k]])) as Record<ConfigIntervalKey, number>,
      thresholds: { ...DEFAULT_THRESHOLDS },
      keepalive: { intervalMs: 5000, countMax: 3 },
      journalUnits: ['pacemaker', 'corosync', 'libvirtd@x.service'],
      alertHook: ['/usr/local/bin/page', '--team', 'ops'],
      audit: { file: '/var/log/virtdeck-audit.jsonl' },
      vmResourceName: 'vm-{name}',
      prometheus: {
        url: 'https://prom.example:9090',
        match: '{cluster="prod"}',
        cluster: 'prod',
        clusterLabel: 'cluster',
        nodeLabel: 'host',
        username: 'virtdeck',
        passwordFile: '/etc/virtdeck/prom.pw',
        bearerTokenFile: '/etc/virtdeck/prom.token',
        caFile: '/etc/virtdeck/ca.pem',
        intervalMs: 5000,
      },
    },
  },
  defaultCluster: 'prod',
  views: { vms: { columns: ['VM', 'NODE'] } },
  fleet: { prometheus: 'http://prometheus:9090', clusterLabel: 'cluster' },
};

/** Schema keys the value does not have, as paths (maps are entered through the value's own keys). */
function keysMissingFrom(node: SchemaNode, value: unknown, path: string): string[] {
  const v = value as Record<string, unknown>;
  const out: string[] = [];
  for (const [k, child] of Object.entries(node.properties ?? {}))
    out.push(...(v[k] === undefined ? [`${path}.${k}`] : keysMissingFrom(child, v[k], `${path}.${k}`)));
  if (node.additionalProperties) for (const [k, x] of Object.entries(v)) out.push(...keysMissingFrom(node.additionalProperties, x, `${path}.${k}`));
  return out;
}

/** Schema nodes that stand for a key but do not say what they expect. */
function keysWithoutWords(node: SchemaNode, path: string): string[] {
  const children = [...Object.entries(node.properties ?? {}), ...(node.additionalProperties ? [['*', node.additionalProperties] as const] : [])];
  return children.flatMap(([k, child]) => [...(child.expected === undefined ? [`${path}.${k}`] : []), ...keysWithoutWords(child, `${path}.${k}`)]);
}

const problems = (raw: unknown): string[] => {
  try {
    validateConfig(raw, '/x/c.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  return [];
};

describe('the config types and the JSON schema do not drift apart', () => {
  it('a config setting every key of the types is valid and comes back unchanged (no type key is unknown to the schema)', () => {
    expect(validateConfig(FULL, 'f')).toEqual(FULL);
  });
  it('every key of the schema is one the types have (the fully typed sample sets it)', () => {
    expect(keysMissingFrom(CONFIG_SCHEMA, FULL, '')).toEqual([]);
  });
  it('the schema is valid JSON Schema (2020-12; the product skips this check at start-up)', () => {
    const ajv = new Ajv2020({ keywords: ['expected'] });
    expect(ajv.validateSchema(CONFIG_SCHEMA), ajv.errorsText()).toBe(true);
  });
  it('every key of the schema says what it expects, for the error messages', () => {
    expect(keysWithoutWords(CONFIG_SCHEMA, '')).toEqual([]);
  });
});

describe('schema errors in the config file\'s own words', () => {
  it('a missing required key, a bad cluster name, a bad list item and a bad list', () => {
    expect(problems({ clusters: { 'a b': { user: '' }, ok: { nodes: ['n1', 'x y'], journalUnits: 'pacemaker' } } })).toEqual([
      'clusters.a b is not a cluster name (letters, digits, "_", ".", "-")',
      'clusters.a b.nodes must be a non-empty list of node names (got undefined)',
      'clusters.a b.user must be a user name (got "")',
      'clusters.ok.nodes[1] must be a host name (got "x y")',
      'clusters.ok.journalUnits must be a list of systemd unit names (got "pacemaker")',
    ]);
  });
  it('a bad name and a bad value of the same key are both said', () => {
    expect(problems({ clusters: { 'a b': 3 } })).toEqual(['clusters.a b is not a cluster name (letters, digits, "_", ".", "-")', 'clusters.a b must be an object (got 3)']);
  });
  it('one line per key, whatever the number of branch and item errors beneath it', () => {
    expect(problems({ clusters: { a: { nodes: ['n'], alertHook: [1, '', 'x'] } } })).toEqual([
      'clusters.a.alertHook must be an argv list such as ["/usr/local/bin/page", "--team", "ops"] (got [1,"","x"])',
    ]);
    expect(problems({ views: { vms: { columns: [1, 2, ' '] } } })).toEqual(['views.vms.columns must be a non-empty list of column titles (got [1,2," "])']);
  });
  it('fleet: a Prometheus URL is required, the cluster label is a label name', () => {
    expect(problems({ fleet: { clusterLabel: 'site-id' } })).toEqual([
      'fleet.prometheus must be the Prometheus server URL, e.g. http://prometheus:9090 (got undefined)',
      'fleet.clusterLabel must be a Prometheus label name such as "cluster" (got "site-id")',
    ]);
  });
  it('the whole file, keys with "/" or "~", long values cut', () => {
    expect(problems('x')).toEqual(['the file must hold a JSON object (got "x")']);
    expect(problems({ 'a/b~c': 1 })).toEqual(['a/b~c is not a known key (known: clusters, defaultCluster, views, fleet)']);
    expect(problems({ clusters: { a: { nodes: ['n'], sshConfig: 'x'.repeat(80).split('') } } })[0]).toMatch(/^clusters\.a\.sshConfig must be a non-empty string \(got \["x","x",.{40,}…\)$/);
  });
  it('values are normalised: a string hook is split on spaces, countMax is a whole number', () => {
    const c = validateConfig({ clusters: { a: { nodes: ['n'], alertHook: '  page  --team ops ', keepalive: { countMax: 2.7 } } } }, 'f');
    expect(c.clusters.a).toEqual({ nodes: ['n'], alertHook: ['page', '--team', 'ops'], keepalive: { countMax: 2 } });
    expect(validateConfig({}, 'f')).toEqual({ clusters: {} });
  });
  it('the input is not changed', () => {
    const raw = { clusters: { a: { nodes: ['n'], alertHook: 'page' } } };
    validateConfig(raw, 'f');
    expect(raw.clusters.a.alertHook).toBe('page');
  });
});

describe('prometheus contexts', () => {
  it('nodes may be left out when the cluster is read from Prometheus; without either, nodes are required', () => {
    const c = validateConfig({ clusters: { prodA: { prometheus: { url: 'http://prom:9090', cluster: 'prod-a' } } } }, '/x/c.json');
    expect(c.clusters.prodA).toEqual({ nodes: [], prometheus: { url: 'http://prom:9090', cluster: 'prod-a' } });
    expect(problems({ clusters: { a: { user: 'ops' } } })).toEqual(['clusters.a.nodes must be a non-empty list of node names (got undefined)']);
  });
  it('a bad url, selector or label name is said in the config\'s words', () => {
    expect(problems({ clusters: { a: { prometheus: { url: 'prom:9090', match: 'cluster="a"', clusterLabel: 'a-b' } } } })).toEqual([
      'clusters.a.prometheus.url must be an http(s) URL of the Prometheus server (got "prom:9090")',
      'clusters.a.prometheus.match must be a label selector such as {cluster="prod-a"} (got "cluster=\\"a\\"")',
      'clusters.a.prometheus.clusterLabel must be a Prometheus label name (got "a-b")',
    ]);
    expect(problems({ clusters: { a: { prometheus: { match: '{a="b"}' } } } })).toEqual(['clusters.a.prometheus.url must be an http(s) URL of the Prometheus server (got undefined)']);
  });
});
