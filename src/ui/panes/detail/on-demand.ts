// What the detail views read on drill-down, and how they say where it came from. In a session
// read from Prometheus these reads go over SSH on demand (src/ssh/on-demand-runner.ts): shown with
// that marker and their age, or as "not available from Prometheus" with the reason when the
// cluster has no SSH node to read them from.
import { formatAge, NOT_FROM_PROMETHEUS } from '../../../store/freshness.js';
import { SYM, type Tone } from '../../theme.js';
import { wrapText } from '../entry/lines.js';
import type { OnDemandRunner } from '../../../ssh/on-demand-runner.js';
import { reachabilityOf } from '../../../store/reach.js';

/** Set on what was read over SSH on demand: when (ms epoch). */
export interface OnDemandStamp {
  onDemandAt?: number;
}

/** A read on drill-down: under way (`onDemand`: over SSH on demand), its value, or its error. */
export type DetailRead<S> = { loading: true; onDemand?: true } | { error: string } | (S & OnDemandStamp);

/** "via SSH on demand, read 5s ago". */
export const onDemandMark = (at: number, now: number): string => `via SSH on demand, read ${formatAge(Math.max(0, now - at))} ago`;

/** A heading with the on-demand marker when the value was read that way. */
export const markedHeading = (title: string, st: OnDemandStamp, now: number): string => (st.onDemandAt === undefined ? title : `${title}  (${onDemandMark(st.onDemandAt, now)})`);

/** The read was refused because the data is not in Prometheus and there is no SSH node to read it from. */
export const unavailable = (st: { error: string }): boolean => st.error.includes(NOT_FROM_PROMETHEUS);

/** A failed read's lines, wrapped to `width` (an SSH error names the node, then the cause:
 *  cut at 80 columns it would lose the cause): muted when the data is simply not available. */
export function readErrorLines(what: string, st: { error: string }, width: number): { text: string; tone: Tone }[] {
  const na = unavailable(st);
  const text = na ? st.error : `${SYM.down} could not read ${what}: ${st.error}`;
  return wrapText(text, Math.max(20, width - 4)).map((t, i) => ({ text: `${i ? '    ' : '  '}${t}`, tone: na ? 'muted' : 'crit' }));
}

/** Shown while a read is under way. */
export const loadingText = (what: string, st: { onDemand?: true }): string => (st.onDemand ? `reading ${what} over SSH on demand…` : `loading ${what}…`);

/** The VM's console display: `virsh domdisplay` read on demand (the exporters do not carry it). */
export type DisplayRead = DetailRead<{ display?: string }>;

/** The node detail's ssh line in a session read from Prometheus: nothing polls the node over SSH;
 *  details are read on demand from the context's SSH nodes, and the last failure says so until a read works. */
export function onDemandSshLine(r: Pick<OnDemandRunner, 'nodes' | 'target' | 'failure'>, node: string, now: number): { text: string; tone?: Tone } {
  const nodes = r.nodes();
  if (!nodes.length) return { text: 'no SSH nodes configured', tone: 'muted' };
  if (r.target(node) === undefined) return { text: `not one of the SSH nodes (${nodes.join(', ')})`, tone: 'muted' };
  const f = r.failure(node);
  if (!f) return { text: 'not polled (on demand only)' };
  return { text: `${SYM.down} read on demand failed ${formatAge(Math.max(0, now - f.at))} ago: ${reachabilityOf({ status: 'down', error: f }).text}`, tone: 'crit' };
}
