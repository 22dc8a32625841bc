// A fleet row as table cells: the same words in `virtdeck fleet` and the `:fleet` view.
import type { FleetRow } from './fleet.js';

export const FLEET_TITLES = ['CLUSTER', 'NODES', 'QUORUM', 'DC', 'RESOURCES', 'FAILED', 'VMS', 'WORST', 'FRESH'] as const;

const ratio = (a: number, b: number) => `${a}/${b}`;

export function freshnessText(f: FleetRow['freshness']): string {
  const age = f.ageS === null ? 'no data' : `${f.ageS}s`;
  return f.state === 'fresh' ? age : `${f.state} ${age}, ${f.up}/${f.targets} up`;
}

export function fleetCells(r: FleetRow): string[] {
  return [
    r.name,
    ratio(r.nodes.online, r.nodes.total),
    r.quorum === null ? '?' : r.quorum ? 'yes' : 'NO',
    r.dc ?? '-',
    ratio(r.resources.started, r.resources.total),
    String(r.failedActions),
    ratio(r.vms.running, r.vms.total),
    r.worst,
    freshnessText(r.freshness),
  ];
}

/** Plain-text table (the CLI): columns padded to their widest cell. */
export function fleetTable(rows: readonly FleetRow[]): string {
  const lines = [[...FLEET_TITLES], ...rows.map(fleetCells)];
  const widths = FLEET_TITLES.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines.map((l) => l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}
