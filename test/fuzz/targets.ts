// Every parser in src/collectors/*/parse.ts, as fuzz targets. Modules are imported dynamically:
// a parser that does not exist yet (or lacks the agreed export) is skipped with a warning, so
// the harness runs today and picks new parsers up without edits here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** What the input looks like; chooses the hostile generators and mutation tokens. */
export type Flavor = 'xml' | 'json' | 'text';

interface TargetBase {
  /** "<source>.<export>", e.g. "pacemaker.parseCrmMon". */
  id: string;
  /** Collector folder under src/collectors. */
  source: string;
  /** Export name in parse.ts. */
  exportName: string;
  flavor: Flavor;
  /** Fixture file names (in src/collectors/<source>/fixtures/) used as mutation seeds. */
  fixtures: RegExp;
}

export interface FnTarget extends TargetBase {
  kind: 'fn';
  call(fn: (...a: unknown[]) => unknown, input: string): unknown;
}

/** An incremental parser: `new C(node)`, `feed(chunk)`; its string state must stay bounded. */
export interface StreamTarget extends TargetBase {
  kind: 'stream';
  /** Export holding the parser's own per-line/element cap, when it has one. */
  capExport?: string;
  /** Used when capExport is missing. */
  defaultCap: number;
  /** Lines are independent: feeding in any chunking gives the same output (below the cap). */
  chunkInvariant: boolean;
}

export type FuzzTarget = FnTarget | StreamTarget;

const fn = (source: string, exportName: string, flavor: Flavor, fixtures: RegExp, call?: FnTarget['call']): FnTarget => ({
  kind: 'fn',
  id: `${source}.${exportName}`,
  source,
  exportName,
  flavor,
  fixtures,
  call: call ?? ((f, input) => f(input, 'fuzz-node')),
});

export const TARGETS: readonly FuzzTarget[] = [
  fn('pacemaker', 'parseCrmMon', 'xml', /\.xml$/),
  fn('corosync', 'parseQuorumtool', 'text', /^quorumtool-/),
  fn('corosync', 'parseCfgtool', 'text', /^cfgtool-/),
  fn('fencing', 'parseStonithRegistered', 'text', /^stonith-registered/),
  fn('fencing', 'parseStonithList', 'text', /^stonith-list/, (f, input) => f(input, 'n2', 'fuzz-node')),
  fn('fencing', 'parseSbdConfig', 'text', /^sbd-config/),
  fn('fencing', 'parseSbdList', 'text', /^sbd-list/, (f, input) => f(input, '/dev/disk/by-id/sbd1', 'fuzz-node')),
  fn('fencing', 'parseSbdDump', 'text', /^sbd-dump/, (f, input) => f(input, '/dev/disk/by-id/sbd1', 'fuzz-node')),
  fn('fencing', 'parseWatchdogSysfs', 'text', /^watchdog-sysfs/),
  fn('multipath', 'parseMultipathJson', 'json', /^maps-.*\.json$/),
  fn('multipath', 'parseMultipathLl', 'text', /^ll-/),
  fn('iostat', 'parseIostatJson', 'json', /\.(json|raw)$/),
  fn('iostat', 'parseIostatHeader', 'json', /\.(json|raw)$/),
  {
    kind: 'stream',
    id: 'iostat.IostatStreamParser',
    source: 'iostat',
    exportName: 'IostatStreamParser',
    flavor: 'json',
    fixtures: /\.(json|raw)$/,
    capExport: 'MAX_IOSTAT_ELEMENT',
    defaultCap: 4 * 1024 * 1024,
    chunkInvariant: true,
  },
  fn('host', 'parseProcStat', 'text', /^proc-stat/),
  fn('host', 'parseMeminfo', 'text', /^meminfo/),
  fn('host', 'parseLoadavg', 'text', /^loadavg/),
  fn('host', 'parseUptime', 'text', /^uptime/),
  fn('host', 'parseHugepagesSysfs', 'text', /^hugepages/),
  fn('host', 'parseCapabilities', 'xml', /^capabilities.*\.xml$/),
  fn('network', 'parseProcNetDev', 'text', /^proc-net-dev/),
  fn('network', 'parseBondingGrep', 'text', /^bonding-/),
  fn('virsh', 'parseVirshList', 'text', /^list-/),
  fn('virsh', 'parseDomstats', 'text', /^domstats-/),
  // the per-record readers the VM collector uses (a bad row or domain costs only itself)
  fn('virsh', 'readVirshList', 'text', /^list-/),
  fn('virsh', 'readDomstatsRecords', 'text', /^domstats-/),
  fn('virsh', 'parseVirshEventLine', 'text', /^event-/, (f, input) => {
    for (const line of input.split('\n')) f(line);
    return f(input);
  }),
  {
    kind: 'stream',
    id: 'virsh.VirshEventParser',
    source: 'virsh',
    exportName: 'VirshEventParser',
    flavor: 'text',
    fixtures: /^event-/,
    capExport: 'MAX_EVENT_LINE',
    defaultCap: 64 * 1024,
    chunkInvariant: true,
  },
  fn('virsh', 'parseDomdisplay', 'text', /^domdisplay-/),
  fn('virsh', 'parseDumpxml', 'xml', /\.xml$/),
  fn('virsh', 'parseAutostartNames', 'text', /^autostart-/, (f, input) => f(input)),
  fn('virsh', 'parseDomjobinfo', 'text', /^domjobinfo-/),
  fn('journal', 'parseJournalLine', 'json', /\.(json|raw)$/, (f, input) => {
    for (const line of input.split('\n').slice(0, 50)) f(line, 'fuzz-node');
    return f(input, 'fuzz-node');
  }),
  {
    kind: 'stream',
    id: 'journal.JournalStreamParser',
    source: 'journal',
    exportName: 'JournalStreamParser',
    flavor: 'json',
    fixtures: /\.(json|raw)$/,
    capExport: 'MAX_JOURNAL_LINE',
    defaultCap: 64 * 1024,
    chunkInvariant: true,
  },
];

export interface LoadedTarget {
  target: FuzzTarget;
  /** The parser function, or the stream parser class. */
  impl: unknown;
  /** Stream parsers: the cap on buffered text (from the module when it exports one). */
  cap: number;
  fixtures: string[];
  ParseError: new (...a: never[]) => Error;
}

export type LoadResult = { ok: true; loaded: LoadedTarget } | { ok: false; reason: string };

export function fixturesOf(t: FuzzTarget): string[] {
  const dir = join(REPO, 'src/collectors', t.source, 'fixtures');
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => t.fixtures.test(n))
    .sort()
    .map((n) => readFileSync(join(dir, n), 'utf8'));
}

export async function loadTarget(t: FuzzTarget): Promise<LoadResult> {
  const url = new URL(`../../src/collectors/${t.source}/parse.js`, import.meta.url).href;
  let mod: Record<string, unknown>;
  let pe: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
    pe = (await import(new URL('../../src/collectors/parse-error.js', import.meta.url).href)) as Record<string, unknown>;
  } catch (e) {
    return { ok: false, reason: `cannot import src/collectors/${t.source}/parse.ts: ${(e as Error).message.split('\n')[0]}` };
  }
  const impl = mod[t.exportName];
  if (typeof impl !== 'function') return { ok: false, reason: `src/collectors/${t.source}/parse.ts has no export ${t.exportName}` };
  const capV = t.kind === 'stream' && t.capExport ? mod[t.capExport] : undefined;
  const cap = typeof capV === 'number' ? capV : t.kind === 'stream' ? t.defaultCap : 0;
  return { ok: true, loaded: { target: t, impl, cap, fixtures: fixturesOf(t), ParseError: pe['ParseError'] as LoadedTarget['ParseError'] } };
}
