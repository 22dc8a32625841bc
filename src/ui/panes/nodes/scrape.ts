// A node read from Prometheus has no SSH connection: its state is its exporter targets' `up`
// (conn.targets, set by src/prometheus/backend.ts), and SSH is opened only on demand for a
// detail. Said in those words wherever an SSH session shows the connection, never "ssh up".
import { formatAge } from '../../../store/freshness.js';
import type { NodeConnState } from '../../../ssh/runner.js';
import { SYM, type Tone } from '../../theme.js';

/** The node is read from Prometheus (its conn is the exporters' `up`, not an SSH connection). */
export const scraped = (conn: Pick<NodeConnState, 'targets'> | undefined): boolean => conn?.targets !== undefined;

/** Short words for a cell or the header strip when every target of the node is down. */
export const TARGETS_DOWN = 'targets down';

/** The SSH column of a node read from Prometheus: nothing polls it over SSH. */
export const NOT_POLLED = 'not polled';

/** The node detail's `data` line and one line per target that is down ("node kvm2:9100 down since 2m"). */
export function scrapeLines(conn: Pick<NodeConnState, 'targets'>, now: number): { text: string; tone?: Tone; down: string[] } {
  const ts = conn.targets ?? [];
  if (!ts.length) return { text: 'Prometheus (no exporter target seen yet)', tone: 'muted', down: [] };
  const jobs = (up: boolean) => [...new Set(ts.filter((t) => t.up === up).map((t) => t.job || t.instance))].join(', ');
  const down = ts.filter((t) => !t.up).map((t) => `${t.job || 'target'} ${t.instance} down since ${formatAge(Math.max(0, now - t.since))}`);
  if (!down.length) return { text: `Prometheus (targets up: ${jobs(true)})`, down };
  if (down.length === ts.length) return { text: `${SYM.down} Prometheus: every target down (${jobs(false)})`, tone: 'crit', down };
  return { text: `${SYM.warn} Prometheus (targets down: ${jobs(false)}; up: ${jobs(true)})`, tone: 'warn', down };
}
