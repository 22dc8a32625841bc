// A VM's snapshots as virsh prints them (pure parsers; the reads are in snapshot-read.ts):
// `snapshot-list --parent` gives name, creation time, state and parent in one exec,
// `snapshot-current --name` the current one. `--tree` output is parsed too (the demo prints it;
// a test checks both forms agree on real virsh).

export interface SnapshotRow {
  name: string;
  /** As virsh prints it: `2026-12-07 14:50:51 +0000`. */
  created: string;
  /** ms since epoch (undefined when the text is not a date). */
  createdAt?: number;
  /** running, shutoff, paused, disk-snapshot … (virDomainSnapshotState). */
  state: string;
  parent?: string;
}

export interface VmSnapshot extends SnapshotRow {
  current: boolean;
  /** 0 for a root; a child of a root is 1. */
  depth: number;
  children: number;
}

/** A snapshot name as virsh takes it: any text but empty, a newline or a slash (libvirt refuses those in names). */
export function snapshotName(s: string): string {
  if (s === '' || /[\n\r/\0]/.test(s)) throw new Error(`invalid snapshot name ${JSON.stringify(s)} (not empty, no newline or "/")`);
  return s;
}

const DATE = /(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4})/;
const ROW = new RegExp(`^ (.*?) +${DATE.source} +(\\S+)(?: +(.*?))? *$`);

function epochOf(created: string): number | undefined {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ([+-])(\d\d)(\d\d)$/.exec(created);
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}T${m[2]}${m[3]}${m[4]}:${m[5]}`);
  return Number.isNaN(t) ? undefined : t;
}

/** `snapshot-list --parent` (or without --parent): header, dashes, one row per snapshot. The
 *  creation time is the anchor: the name is what precedes it (names may hold spaces). */
export function parseSnapshotList(text: string): SnapshotRow[] {
  const lines = text.split('\n');
  const dash = lines.findIndex((l) => /^-{4,}\s*$/.test(l));
  if (dash < 1 || !/^\s*Name\s+Creation Time\s+State/.test(lines[dash - 1]!)) throw new Error(`snapshot-list: no "Name Creation Time State" header in ${JSON.stringify(text.slice(0, 120))}`);
  const out: SnapshotRow[] = [];
  for (const l of lines.slice(dash + 1)) {
    if (l.trim() === '') continue;
    const m = ROW.exec(l);
    if (!m) throw new Error(`snapshot-list: unreadable row ${JSON.stringify(l)}`);
    const createdAt = epochOf(m[2]!);
    out.push({ name: m[1]!, created: m[2]!, ...(createdAt !== undefined ? { createdAt } : {}), state: m[3]!, ...(m[4] ? { parent: m[4] } : {}) });
  }
  return out;
}

/** `snapshot-list --tree`: roots at column 0, children as `+- name` indented 4 per level. */
export function parseSnapshotTree(text: string): { name: string; depth: number; parent?: string }[] {
  const out: { name: string; depth: number; parent?: string }[] = [];
  const path: string[] = [];
  for (const l of text.split('\n')) {
    if (/^[ |]*$/.test(l)) continue;
    const child = /^([ |]*)\+- (.*)$/.exec(l);
    const depth = child ? (child[1]!.length - 2) / 4 + 1 : 0;
    if (!Number.isInteger(depth) || depth > path.length) throw new Error(`snapshot-list --tree: unreadable line ${JSON.stringify(l)}`);
    const name = child ? child[2]! : l;
    path.length = depth;
    const parent = path[depth - 1];
    out.push({ name, depth, ...(parent !== undefined ? { parent } : {}) });
    path.push(name);
  }
  return out;
}

/** `snapshot-current --name`: the name, or undefined when the domain has none (exit 1 with that message). */
export function parseSnapshotCurrent(r: { code: number | null; stdout: string; stderr: string }): string | undefined {
  if (r.code === 0) return r.stdout.replace(/\n+$/, '') || undefined;
  if (/has no current snapshot/.test(r.stderr)) return undefined;
  throw new Error(`snapshot-current: ${r.stderr.trim() || `exit ${r.code}`}`);
}

/** The rows in tree order (a parent before its children; siblings by creation, then name), with
 *  depth, children and which one is current. A parent missing from the rows makes a root. */
export function snapshotTree(rows: readonly SnapshotRow[], current: string | undefined): VmSnapshot[] {
  const names = new Set(rows.map((r) => r.name));
  const kids = new Map<string | undefined, SnapshotRow[]>();
  for (const r of rows) {
    const p = r.parent !== undefined && names.has(r.parent) ? r.parent : undefined;
    kids.set(p, [...(kids.get(p) ?? []), r]);
  }
  const order = (a: SnapshotRow, b: SnapshotRow) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const out: VmSnapshot[] = [];
  const walk = (p: string | undefined, depth: number) => {
    for (const r of [...(kids.get(p) ?? [])].sort(order)) {
      out.push({ ...r, current: r.name === current, depth, children: kids.get(r.name)?.length ?? 0 });
      walk(r.name, depth + 1);
    }
  };
  walk(undefined, 0);
  return out;
}

/** How many snapshots a new one under `parent` has above it, itself included (a chain of 1 is one snapshot). */
export function chainDepth(snaps: readonly VmSnapshot[], parent: string | undefined): number {
  const s = parent === undefined ? undefined : snaps.find((x) => x.name === parent);
  return s ? s.depth + 2 : 1;
}

/** One line per snapshot, in tree order: the name indented by depth and padded to the widest,
 *  then creation time, state and the current marker (the CLI and the VM detail both show these). */
export function snapshotTreeRows(snaps: readonly VmSnapshot[]): string[] {
  const width = Math.max(0, ...snaps.map((s) => s.depth * 2 + [...s.name].length));
  return snaps.map((s) => {
    const label = `${'  '.repeat(s.depth)}${s.name}`;
    return `  ${label}${' '.repeat(width - [...label].length)}  ${s.created}  ${s.state}${s.current ? '  (current)' : ''}`;
  });
}

/** Human lines: a heading, then the tree (snapshotTreeRows). */
export function formatSnapshotTree(vm: string, snaps: readonly VmSnapshot[]): string[] {
  if (snaps.length === 0) return [`${vm}: no snapshots`];
  return [`${vm}: ${snaps.length} snapshot(s)${snaps.some((s) => s.current) ? '' : ', none current'}`, ...snapshotTreeRows(snaps)];
}

