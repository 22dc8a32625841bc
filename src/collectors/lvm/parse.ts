// `lvmlockctl --info`, `dlm_tool ls` and `lvs --reportformat json --binary` → the LVM model.
// Formats: lvm2 daemons/lvmlockd/lvmlockctl.c (format_info_*), dlm dlm_tool/main.c (show_ls),
// lvm2's JSON report; see fixtures/README.md for what was captured from the real tools.
import { ParseError, checkInput, guardParse } from '../parse-error.js';
import type { DlmLockspace, LvmLockspace, LvmLv, LvmVg } from './model.js';

const SRC_LVMLOCKCTL = 'lvmlockctl';
const SRC_DLM = 'dlm_tool';
const SRC_LVS = 'lvs';

const lines = (t: string): string[] => t.split('\n').map((l) => l.trimEnd());

/**
 * The formatted `lvmlockctl --info`: per lockspace a `VG <vg> lock_type=<t> <uuid>` line, an
 * `LS <type> <name>` line, then `LK`/`LW` lock lines (`LK LV <mode> <lv uuid>`), `OP` action
 * lines, `UN` raw lines it could not format. Blank lines separate lockspaces.
 */
export function parseLvmlockctlInfo(text: string, node?: string): LvmLockspace[] {
  const input = checkInput(SRC_LVMLOCKCTL, node, text);
  return guardParse(SRC_LVMLOCKCTL, node, input, () => {
    const out: LvmLockspace[] = [];
    let cur: LvmLockspace | undefined;
    let vgLine: { vg?: string; lockType: string; vgUuid?: string } | undefined;
    for (const [i, line] of lines(input).entries()) {
      if (line.trim() === '') continue;
      const tok = line.split(/\s+/);
      const bad = (why: string) => new ParseError(SRC_LVMLOCKCTL, node, `--info line ${i + 1}: ${why}`, line.slice(0, 200));
      switch (tok[0]) {
        case 'VG': {
          // The dlm global lockspace has no VG: lvmlockctl's sscanf then prints "VG vg_uuid= lock_type= ".
          const global = tok[1] === 'vg_uuid=';
          const lt = tok.find((t) => t.startsWith('lock_type='));
          if (!tok[1] || !lt) throw bad('a VG line without a name or lock_type=');
          vgLine = { lockType: lt.slice('lock_type='.length), ...(global ? {} : { vg: tok[1] }), ...(!global && tok[3] ? { vgUuid: tok[3] } : {}) };
          cur = undefined;
          break;
        }
        case 'LS': {
          if (!vgLine) throw bad('LS before any VG line');
          // "LS <type> <name>", or "LS  <name>" (empty type) for the global lockspace.
          const parts = line.slice(3).trim().split(/\s+/);
          const name = parts.length >= 2 ? parts[1]! : parts[0];
          if (!name) throw bad('LS without a lockspace name');
          cur = { name, lockType: vgLine.lockType || (parts.length >= 2 ? parts[0]! : ''), lvLocks: [] };
          if (vgLine.vg !== undefined) cur.vg = vgLine.vg;
          if (vgLine.vgUuid !== undefined) cur.vgUuid = vgLine.vgUuid;
          out.push(cur);
          vgLine = undefined;
          break;
        }
        case 'LK':
        case 'LW': {
          if (!cur) throw bad(`${tok[0]} outside a lockspace`);
          // Held LV locks only: "LK LV <mode> <uuid>" (LW is a waiter, not a holder).
          if (tok[0] === 'LK' && tok[1] === 'LV') {
            if (!tok[2] || !tok[3]) throw bad('an LV lock line without mode or LV');
            if (tok[2] !== 'un') cur.lvLocks.push({ uuid: tok[3], mode: tok[2] });
          }
          break;
        }
        case 'OP':
        case 'UN':
          break;
        default:
          throw bad('not lvmlockctl --info output');
      }
    }
    if (vgLine) throw new ParseError(SRC_LVMLOCKCTL, node, '--info ends after a VG line without its LS line');
    return out;
  });
}

/**
 * `dlm_tool ls`: "dlm lockspaces", then per lockspace `name`, `id`, `flags`, `change`, `members`
 * lines (and `new change` / `new status` / `new members` while membership changes). Nothing at
 * all when there is no lockspace.
 */
export function parseDlmToolLs(text: string, node?: string): DlmLockspace[] {
  const input = checkInput(SRC_DLM, node, text);
  return guardParse(SRC_DLM, node, input, () => {
    const ls = lines(input).filter((l) => l.trim() !== '');
    if (ls.length === 0) return [];
    if (ls[0]!.trim() !== 'dlm lockspaces') throw new ParseError(SRC_DLM, node, 'ls: output does not start with "dlm lockspaces"', ls[0]!.slice(0, 200));
    const out: DlmLockspace[] = [];
    let cur: DlmLockspace | undefined;
    for (const line of ls.slice(1)) {
      const m = /^(name|members|new change)\s+(.*)$/.exec(line);
      if (!m) continue; // id, flags, change, new status, all nodes, nodeid …: not needed
      const [, key, value] = m;
      if (key === 'name') {
        cur = { name: value!.trim(), members: [], changing: false };
        if (!cur.name) throw new ParseError(SRC_DLM, node, 'ls: a lockspace without a name', line);
        out.push(cur);
        continue;
      }
      if (!cur) throw new ParseError(SRC_DLM, node, `ls: "${key}" before any lockspace name`, line.slice(0, 200));
      if (key === 'new change') cur.changing = true;
      else if (value!.trim() !== 'error') {
        const ids = value!.trim().split(/\s+/).filter((x) => x !== '');
        if (ids.some((x) => !/^\d+$/.test(x))) throw new ParseError(SRC_DLM, node, `ls: lockspace ${cur.name}: members are not node ids`, line.slice(0, 200));
        cur.members = ids.map(Number);
      }
    }
    return out;
  });
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (o: Obj, k: string): string | undefined => (typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : undefined);
/** --binary: "1"/"0", "-1" when lvs cannot tell; the descriptive words without --binary. */
const bin = (o: Obj, k: string): boolean | undefined => {
  const v = o[k];
  if (v === '1') return true;
  if (v === '0' || v === '') return false;
  if (typeof v === 'string' && v !== '-1' && v !== 'unknown') return true;
  return undefined;
};

/**
 * `lvs --reportformat json --binary --units b --nosuffix -o …`: {"report": [{"lv": [{field: value}]}]},
 * every value a string. Rows are grouped into VGs (in report order); fields not asked for are ignored.
 */
export function parseLvsJson(text: string, node?: string): LvmVg[] {
  const input = checkInput(SRC_LVS, node, text);
  return guardParse(SRC_LVS, node, input, () => {
    const trimmed = input.trim();
    if (trimmed === '') throw new ParseError(SRC_LVS, node, 'printed nothing');
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch (e) {
      throw new ParseError(SRC_LVS, node, `invalid JSON report (${e instanceof Error ? e.message : String(e)})`, trimmed.slice(0, 200));
    }
    if (!isObj(doc) || !Array.isArray(doc['report'])) throw new ParseError(SRC_LVS, node, 'JSON has no "report" array', trimmed.slice(0, 200));
    const vgs = new Map<string, LvmVg>();
    for (const [ri, rep] of (doc['report'] as unknown[]).entries()) {
      if (!isObj(rep)) throw new ParseError(SRC_LVS, node, `report[${ri}] is not an object`);
      const rows = rep['lv'];
      if (rows === undefined) continue;
      if (!Array.isArray(rows)) throw new ParseError(SRC_LVS, node, `report[${ri}].lv is not an array`);
      for (const [i, row] of rows.entries()) {
        if (!isObj(row)) throw new ParseError(SRC_LVS, node, `report[${ri}].lv[${i}] is not an object`);
        const vg = str(row, 'vg_name');
        const name = str(row, 'lv_name');
        if (!vg || !name) throw new ParseError(SRC_LVS, node, `report[${ri}].lv[${i}] lacks vg_name or lv_name`, JSON.stringify(row).slice(0, 200));
        let g = vgs.get(vg);
        if (!g) {
          g = { name: vg, shared: bin(row, 'vg_shared') === true, lvs: [] };
          const lt = str(row, 'vg_lock_type');
          if (lt) g.lockType = lt;
          vgs.set(vg, g);
        }
        g.lvs.push(lvOf(row, vg, name));
      }
    }
    return [...vgs.values()];
  });
}

function lvOf(row: Obj, vg: string, name: string): LvmLv {
  const lv: LvmLv = { vg, name };
  const set = <K extends keyof LvmLv>(k: K, v: LvmLv[K] | undefined) => {
    if (v !== undefined) lv[k] = v;
  };
  set('uuid', str(row, 'lv_uuid'));
  set('path', str(row, 'lv_path'));
  set('dmPath', str(row, 'lv_dm_path'));
  set('activeLocally', bin(row, 'lv_active_locally'));
  set('activeExclusively', bin(row, 'lv_active_exclusively'));
  set('open', bin(row, 'lv_device_open'));
  const size = str(row, 'lv_size');
  if (size !== undefined && /^\d+$/.test(size)) lv.sizeBytes = Number(size);
  return lv;
}
