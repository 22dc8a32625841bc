// Storage view: each multipath LUN on each node (paths, dm device, await/util + sparkline), and
// the LUN × node matrix for the overview.
import { mapHealth, type MultipathMap } from '../../../model/multipath.js';
import type { IoDeviceStats, VdState } from '../../../store/types.js';
import { fmtMs, fmtPct } from '../../format.js';
import { METRICS, trendCell } from '../trend.js';
import type { Column, Row } from '../../table.js';
import { SYM, type Tone } from '../../theme.js';
import { nodeSourceCell } from '../fresh.js';

export type StorageInput = Pick<VdState, 'nodeOrder' | 'nodes' | 'thresholds'> & { history?: VdState['history'] };

export const STORAGE_COLUMNS: Column[] = [
  { title: 'LUN', width: 8, priority: 0, grow: true },
  { title: 'NODE', width: 8, priority: 0 },
  { title: 'PATHS', width: 12, priority: 0 },
  { title: 'DM', width: 5, priority: 3 },
  { title: 'AWAIT', width: 7, priority: 1, align: 'right' },
  { title: 'UTIL', width: 5, priority: 2, align: 'right' },
  { title: 'TREND', width: 10, priority: 4 },
  { title: 'FAULTY', width: 10, priority: 3 },
  { title: 'AGE', width: 10, priority: 2 },
];

const ioFor = (io: readonly IoDeviceStats[] | undefined, m: MultipathMap) => io?.find((d) => d.device === m.sysfs || d.alias === m.name);
const awaitOf = (d: IoDeviceStats | undefined) => (d ? Math.max(d.rAwait, d.wAwait) : undefined);

function pathsText(m: MultipathMap): { text: string; tone: Tone } {
  const h = mapHealth(m);
  const t = `${h.active}/${h.total}`;
  if (h.health === 'critical') return { text: `${SYM.down} ${t} DOWN`, tone: 'crit' };
  if (h.health === 'degraded') return { text: `${SYM.warn} ${t} degr`, tone: 'warn' };
  return { text: `${SYM.ok} ${t}`, tone: 'ok' };
}

function awaitTone(v: number | undefined, th: VdState['thresholds']): Tone | undefined {
  if (v === undefined) return undefined;
  return v >= th.awaitCritMs ? 'crit' : v >= th.awaitWarnMs ? 'warn' : undefined;
}

export function storageRows(input: StorageInput, now: number): Row[] {
  const rows: Row[] = [];
  for (const node of input.nodeOrder) {
    const n = input.nodes[node];
    const fc = nodeSourceCell(n, 'multipath', now);
    const ioc = nodeSourceCell(n, 'iostat', now);
    for (const m of n?.multipath ?? []) {
      const p = pathsText(m);
      const d = ioFor(n?.io, m);
      const aw = awaitOf(d);
      const faulty = m.pathGroups.flatMap((g) => g.paths).filter((x) => x.checkerState !== 'ready' || x.dmState !== 'active').map((x) => x.dev);
      rows.push({
        id: `${m.name}@${node}`,
        cells: [m.name, node, p.text, m.sysfs, ioc.live ? fmtMs(aw) : `${fmtMs(aw)}?`, fmtPct(d?.util), trendCell(input.history, METRICS.lunAwait(node, d?.alias ?? d?.device ?? m.name), now, 10), faulty.join(','), fc.text],
        tone: !fc.live || !ioc.live ? 'stale' : p.tone === 'ok' ? 'normal' : p.tone,
        cellTones: [undefined, undefined, p.tone, 'muted', awaitTone(aw, input.thresholds), d && d.util >= input.thresholds.utilPct ? 'warn' : undefined, 'info', faulty.length ? 'crit' : undefined, fc.tone],
        sortKeys: [m.name, node, mapHealth(m).active, m.sysfs, aw ?? -1, d?.util ?? -1, 0, faulty.length, 0],
      });
    }
  }
  return rows;
}
