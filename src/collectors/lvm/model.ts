// Cluster LVM as one node sees it: lvmlockd's lockspaces (lvmlockctl --info), the kernel dlm's
// lockspaces (dlm_tool ls) and the shared VGs' LVs (lvs --reportformat json).

/** One lockspace lvmlockd holds (a `VG …` / `LS …` block of `lvmlockctl --info`). */
export interface LvmLockspace {
  /** The VG; undefined for the dlm global lockspace (lvm_global), which belongs to no VG. */
  vg?: string;
  /** "lvm_<vg>", or "lvm_global". */
  name: string;
  /** dlm or sanlock ("" when lvmlockctl printed none, as it does for lvm_global). */
  lockType: string;
  vgUuid?: string;
  /** LV locks held here: the LV's UUID (lvmlockd names LV locks by UUID) and mode (sh, ex). */
  lvLocks: { uuid: string; mode: string }[];
}

/** One dlm lockspace (a `name …` block of `dlm_tool ls`). */
export interface DlmLockspace {
  name: string;
  /** Node ids of the members (the `members` line). */
  members: number[];
  /** A membership change is in progress (`new change` line): joining, leaving or recovering. */
  changing: boolean;
}

export interface LvmLv {
  vg: string;
  name: string;
  uuid?: string;
  /** /dev/<vg>/<lv> */
  path?: string;
  /** /dev/mapper/<vg>-<lv> (dashes in names doubled) */
  dmPath?: string;
  /** undefined: lvs could not tell (no device-mapper, -1 with --binary). */
  activeLocally?: boolean;
  activeExclusively?: boolean;
  open?: boolean;
  sizeBytes?: number;
}

export interface LvmVg {
  name: string;
  shared: boolean;
  /** dlm, sanlock, none… as lvs reports vg_lock_type. */
  lockType?: string;
  lvs: LvmLv[];
}

/** The LVM source's store data for one node. */
export interface LvmNodeData {
  /** false: lvmlockctl could not reach lvmlockd (no lockspace can be held). */
  lvmlockd: boolean;
  lockspaces: LvmLockspace[];
  /** undefined: dlm_tool could not reach dlm_controld. */
  dlm?: DlmLockspace[];
  /** Shared VGs only (the lvs read selects vg_shared=1). */
  vgs: LvmVg[];
}

/** lvmlockd's lockspace name for a VG (lvmlockd-core.c: "lvm_" + vg name). */
export const lockspaceName = (vg: string): string => `lvm_${vg}`;

// The source's store slice: NodeSlice.lvm, declared here (module augmentation) so the store's
// shape grows with the source and store/types.ts needs no edit. Written by collector.ts.
declare module '../../store/types.js' {
  interface NodeSlice {
    /** Cluster LVM (src/collectors/lvm): lockspaces, dlm lockspaces, shared VGs. */
    lvm?: LvmNodeData;
  }
}
