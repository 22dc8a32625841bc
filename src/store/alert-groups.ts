// Alert storms: at 64 nodes one condition (CPU > 85 % on half the nodes) is 30+ alerts, one per
// node, and they push a critical alert out of view. Grouping, pure: the alerts of one kind
// (rule, severity, the same subject unless the subject is the node itself) raised on two or more
// nodes become one entry with its count, worst member and first-seen time. Criticals always sort
// above warnings, whatever their number.
import type { Alert, Severity } from './types.js';

/** Row ids of groups start with this (alert ids never do: they start with a rule name). */
export const GROUP_PREFIX = 'group:';

export interface AlertGroup {
  /** Stable id (`group:warning:cpu:`): keeps the cursor and the expanded state across refreshes. */
  id: string;
  rule: string;
  severity: Severity;
  /** The shared subject (a LUN name), or undefined when each member's subject is its node. */
  subject?: string;
  acknowledged: boolean;
  /** Worst first (see worse()), then by node name. */
  members: Alert[];
  /** Earliest `since` among the members. */
  firstSeen: number;
}

export type AlertEntry = { kind: 'alert'; alert: Alert } | { kind: 'group'; group: AlertGroup };

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Rules whose value is worse when lower (free hugepages); every other metric is worse higher. */
const LOWER_IS_WORSE: ReadonlySet<string> = new Set(['hugepages']);

/** Node names in numeric order (kvm-n2 before kvm-n10); one collator, not one per comparison. */
const NODE_ORDER = new Intl.Collator('en', { numeric: true });

/** Negative when `a` is the worse of two alerts of one rule: the value beyond the limit, else the older. */
export function worse(a: Alert, b: Alert): number {
  if (a.value !== undefined && b.value !== undefined && a.value !== b.value) return LOWER_IS_WORSE.has(a.rule) ? a.value - b.value : b.value - a.value;
  return a.since - b.since || NODE_ORDER.compare(a.node ?? '', b.node ?? '');
}

/** The group an alert belongs to, or undefined for cluster-wide alerts (no node: nothing to fold). */
export function groupIdOf(a: Alert): string | undefined {
  if (!a.node) return undefined;
  return `${GROUP_PREFIX}${a.severity}:${a.rule}:${a.subject === a.node ? '' : a.subject}${a.acknowledged ? ':ack' : ''}`;
}

const entrySev = (e: AlertEntry): Severity => (e.kind === 'alert' ? e.alert.severity : e.group.severity);
const entryAck = (e: AlertEntry): boolean => (e.kind === 'alert' ? e.alert.acknowledged : e.group.acknowledged);
const entryCount = (e: AlertEntry): number => (e.kind === 'alert' ? 1 : e.group.members.length);
/** Newest first among equals, as the ungrouped list was: for a group, its newest member. */
const entryNewest = (e: AlertEntry): number => (e.kind === 'alert' ? e.alert.since : Math.max(...e.group.members.map((m) => m.since)));
const entryId = (e: AlertEntry): string => (e.kind === 'alert' ? e.alert.id : e.group.id);

/**
 * Alerts as entries, worst first: unacknowledged before acknowledged, critical before warning
 * before info (so criticals stay on top however many warnings there are), then the wider group
 * first, then the newest. A kind seen on one node only stays a plain alert.
 */
export function groupAlerts(alerts: readonly Alert[]): AlertEntry[] {
  const byGroup = new Map<string, Alert[]>();
  const entries: AlertEntry[] = [];
  for (const a of alerts) {
    const g = groupIdOf(a);
    if (g === undefined) entries.push({ kind: 'alert', alert: a });
    else {
      const list = byGroup.get(g);
      if (list) list.push(a);
      else byGroup.set(g, [a]);
    }
  }
  for (const [id, members] of byGroup) {
    const first = members[0]!;
    if (members.length === 1) {
      entries.push({ kind: 'alert', alert: first });
      continue;
    }
    members.sort(worse);
    entries.push({
      kind: 'group',
      group: {
        id,
        rule: first.rule,
        severity: first.severity,
        ...(first.subject === first.node ? {} : { subject: first.subject }),
        acknowledged: first.acknowledged,
        members,
        firstSeen: Math.min(...members.map((m) => m.since)),
      },
    });
  }
  return entries.sort(
    (a, b) =>
      Number(entryAck(a)) - Number(entryAck(b)) ||
      RANK[entrySev(a)] - RANK[entrySev(b)] ||
      entryCount(b) - entryCount(a) ||
      entryNewest(b) - entryNewest(a) ||
      entryId(a).localeCompare(entryId(b)),
  );
}

/** The alert ids a row id stands for: a group's members, or the alert itself (ack on a group row). */
export function alertIdsOf(alerts: readonly Alert[], rowId: string): string[] {
  if (!rowId.startsWith(GROUP_PREFIX)) return [rowId];
  return alerts.filter((a) => groupIdOf(a) === rowId).map((a) => a.id);
}

/** What the group is about, in a few words: "cpu", "await mpatha". */
export const groupLabel = (g: AlertGroup): string => (g.subject ? `${g.rule} ${g.subject}` : g.rule);
