// A node read from Prometheus has no SSH connection: it is "unreachable" when every exporter
// target of it is down. The alert and the timeline say that in Prometheus terms (which targets,
// down since when); SSH nodes keep their wording ("node kvm1 unreachable: …").
import type { NodeConnState, ScrapeTarget } from '../ssh/runner.js';
import { errorLine } from './reach.js';
// hh:mm:ss, local time, as the timeline shows times (a pure formatter: no ink behind it).
import { fmtClock as clock } from '../ui/format.js';

/** "node kvm2:9100, libvirt kvm2:9177 down since 12:03:10"; a time per target when they differ. */
export function targetsDownText(down: readonly ScrapeTarget[]): string {
  const name = (t: ScrapeTarget) => `${t.job || 'target'} ${t.instance}`;
  const times = new Set(down.map((t) => clock(t.since)));
  if (times.size <= 1) return `${down.map(name).join(', ')} down${times.size ? ` since ${[...times][0]}` : ''}`;
  return down.map((t) => `${name(t)} down since ${clock(t.since)}`).join(', ');
}

/** "no exporter target up (node kvm2:9100, libvirt kvm2:9177 down since 12:03:10)". */
export function noTargetUp(targets: readonly ScrapeTarget[]): string {
  const down = targets.filter((t) => !t.up);
  return `no exporter target up${down.length ? ` (${targetsDownText(down)})` : ''}`;
}

/**
 * What the unreachable alert (`prefix` "node kvm1") and the timeline (`prefix` "kvm1") say: over
 * SSH "<prefix> unreachable: <error>"; read from Prometheus "kvm2: no exporter target up (…)".
 */
export function unreachableText(node: string, prefix: string, conn: Pick<NodeConnState, 'error' | 'targets'>): string {
  if (conn.targets) return `${node}: ${noTargetUp(conn.targets)}`;
  return `${prefix} unreachable${conn.error ? `: ${errorLine(conn.error)}` : ''}`;
}
