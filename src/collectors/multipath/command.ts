import { cmd, type Cmd } from '../../ssh/cmd.js';

/** A hung multipathd on a dead path is the classic: short timeout. */
export const multipathJsonCmd = (): Cmd => cmd('multipathd', 'show', 'maps', 'json').sudo().timeout(10_000).done();
export const multipathLlCmd = (): Cmd => cmd('multipath', '-ll').sudo().timeout(10_000).done();
