import { cmd, type Cmd } from '../../ssh/cmd.js';

/**
 * Stream: one JSON sample per interval, never closes its document while running.
 * LC_ALL=C: sysstat formats numbers with the locale, and a decimal comma ("9,00")
 * makes its JSON invalid (sysstat issues #128, #229).
 */
export const iostatStreamCmd = (intervalS: number): Cmd =>
  cmd('iostat', '-dxy', '-o', 'JSON', String(Math.max(1, Math.round(intervalS)))).env({ LC_ALL: 'C' }).done();
