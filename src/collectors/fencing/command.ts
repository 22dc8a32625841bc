import { cmd, type Cmd } from '../../ssh/cmd.js';
import { devicePath, filePath, nodeName } from '../../model/names.js';

export const stonithRegisteredCmd = (): Cmd => cmd('stonith_admin', '--list-registered').sudo().timeout(15_000).done();
/** Devices able to fence `target`. */
export const stonithTargetsCmd = (target: string): Cmd =>
  cmd('stonith_admin', '--list', nodeName(target)).sudo().timeout(15_000).done();
/** sbd configuration: SUSE/RHEL keep it in /etc/sysconfig/sbd, Debian in /etc/default/sbd. */
export const sbdConfigCmds = (): Cmd[] => [
  cmd('cat', '/etc/sysconfig/sbd').done(),
  cmd('cat', '/etc/default/sbd').done(),
];
export const sbdListCmd = (dev: string): Cmd => cmd('sbd', '-d', devicePath(dev), 'list').sudo().timeout(10_000).done();
export const sbdDumpCmd = (dev: string): Cmd => cmd('sbd', '-d', devicePath(dev), 'dump').sudo().timeout(10_000).done();
/**
 * Watchdog devices from sysfs, one `NAME<TAB>IDENTITY<TAB>STATE` line per device (state:
 * active = something feeds it, e.g. sbd). Never `sbd query-watchdog`: sbd(8) warns that it arms
 * the watchdog while querying and resets a node whose driver has nowayout set. Reading sysfs
 * opens no device and needs no sudo; identity/state are empty without CONFIG_WATCHDOG_SYSFS.
 * The demo answers this exact script (src/demo/tools/shell.ts).
 */
export const WATCHDOG_SYSFS_SCRIPT =
  'for d in "$1"/*; do [ -d "$d" ] || continue; printf \'%s\\t%s\\t%s\\n\' "${d##*/}" "$(cat "$d/identity" 2>/dev/null)" "$(cat "$d/state" 2>/dev/null)"; done';
export const watchdogSysfsCmd = (dir = '/sys/class/watchdog'): Cmd => cmd('sh', '-c', WATCHDOG_SYSFS_SCRIPT, 'sh', filePath(dir)).timeout(10_000).done();
export const sbdActiveCmd = (): Cmd => cmd('systemctl', 'is-active', 'sbd').timeout(5_000).done();
