// Pure judgements over one node's LVM data: is each shared VG's lockspace there, which running
// VMs have disks on it, and the alert when a lockspace is missing under running VMs.
import { lockspaceName, type LvmNodeData, type LvmVg } from './model.js';

/** What the health needs of a VM: its name, state and disk source paths. */
export interface VmDisks {
  name: string;
  state: string;
  disks?: readonly string[];
}

/**
 * The VG a disk path lives on: /dev/<vg>/<lv>, or /dev/mapper/<vg>-<lv> where device-mapper
 * doubles the dashes inside names ("vg--a-lv" is VG "vg-a"). undefined for anything else.
 */
export function vgOfPath(path: string): string | undefined {
  const mapper = /^\/dev\/mapper\/(.+)$/.exec(path);
  if (mapper) {
    const m = /^((?:[^-]|--)+)-(?!-)/.exec(mapper[1]!);
    return m ? m[1]!.replace(/--/g, '-') : undefined;
  }
  const m = /^\/dev\/([^/]+)\/[^/]+$/.exec(path);
  // /dev/disk/…, /dev/mapper handled above: only a two-level path naming a VG directory.
  return m && !['disk', 'mapper', 'block', 'char', 'pts', 'shm', 'net', 'bus', 'input', 'snd', 'dri', 'vfio'].includes(m[1]!) ? m[1] : undefined;
}

const RUNNING = new Set(['running', 'paused', 'idle', 'in shutdown']);

/** Running VMs of `vms` with a disk on `vg`. */
export function vmsOnVg(vms: readonly VmDisks[] | undefined, vg: string): string[] {
  return (vms ?? []).filter((v) => RUNNING.has(v.state) && (v.disks ?? []).some((d) => vgOfPath(d) === vg)).map((v) => v.name);
}

export type LockspaceState = 'ok' | 'missing' | 'no-lvmlockd';
export type DlmState = 'ok' | 'missing' | 'changing' | 'unknown';

export interface VgNodeHealth {
  vg: string;
  lockType?: string;
  /** lvmlockd holds lvm_<vg> here. */
  lockspace: LockspaceState;
  /** The kernel dlm's view of the same lockspace (dlm lock type only; 'unknown' without dlm_tool data). */
  dlm: DlmState;
  dlmMembers?: number;
  lvsActive: number;
  lvsTotal: number;
  /** Running VMs on this node with disks on the VG. */
  vms: string[];
}

export function vgNodeHealth(vg: LvmVg, data: LvmNodeData, vms: readonly VmDisks[] | undefined): VgNodeHealth {
  const name = lockspaceName(vg.name);
  const held = data.lockspaces.some((l) => l.name === name);
  const dl = data.dlm?.find((l) => l.name === name);
  const dlm: DlmState = vg.lockType !== 'dlm' || data.dlm === undefined ? 'unknown' : !dl ? 'missing' : dl.changing ? 'changing' : 'ok';
  const h: VgNodeHealth = {
    vg: vg.name,
    lockspace: !data.lvmlockd ? 'no-lvmlockd' : held ? 'ok' : 'missing',
    dlm,
    lvsActive: vg.lvs.filter((l) => l.activeLocally === true).length,
    lvsTotal: vg.lvs.length,
    vms: vmsOnVg(vms, vg.name),
  };
  if (vg.lockType !== undefined) h.lockType = vg.lockType;
  if (dl) h.dlmMembers = dl.members.length;
  return h;
}

/** A lockspace is usable when lvmlockd holds it and, for dlm, the kernel dlm has it too. */
export const lockspaceUsable = (h: VgNodeHealth): boolean => h.lockspace === 'ok' && h.dlm !== 'missing';

/** Alert drafts in the store's shape (alerts.ts Draft: rule, node, subject, severity, message). */
export interface LvmAlertDraft {
  rule: 'lvm-lockspace';
  node: string;
  subject: string;
  severity: 'critical';
  message: string;
}

/**
 * One critical alert per shared VG whose lockspace is missing on `node` while VMs running there
 * have disks on it: their LVs are unprotected (another node can activate them exclusively) and
 * any LV change or live migration will fail.
 */
export function lockspaceAlerts(node: string, data: LvmNodeData | undefined, vms: readonly VmDisks[] | undefined): LvmAlertDraft[] {
  if (!data) return [];
  const out: LvmAlertDraft[] = [];
  for (const vg of data.vgs) {
    const h = vgNodeHealth(vg, data, vms);
    if (lockspaceUsable(h) || h.vms.length === 0) continue;
    const why = h.lockspace === 'no-lvmlockd' ? 'lvmlockd is not running' : h.lockspace === 'missing' ? `lvmlockd holds no lockspace ${lockspaceName(vg.name)}` : `the dlm has no lockspace ${lockspaceName(vg.name)}`;
    out.push({ rule: 'lvm-lockspace', node, subject: vg.name, severity: 'critical', message: `shared VG ${vg.name} unlocked on ${node} (${why}) while VMs run on it: ${h.vms.join(', ')}` });
  }
  return out;
}
