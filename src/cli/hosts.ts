// `virtdeck hosts [--json]`: how each configured node will be reached (ssh_config resolved the
// way OpenSSH does it), and the file and line every value came from. Connects to nothing.
import type { ResolvedTarget } from '../config/load.js';
import type { ResolvedHost } from '../ssh/host.js';
import { resolveHosts, type ResolveOptions } from '../ssh/ssh-config.js';
import type { CommandOutput } from './commands.js';

/** The resolver options a cluster target implies (the session connects with the same). */
export function sshResolveOptions(target: Extract<ResolvedTarget, { kind: 'cluster' }>): ResolveOptions {
  const cluster = target.cluster;
  const defaults: Partial<ResolvedHost> = {};
  if (cluster.user) defaults.user = cluster.user;
  if (cluster.keepalive?.intervalMs) defaults.keepaliveIntervalMs = cluster.keepalive.intervalMs;
  if (cluster.keepalive?.countMax) defaults.keepaliveCountMax = cluster.keepalive.countMax;
  return { ...(target.sshConfig ? { configFile: target.sshConfig } : {}), defaults };
}

export interface HostRow {
  name: string;
  hostname: string;
  port: number;
  user: string;
  identityFiles: string[];
  proxyJump: string | null;
  proxyCommand: string | null;
  /** User files (accept-new records in the first), then the system-wide ones. */
  knownHostsFiles: string[];
  /** Field → `file:line`, or `default` / `node name` / `local user` / `virtdeck config`. */
  from: Record<string, string>;
  warnings?: string[];
}

export function hostRow(h: ResolvedHost): HostRow {
  const o = h.origin ?? {};
  const from: Record<string, string> = {};
  for (const k of ['hostname', 'port', 'user', 'identityFiles', 'proxyJump', 'proxyCommand', 'knownHostsFiles', 'globalKnownHostsFiles'] as const) {
    const v = o[k];
    if (v !== undefined) from[k] = v;
  }
  const row: HostRow = {
    name: h.name,
    hostname: h.hostname,
    port: h.port,
    user: h.user,
    identityFiles: h.identityFiles ?? h.identities.flatMap((i) => (i.path ? [i.path] : [])),
    proxyJump: h.proxyJumpRaw ?? h.proxyJump?.name ?? null,
    proxyCommand: h.proxyCommandRaw ?? h.proxyCommand ?? null,
    knownHostsFiles: [...h.knownHostsFiles, ...(h.globalKnownHostsFiles ?? [])],
    from,
  };
  if (h.warnings?.length) row.warnings = [...h.warnings];
  return row;
}

/** Plain table: one row per node; the full detail is in --json. */
export function formatHostsTable(rows: readonly HostRow[]): string {
  const head = ['NODE', 'USER@HOST:PORT', 'VIA', 'KEYS', 'HOSTNAME FROM'];
  const body = rows.map((r) => [
    r.name,
    `${r.user}@${r.hostname}:${r.port}`,
    r.proxyCommand !== null ? `ProxyCommand ${r.proxyCommand}` : r.proxyJump !== null ? `ProxyJump ${r.proxyJump}` : 'direct',
    r.from.identityFiles === 'default' ? 'default' : r.identityFiles.join(',') || '-',
    r.from.hostname ?? '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return `${[line(head), ...body.map(line)].join('\n')}\n`;
}

export async function hostsCommand(target: ResolvedTarget, opts: { json?: boolean; resolve?: ResolveOptions } = {}): Promise<CommandOutput> {
  if (target.kind !== 'cluster') {
    const why = target.kind === 'demo' ? 'the demo cluster runs on 127.0.0.1 with its own keys' : `--from reads saved outputs (${target.path})`;
    return { code: 2, stdout: '', stderr: `virtdeck: hosts needs SSH targets (--nodes, --context or a configured cluster); ${why}\n` };
  }
  const ro = opts.resolve ?? sshResolveOptions(target);
  const rows: HostRow[] = [];
  const errors: string[] = [];
  // One node at a time: a bad entry for one node does not hide the others.
  for (const n of target.nodes) {
    try {
      const [h] = await resolveHosts([n], ro);
      rows.push(hostRow(h!));
    } catch (e) {
      errors.push(`virtdeck: ${n}: ${(e as Error).message}\n`);
    }
  }
  const warnings = rows.flatMap((r) => (r.warnings ?? []).map((w) => `virtdeck: ${r.name}: ${w}\n`));
  const stdout = opts.json ? `${JSON.stringify(rows, null, 2)}\n` : rows.length > 0 ? formatHostsTable(rows) : '';
  return { code: errors.length > 0 ? 1 : 0, stdout, stderr: [...errors, ...warnings].join('') };
}
