// Actions the audit log shows as started but never finished: an intent with steps and no result,
// left by a virtdeck that was killed (SIGTERM, SIGHUP, a crash, a lost terminal) mid-action. The
// cluster may be half-changed (a node left in standby, a constraint left behind), so the next
// start says what ran and what did not, and records that the action was interrupted.
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { VdStore } from '../store/store.js';
import type { UnfinishedNote } from '../store/types.js';
import type { AuditLog, AuditRecord } from './audit.js';

type Intent = Extract<AuditRecord, { type: 'intent' }>;
type Step = Extract<AuditRecord, { type: 'step' }>;

export interface UnfinishedStep {
  node: string;
  /** The command (argv as audited) or "(wait) purpose". */
  what: string;
  purpose: string;
  code?: number | null;
  error?: string;
}

/** The intent's identity (as audited), what ran and what did not. */
export interface UnfinishedAction extends Pick<Intent, 'planId' | 'when' | 'who' | 'from' | 'pid' | 'cluster' | 'action' | 'target' | 'reason'> {
  ran: UnfinishedStep[];
  notRun: UnfinishedStep[];
  /** The process that wrote it is known to be gone (same host, pid not running). */
  processGone: boolean;
}

export interface UnfinishedOptions {
  /** Names this cluster is known by; absent (the config names none): its nodes alone decide. */
  clusterNames?: readonly string[];
  /** The cluster's nodes: an intent counts when its plan touches one of them. */
  nodes: readonly string[];
  host: string;
  /** Is this pid a running process on this host? */
  alive?: (pid: number) => boolean;
  /** Epoch ms; an intent without a pid (older virtdeck) older than a day counts as interrupted. */
  now?: number;
}

const DAY_MS = 86_400_000;

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Pure: the unfinished actions of this cluster in an audit log's text (a torn last line is skipped). */
export function findUnfinished(text: string, o: UnfinishedOptions): UnfinishedAction[] {
  const intents = new Map<string, Intent>();
  const steps = new Map<string, Step[]>();
  const finished = new Set<string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let r: AuditRecord & { pid?: number };
    try {
      r = JSON.parse(line) as AuditRecord;
    } catch {
      continue; // a line torn by a kill
    }
    if (!r || typeof r !== 'object' || typeof r.planId !== 'string') continue;
    if (r.type === 'intent') intents.set(r.planId, r);
    else if (r.type === 'step') steps.set(r.planId, [...(steps.get(r.planId) ?? []), r]);
    else if (r.type === 'result') finished.add(r.planId);
  }
  const names = o.clusterNames ? new Set(o.clusterNames) : undefined;
  const now = o.now ?? Date.now();
  const nodes = new Set(o.nodes);
  const alive = o.alive ?? pidAlive;
  const out: UnfinishedAction[] = [];
  for (const [id, it] of intents) {
    if (finished.has(id)) continue;
    if ((names && !names.has(it.cluster)) || !(it.plan ?? []).some((p) => nodes.has(p.node))) continue;
    const pid = (it as Intent & { pid?: number }).pid;
    const sameHost = it.from === o.host;
    if (pid !== undefined && sameHost && pid !== process.pid && alive(pid)) continue; // still running here
    const { ran, notRun } = matchSteps(it, steps.get(id) ?? []);
    out.push({
      planId: id,
      when: it.when,
      who: it.sudoUser ? `${it.sudoUser} (as ${it.who})` : it.who,
      from: it.from,
      ...(pid !== undefined ? { pid } : {}),
      cluster: it.cluster,
      action: it.action,
      target: it.target,
      ...(it.reason !== undefined ? { reason: it.reason } : {}),
      ran,
      notRun,
      processGone: sameHost && (pid !== undefined || now - Date.parse(it.when) > DAY_MS),
    });
  }
  return out.sort((a, b) => a.when.localeCompare(b.when));
}

/** Step records follow the plan in order; a step skipped after a failure has none. */
function matchSteps(it: Intent, recs: readonly Step[]): { ran: UnfinishedStep[]; notRun: UnfinishedStep[] } {
  const plan = (it.plan ?? []).map((p): UnfinishedStep => ('argv' in p ? { node: p.node, what: p.argv.join(' '), purpose: p.purpose } : { node: p.node, what: `(wait) ${p.wait}`, purpose: p.wait }));
  const ran: UnfinishedStep[] = [];
  const notRun: UnfinishedStep[] = [];
  let i = 0;
  for (const r of recs) {
    let j = i;
    while (j < plan.length && !(plan[j]!.node === r.node && plan[j]!.purpose === r.purpose)) j++;
    if (j === plan.length) continue; // not in the plan (should not happen): ignore
    notRun.push(...plan.slice(i, j));
    ran.push({ ...plan[j]!, code: r.code, ...(r.error ? { error: r.error } : {}) });
    i = j + 1;
  }
  notRun.push(...plan.slice(i));
  return { ran, notRun };
}

const stepText = (s: UnfinishedStep): string =>
  `${s.node}: ${s.what}${s.code === undefined ? '' : s.error ? ` (${s.error})` : s.code === null ? ' (no exit status)' : ` (exit ${s.code})`}`;

/** One line, cause first (alerts and the timeline). */
export function unfinishedSummary(u: UnfinishedAction): string {
  const last = u.ran.at(-1);
  return (
    `interrupted: ${u.action} ${u.target} (started ${u.when} by ${u.who}@${u.from}) has no result; ` +
    `ran ${u.ran.length} of ${u.ran.length + u.notRun.length} steps${last ? `, last ${stepText(last)}` : ''}` +
    `${u.notRun.length ? `; not run: ${u.notRun.map((s) => `${s.node}: ${s.purpose}`).join(', ')}` : ''}; check the cluster's state`
  );
}

/** Every line (detail view, stderr). */
export function unfinishedDetail(u: UnfinishedAction): string[] {
  return [
    `${u.action} ${u.target}: started ${u.when} by ${u.who} on ${u.from}${u.pid !== undefined ? ` (pid ${u.pid})` : ''}, no result recorded${u.reason ? `; reason: ${u.reason}` : ''}`,
    ...(u.ran.length ? ['ran:', ...u.ran.map((s) => `  ${stepText(s)}`)] : ['ran: nothing']),
    ...(u.notRun.length ? ['not run:', ...u.notRun.map((s) => `  ${stepText(s)}`)] : []),
  ];
}

/** Reads the audit log (a missing file has nothing unfinished). */
export async function readUnfinished(path: string, o: UnfinishedOptions): Promise<UnfinishedAction[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return findUnfinished(text, o);
}

/**
 * Records the interruption, so the next start does not report it again. Only for actions whose
 * process is known gone: one still running elsewhere (another host sharing the log) writes its own.
 */
export async function recordInterrupted(audit: AuditLog, u: UnfinishedAction, now: Date = new Date()): Promise<void> {
  if (!u.processGone) return;
  await audit.append({ type: 'result', planId: u.planId, when: now.toISOString(), status: 'interrupted', message: `no result: the process${u.pid !== undefined ? ` (pid ${u.pid} on ${u.from})` : ''} ended mid-action; reported at the next start` });
}

/**
 * At a session's start: this cluster's unfinished actions become alerts (until acknowledged)
 * and timeline entries, and the audit log records them as interrupted.
 */
export async function reportUnfinished(store: VdStore, audit: AuditLog, o: { named: boolean; host?: string; now?: () => number; alive?: (pid: number) => boolean }): Promise<UnfinishedAction[]> {
  const now = o.now ?? Date.now;
  const st = store.getState();
  const list = await readUnfinished(audit.path, {
    ...(o.named ? { clusterNames: [st.cluster.name] } : {}),
    nodes: st.nodeOrder,
    host: o.host ?? hostname(),
    now: now(),
    ...(o.alive ? { alive: o.alive } : {}),
  });
  if (list.length === 0) return list;
  const notes: UnfinishedNote[] = list.map((u) => ({
    id: u.planId,
    ...((u.ran.at(-1) ?? u.notRun[0]) ? { node: (u.ran.at(-1) ?? u.notRun[0])!.node } : {}),
    summary: unfinishedSummary(u),
    detail: unfinishedDetail(u),
    title: `${u.action} ${u.target}`,
    when: u.when,
    ran: u.ran.length,
    steps: u.ran.length + u.notRun.length,
  }));
  const known = new Set(notes.map((n) => n.id));
  st.setUnfinishedActions([...(st.cluster.unfinishedActions ?? []).filter((n) => !known.has(n.id)), ...notes]);
  for (const n of notes)
    st.pushTimeline({ time: now(), ...(n.node ? { node: n.node } : {}), source: 'action', kind: 'action-interrupted', severity: 'warning', subject: n.id, message: n.summary });
  for (const u of list) await recordInterrupted(audit, u, new Date(now()));
  return list;
}
