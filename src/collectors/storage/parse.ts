// Parsers for virsh pool-list/vol-list (C.UTF-8 locale, command.ts), iscsiadm -m session -P 3
// (the layout of open-iscsi's usr/session_info.c) and the SAN sysfs read (SAN_SYSFS_SCRIPT).
import { checkInput, guardParse, ParseError } from '../parse-error.js';
import type { FcPort, IscsiSession, LunQueue, PoolKind, StoragePool, StorageVolume } from './model.js';

/** vshPrettyCapacity's units (virsh prints "%.2f %s"). */
const UNITS: Readonly<Record<string, number>> = { B: 1, bytes: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, PiB: 2 ** 50, EiB: 2 ** 60 };

/** Table rows of a virsh table: the lines after the dashes line, without blank ones. */
function tableRows(text: string): { header: string; rows: string[] } {
  const lines = text.split('\n');
  const dash = lines.findIndex((l) => /^-{3,}\s*$/.test(l));
  if (dash < 1) throw new Error('no virsh table (header and dashes line)');
  return { header: lines[dash - 1]!, rows: lines.slice(dash + 1).filter((l) => l.trim() !== '') };
}

/** Reads a table line word by word from its end; what is left is the leading column(s), which may hold spaces. */
class FromRight {
  private end: number;
  constructor(private readonly line: string) {
    this.end = line.length;
  }
  word(): string | undefined {
    let e = this.end;
    while (e > 0 && this.line[e - 1] === ' ') e--;
    let s = e;
    while (s > 0 && this.line[s - 1] !== ' ') s--;
    this.end = s;
    return s === e ? undefined : this.line.slice(s, e);
  }
  /** A size ("100.00 GiB", vshPrettyCapacity) or "-" (unknown: undefined). */
  size(): number | undefined {
    const unitWord = this.word();
    if (unitWord === '-') return undefined;
    const unit = unitWord === undefined ? undefined : UNITS[unitWord];
    const num = this.word();
    if (unit === undefined || num === undefined || !/^\d+(?:\.\d+)?$/.test(num)) throw new Error(`not a size: ${num ?? ''} ${unitWord ?? ''}`);
    return Math.round(Number(num) * unit);
  }
  /** The text before the words read, without the row's leading space and the padding. */
  rest(): string {
    return this.line.slice(0, this.end).replace(/^ /, '').trimEnd();
  }
}

const yesNo = (w: string | undefined): boolean => {
  if (w === 'yes') return true;
  if (w === 'no' || w === '-') return false;
  throw new Error(`expected yes or no, got ${w ?? 'nothing'}`);
};

/** `virsh pool-list --all --details`: Name State Autostart Persistent Capacity Allocation Available. */
export function parsePoolList(text: string, node?: string, kinds: { network?: readonly string[]; logical?: readonly string[] } = {}): StoragePool[] {
  checkInput('pools', node, text);
  return guardParse('pools', node, text, () => {
    if (text.trim() === '') return [];
    return tableRows(text).rows.map((l) => {
      const r = new FromRight(l);
      const available = r.size();
      const allocation = r.size();
      const capacity = r.size();
      const persistent = yesNo(r.word());
      const autostart = yesNo(r.word());
      const state = r.word();
      const name = r.rest();
      if (!name || !state) throw new ParseError('pools', node, 'pool line without a name or state', l);
      const kind: PoolKind = kinds.network?.includes(name) ? 'network' : kinds.logical?.includes(name) ? 'logical' : 'local';
      const p: StoragePool = { name, state, autostart, persistent, kind };
      if (capacity !== undefined) p.capacityBytes = capacity;
      if (allocation !== undefined) p.allocationBytes = allocation;
      if (available !== undefined) p.availableBytes = available;
      return p;
    });
  });
}

/** `virsh pool-list --name …`: one name per line, padded with spaces. */
export function parsePoolNames(text: string, node?: string): string[] {
  checkInput('pools', node, text);
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
}

/**
 * `virsh vol-list --details`: Name Path Type Capacity Allocation. Name and path may both hold
 * spaces: type and sizes come from the right; the name ends where the header's Path column
 * starts (vshTable pads by display width, so this holds for ASCII names), else at the first run
 * of three spaces (the column gap).
 */
export function parseVolList(text: string, node?: string): StorageVolume[] {
  checkInput('pools', node, text);
  return guardParse('pools', node, text, () => {
    if (text.trim() === '') return [];
    const { header, rows } = tableRows(text);
    const pathCol = header.indexOf(' Path ') + 1;
    return rows.map((l) => {
      const r = new FromRight(l);
      const allocation = r.size();
      const capacity = r.size();
      const type = r.word();
      const head = r.rest();
      const line = ` ${head}`;
      let name: string;
      let path: string;
      // eslint-disable-next-line no-control-regex
      if (pathCol > 0 && /^[\x00-\x7f]*$/.test(line.slice(0, pathCol)) && line[pathCol - 1] === ' ' && line[pathCol] !== ' ') {
        name = line.slice(1, pathCol).trimEnd();
        path = line.slice(pathCol);
      } else {
        const gap = head.indexOf('   ');
        if (gap < 0) throw new ParseError('pools', node, 'volume line without a name/path gap', l);
        name = head.slice(0, gap);
        path = head.slice(gap).replace(/^ +/, '');
      }
      if (!type) throw new ParseError('pools', node, 'volume line without a type', l);
      const v: StorageVolume = { name, path, type };
      if (capacity !== undefined) v.capacityBytes = capacity;
      if (allocation !== undefined) v.allocationBytes = allocation;
      return v;
    });
  });
}

/** iscsiadm's words when there is no session (exit 21): an empty list, not a failure. */
export const NO_ISCSI_SESSIONS = /No active sessions/;

/**
 * `iscsiadm -m session -P 3`. session_info_print_tree prints "Target:" once per target and the
 * portals once per portal; each session's record starts at its "SID:" line (the iface lines
 * before it belong to it), and its "Attached scsi disk" lines follow.
 */
export function parseIscsiSessions(text: string, node?: string): IscsiSession[] {
  checkInput('iscsi', node, text);
  return guardParse('iscsi', node, text, () => {
    const out: IscsiSession[] = [];
    let target = '';
    let portal = '';
    let ifaceIp: string | undefined;
    let cur: IscsiSession | undefined;
    let lun = 0;
    for (const raw of text.split('\n')) {
      const l = raw.trim();
      const field = (key: string): string | undefined => (l.startsWith(key) ? l.slice(key.length).trim() : undefined);
      let v: string | undefined;
      if ((v = field('Target:')) !== undefined) {
        // iscsiadm ≥ 2.0.877 appends " (non-flash)" (or " (flash)" for offload HBAs).
        target = v.replace(/ \((?:non-)?flash\)$/, '');
        cur = undefined;
      } else if ((v = field('Current Portal:')) !== undefined) {
        portal = v;
        cur = undefined;
      } else if ((v = field('Iface IPaddress:')) !== undefined) ifaceIp = v;
      else if ((v = field('SID:')) !== undefined) {
        if (!/^\d+$/.test(v)) throw new ParseError('iscsi', node, 'SID is not a number', l);
        cur = { sid: Number(v), target, portal, state: 'Unknown', connState: 'Unknown', disks: [] };
        if (ifaceIp !== undefined && ifaceIp !== '<empty>' && ifaceIp !== 'default') cur.ifaceIp = ifaceIp;
        ifaceIp = undefined;
        out.push(cur);
      } else if (cur && (v = field('iSCSI Connection State:')) !== undefined) cur.connState = v;
      else if (cur && (v = field('iSCSI Session State:')) !== undefined) cur.state = v;
      else if (cur && l.startsWith('scsi') && l.includes(' Lun: ')) lun = Number(l.slice(l.lastIndexOf(' ') + 1));
      else if (cur && (v = field('Attached scsi disk')) !== undefined) {
        // "sdb\t\tState: running"
        const dev = v.split(/\s/)[0] ?? '';
        const st = v.indexOf('State:');
        cur.disks.push({ dev, state: st >= 0 ? v.slice(st + 6).trim() : 'Unknown', lun: Number.isFinite(lun) ? lun : 0 });
      }
    }
    if (out.length === 0 && text.trim() !== '' && !/^(?:iSCSI Transport Class|version )/.test(text.trim())) throw new ParseError('iscsi', node, 'no session records in iscsiadm output', text.slice(0, 200));
    return out;
  });
}

/** The selected scheduler of a queue/scheduler line ("mq-deadline kyber [none]" → none). */
export function selectedScheduler(line: string): string | undefined {
  const m = /\[([^\]\s]+)\]/.exec(line);
  return m?.[1];
}

/** The SAN sysfs read (SAN_SYSFS_SCRIPT): `fc` and `lun` lines. */
export function parseSanSysfs(text: string, node?: string): { fc: FcPort[]; luns: LunQueue[] } {
  checkInput('san', node, text);
  return guardParse('san', node, text, () => {
    const fc: FcPort[] = [];
    const luns: LunQueue[] = [];
    for (const l of text.split('\n')) {
      if (l === '') continue;
      const f = l.split('\t');
      if (f[0] === 'fc' && f.length >= 5) fc.push({ host: f[1]!, wwpn: f[2]!, state: f[3] || 'Unknown', speed: f[4]! });
      else if (f[0] === 'lun' && f.length >= 4) {
        const qd = Number(f[2]);
        if (!/^\d+$/.test(f[2]!)) throw new ParseError('san', node, 'queue_depth is not a number', l);
        const lq: LunQueue = { dev: f[1]!, queueDepth: qd };
        const sched = selectedScheduler(f[3]!);
        if (sched) lq.scheduler = sched;
        luns.push(lq);
      } else throw new ParseError('san', node, 'unexpected line in the SAN sysfs read', l);
    }
    return { fc, luns };
  });
}
