// crm_mon's --include/--exclude and its request="…" attribute, as pacemaker 2.1.5 handles them
// (checked against the real tool): sections are applied left to right to the default set (for
// XML: everything); a bad name is a usage error (exit 64) listing the valid ones.
import { xmlEscape } from './types.js';

/** What <node_history> holds: the operation history, only resources with a fail count, or nothing. */
export type NodeHistoryForm = 'operations' | 'failcounts' | 'none';

const LEAVES = [
  'attributes', 'bans', 'counts', 'dc', 'failcounts', 'failures', 'fencing-failed', 'fencing-pending', 'fencing-succeeded',
  'maint-mode', 'nodes', 'operations', 'options', 'resources', 'stack', 'tickets', 'times',
] as const;
type Leaf = (typeof LEAVES)[number];
const GROUPS: Record<string, readonly Leaf[]> = {
  fencing: ['fencing-failed', 'fencing-pending', 'fencing-succeeded'],
  // --include=none --include=summary prints stack, current_dc, last_update/last_change and the counts.
  summary: ['stack', 'dc', 'times', 'counts', 'maint-mode'],
};
const VALID = {
  include: 'all, attributes, bans[:PREFIX], counts, dc, default, failcounts, failures, fencing, fencing-failed, fencing-pending, fencing-succeeded, maint-mode, nodes, none, operations, options, resources, stack, summary, tickets, times',
  exclude: 'all, attributes, bans, counts, dc, failcounts, failures, fencing, fencing-failed, fencing-pending, fencing-succeeded, maint-mode, nodes, none, operations, options, resources, stack, summary, tickets, times',
};

/** Sections the demo may leave out exactly: operations/failcounts shape node_history; the
 *  demo cluster has no node attributes, tickets or maintenance mode, so those print nothing. */
const SIMULATED_ABSENT = new Set<Leaf>(['operations', 'failcounts', 'attributes', 'tickets', 'maint-mode']);

/** `document`: crm_mon prints the error as its XML error document (else on stderr only). */
export type CrmMonSections = { ok: true; history: NodeHistoryForm } | { ok: false; error: string; document: boolean };

/** Applies one option's comma list to `shown` left to right; false on a name crm_mon rejects. */
function apply(shown: Set<Leaf>, opt: 'include' | 'exclude', value: string): boolean {
  if (value === '') return true; // crm_mon accepts an empty list (and changes nothing)
  for (const w of value.split(',')) {
    const all = w === 'all' || (opt === 'include' && w === 'default'); // XML's default is everything
    const leaves = all ? LEAVES : GROUPS[w] ?? ((LEAVES as readonly string[]).includes(w) ? [w as Leaf] : undefined);
    if (w === 'none') {
      if (opt === 'include') shown.clear();
    } else if (!leaves) return false;
    else if (opt === 'exclude' && all) shown.clear();
    else if (opt === 'include') for (const l of leaves) shown.add(l);
    else for (const l of leaves) shown.delete(l);
  }
  return true;
}

/** The node_history form the arguments ask for, or crm_mon's error. */
export function crmMonSections(args: readonly string[]): CrmMonSections {
  const shown = new Set<Leaf>(LEAVES);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^(?:--(include|exclude)(?:=(.*))?|-([IU])(.*))$/s.exec(a);
    if (!m) continue;
    const opt = m[1] === 'include' || m[3] === 'I' ? 'include' : 'exclude';
    let value = m[2] ?? (m[4] ? m[4] : undefined);
    if (value === undefined) {
      value = args[++i];
      if (value === undefined) return { ok: false, error: `crm_mon: Missing argument for ${m[1] ? `--${m[1]}` : `-${m[3]}`}`, document: false };
    }
    if (opt === 'include' && /(^|,)bans:/.test(value)) {
      return { ok: false, error: 'crm_mon: the demo cluster does not simulate --include=bans:PREFIX', document: true };
    }
    if (!apply(shown, opt, value)) return { ok: false, error: `crm_mon: --${opt} options: ${VALID[opt]}`, document: true };
  }
  const missing = LEAVES.filter((l) => !shown.has(l) && !SIMULATED_ABSENT.has(l));
  if (missing.length > 0) {
    return { ok: false, error: `crm_mon: the demo cluster prints every section but operations and failcounts; leaving out ${missing.join(', ')} is not simulated`, document: true };
  }
  const history: NodeHistoryForm = shown.has('operations') ? 'operations' : shown.has('failcounts') ? 'failcounts' : 'none';
  return { ok: true, history };
}

/** crm_mon echoes its command line in request="…": arguments joined by spaces, one with a space
 *  in single quotes, escaped like libxml2 escapes an attribute. */
export function crmMonRequest(argv0: string, args: readonly string[]): string {
  const words = [argv0, ...args].map((w) => (w.includes(' ') ? `'${w}'` : w));
  return xmlEscape(words.join(' ')).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** crm_mon's usage-error document (exit 64), as it prints one for a bad --include/--exclude. */
export function crmMonUsageXml(request: string, error: string): string {
  return [
    `<pacemaker-result api-version="2.25" request="${request}">`,
    '  <status code="64" message="Incorrect usage">',
    '    <errors>',
    `      <error>${xmlEscape(error)}</error>`,
    '    </errors>',
    '  </status>',
    '</pacemaker-result>',
    '',
  ].join('\n');
}
