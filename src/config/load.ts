// Loads the XDG config (~/.config/virtdeck/config.json via `conf`), or the file given by
// --config / VIRTDECK_CONFIG, validates it, and turns CLI options + config into a target.
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import Conf from 'conf';
import { ConfigError, validateConfig, type ClusterConfig, type PrometheusConfig, type VirtdeckConfig } from './schema.js';
import { promTargetOf, type PromTarget } from '../prometheus/target.js';
import { findJsonError, type JsonSyntaxError } from './json-error.js';
import { isValid, nodeName } from '../model/names.js';

export interface LoadedConfig {
  config: VirtdeckConfig;
  /** The file read (or that would be read: it may not exist). */
  file: string;
  exists: boolean;
  /** Non-fatal problems, e.g. the file is readable by others. */
  warnings: string[];
}

/** The config file path: explicit path, else $VIRTDECK_CONFIG, else conf's XDG location. */
export function configPath(path?: string, env: NodeJS.ProcessEnv = process.env): string {
  const p = path ?? env.VIRTDECK_CONFIG;
  if (p) return resolve(p);
  return openConf(undefined).path;
}

function openConf(file: string | undefined): Conf<Record<string, unknown>> {
  if (file === undefined) return new Conf({ projectName: 'virtdeck', projectSuffix: '', configName: 'config' });
  const ext = extname(file);
  return new Conf({
    projectName: 'virtdeck',
    cwd: dirname(file),
    configName: ext ? basename(file, ext) : basename(file),
    fileExtension: ext ? ext.slice(1) : '',
  });
}

export function loadConfig(path?: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const explicit = path ?? env.VIRTDECK_CONFIG;
  const file = explicit ? resolve(explicit) : configPath(undefined, env);
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // An explicitly named file must exist; the default location may not.
      if (explicit) throw new ConfigError(file, ['file not found']);
      return { config: { clusters: {} }, file, exists: false, warnings: [] };
    }
    throw new ConfigError(file, [(e as Error).message]);
  }
  if (!st.isFile()) throw new ConfigError(file, ['not a regular file']);
  const warnings: string[] = [];
  if ((st.mode & 0o077) !== 0)
    warnings.push(
      `warning: config file ${file} is readable or writable by group/others (mode ${(st.mode & 0o777).toString(8)}); run: chmod 600 ${file}`,
    );
  let raw: unknown;
  try {
    raw = openConf(explicit ? file : undefined).store;
  } catch (e) {
    const msg = e instanceof SyntaxError ? invalidJson(file, e) : (e as Error).message;
    throw new ConfigError(file, [msg]);
  }
  return { config: validateConfig(raw, file), file, exists: true, warnings };
}

/** `invalid JSON at line 4, column 5: …`: JSON.parse gives only an offset (or a snippet). */
function invalidJson(file: string, e: SyntaxError): string {
  let at: JsonSyntaxError | undefined;
  try {
    at = findJsonError(readFileSync(file, 'utf8'));
  } catch {
    // unreadable now: JSON.parse's own words below
  }
  return at ? `invalid JSON at line ${at.line}, column ${at.column}: ${at.message}` : `invalid JSON: ${e.message}`;
}

/** What the CLI was asked to watch. */
export interface TargetOptions {
  demo?: boolean;
  nodes?: string[];
  sshConfig?: string;
  context?: string;
  readonly?: boolean;
  from?: string;
  demoNodes?: number;
  demoVms?: number;
  demoSeed?: number;
  /** --prometheus URL: read the cluster from this Prometheus (--cluster NAME: its cluster label value). */
  prometheus?: string;
  cluster?: string;
}

export type ResolvedTarget =
  | {
      kind: 'demo';
      clusterName: string;
      nodes: number;
      vms: number;
      seed?: number;
      readonly: boolean;
      cluster: ClusterConfig;
      /** Why the demo: asked for, or nothing configured. */
      reason: 'flag' | 'no-config';
    }
  | {
      kind: 'cluster';
      clusterName: string;
      nodes: string[];
      sshConfig?: string;
      readonly: boolean;
      cluster: ClusterConfig;
      /** Other configured contexts (for the TUI's context switcher). */
      contexts: string[];
      /** No config names it ("cluster" until read from the CIB's cluster-name or corosync). */
      unnamed?: true;
      /** Read from Prometheus instead of SSH (--prometheus, or a context with `prometheus` and no nodes). */
      prometheus?: PromTarget;
    }
  | { kind: 'from'; clusterName: string; path: string; readonly: true; cluster: ClusterConfig };

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

/**
 * --demo / --from / --nodes / --context / the config's default cluster, in that order.
 * With nothing configured and no target given, the demo runs (so `npm start` shows something).
 */
export function resolveTarget(o: TargetOptions, config: VirtdeckConfig): ResolvedTarget {
  const contexts = Object.keys(config.clusters);
  const given = [o.demo ? '--demo' : '', o.from ? '--from' : '', o.nodes ? '--nodes' : '', o.prometheus ? '--prometheus' : ''].filter(Boolean);
  if (given.length > 1) throw new TargetError(`${given.join(' and ')} cannot be combined`);
  if (o.context !== undefined && (o.demo || o.from)) throw new TargetError(`--context cannot be combined with ${o.demo ? '--demo' : '--from'}`);

  const demo = (reason: 'flag' | 'no-config'): ResolvedTarget => {
    const t: ResolvedTarget = {
      kind: 'demo',
      clusterName: 'demo',
      nodes: o.demoNodes ?? 4,
      vms: o.demoVms ?? 24,
      readonly: o.readonly ?? false,
      cluster: { nodes: [] },
      reason,
    };
    if (o.demoSeed !== undefined) t.seed = o.demoSeed;
    return t;
  };
  if (o.demo) return demo('flag');
  if (o.from) return { kind: 'from', clusterName: basename(resolve(o.from)).replace(/\.[^.]*$/, '') || 'saved', path: resolve(o.from), readonly: true, cluster: { nodes: [] } };
  if (o.prometheus !== undefined || o.cluster !== undefined) return prometheusTarget(o, config);

  let name: string | undefined;
  let cluster: ClusterConfig | undefined;
  if (o.context !== undefined) {
    cluster = config.clusters[o.context];
    if (!cluster) throw new TargetError(`unknown context "${o.context}" (configured: ${contexts.join(', ') || 'none'})`);
    name = o.context;
  } else if (!o.nodes) {
    name = config.defaultCluster ?? (contexts.length === 1 ? contexts[0] : undefined);
    if (name === undefined && contexts.length > 1)
      throw new TargetError(`several clusters are configured (${contexts.join(', ')}): choose one with --context NAME or set defaultCluster`);
    cluster = name !== undefined ? config.clusters[name] : undefined;
  }
  if (o.nodes) {
    for (const n of o.nodes) if (!isValid(nodeName, n)) throw new TargetError(`--nodes: invalid node name ${JSON.stringify(n)}`);
    const base: ClusterConfig = { ...(cluster ?? {}), nodes: o.nodes };
    const t: ResolvedTarget = { kind: 'cluster', clusterName: name ?? 'cluster', nodes: o.nodes, readonly: o.readonly === true || base.readonly === true, cluster: base, contexts };
    if (name === undefined) t.unnamed = true;
    const ssh = o.sshConfig ?? base.sshConfig;
    if (ssh !== undefined) t.sshConfig = ssh;
    return t;
  }
  if (!cluster || name === undefined) return demo('no-config');
  const t: ResolvedTarget = { kind: 'cluster', clusterName: name, nodes: cluster.nodes, readonly: o.readonly === true || cluster.readonly === true, cluster, contexts };
  const ssh = o.sshConfig ?? cluster.sshConfig;
  if (ssh !== undefined) t.sshConfig = ssh;
  // Without SSH targets the context is read from Prometheus (and nothing can act on it).
  if (cluster.prometheus && cluster.nodes.length === 0) return { ...t, readonly: true, prometheus: promTarget(cluster.prometheus, name) };
  return t;
}

function promTarget(p: PrometheusConfig, name: string): PromTarget {
  try {
    return promTargetOf(p, name);
  } catch (e) {
    throw new TargetError(e instanceof Error ? e.message : String(e));
  }
}

/** --prometheus URL [--cluster NAME] [--context NAME]: the cluster read from Prometheus, read-only (no SSH). */
function prometheusTarget(o: TargetOptions, config: VirtdeckConfig): ResolvedTarget {
  const contexts = Object.keys(config.clusters);
  if (o.nodes) throw new TargetError('--prometheus/--cluster cannot be combined with --nodes (a context may have both nodes and prometheus)');
  const ctx = o.context !== undefined ? config.clusters[o.context] : undefined;
  if (o.context !== undefined && !ctx) throw new TargetError(`unknown context "${o.context}" (configured: ${contexts.join(', ') || 'none'})`);
  const url = o.prometheus ?? ctx?.prometheus?.url;
  if (url === undefined) throw new TargetError('--cluster NAME needs --prometheus URL (or a --context with prometheus)');
  if (!/^https?:\/\/\S+$/.test(url)) throw new TargetError(`--prometheus: expected an http(s) URL such as http://prometheus:9090`);
  const name = o.cluster ?? o.context;
  if (name === undefined) throw new TargetError('--prometheus needs --cluster NAME (the value of the cluster label) or --context NAME');
  const p: PrometheusConfig = { ...ctx?.prometheus, url };
  if (o.cluster !== undefined) {
    p.cluster = o.cluster;
    delete p.match;
  }
  const cluster: ClusterConfig = { ...ctx, nodes: ctx?.nodes ?? [], prometheus: p };
  return { kind: 'cluster', clusterName: name, nodes: [], readonly: true, cluster, contexts, prometheus: promTarget(p, name) };
}
