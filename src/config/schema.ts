// The config file's shape and its hand-written validation: every error names the key path, so
// a typo in a 40-line file is found at once. Unknown keys are errors too (a misspelt
// "readonly" silently ignored would be worse than refusing to start).
import type { Thresholds } from '../store/types.js';
import { DEFAULT_THRESHOLDS } from '../store/types.js';
import { INTERVAL_KEYS, type IntervalKey } from '../collectors/intervals.js';
import { isValid, nodeName } from '../model/names.js';
import { patternProblem } from '../store/vm-match.js';
import { columnOrder } from '../ui/view-columns.js';

export interface ClusterConfig {
  nodes: string[];
  /** ssh_config file to resolve the node names with (default ~/.ssh/config). */
  sshConfig?: string;
  user?: string;
  /** Run root commands through `sudo -n`. */
  sudo?: boolean;
  readonly?: boolean;
  /** Production: actions ask for typed confirmation and the TUI shows it in the header. */
  production?: boolean;
  libvirtUri?: string;
  intervals?: Partial<Record<IntervalKey, number>>;
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

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 60)}…` : s;
};

const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const JOURNAL_UNIT = /^[A-Za-z0-9@_.:-]+$/;
const LIBVIRT_URI = /^[a-z0-9+]+:\/\/[^\s'"`$\\;|&<>]*$/;

/** Validates parsed JSON; returns the typed config or throws ConfigError listing every problem. */
export function validateConfig(raw: unknown, file: string): VirtdeckConfig {
  const errs: string[] = [];
  const bad = (path: string, want: string, got: unknown) => errs.push(`${path} must be ${want} (got ${show(got)})`);
  const unknownKeys = (o: Obj, path: string, allowed: readonly string[]) => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) errs.push(`${path ? `${path}.` : ''}${k} is not a known key (known: ${allowed.join(', ')})`);
  };
  const str = (o: Obj, k: string, path: string): string | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') bad(`${path}.${k}`, 'a non-empty string', v);
    else return v;
    return undefined;
  };
  const bool = (o: Obj, k: string, path: string): boolean | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') bad(`${path}.${k}`, 'true or false', v);
    else return v;
    return undefined;
  };
  const num = (v: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      bad(path, `a number ≥ ${min}${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ''}`, v);
    else return v;
    return undefined;
  };

  if (!isObj(raw)) throw new ConfigError(file, [`the file must hold a JSON object (got ${show(raw)})`]);
  unknownKeys(raw, '', ['clusters', 'defaultCluster', 'views']);
  const out: VirtdeckConfig = { clusters: {} };
  const clusters = raw.clusters ?? {};
  if (!isObj(clusters)) bad('clusters', 'an object of named clusters', clusters);
  else {
    for (const [name, c] of Object.entries(clusters)) {
      const p = `clusters.${name}`;
      if (!CLUSTER_NAME.test(name)) errs.push(`${p}: cluster name must be letters, digits, "_", ".", "-"`);
      if (!isObj(c)) {
        bad(p, 'an object', c);
        continue;
      }
      unknownKeys(c, p, [
        'nodes',
        'sshConfig',
        'user',
        'sudo',
        'readonly',
        'production',
        'libvirtUri',
        'intervals',
        'thresholds',
        'keepalive',
        'journalUnits',
        'alertHook',
        'audit',
        'vmResourceName',
      ]);
      const cc: ClusterConfig = { nodes: [] };
      if (!Array.isArray(c.nodes) || c.nodes.length === 0) bad(`${p}.nodes`, 'a non-empty list of node names', c.nodes);
      else
        c.nodes.forEach((n, i) => {
          if (typeof n !== 'string' || !isValid(nodeName, n)) bad(`${p}.nodes[${i}]`, 'a host name', n);
          else cc.nodes.push(n);
        });
      const sshConfig = str(c, 'sshConfig', p);
      if (sshConfig !== undefined) cc.sshConfig = sshConfig;
      const user = str(c, 'user', p);
      if (user !== undefined) {
        if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(user)) bad(`${p}.user`, 'a user name', user);
        else cc.user = user;
      }
      for (const k of ['sudo', 'readonly', 'production'] as const) {
        const b = bool(c, k, p);
        if (b !== undefined) cc[k] = b;
      }
      const uri = str(c, 'libvirtUri', p);
      if (uri !== undefined) {
        if (!LIBVIRT_URI.test(uri)) bad(`${p}.libvirtUri`, 'a libvirt URI such as qemu:///system', uri);
        else cc.libvirtUri = uri;
      }
      if (c.intervals !== undefined) {
        if (!isObj(c.intervals)) bad(`${p}.intervals`, 'an object of source → milliseconds', c.intervals);
        else {
          unknownKeys(c.intervals, `${p}.intervals`, INTERVAL_KEYS);
          const iv: Partial<Record<IntervalKey, number>> = {};
          for (const k of INTERVAL_KEYS) {
            if (c.intervals[k] === undefined) continue;
            const v = num(c.intervals[k], `${p}.intervals.${k}`, 1000, 86_400_000);
            if (v !== undefined) iv[k] = v;
          }
          cc.intervals = iv;
        }
      }
      if (c.thresholds !== undefined) {
        if (!isObj(c.thresholds)) bad(`${p}.thresholds`, 'an object', c.thresholds);
        else {
          const keys = Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[];
          unknownKeys(c.thresholds, `${p}.thresholds`, keys);
          const th: Partial<Thresholds> = {};
          for (const k of keys) {
            if (c.thresholds[k] === undefined) continue;
            const max = k === 'hysteresis' ? 1 : k === 'utilPct' || k === 'cpuPct' || k === 'memPct' || k === 'hugepagesFreeMin' ? 100 : Number.MAX_SAFE_INTEGER;
            const v = num(c.thresholds[k], `${p}.thresholds.${k}`, 0, max);
            if (v !== undefined) th[k] = v;
          }
          cc.thresholds = th;
        }
      }
      if (c.keepalive !== undefined) {
        if (!isObj(c.keepalive)) bad(`${p}.keepalive`, 'an object {intervalMs, countMax}', c.keepalive);
        else {
          unknownKeys(c.keepalive, `${p}.keepalive`, ['intervalMs', 'countMax']);
          const ka: ClusterConfig['keepalive'] = {};
          if (c.keepalive.intervalMs !== undefined) {
            const v = num(c.keepalive.intervalMs, `${p}.keepalive.intervalMs`, 1000, 600_000);
            if (v !== undefined) ka.intervalMs = v;
          }
          if (c.keepalive.countMax !== undefined) {
            const v = num(c.keepalive.countMax, `${p}.keepalive.countMax`, 1, 100);
            if (v !== undefined) ka.countMax = Math.floor(v);
          }
          cc.keepalive = ka;
        }
      }
      if (c.journalUnits !== undefined) {
        if (!Array.isArray(c.journalUnits)) bad(`${p}.journalUnits`, 'a list of systemd unit names', c.journalUnits);
        else {
          const units: string[] = [];
          c.journalUnits.forEach((u, i) => {
            if (typeof u !== 'string' || !JOURNAL_UNIT.test(u)) bad(`${p}.journalUnits[${i}]`, 'a systemd unit name', u);
            else units.push(u);
          });
          cc.journalUnits = units;
        }
      }
      if (c.alertHook !== undefined) {
        const h = c.alertHook;
        if (typeof h === 'string' && h.trim() !== '') cc.alertHook = h.trim().split(/\s+/);
        else if (Array.isArray(h) && h.length > 0 && h.every((x) => typeof x === 'string' && x !== '')) cc.alertHook = h as string[];
        else bad(`${p}.alertHook`, 'an argv list such as ["/usr/local/bin/page", "--team", "ops"]', h);
      }
      const vrn = str(c, 'vmResourceName', p);
      if (vrn !== undefined) {
        const why = patternProblem(vrn) ?? (/^[A-Za-z0-9_.{}:-]+$/.test(vrn) ? undefined : 'only letters, digits, "_", ".", ":", "-" around {name}');
        if (why) bad(`${p}.vmResourceName`, `a resource id pattern such as "vm-{name}" (${why})`, vrn);
        else cc.vmResourceName = vrn;
      }
      if (c.audit !== undefined) {
        if (!isObj(c.audit)) bad(`${p}.audit`, 'an object {file}', c.audit);
        else {
          unknownKeys(c.audit, `${p}.audit`, ['file']);
          const f = str(c.audit, 'file', `${p}.audit`);
          cc.audit = f !== undefined ? { file: f } : {};
        }
      }
      out.clusters[name] = cc;
    }
  }
  if (raw.defaultCluster !== undefined) {
    if (typeof raw.defaultCluster !== 'string') bad('defaultCluster', 'a cluster name', raw.defaultCluster);
    else if (isObj(clusters) && !(raw.defaultCluster in clusters))
      errs.push(`defaultCluster ${show(raw.defaultCluster)} is not one of clusters (${Object.keys(clusters).join(', ') || 'none defined'})`);
    else out.defaultCluster = raw.defaultCluster;
  }
  if (raw.views !== undefined) {
    if (!isObj(raw.views)) bad('views', 'an object of view → {columns}', raw.views);
    else {
      const views: NonNullable<VirtdeckConfig['views']> = {};
      for (const [view, v] of Object.entries(raw.views)) {
        const p = `views.${view}`;
        const known = columnOrder(view, []);
        if (!known.ok) {
          errs.push(`${p}: ${known.error}`);
          continue;
        }
        if (!isObj(v)) {
          bad(p, 'an object {columns}', v);
          continue;
        }
        unknownKeys(v, p, ['columns']);
        if (v.columns === undefined) continue;
        if (!Array.isArray(v.columns) || v.columns.length === 0 || !v.columns.every((c) => typeof c === 'string' && c.trim() !== '')) {
          bad(`${p}.columns`, 'a non-empty list of column titles', v.columns);
          continue;
        }
        const r = columnOrder(view, v.columns as string[]);
        if (!r.ok) errs.push(`${p}.columns: ${r.error}`);
        else views[view] = { columns: v.columns as string[] };
      }
      out.views = views;
    }
  }
  if (errs.length > 0) throw new ConfigError(file, errs);
  return out;
}
