import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chalk from 'chalk';
import { HIGH_CONTRAST, loadSkin, parseSkin } from './skin.js';
import { DEFAULT_PALETTE, makeTheme, paint } from './theme.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const withSkin = (text: string | undefined): string => {
  const d = mkdtempSync(join(tmpdir(), 'vd-skin-'));
  dirs.push(d);
  if (text !== undefined) writeFileSync(join(d, 'skin.json'), text);
  return join(d, 'config.json');
};

describe('skin.json', () => {
  it('absent: the 16-colour default, no error', () => {
    const r = loadSkin(withSkin(undefined));
    expect(r).toEqual({ palette: DEFAULT_PALETTE, name: 'default' });
  });
  it('picks the built-in high-contrast skin, and restyles single tones over it', () => {
    expect(loadSkin(withSkin('{"skin": "high-contrast"}')).palette).toEqual(HIGH_CONTRAST);
    const r = loadSkin(withSkin('{"skin": "high-contrast", "tones": {"warn": "magenta", "ok": {"color": "blue", "bold": true}}}'));
    expect(r.error).toBeUndefined();
    expect(r.name).toBe('high-contrast (customised)');
    expect(r.palette.warn).toEqual({ color: 'magenta' });
    expect(r.palette.ok).toEqual({ color: 'blue', bold: true });
    expect(r.palette.crit).toEqual(HIGH_CONTRAST.crit);
  });
  it('the default and high-contrast skins use only the 16 basic colours and high-contrast never dims', () => {
    for (const p of [DEFAULT_PALETTE, HIGH_CONTRAST]) for (const t of Object.values(p)) if (t.color) expect(t.color).toMatch(/^(black|red|green|yellow|blue|magenta|cyan|white|gray)(Bright)?$/);
    for (const t of Object.values(HIGH_CONTRAST)) expect(t.dimColor).toBeUndefined();
  });
  it('a bad skin names the file and the key, and falls back to the default', () => {
    const cases: [string, string][] = [
      ['{"skin": "neon"}', 'skin must be one of default, high-contrast (got "neon")'],
      ['{"tones": {"warn": "orange"}}', 'tones.warn.color must be one of the 16 ANSI colours'],
      ['{"tones": {"wrn": "red"}}', 'tones.wrn is not a tone'],
      ['{"tones": {"ok": {"color": "red", "blink": true}}}', 'tones.ok.blink is not a known key'],
      ['{"tones": {"ok": {"bold": "yes"}}}', 'tones.ok.bold must be true or false'],
      ['{"colours": {}}', 'colours is not a known key'],
      ['[1]', '(top level) must be a JSON object'],
    ];
    for (const [text, want] of cases) {
      const cfg = withSkin(text);
      const r = loadSkin(cfg);
      expect(r.palette).toBe(DEFAULT_PALETTE);
      expect(r.error).toContain(`skin error in ${cfg.replace(/config\.json$/, 'skin.json')}: ${want}`);
      expect(r.error).toContain('using the default skin');
    }
  });
  it('invalid JSON says line and column', () => {
    const r = loadSkin(withSkin('{\n  "skin": "high-contrast",\n}'));
    expect(r.error).toMatch(/skin\.json: invalid JSON at line 3, column 1/);
    expect(r.palette).toBe(DEFAULT_PALETTE);
  });
  it('paint and tone follow the skin; with colour off (NO_COLOR) the skin changes nothing', () => {
    const level = chalk.level;
    chalk.level = 1;
    try {
      const hc = makeTheme(true, parseSkin({ skin: 'high-contrast' }, 'f').palette);
      expect(hc.tone('warn')).toEqual({ color: 'yellowBright', bold: true });
      expect(paint(hc, 'warn', 'x')).toBe(chalk.yellowBright.bold('x'));
      expect(paint(makeTheme(true), 'warn', 'x')).toBe(chalk.yellow('x'));
      const off = makeTheme(false, HIGH_CONTRAST);
      expect(off.tone('crit')).toEqual({});
      expect(paint(off, 'crit', 'x')).toBe('x');
    } finally {
      chalk.level = level;
    }
  });
});
