// The real ha_cluster_exporter captures (src/prometheus/fixtures, capture.sh) as the series a
// Prometheus query returns for one target: each sample with the target's labels added.
import { readFileSync } from 'node:fs';
import type { PromSample } from '../../../src/prometheus/client.js';

export function scrapeCapture(file: string, instance: string, targetLabels: Record<string, string> = { job: 'hacluster', cluster: 'lab' }): PromSample[] {
  const text = readFileSync(new URL(`../../../src/prometheus/fixtures/${file}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`${file}: not exposition format: ${line}`);
      const labels: Record<string, string> = { __name__: m[1]!, instance, ...targetLabels };
      for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
      // Go prints infinite scores as +Inf/-Inf, which Number() reads as NaN.
      const value = m[3] === '+Inf' ? Infinity : m[3] === '-Inf' ? -Infinity : Number(m[3]);
      return { labels, value, t: 0 };
    });
}

export const captureText = (file: string): string => readFileSync(new URL(`../../../src/prometheus/fixtures/${file}`, import.meta.url), 'utf8');
