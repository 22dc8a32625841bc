// `multipathd show maps json` and `multipath -ll` → MultipathMap[].
// Field names follow multipath-tools libmultipath/print.h (PRINT_JSON_MAP/GROUP/PATH, JSON
// format 0.1) and the -ll topology layout; see fixtures/README.md.
import { ParseError, checkInput, guardParse } from '../parse-error.js';
import type { MultipathMap, MultipathPath, MultipathPathGroup } from '../../model/multipath.js';

const SRC_JSON = 'multipathd';
const SRC_LL = 'multipath';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (o: Obj, k: string): string | undefined => (typeof o[k] === 'string' ? (o[k] as string) : typeof o[k] === 'number' ? String(o[k]) : undefined);
const num = (o: Obj, k: string): number | undefined => {
  const v = o[k];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
  return undefined;
};
const nonEmpty = (s: string | undefined): string | undefined => (s === undefined || s.trim() === '' ? undefined : s.trim());

/** multipathd answers these instead of JSON when it is not running or the socket is refused. */
const DAEMON_DOWN = /can't connect|cannot connect|multipathd (is )?not running|timeout receiving packet|error -\d+ receiving packet|Failure to communicate|permission denied/i;

export function parseMultipathJson(text: string, node?: string): MultipathMap[] {
  const input = checkInput(SRC_JSON, node, text);
  return guardParse(SRC_JSON, node, input, () => {
    const trimmed = input.trim();
    if (trimmed === '') throw new ParseError(SRC_JSON, node, 'multipathd printed nothing (daemon not running?)');
    const down = DAEMON_DOWN.exec(trimmed);
    if (down && !trimmed.startsWith('{')) throw new ParseError(SRC_JSON, node, `multipathd not reachable: ${trimmed.split('\n')[0]?.slice(0, 160)}`, trimmed.slice(0, 200));
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (e) {
      throw new ParseError(SRC_JSON, node, `show maps json: invalid JSON (${e instanceof Error ? e.message : String(e)})`, trimmed.slice(0, 200));
    }
    if (!isObj(doc)) throw new ParseError(SRC_JSON, node, 'show maps json: top level is not an object', trimmed.slice(0, 200));
    const major = num(doc, 'major_version');
    if (major !== undefined && major !== 0) {
      throw new ParseError(SRC_JSON, node, `show maps json: unsupported JSON format version ${major}.${num(doc, 'minor_version') ?? '?'}`);
    }
    // "show maps json" → {"maps": [...]}; "show map X json" → {"map": {...}}.
    const rawMaps = Array.isArray(doc['maps']) ? (doc['maps'] as unknown[]) : isObj(doc['map']) ? [doc['map']] : undefined;
    if (!rawMaps) throw new ParseError(SRC_JSON, node, 'show maps json: no "maps" array', trimmed.slice(0, 200));
    return rawMaps.map((m, i) => jsonMap(m, i, node));
  });
}

function jsonMap(m: unknown, i: number, node: string | undefined): MultipathMap {
  if (!isObj(m)) throw new ParseError(SRC_JSON, node, `maps[${i}] is not an object`);
  const wwid = str(m, 'uuid');
  const sysfs = str(m, 'sysfs');
  if (!wwid || !sysfs) throw new ParseError(SRC_JSON, node, `maps[${i}] lacks "uuid" or "sysfs"`, JSON.stringify(m).slice(0, 200));
  const groups = Array.isArray(m['path_groups']) ? (m['path_groups'] as unknown[]) : [];
  return {
    name: nonEmpty(str(m, 'name')) ?? wwid,
    wwid,
    sysfs,
    vendor: nonEmpty(str(m, 'vend')),
    product: nonEmpty(str(m, 'prod')),
    // JSON format 0.1 carries no size.
    size: undefined,
    features: nonEmpty(str(m, 'features')),
    pathGroups: groups.map((g, gi): MultipathPathGroup => {
      if (!isObj(g)) throw new ParseError(SRC_JSON, node, `map ${wwid}: path_groups[${gi}] is not an object`);
      const paths = Array.isArray(g['paths']) ? (g['paths'] as unknown[]) : [];
      return {
        priority: num(g, 'pri'),
        status: str(g, 'dm_st') ?? 'undef',
        selector: nonEmpty(str(g, 'selector')),
        paths: paths.map((p, pi): MultipathPath => {
          if (!isObj(p) || !str(p, 'dev')) throw new ParseError(SRC_JSON, node, `map ${wwid}: path_groups[${gi}].paths[${pi}] has no "dev"`);
          return {
            dev: str(p, 'dev') as string,
            devT: nonEmpty(str(p, 'dev_t')),
            dmState: str(p, 'dm_st') ?? 'undef',
            checkerState: str(p, 'chk_st') ?? 'undef',
            onlineState: nonEmpty(str(p, 'dev_st')),
            hcil: undefined,
          };
        }),
      };
    }),
  };
}

// -ll layout: "NAME (WWID) dm-N VENDOR,PRODUCT" or "WWID dm-N VENDOR,PRODUCT" when no alias.
const MAP_HEAD = /^(\S+)(?: \(([^)\s]+)\))? (dm-\d+) ?(.*)$/;
const MAP_PROPS = /^size=(\S+)(?: features='([^']*)')?(?: hwhandler='([^']*)')?/;
const PG_LINE = /policy='([^']*)' prio=(-?\d+) status=(\S+)/;
const TREE_PREFIX = /^[|`\- +]*/;

export function parseMultipathLl(text: string, node?: string): MultipathMap[] {
  const input = checkInput(SRC_LL, node, text);
  return guardParse(SRC_LL, node, input, () => {
    const maps: MultipathMap[] = [];
    let cur: MultipathMap | undefined;
    let group: MultipathPathGroup | undefined;
    const errors: string[] = [];
    for (const raw of input.split('\n')) {
      const line = raw.replace(/\r$/, '');
      if (line.trim() === '') continue;
      let m: RegExpExecArray | null;
      if (!/^[|` ]/.test(line) && (m = MAP_HEAD.exec(line)) && !line.startsWith('size=')) {
        const [vendor, ...prod] = (m[4] ?? '').split(',');
        const wwid = m[2] ?? (m[1] as string);
        cur = { name: m[1] as string, wwid, sysfs: m[3] as string, vendor: nonEmpty(vendor), product: nonEmpty(prod.join(',')), pathGroups: [] };
        group = undefined;
        maps.push(cur);
      } else if (cur && (m = MAP_PROPS.exec(line))) {
        cur.size = m[1];
        cur.features = nonEmpty(m[2]);
      } else if (cur && (m = PG_LINE.exec(line))) {
        group = { selector: nonEmpty(m[1]), priority: Number(m[2]), status: m[3] as string, paths: [] };
        cur.pathGroups.push(group);
      } else if (group && /^[|` ]/.test(line)) {
        const t = line.replace(TREE_PREFIX, '').trim().split(/\s+/);
        // "H:C:T:L dev MAJ:MIN dm_state checker_state… online_state"; checker may be "i/o pending".
        if (t.length < 6 || !/^(\d+|#):(\d+|#):(\d+|#):(\d+|#)$/.test(t[0] as string) || !/^(\d+|#):(\d+|#)$/.test(t[2] as string)) {
          throw new ParseError(SRC_LL, node, `map ${cur?.name}: unexpected path line ${JSON.stringify(line.slice(0, 100))}`, input.slice(0, 200));
        }
        group.paths.push({
          hcil: t[0],
          dev: t[1] as string,
          devT: t[2],
          dmState: t[3] as string,
          checkerState: t.slice(4, -1).join(' '),
          onlineState: t[t.length - 1],
        });
      } else if (!cur) {
        // Lines before the first map are warnings/errors printed by multipath (e.g. "… | sda: …").
        errors.push(line);
      }
    }
    if (maps.length === 0 && errors.some((l) => /Failure to communicate|DM multipath kernel driver not loaded|cannot get kernel dm version|permission denied/i.test(l))) {
      throw new ParseError(SRC_LL, node, `multipath -ll failed: ${errors.find((l) => /Failure|driver|kernel|permission/i.test(l))?.trim().slice(0, 160)}`, input.slice(0, 200));
    }
    for (const mp of maps) {
      if (mp.pathGroups.length === 0) throw new ParseError(SRC_LL, node, `map ${mp.name}: no path groups (truncated output?)`, input.slice(0, 200));
    }
    if (maps.length === 0 && errors.length > 0 && !errors.every((l) => /^\S+ \| /.test(l.trim()) || /^\d+\.\d+ \| /.test(l.trim()))) {
      throw new ParseError(SRC_LL, node, `not multipath -ll output: ${JSON.stringify(errors[0]?.slice(0, 100))}`, input.slice(0, 200));
    }
    return maps;
  });
}
