/** @jsxRuntime automatic */
import { describe, expect, it } from 'vitest';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import chalk from 'chalk';
// ink's own measure: the placeholder path is only right if these agree with it
import stringWidth from 'string-width';
import { NARROW_GLYPHS, PaintedLine, narrowWidth } from './PaintedLine.js';

describe('PaintedLine', () => {
  it('every glyph it treats as narrow is one column for string-width (what ink measures with)', () => {
    for (const g of NARROW_GLYPHS) expect(stringWidth(g), g).toBe(1);
  });

  it('widths ignore colour; a character not known to be narrow opts out (-1)', () => {
    const line = `${chalk.green('●')} running  ${chalk.inverse('web01')} ‹12%›`;
    expect(narrowWidth(line)).toBe(22);
    expect(narrowWidth(line)).toBe(stringWidth(line));
    expect(narrowWidth('db-漢字')).toBe(-1);
    expect(narrowWidth('⚡ fast')).toBe(-1);
  });

  it('draws exactly what a truncated <Text> draws, with colour, glyphs, wide names and over-long lines', () => {
    const prev = chalk.level;
    chalk.level = 1;
    try {
      const lines = [`${chalk.green('●')} running  kvm-n1 › ${chalk.bold('web01')} …`, chalk.inverse('✖ failed   kvm-n2   db01   '), 'vm-漢字 shut off', 'x'.repeat(50), ''];
      const mine = render(
        <Box flexDirection="column" width={30}>
          {lines.map((l, i) => (
            <PaintedLine key={i} text={l} width={30} />
          ))}
        </Box>,
      );
      const ink = render(
        <Box flexDirection="column" width={30}>
          {lines.map((l, i) => (
            <Text key={i} wrap="truncate">
              {l}
            </Text>
          ))}
        </Box>,
      );
      expect(mine.lastFrame()).toBe(ink.lastFrame());
      expect(mine.lastFrame()).toContain('\x1b[32m●\x1b[39m running');
      mine.unmount();
      ink.unmount();
    } finally {
      chalk.level = prev;
    }
  });
});
