import { cmd, type Cmd } from '../../ssh/cmd.js';

export const quorumCmd = (): Cmd => cmd('corosync-quorumtool', '-s').sudo().timeout(10_000).done();
export const linksCmd = (): Cmd => cmd('corosync-cfgtool', '-s').sudo().timeout(10_000).done();
