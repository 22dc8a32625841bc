// This console's SSH reachability of a node, kept apart from Pacemaker's view of it: a DNS
// failure, a refused connection, a refused login or host key say "can't reach it from here",
// never "node down" (Pacemaker's online/offline/unclean/standby is another fact, from crm_mon).
import type { NodeConnState } from '../ssh/runner.js';
import type { TimelineEntry, VdState } from './types.js';

export type ReachReason = 'dns' | 'refused' | 'timeout' | 'auth' | 'hostkey' | 'unreachable' | 'closed';

export interface Reachability {
  status: 'up' | 'connecting' | 'unreachable';
  reason?: ReachReason;
  /** Short words for a cell: "up", "connecting", "unreachable: DNS", "auth failed", "host key CHANGED". */
  text: string;
  /** One line, cause first (alerts, lists); undefined when up. */
  line?: string;
  /** The full error text (several lines for a changed host key): the node detail shows it. */
  full?: string;
}

/** Down, or reconnecting after a failure (the runner keeps the last error while connecting). */
export const connUnreachable = (c: Pick<NodeConnState, 'status' | 'error'>): boolean => c.status === 'down' || (c.status === 'connecting' && c.error !== undefined);

/** First line that says something (OpenSSH's banner lines are only `@`). */
export function errorLine(e: { message: string; summary?: string }): string {
  return e.summary ?? e.message.split('\n').find((l) => l.trim() !== '' && !/^@+$/.test(l.trim()) && !l.startsWith('@@')) ?? e.message.replace(/\s*\n\s*/g, ' ');
}

function reasonOf(e: { kind: string; message: string }): ReachReason {
  switch (e.kind) {
    case 'dns':
    case 'auth':
    case 'hostkey':
    case 'closed':
      return e.kind;
    default:
      if (/refused/i.test(e.message)) return 'refused';
      if (/timed? ?out|timeout/i.test(e.message)) return 'timeout';
      return 'unreachable';
  }
}

function reasonText(r: ReachReason, e: { message: string; summary?: string }): string {
  switch (r) {
    case 'dns':
      return 'unreachable: DNS';
    case 'refused':
      return 'unreachable: refused';
    case 'timeout':
      return 'unreachable: timeout';
    case 'auth':
      return 'auth failed';
    case 'hostkey': {
      const t = `${e.summary ?? ''}\n${e.message}`;
      return /CHANGED/i.test(t) ? 'host key CHANGED' : /revoked/i.test(t) ? 'host key revoked' : /not known/i.test(t) ? 'host key unknown' : 'host key refused';
    }
    case 'closed':
      return 'closed';
    default:
      return 'unreachable';
  }
}

/** The reason in words without the error text ("unreachable: DNS", "auth failed", "host key refused"). */
export const reasonWords = (r: ReachReason): string => reasonText(r, { message: '' });

export function reachabilityOf(c: Pick<NodeConnState, 'status' | 'error'>): Reachability {
  if (c.status === 'up') return { status: 'up', text: 'up' };
  if (!connUnreachable(c)) return { status: 'connecting', text: 'connecting' };
  if (!c.error) return { status: 'unreachable', reason: 'unreachable', text: 'unreachable' };
  const reason = reasonOf(c.error);
  return { status: 'unreachable', reason, text: reasonText(reason, c.error), line: errorLine(c.error), full: c.error.message };
}

/** Timeline kind of an SSH notice (the status line shows the latest). */
export const SSH_NOTICE = 'ssh-notice';

/** An SSH notice as a timeline entry. */
export function sshNoticeEntry(n: { node: string; severity: 'warning' | 'info'; message: string }, time: number): Omit<TimelineEntry, 'seq'> {
  return { time, node: n.node, source: 'conn', kind: SSH_NOTICE, severity: n.severity, subject: n.node, message: n.message };
}

/** The newest SSH notice, for the status line ("⚠ n1: StrictHostKeyChecking no … is not honoured"). */
export function latestSshNotice(s: Pick<VdState, 'timeline'>): TimelineEntry | undefined {
  for (let i = s.timeline.length - 1; i >= 0; i--) if (s.timeline[i]!.kind === SSH_NOTICE) return s.timeline[i];
  return undefined;
}
