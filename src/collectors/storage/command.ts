import { cmd, type Cmd } from '../../ssh/cmd.js';
import { filePath, InvalidNameError } from '../../model/names.js';
import { VIRSH_ENV } from '../virsh/command.js';

const virsh = (uri: string, ...args: string[]) => cmd('virsh', '-c', uri, '-r', ...args).env(VIRSH_ENV).timeout(20_000);

/** Pool types whose storage every node reaches the same (network or SAN). `--type` takes only
 *  types this virsh knows: these exist in every libvirt since 1.2 (iscsi-direct, 4.7+, is left out). */
export const NETWORK_POOL_TYPES = ['netfs', 'iscsi', 'scsi', 'mpath', 'rbd', 'gluster'] as const;

export const poolListCmd = (uri: string): Cmd => virsh(uri, 'pool-list', '--all', '--details').done();
/** Names of the pools of some types (pool-list --details prints no type column). */
export const poolNamesCmd = (uri: string, types: readonly string[]): Cmd => virsh(uri, 'pool-list', '--all', '--name', '--type', types.join(',')).done();
export const networkPoolNamesCmd = (uri: string): Cmd => poolNamesCmd(uri, NETWORK_POOL_TYPES);
export const logicalPoolNamesCmd = (uri: string): Cmd => poolNamesCmd(uri, ['logical']);

/** libvirt pool names: any text but "/" (virStoragePoolDefParse); refused here too: control characters. */
export function poolName(v: string): string {
  if (v.length === 0 || v.length > 200) throw new InvalidNameError('pool name', v, 'empty or longer than 200 characters');
  if (/[\u0000-\u001f\u007f/]/.test(v)) throw new InvalidNameError('pool name', v, 'must not contain "/" or control characters');
  return v;
}
/** `--pool NAME`: a name starting with "-" is never read as an option. */
export const volListCmd = (uri: string, pool: string): Cmd => virsh(uri, 'vol-list', '--pool', poolName(pool), '--details').done();

/** Needs root (iscsid's IPC socket). Exit 21 with "No active sessions." when there are none. */
export const iscsiSessionsCmd = (): Cmd => cmd('iscsiadm', '-m', 'session', '-P', '3').sudo().timeout(15_000).done();

/**
 * FC HBA ports under $1 (`fc <host> <wwpn> <state> <speed>`) and SCSI LUNs under $2
 * (`lun <dev> <queue_depth> <scheduler line>`), tab-separated, one line each. A fixed script with
 * the directories as its arguments (as the watchdog read, fencing/command.ts); plain sysfs reads,
 * no sudo. Only block devices with device/queue_depth are SCSI LUNs (not dm-*, vd*, nvme*).
 * The demo answers this exact script (src/demo/tools/shell.ts).
 */
export const SAN_SYSFS_SCRIPT =
  'for h in "$1"/*; do [ -d "$h" ] || continue; printf \'fc\\t%s\\t%s\\t%s\\t%s\\n\' "${h##*/}" "$(cat "$h/port_name" 2>/dev/null)" "$(cat "$h/port_state" 2>/dev/null)" "$(cat "$h/speed" 2>/dev/null)"; done; ' +
  'for b in "$2"/*; do [ -r "$b/device/queue_depth" ] || continue; printf \'lun\\t%s\\t%s\\t%s\\n\' "${b##*/}" "$(cat "$b/device/queue_depth")" "$(cat "$b/queue/scheduler" 2>/dev/null)"; done';
export const sanSysfsCmd = (fcDir = '/sys/class/fc_host', blockDir = '/sys/block'): Cmd =>
  cmd('sh', '-c', SAN_SYSFS_SCRIPT, 'sh', filePath(fcDir), filePath(blockDir)).timeout(10_000).done();
