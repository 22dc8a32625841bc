import { cmd, type Cmd } from '../../ssh/cmd.js';

/** lvmlockd's lockspaces and the locks held in them. Root: it talks to lvmlockd's socket. */
export const lvmlockctlInfoCmd = (): Cmd => cmd('lvmlockctl', '--info').sudo().timeout(10_000).done();

/** The kernel dlm's lockspaces and their members, from dlm_controld. */
export const dlmToolLsCmd = (): Cmd => cmd('dlm_tool', 'ls').sudo().timeout(10_000).done();

/** The fields the pane and the alert read (lvs names the lock args field lv_lockargs). */
export const LVS_FIELDS = ['vg_name', 'lv_name', 'lv_uuid', 'lv_path', 'lv_dm_path', 'lv_active_locally', 'lv_active_exclusively', 'lv_device_open', 'vg_shared', 'vg_lock_type', 'lv_size'] as const;

/**
 * The LVs of shared VGs. --shared: still report them when lvmlockd is not in use on the node (a
 * misconfigured node must not hide its shared VGs); a VG whose lockspace is not started is read
 * without a lock (a warning on stderr), which is exactly the state worth seeing.
 */
export const lvsSharedCmd = (): Cmd =>
  cmd('lvs', '--shared', '--reportformat', 'json', '--binary', '--units', 'b', '--nosuffix', '-o', LVS_FIELDS.join(','), '-S', 'vg_shared=1')
    .sudo()
    .timeout(20_000)
    .done();
