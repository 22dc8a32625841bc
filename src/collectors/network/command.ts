import { cmd, type Cmd } from '../../ssh/cmd.js';

/** Counters and bonds in one batch; `grep -r '' /proc/net/bonding` prints file:line for every bond. */
export const networkBatch = (): Cmd[] => [
  cmd('cat', '/proc/net/dev').done(),
  cmd('grep', '-r', '', '/proc/net/bonding').done(),
];
