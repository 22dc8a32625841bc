import { cmd, type Cmd } from '../../ssh/cmd.js';
import { devicePath, nodeName } from '../../model/names.js';

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
export const watchdogCmd = (): Cmd => cmd('sbd', 'query-watchdog').sudo().timeout(10_000).done();
export const sbdActiveCmd = (): Cmd => cmd('systemctl', 'is-active', 'sbd').timeout(5_000).done();
