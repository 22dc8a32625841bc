// Skins (k9s-style): `skin.json` beside the config file picks a built-in skin and/or restyles
// tones. Only the 16 basic ANSI colours are accepted, so a skin cannot need a 256-colour
// terminal. A bad skin never stops the console: the error names the file and key, and the
// default skin is used. NO_COLOR / --no-color still turn every colour off (theme.ts).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_PALETTE, type Palette, type Tone, type ToneProps } from './theme.js';
import { findJsonError } from '../config/json-error.js';

export const SKIN_FILE = 'skin.json';

/** Bright colours and bold, no dim: legible on poor projectors and for low vision. */
export const HIGH_CONTRAST: Palette = {
  ok: { color: 'greenBright', bold: true },
  warn: { color: 'yellowBright', bold: true },
  crit: { color: 'redBright', bold: true },
  stale: { color: 'magentaBright' },
  muted: { color: 'whiteBright' },
  info: { color: 'cyanBright', bold: true },
  accent: { color: 'whiteBright', bold: true },
  normal: {},
};

export const BUILTIN_SKINS: Readonly<Record<string, Palette>> = { default: DEFAULT_PALETTE, 'high-contrast': HIGH_CONTRAST };

const BASE = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;
export const SKIN_COLOURS: readonly string[] = [...BASE, ...BASE.map((c) => `${c}Bright`), 'gray', 'grey'];
const TONES = Object.keys(DEFAULT_PALETTE) as Tone[];

export interface SkinResult {
  palette: Palette;
  /** Which skin: a built-in's name, "custom", or "default" when the file is absent or bad. */
  name: string;
  /** The problem with the file (the default skin is used then). */
  error?: string;
}

/** Validates a parsed skin.json: {"skin": "high-contrast", "tones": {"warn": "yellow" | {color, bold, dim}}}. */
export function parseSkin(raw: unknown, file: string): SkinResult {
  const fail = (key: string, why: string): SkinResult => ({ palette: DEFAULT_PALETTE, name: 'default', error: `skin error in ${file}: ${key} ${why}; using the default skin` });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('(top level)', 'must be a JSON object such as {"skin": "high-contrast"}');
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== 'skin' && k !== 'tones') return fail(k, 'is not a known key (known: skin, tones)');
  let name = 'default';
  if (o.skin !== undefined) {
    if (typeof o.skin !== 'string' || !(o.skin in BUILTIN_SKINS)) return fail('skin', `must be one of ${Object.keys(BUILTIN_SKINS).join(', ')} (got ${JSON.stringify(o.skin)})`);
    name = o.skin;
  }
  const palette: Record<Tone, ToneProps> = { ...BUILTIN_SKINS[name]! };
  if (o.tones !== undefined) {
    if (typeof o.tones !== 'object' || o.tones === null || Array.isArray(o.tones)) return fail('tones', 'must be an object of tone → colour');
    for (const [tone, v] of Object.entries(o.tones as Record<string, unknown>)) {
      const key = `tones.${tone}`;
      if (!(TONES as string[]).includes(tone)) return fail(key, `is not a tone (tones: ${TONES.join(', ')})`);
      const spec = typeof v === 'string' ? { color: v } : v;
      if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return fail(key, 'must be a colour name or {"color", "bold", "dim"}');
      const s = spec as Record<string, unknown>;
      const props: ToneProps = {};
      for (const [k, x] of Object.entries(s)) {
        if (k === 'color') {
          if (typeof x !== 'string' || !SKIN_COLOURS.includes(x)) return fail(`${key}.color`, `must be one of the 16 ANSI colours: ${SKIN_COLOURS.join(', ')} (got ${JSON.stringify(x)})`);
          props.color = x;
        } else if (k === 'bold' || k === 'dim') {
          if (typeof x !== 'boolean') return fail(`${key}.${k}`, `must be true or false (got ${JSON.stringify(x)})`);
          if (x) props[k === 'dim' ? 'dimColor' : 'bold'] = true;
        } else return fail(`${key}.${k}`, 'is not a known key (known: color, bold, dim)');
      }
      palette[tone as Tone] = props;
    }
  }
  return { palette, name: o.tones !== undefined && Object.keys(o.tones).length > 0 ? `${name} (customised)` : name };
}

/** skin.json in the directory of `configFile`: absent → the default skin, silently. */
export function loadSkin(configFile: string): SkinResult {
  const file = join(dirname(configFile), SKIN_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { palette: DEFAULT_PALETTE, name: 'default' };
    return { palette: DEFAULT_PALETTE, name: 'default', error: `skin error in ${file}: ${(e as Error).message}; using the default skin` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const at = findJsonError(text);
    return { palette: DEFAULT_PALETTE, name: 'default', error: `skin error in ${file}: ${at ? `invalid JSON at line ${at.line}, column ${at.column}: ${at.message}` : `invalid JSON: ${(e as Error).message}`}; using the default skin` };
  }
  return parseSkin(raw, file);
}
