// The utilization lines of the node and VM detail panes, with the age of the CIB read.
import { freshnessOf } from '../../store/freshness.js';
import type { VdState } from '../../store/types.js';
import type { Line } from '../../ui/panes/detail/lines.js';
import { freshCell } from '../../ui/panes/fresh.js';
import { utilizationGap } from './compare.js';
import type { Utilization } from './parse.js';

const kv = (k: string, v: string, tone?: Line['tone']): Line => (tone ? { text: `  ${k.padEnd(14)} ${v}`, tone } : { text: `  ${k.padEnd(14)} ${v}` });

const attrs = (u: Utilization | undefined): string[] => [
  ...(u?.cpu !== undefined ? [`cpu ${u.cpu}`] : []),
  ...(u?.hvMemory !== undefined ? [`hv_memory ${u.hvMemory} MiB`] : []),
  ...Object.entries(u?.other ?? {}).map(([k, v]) => `${k} ${v}`),
];

function age(s: VdState, now: number): { text: string; live: boolean } {
  const c = freshCell(freshnessOf(s.cluster.fresh.utilization, now));
  return { text: c.text, live: c.live };
}

/** Node detail: its capacity as Pacemaker's placement sees it. Nothing before the first read. */
export function nodeUtilizationLines(s: VdState, node: string, now: number): Line[] {
  const u = s.cluster.utilization;
  if (!u) return [];
  const a = age(s, now);
  const set = attrs(u.nodes[node]);
  return [kv('utilization', `${set.length ? set.join(' · ') : 'none set'} (placement-strategy ${u.placementStrategy}) ${a.text}`, a.live ? (set.length || u.placementStrategy === 'default' ? undefined : 'warn') : 'stale')];
}

/** VM detail: its resource's utilization beside its real vCPUs and memory. */
export function vmUtilizationLines(s: VdState, resource: string, vcpus: number | undefined, memoryKb: number | undefined, now: number): Line[] {
  const u = s.cluster.utilization;
  if (!u) return [];
  const a = age(s, now);
  const mine = u.resources[resource];
  const gap = utilizationGap(mine, vcpus, memoryKb);
  const set = attrs(mine);
  const problems = [...gap.differs, ...(gap.missing.length ? [`no ${gap.missing.join(', ')}`] : [])];
  const text = `${set.length ? set.join(' · ') : 'none set'}${problems.length ? ` — ${problems.join(', ')}` : ' (matches the VM)'} ${a.text}`;
  const tone = !a.live ? 'stale' : problems.length && u.placementStrategy !== 'default' ? 'warn' : undefined;
  return [kv('utilization', text, tone)];
}
