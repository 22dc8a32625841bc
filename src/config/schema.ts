// The config file's shape: the TypeScript types and the one JSON Schema that validates a file
// against them (ajv). Every error names the file, the key path, the value and what was expected,
// so a typo in a 40-line file is found at once. Unknown keys are errors too (a misspelt "readonly"
// silently ignored would be worse than refusing to start). schema.test.ts keeps types and schema
// from drifting apart.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import type { Thresholds } from '../store/types.js';
import { DEFAULT_THRESHOLDS } from '../store/types.js';
import { INTERVAL_KEYS, type ConfigIntervalKey } from '../collectors/intervals.js';
import { isValid, nodeName } from '../model/names.js';
import { patternProblem } from '../store/vm-match.js';
import { columnOrder } from '../ui/view-columns.js';
import { describeErrors, show, type SchemaNode } from './schema-errors.js';

/** Where a cluster's series are read from Prometheus (src/prometheus/). Secrets come from files. */
export interface PrometheusConfig {
  url: string;
  /** Label selector of the cluster's series, e.g. {cluster="prod-a"}; default: clusterLabel="<cluster or context name>". */
  match?: string;
  /** The cluster label's value (default: the context name). */
  cluster?: string;
  /** The cluster label's name (default "cluster"). */
  clusterLabel?: string;
  /** Label naming the node (default: the host part of `instance`). */
  nodeLabel?: string;
  username?: string;
  passwordFile?: string;
  bearerTokenFile?: string;
  caFile?: string;
  /** Refresh cadence in ms (default 5000). */
  intervalMs?: number;
}

export interface ClusterConfig {
  /** SSH targets; may be empty when the cluster is read from `prometheus` only. */
  nodes: string[];
  prometheus?: PrometheusConfig;
  /** ssh_config file to resolve the node names with (default ~/.ssh/config). */
  sshConfig?: string;
  user?: string;
  /** Run root commands through `sudo -n`. */
  sudo?: boolean;
  readonly?: boolean;
  /** Production: actions ask for typed confirmation and the TUI shows it in the header. */
  production?: boolean;
  libvirtUri?: string;
  /** vm snapshot create warns when the new snapshot would be deeper than this (default 3). */
  snapshotDepthWarn?: number;
  intervals?: Partial<Record<ConfigIntervalKey, number>>;
  thresholds?: Partial<Thresholds>;
  keepalive?: { intervalMs?: number; countMax?: number };
  journalUnits?: string[];
  /** argv run on alert changes (a string is split on spaces). */
  alertHook?: string[];
  audit?: { file?: string };
  /** The one id a VM's Pacemaker resource has, `{name}` standing for the domain (e.g. "vm-{name}");
   *  default: the name itself or vm-/vm_/res-/rsc_/p_ + the name (src/store/vm-match.ts). */
  vmResourceName?: string;
}

export interface VirtdeckConfig {
  clusters: Record<string, ClusterConfig>;
  defaultCluster?: string;
  /** Per list view (k9s-style): which columns to show, in this order (titles, e.g. "VM"). */
  views?: Record<string, { columns?: string[] }>;
  /** Every cluster one Prometheus knows (`virtdeck fleet`, `:fleet`): its URL and the label naming a sample's cluster (default "cluster"). */
  fleet?: { prometheus: string; clusterLabel?: string };
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.map((p) => `config error in ${file}: ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

const text = (expected = 'a non-empty string'): SchemaNode => ({ type: 'string', minLength: 1, expected });
const matching = (re: RegExp, expected: string): SchemaNode => ({ type: 'string', pattern: re.source, expected });
const named = (format: string, expected: string): SchemaNode => ({ type: 'string', format, expected });
const flag: SchemaNode = { type: 'boolean', expected: 'true or false' };
const number = (min: number, max = Number.MAX_SAFE_INTEGER): SchemaNode => ({
  type: 'number',
  minimum: min,
  maximum: max,
  expected: `a number ≥ ${min}${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ''}`,
});
/** An object with exactly these (optional) keys. */
const record = (expected: string, properties: Record<string, SchemaNode>, required: string[] = []): SchemaNode => ({
  type: 'object',
  expected,
  properties,
  additionalProperties: false,
  ...(required.length > 0 ? { required } : {}),
});
const byKey = <K extends string>(keys: readonly K[], node: (k: K) => SchemaNode): Record<string, SchemaNode> =>
  Object.fromEntries(keys.map((k) => [k, node(k)]));

const THRESHOLD_MAX: Partial<Record<keyof Thresholds, number>> = { hysteresis: 1, utilPct: 100, cpuPct: 100, memPct: 100, hugepagesFreeMin: 100 };

const CLUSTER: SchemaNode = record(
  'an object',
  {
    nodes: { type: 'array', minItems: 1, items: named('node-name', 'a host name'), expected: 'a non-empty list of node names' },
    sshConfig: text(),
    user: matching(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'a user name'),
    sudo: flag,
    readonly: flag,
    production: flag,
    libvirtUri: matching(/^[a-z0-9+]+:\/\/[^\s'"`$\\;|&<>]*$/, 'a libvirt URI such as qemu:///system'),
    snapshotDepthWarn: number(1, 1000),
    intervals: record('an object of source → milliseconds', byKey(INTERVAL_KEYS, () => number(1000, 86_400_000))),
    thresholds: record('an object', byKey(Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[], (k) => number(0, THRESHOLD_MAX[k]))),
    keepalive: record('an object {intervalMs, countMax}', { intervalMs: number(1000, 600_000), countMax: number(1, 100) }),
    journalUnits: { type: 'array', items: matching(/^[A-Za-z0-9@_.:-]+$/, 'a systemd unit name'), expected: 'a list of systemd unit names' },
    alertHook: {
      // a string is split on spaces; the branches say nothing, so a bad hook is named as a whole
      anyOf: [{ type: 'string', pattern: '\\S' }, { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }],
      expected: 'an argv list such as ["/usr/local/bin/page", "--team", "ops"]',
    },
    audit: record('an object {file}', { file: text() }),
    vmResourceName: named('vm-resource-pattern', 'a resource id pattern such as "vm-{name}" ({name} once, letters, digits, "_", ".", ":", "-" around it)'),
    prometheus: record('an object {url, match, cluster, clusterLabel, nodeLabel, username, passwordFile, bearerTokenFile, caFile, intervalMs}', {
      url: matching(/^https?:\/\/[^\s]+$/, 'an http(s) URL of the Prometheus server'),
      match: matching(/^\{[^{}]*\}$/, 'a label selector such as {cluster="prod-a"}'),
      cluster: text('the cluster label\'s value'),
      clusterLabel: matching(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a Prometheus label name'),
      nodeLabel: matching(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a Prometheus label name'),
      username: text(),
      passwordFile: text('a file holding the password'),
      bearerTokenFile: text('a file holding the bearer token'),
      caFile: text('a PEM file of the CA'),
      intervalMs: number(1000, 3_600_000),
    }, ['url']),
  },
);
// Without prometheus, SSH is the only way in: nodes are required.
CLUSTER.if = { not: { required: ['prometheus'] } };
CLUSTER.then = { required: ['nodes'] };

/** The config file. View names and column titles come from the UI's tables (checked after the schema). */
export const CONFIG_SCHEMA: SchemaNode = record('a JSON object', {
  clusters: {
    type: 'object',
    expected: 'an object of named clusters',
    propertyNames: matching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'a cluster name (letters, digits, "_", ".", "-")'),
    additionalProperties: CLUSTER,
  },
  defaultCluster: { type: 'string', expected: 'a cluster name' },
  views: {
    type: 'object',
    expected: 'an object of view → {columns}',
    additionalProperties: record('an object {columns}', {
      columns: { type: 'array', minItems: 1, items: { type: 'string', pattern: '\\S' }, expected: 'a non-empty list of column titles' },
    }),
  },
  fleet: record(
    'an object {prometheus, clusterLabel}',
    {
      prometheus: matching(/^https?:\/\/[^\s]+$/, 'the Prometheus server URL, e.g. http://prometheus:9090'),
      clusterLabel: matching(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a Prometheus label name such as "cluster"'),
    },
    ['prometheus'],
  ),
});

const RESOURCE_PATTERN = /^[A-Za-z0-9_.{}:-]+$/;
let compiled: ValidateFunction | undefined;
/** Compiled on first use: a run with --demo and no config never pays for it. The schema is checked
 *  against the JSON Schema meta-schema by schema.test.ts, not at each start (that was most of the cost). */
const validator = () =>
  (compiled ??= new Ajv2020({
    allErrors: true,
    strictNumbers: true,
    validateSchema: false,
    keywords: ['expected'],
    formats: {
      'node-name': { type: 'string', validate: (v: string) => isValid(nodeName, v) },
      'vm-resource-pattern': { type: 'string', validate: (v: string) => patternProblem(v) === undefined && RESOURCE_PATTERN.test(v) },
    },
  }).compile(CONFIG_SCHEMA));

type ConfigFile = Omit<VirtdeckConfig, 'clusters'> & { clusters?: Record<string, Omit<ClusterConfig, 'alertHook' | 'nodes'> & { alertHook?: string | string[]; nodes?: string[] }> };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the schema cannot say: defaultCluster names a cluster; views and columns exist in the UI's tables.
 *  Run on the raw file beside the schema (so every problem is listed at once), on the parts of the right shape. */
function crossChecks(raw: unknown): string[] {
  if (!isObject(raw)) return [];
  const errs: string[] = [];
  const clusters = raw.clusters ?? {};
  if (typeof raw.defaultCluster === 'string' && isObject(clusters) && !(raw.defaultCluster in clusters))
    errs.push(`defaultCluster ${show(raw.defaultCluster)} is not one of clusters (${Object.keys(clusters).join(', ') || 'none defined'})`);
  for (const [view, v] of Object.entries(isObject(raw.views) ? raw.views : {})) {
    const known = columnOrder(view, []);
    if (!known.ok) errs.push(`views.${view}: ${known.error}`);
    const cols = isObject(v) ? v.columns : undefined;
    if (!known.ok || !Array.isArray(cols) || !cols.every((c) => typeof c === 'string' && c.trim() !== '')) continue;
    const r = columnOrder(view, cols as string[]);
    if (!r.ok) errs.push(`views.${view}.columns: ${r.error}`);
  }
  return errs;
}

/** Validates parsed JSON; returns the typed config or throws ConfigError listing every problem. */
export function validateConfig(raw: unknown, file: string): VirtdeckConfig {
  const validate = validator();
  const errs = [...(validate(raw) ? [] : describeErrors(validate.errors ?? [], raw, CONFIG_SCHEMA)), ...crossChecks(raw)];
  if (errs.length > 0) throw new ConfigError(file, errs);
  const c = structuredClone(raw) as ConfigFile;
  const clusters: Record<string, ClusterConfig> = {};
  for (const [name, { alertHook, ...cc }] of Object.entries(c.clusters ?? {})) {
    // A Prometheus-only cluster has no SSH targets.
    const out: ClusterConfig = { ...cc, nodes: cc.nodes ?? [] };
    if (alertHook !== undefined) out.alertHook = typeof alertHook === 'string' ? alertHook.trim().split(/\s+/) : alertHook;
    if (out.keepalive?.countMax !== undefined) out.keepalive.countMax = Math.floor(out.keepalive.countMax);
    clusters[name] = out;
  }
  return { ...c, clusters };
}
