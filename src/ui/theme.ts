// The ONE place colour is decided. NO_COLOR (any non-empty value, https://no-color.org) and
// --no-color switch chalk to level 0 and drop every colour prop, so state must also be legible
// from symbols and words alone ("✖ DOWN", "⚠ stale 40s"). Only the 16 basic ANSI colours are used.
import chalk, { type ChalkInstance } from 'chalk';
import { createContext, useContext } from 'react';

export type Tone = 'ok' | 'warn' | 'crit' | 'stale' | 'muted' | 'info' | 'accent' | 'normal';

/** Props for ink <Text>; empty when colour is off. */
export interface ToneProps {
  color?: string;
  dimColor?: boolean;
  bold?: boolean;
}

export interface Theme {
  color: boolean;
  /** Tone → style (a skin, src/ui/skin.ts); the default below unless skin.json says otherwise. */
  palette: Palette;
  tone(t: Tone | undefined): ToneProps;
  /** Cursor row highlight (inverse) only when colour is on; the "›" marker is always drawn. */
  selected: boolean;
}

export type Palette = Readonly<Record<Tone, ToneProps>>;

/** The default skin: 16 basic ANSI colours. */
export const DEFAULT_PALETTE: Palette = {
  ok: { color: 'green' },
  warn: { color: 'yellow' },
  crit: { color: 'red', bold: true },
  stale: { dimColor: true },
  muted: { dimColor: true },
  info: { color: 'cyan' },
  accent: { color: 'blueBright', bold: true },
  normal: {},
};

export const SYM = {
  ok: '●',
  down: '✖',
  warn: '⚠',
  info: 'ℹ',
  standby: '◐',
  maint: '⚙',
  cursor: '›',
  mark: '*',
  up: '▲',
  dn: '▼',
} as const;

/** True when colour must be off: the --no-color flag or a non-empty NO_COLOR. */
export function colourDisabled(env: NodeJS.ProcessEnv, noColorFlag?: boolean): boolean {
  return noColorFlag === true || (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '');
}

export function makeTheme(color: boolean, palette: Palette = DEFAULT_PALETTE): Theme {
  return {
    color,
    palette,
    selected: color,
    tone: (t) => (color && t ? palette[t] : {}),
  };
}

/** Applies the colour decision process-wide (ink colours through chalk). Never touches TERM. */
export function applyColourMode(color: boolean, palette?: Palette): Theme {
  if (!color) chalk.level = 0;
  else if (chalk.level > 1) chalk.level = 1; // 16 colours only, never 256/truecolor
  return makeTheme(color, palette);
}

export const ThemeContext = createContext<Theme>(makeTheme(true));
export const useTheme = (): Theme => useContext(ThemeContext);

const painters = new Map<string, ChalkInstance>();

/**
 * `text` styled exactly as ink styles <Text {...theme.tone(t)} bold? inverse?> (ink colours
 * through chalk as well, so chalk.level / NO_COLOR apply alike). For pre-rendered lines: one ink
 * element per line instead of one per styled cell keeps ink's per-frame layout and measuring small.
 */
export function paint(theme: Theme, t: Tone | undefined, text: string, extra: { bold?: boolean; inverse?: boolean } = {}): string {
  if (!theme.color || text === '') return text;
  const p: ToneProps = t ? theme.palette[t] : {};
  const bold = p.bold || extra.bold;
  if (!p.color && !p.dimColor && !bold && !extra.inverse) return text;
  const key = `${p.color ?? ''}|${p.dimColor ? 1 : 0}|${bold ? 1 : 0}|${extra.inverse ? 1 : 0}`;
  let c = painters.get(key);
  if (!c) {
    c = chalk;
    if (p.dimColor) c = c.dim;
    if (p.color) c = c[p.color as 'green'];
    if (bold) c = c.bold;
    if (extra.inverse) c = c.inverse;
    painters.set(key, c);
  }
  return c(text);
}
