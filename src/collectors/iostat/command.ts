import { cmd, type Cmd } from '../../ssh/cmd.js';

/** Stream: one JSON sample per interval, never closes its document while running. */
export const iostatStreamCmd = (intervalS: number): Cmd =>
  cmd('iostat', '-dxy', '-o', 'JSON', String(Math.max(1, Math.round(intervalS)))).done();
