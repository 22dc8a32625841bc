// stonith_admin (pacemaker 2.1 text output), sbd list/dump, the sysfs watchdog listing and the
// sbd sysconfig file. Formats: see fixtures/README.md (most fixtures are real captures).
import { ParseError, checkInput, guardParse } from '../parse-error.js';
import { isSpace, skipSpace } from '../text-scan.js';
import type { SbdHeader, SbdSlot, StonithRegistered, StonithTargets, WatchdogInfo } from '../../model/fencing.js';

const lines = (t: string): string[] => t.split('\n').map((l) => l.replace(/\r$/, ''));
const excerpt = (t: string): string => t.slice(0, 200);

/** pacemaker 2.x ends a text list with "N fence device(s) found"; 1.1 said "No fence devices found". */
const FOUND = /^\s*(\d+|No) fence devices? found\s*$/i;

function parseStonithDeviceList(source: string, what: string, text: string, node: string | undefined): string[] {
  const input = checkInput(source, node, text);
  return guardParse(source, node, input, () => {
    const devices: string[] = [];
    let count: number | undefined;
    for (const line of lines(input)) {
      if (line.trim() === '') continue;
      const f = FOUND.exec(line);
      if (f) {
        count = f[1]?.toLowerCase() === 'no' ? 0 : Number(f[1]);
        continue;
      }
      if (count !== undefined) {
        throw new ParseError(source, node, `${what}: unexpected text after the device count: ${JSON.stringify(line.slice(0, 80))}`, excerpt(input));
      }
      // --text-fancy and nested lists indent/bullet items; a device id never has spaces.
      const item = line.trim().replace(/^\*\s+/, '');
      if (/\s/.test(item) || item.length > 256) {
        throw new ParseError(source, node, `${what}: ${line.trim().slice(0, 120)}`, excerpt(input));
      }
      devices.push(item);
    }
    if (count === undefined) {
      throw new ParseError(
        source,
        node,
        input.trim() === '' ? `${what}: no output` : `${what}: no "N fence devices found" line (truncated output?)`,
        excerpt(input),
      );
    }
    if (count !== devices.length) {
      throw new ParseError(source, node, `${what}: says ${count} devices but lists ${devices.length}`, excerpt(input));
    }
    return devices;
  });
}

/** `stonith_admin --list-registered` */
export function parseStonithRegistered(text: string, node?: string): StonithRegistered {
  return { devices: parseStonithDeviceList('stonith_admin', 'stonith_admin --list-registered', text, node) };
}

/** `stonith_admin --list TARGET`: the devices able to fence TARGET. */
export function parseStonithList(text: string, target: string, node?: string): StonithTargets {
  return { target, devices: parseStonithDeviceList('stonith_admin', `stonith_admin --list ${target}`, text, node) };
}

/** Unquotes a shell-style value: "…" (with \" \\ \$ \` escapes), '…', or bare (up to " #"). */
function shellValue(v: string): string | undefined {
  const s = v.trim();
  if (s.startsWith('"')) {
    let out = '';
    for (let i = 1; i < s.length; i++) {
      const c = s[i] as string;
      if (c === '\\' && i + 1 < s.length && '"\\$`'.includes(s[i + 1] as string)) {
        out += s[++i];
      } else if (c === '"') {
        const rest = s.slice(i + 1).trim();
        return rest === '' || rest.startsWith('#') ? out : undefined;
      } else out += c;
    }
    return undefined; // unterminated
  }
  if (s.startsWith("'")) {
    const end = s.indexOf("'", 1);
    if (end < 0) return undefined;
    const rest = s.slice(end + 1).trim();
    return rest === '' || rest.startsWith('#') ? s.slice(1, end) : undefined;
  }
  return stripComment(s);
}

/**
 * s.replace(/\s+#.*$/, '') by index: the first whitespace run followed by a '#' with no line
 * break after it starts the comment (the regex tried every start in a run: quadratic).
 */
export function stripComment(s: string): string {
  let lastBreak = -1;
  for (let i = s.length - 1; i >= 0 && lastBreak < 0; i--) if (isLineBreak(s.charCodeAt(i))) lastBreak = i;
  for (let i = 0; i < s.length; ) {
    if (!isSpace(s.charCodeAt(i))) {
      i++;
      continue;
    }
    const runEnd = skipSpace(s, i, s.length);
    if (s.charCodeAt(runEnd) === 35 && runEnd > lastBreak) return s.slice(0, i); // '#'
    i = runEnd;
  }
  return s;
}

const isLineBreak = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/**
 * /etc/sysconfig/sbd or /etc/default/sbd (sourced by the sbd unit as shell assignments).
 * SBD_DEVICE lists up to three devices separated by ';'. An empty file (the collector's `cat`
 * of a missing file prints nothing on stdout) is an empty configuration.
 */
export function parseSbdConfig(
  text: string,
  node?: string,
): { devices: string[]; watchdogDev?: string; raw: Record<string, string> } {
  const source = 'sbd-config';
  const input = checkInput(source, node, text);
  return guardParse(source, node, input, () => {
    // Keys come from the node: a null-prototype map keeps "__proto__=…" as data, not a setter.
    const raw = Object.create(null) as Record<string, string>;
    lines(input).forEach((line, i) => {
      const t = line.trim();
      if (t === '' || t.startsWith('#')) return;
      const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(t);
      if (!m) throw new ParseError(source, node, `line ${i + 1} is not KEY=VALUE: ${JSON.stringify(t.slice(0, 80))}`, excerpt(input));
      const key = m[1] as string;
      const value = shellValue(m[2] as string);
      if (value === undefined) throw new ParseError(source, node, `line ${i + 1}: unbalanced quotes in the value of ${key}`, excerpt(input));
      raw[key] = value;
    });
    const devices = (raw['SBD_DEVICE'] ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean);
    const wd = raw['SBD_WATCHDOG_DEV']?.trim();
    return { devices, watchdogDev: wd ? wd : undefined, raw };
  });
}

/** sbd reports an unreadable device/header with these words (stdout and stderr mixed). */
const SBD_FAILED = /NOT dumped|unreadable|sbd failed|No such file or directory|Permission denied|Failed to open|Can't open/i;

/** `sbd -d PATH list`: "slot\tnode\tmessage\t[sender]". No allocated slot → no output. */
export function parseSbdList(text: string, path: string, node?: string): SbdSlot[] {
  const source = 'sbd';
  const input = checkInput(source, node, text);
  return guardParse(source, node, input, () => {
    if (SBD_FAILED.test(input)) throw new ParseError(source, node, `sbd list ${path}: device unreadable or has no sbd header`, excerpt(input));
    const slots: SbdSlot[] = [];
    for (const line of lines(input)) {
      if (line.trim() === '') continue;
      const f = line.split('\t');
      const slot = f[0] ?? '';
      if (!/^\d{1,3}$/.test(slot) || f.length < 3 || !f[1] || !f[2]) {
        throw new ParseError(source, node, `sbd list ${path}: unexpected line ${JSON.stringify(line.slice(0, 80))}`, excerpt(input));
      }
      const sender = f[3]?.trim();
      slots.push({ slot: Number(slot), node: f[1], message: f[2], sender: sender ? sender : undefined });
    }
    return slots;
  });
}

const DUMP_KEYS: Record<string, keyof SbdHeader> = {
  UUID: 'uuid',
  'Number of slots': 'slots',
  'Sector size': 'sectorSize',
  'Timeout (watchdog)': 'timeoutWatchdog',
  'Timeout (allocate)': 'timeoutAllocate',
  'Timeout (loop)': 'timeoutLoop',
  'Timeout (msgwait)': 'timeoutMsgwait',
};

/** `sbd -d PATH dump`: "Key  : value" lines between "==Dumping header" and "is dumped". */
export function parseSbdDump(text: string, path: string, node?: string): SbdHeader {
  const source = 'sbd';
  const input = checkInput(source, node, text);
  return guardParse(source, node, input, () => {
    if (SBD_FAILED.test(input)) throw new ParseError(source, node, `sbd dump ${path}: device unreadable or has no sbd header`, excerpt(input));
    const h: SbdHeader = {};
    let version: string | undefined;
    for (const line of lines(input)) {
      // /^([A-Za-z][A-Za-z ()]*?)\s*:\s*(.*?)\s*$/ by index (its key part backtracked quadratically on spaces)
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const key = line.slice(0, colon).trimEnd();
      const value = line.slice(colon + 1).trim();
      if (!/^[A-Za-z][A-Za-z ()]*$/.test(key) || /[\n\r\u2028\u2029]/.test(value)) continue;
      if (key === 'Header version') version = value;
      const field = DUMP_KEYS[key];
      if (!field) continue;
      if (field === 'uuid') h.uuid = value;
      else {
        if (!/^\d{1,9}$/.test(value)) {
          throw new ParseError(source, node, `sbd dump ${path}: ${key} is not a number: ${JSON.stringify(value.slice(0, 40))}`, excerpt(input));
        }
        h[field] = Number(value);
      }
    }
    if (version === undefined || !h.uuid) {
      throw new ParseError(source, node, `sbd dump ${path}: no header (missing "Header version"/"UUID")`, excerpt(input));
    }
    return h;
  });
}

/**
 * The sysfs watchdog listing (WATCHDOG_SYSFS_SCRIPT in command.ts): one `NAME<TAB>IDENTITY<TAB>STATE`
 * line per /sys/class/watchdog entry; no line means no watchdog. The first device by number is
 * the one sbd opens by default (/dev/watchdog is watchdog0). Identity and state are empty on a
 * kernel without CONFIG_WATCHDOG_SYSFS; state is the kernel's "active"/"inactive".
 */
export function parseWatchdogSysfs(text: string, node?: string): WatchdogInfo {
  const source = 'watchdog-sysfs';
  const input = checkInput(source, node, text);
  return guardParse(source, node, input, () => {
    const devs: { n: number; name: string; identity: string; state: string }[] = [];
    const seen = new Set<string>();
    for (const line of lines(input)) {
      if (line.trim() === '') continue;
      const f = line.split('\t');
      const bad = (why: string) => new ParseError(source, node, `watchdog listing: ${why}: ${JSON.stringify(line.slice(0, 80))}`, excerpt(input));
      if (f.length < 3) throw bad('not NAME<TAB>IDENTITY<TAB>STATE');
      const name = f[0] as string;
      if (!/^watchdog\d{1,6}$/.test(name)) throw bad('not a watchdogN device name');
      if (seen.has(name)) throw bad('device listed twice');
      seen.add(name);
      const state = (f[f.length - 1] as string).trim();
      if (state !== '' && state !== 'active' && state !== 'inactive') throw bad(`unknown state ${JSON.stringify(state.slice(0, 20))}`);
      // An identity holding a tab would split into more fields: everything between name and state.
      devs.push({ n: Number(name.slice('watchdog'.length)), name, identity: f.slice(1, -1).join('\t').trim(), state });
    }
    if (devs.length === 0) return { present: false };
    const first = devs.reduce((a, b) => (b.n < a.n ? b : a)); // the shell glob sorts watchdog10 before watchdog2
    const info: WatchdogInfo = { present: true, device: `/dev/${first.name}` };
    if (first.identity) info.identity = first.identity;
    if (first.state === 'active' || first.state === 'inactive') info.state = first.state;
    return info;
  });
}
