// Wording shared by the metric rules.

export const fmt = (v: number, digits = 1): string => (Number.isInteger(v) ? String(v) : v.toFixed(digits));

/** The threshold clause of a metric alert. An alert stays raised until clearAfter normal samples:
 *  meanwhile the current value is within the limit, and the text must not claim otherwise. */
export const limit = (value: number, threshold: number, dir: 'above' | 'below', unit: string, hysteresis: number): string => {
  const op = dir === 'above' ? '>' : '<';
  const beyond = dir === 'above' ? value > threshold : value < threshold;
  if (beyond) return `${op} ${threshold}${unit}`;
  const clearAt = threshold * (dir === 'above' ? 1 - hysteresis : 1 + hysteresis);
  const clearing = dir === 'above' ? value < clearAt : value > clearAt;
  return `was ${op} ${threshold}${unit}, ${clearing ? 'clearing' : `clears ${dir === 'above' ? '<' : '>'} ${fmt(clearAt)}${unit}`}`;
};
