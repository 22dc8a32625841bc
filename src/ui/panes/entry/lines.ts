// Enter on a log, alert or timeline row: the whole entry, every field, the message wrapped to
// the screen (a list row cuts it at the column's width).
import type { VdState } from '../../../store/types.js';
import { formatAge } from '../../../store/freshness.js';
import { findLog } from '../logs/rows.js';
import { PRI_NAMES } from '../logs/filter.js';
import type { Line } from '../detail/lines.js';

export type EntrySource = 'logs' | 'alerts' | 'timeline';
export const ENTRY_SOURCES: readonly EntrySource[] = ['logs', 'alerts', 'timeline'];

/** Frame id of an entry view: the list it came from and that list's row id. */
export const entryId = (source: EntrySource, rowId: string): string => `${source}:${rowId}`;

/** Splits `text` into lines of at most `width` characters, at spaces where a line has one. */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let rest = [...para.replace(/\t/g, '  ')];
    if (rest.length === 0) out.push('');
    while (rest.length > 0) {
      if (rest.length <= w) {
        out.push(rest.join(''));
        break;
      }
      const sp = rest.lastIndexOf(' ', w);
      const cut = sp > 0 ? sp : w;
      out.push(rest.slice(0, cut).join(''));
      rest = rest.slice(sp > 0 ? cut + 1 : cut);
    }
  }
  return out;
}

const iso = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
};
const kv = (k: string, v: string): Line => ({ text: `  ${k.padEnd(11)} ${v}` });

function message(out: Line[], text: string, width: number): Line[] {
  out.push({ text: 'Message', tone: 'accent' });
  for (const l of wrapText(text, width - 2)) out.push({ text: `  ${l}` });
  return out;
}

export function entryLines(s: VdState, id: string, now: number, width: number): Line[] {
  const at = id.indexOf(':');
  const source = id.slice(0, at) as EntrySource;
  const rowId = id.slice(at + 1);
  if (source === 'logs') {
    const e = findLog(s.logs, rowId);
    if (!e) return [{ text: 'this log entry is no longer kept (the log ring dropped it)', tone: 'muted' }];
    const out: Line[] = [{ text: `Log entry from ${e.node}`, tone: 'accent' }, kv('time', iso(e.time)), kv('node', e.node)];
    if (e.unit) out.push(kv('unit', e.unit));
    if (e.identifier) out.push(kv('identifier', `${e.identifier}${e.pid ? `[${e.pid}]` : ''}`));
    out.push({ ...kv('priority', `${e.priority} ${PRI_NAMES[e.priority] ?? ''}`), ...(e.priority <= 3 ? { tone: 'crit' as const } : e.priority === 4 ? { tone: 'warn' as const } : {}) });
    return message(out, e.message, width);
  }
  if (source === 'alerts') {
    const a = s.alerts.find((x) => x.id === rowId);
    if (!a) return [{ text: `alert ${rowId} has cleared`, tone: 'muted' }];
    const out: Line[] = [{ text: `Alert ${a.subject}`, tone: a.severity === 'critical' ? 'crit' : a.severity === 'warning' ? 'warn' : 'accent' }, kv('severity', a.severity), kv('rule', a.rule)];
    if (a.node) out.push(kv('node', a.node));
    out.push(kv('subject', a.subject), kv('since', `${iso(a.since)} (${formatAge(now - a.since)})`));
    if (a.value !== undefined) out.push(kv('value', String(a.value)));
    out.push(kv('state', a.acknowledged ? 'acknowledged' : 'not acknowledged'), kv('id', a.id));
    return message(out, a.message, width);
  }
  if (source === 'timeline') {
    const e = s.timeline.find((x) => String(x.seq) === rowId);
    if (!e) return [{ text: 'this timeline entry is no longer kept', tone: 'muted' }];
    const out: Line[] = [{ text: `Event ${e.kind}`, tone: e.severity === 'critical' ? 'crit' : e.severity === 'warning' ? 'warn' : 'accent' }, kv('time', iso(e.time)), kv('severity', e.severity)];
    if (e.node) out.push(kv('node', e.node));
    out.push(kv('source', e.source), kv('kind', e.kind), kv('subject', e.subject));
    return message(out, e.message, width);
  }
  // :jobs — an action an earlier run left unfinished (the audit log): what ran and what did not.
  if ((source as string) === 'jobs') {
    const u = s.cluster.unfinishedActions?.find((x) => x.id === rowId);
    if (!u) return [{ text: `no unfinished action ${rowId}`, tone: 'muted' }];
    const out: Line[] = [{ text: `Interrupted action ${u.title ?? u.id}`, tone: 'warn' }, kv('audit id', u.id)];
    if (u.when) out.push(kv('started', u.when));
    if (u.steps !== undefined) out.push(kv('steps run', `${u.ran ?? 0} of ${u.steps}`));
    out.push({ text: 'Detail', tone: 'accent' });
    for (const d of u.detail) for (const l of wrapText(d, width - 2)) out.push({ text: `  ${l}` });
    return out;
  }
  return [{ text: `no entry ${id}`, tone: 'crit' }];
}
