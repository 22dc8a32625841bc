// The VM detail's Snapshots section: the tree read on drill-down (read-only virsh on the VM's
// node), with creation time, state and the current one; the keys and commands that act on it.
import { snapshotTreeRows, type VmSnapshot } from '../../../collectors/virsh/snapshots.js';
import type { Tone } from '../../theme.js';
import { loadingText, markedHeading, readErrorLines, type DetailRead } from './on-demand.js';
import { wrapText } from '../entry/lines.js';

export type SnapshotsState = DetailRead<{ snapshots: VmSnapshot[] }>;

interface Line {
  text: string;
  tone?: Tone;
}

/** `now`: for the age of a tree read over SSH on demand; `screenWidth`: errors and the hint wrap to it;
 *  `actionsOff`: why actions are refused in this session (said instead of the keys that would be refused). */
export function snapshotLines(vm: string, st: SnapshotsState | undefined, now = Date.now(), screenWidth = 80, actionsOff?: string): Line[] {
  if (!st) return [];
  if ('loading' in st) return [{ text: 'Snapshots', tone: 'accent' }, { text: `  ${loadingText('the snapshot list', st)}`, tone: 'muted' }];
  if ('error' in st) return [{ text: 'Snapshots', tone: 'accent' }, ...readErrorLines('the snapshots', st, screenWidth)];
  const out: Line[] = [{ text: markedHeading(`Snapshots (${st.snapshots.length})`, st, now), tone: 'accent' }];
  if (!st.snapshots.length) out.push({ text: '  none', tone: 'muted' });
  snapshotTreeRows(st.snapshots).forEach((text, i) => out.push({ text, ...(st.snapshots[i]!.current ? { tone: 'info' as const } : {}) }));
  if (actionsOff) out.push(...wrapText(`snapshots cannot be taken, reverted or deleted here: ${actionsOff}`, Math.max(20, screenWidth - 4)).map((t, i) => ({ text: `${i ? '    ' : '  '}${t}`, tone: 'muted' as const })));
  else out.push({ text: `  T: take a snapshot; revert/delete: virtdeck vm snapshot revert|delete ${vm} NAME`, tone: 'muted' });
  return out;
}
