import { cmd, type Cmd } from '../../ssh/cmd.js';

/** multipathd: its path events trigger a multipath read (multipath/events.ts). */
export const DEFAULT_JOURNAL_UNITS = ['pacemaker', 'corosync', 'libvirtd', 'sbd', 'multipathd'];

/** Follow the cluster units' journal as JSON, starting with the last `backlog` entries. */
export const journalStreamCmd = (units: readonly string[], backlog = 100): Cmd => {
  const b = cmd('journalctl', '-f', '-o', 'json', '-n', String(backlog), '--no-pager');
  for (const u of units) {
    if (!/^[A-Za-z0-9@_.:-]+$/.test(u)) throw new Error(`invalid journal unit name: ${JSON.stringify(u)}`);
    b.arg('-u', u);
  }
  return b.sudo().done();
};
