// Mouse (on by default, off with --no-mouse): ink 6 has none, so the console asks the terminal
// for SGR mouse reports (button events, ESC[?1000h, in the SGR encoding ESC[?1006h, which has no
// 223-column limit) and parses them from stdin itself. Reporting is switched off with the
// alternate screen on every way out (terminal.ts restore), or the shell would get the reports.
export const ENABLE_MOUSE = '\x1b[?1000h\x1b[?1006h';
export const DISABLE_MOUSE = '\x1b[?1006l\x1b[?1000l';

export type MouseEvent =
  | { kind: 'wheel'; delta: -1 | 1; x: number; y: number }
  | { kind: 'press'; button: 0 | 1 | 2; x: number; y: number }
  | { kind: 'other' };

// ESC [ < b ; x ; y (M press | m release); ink hands the sequence over whole, ESC cut or not.
const SGR = /^\x1b?\[<(\d+);(\d+);(\d+)([Mm])$/;

/** An SGR mouse report → event (x, y 0-based cells); undefined when `input` is not one. */
export function parseSgrMouse(input: string): MouseEvent | undefined {
  const m = SGR.exec(input);
  if (!m) return undefined;
  const b = Number(m[1]);
  const x = Number(m[2]) - 1;
  const y = Number(m[3]) - 1;
  // 4/8/16: shift/meta/ctrl held; 32: motion; 64: wheel
  const base = b & ~(4 | 8 | 16);
  if (base === 64 || base === 65) return { kind: 'wheel', delta: base === 64 ? -1 : 1, x, y };
  if (m[4] === 'M' && base <= 2) return { kind: 'press', button: base as 0 | 1 | 2, x, y };
  return { kind: 'other' };
}
