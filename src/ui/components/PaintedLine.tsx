/** @jsxRuntime automatic */
// One pre-painted, pre-fitted line. ink measures every text element on every frame with
// string-width, uncached, and any non-ASCII glyph in a line (● ✖ › …, on nearly every row) sends
// the whole line down its grapheme-segmenter path: about half of a frame's cost. So ink is given
// an ASCII placeholder of the same width to measure and lay out, and a <Transform> writes the real
// line into the frame. Widths are computed here once per distinct line and cached across frames.
// Only lines made of characters known to be one column wide take this path; anything else (a
// CJK VM name, an emoji) is drawn as a plain truncated <Text>, so ink measures it properly.
import { memo } from 'react';
import { Text, Transform } from 'ink';
import { GenerationCache } from '../generation-cache.js';

/** One column wide in string-width (checked in PaintedLine.test.ts): ASCII and our glyphs. */
export const NARROW_GLYPHS = '…●·✖→›⚠↓×↑←│—‹─❚◐ℹ✔⚙▼▶▲█▇▆▅▄▃▂▁━’±';
const NARROW = new RegExp(`^[\\x20-\\x7e${NARROW_GLYPHS}]*$`, 'u');
// chalk writes SGR sequences only
const SGR = /\x1b\[[0-9;]*m/g;

const widths = new GenerationCache<number>(2048);

/** Columns a painted line takes, or -1 when it holds a character not known to be narrow. */
export function narrowWidth(line: string): number {
  return widths.get(line, () => {
    const plain = line.includes('\x1b') ? line.replace(SGR, '') : line;
    return NARROW.test(plain) ? [...plain].length : -1;
  });
}

const placeholders: string[] = [];
const placeholder = (w: number): string => (placeholders[w] ??= 'x'.repeat(w));

export const PaintedLine = memo(function PaintedLine({ text, width }: { text: string; width: number }) {
  const w = narrowWidth(text);
  if (w < 0 || w > width) return <Text wrap="truncate">{text}</Text>;
  return <Transform transform={() => text}>{placeholder(w)}</Transform>;
});
