// The store's metric history (store/history.ts) as list cells and detail charts: the one place
// that picks each series' scale and time step, so every view draws a metric the same way.
import { lunSeries, nodeSeries, vmSeries, type Channel, type MetricHistory } from '../../store/history.js';
import { chart, sparkline, type Scale } from '../chart.js';
import { fmtMs, fmtPct } from '../format.js';

/** Columns of a list's trend cell: one per sample interval, newest at the right. */
export const TREND_WIDTH = 9;

export interface Metric {
  key: string;
  ch: Channel;
  label: string;
  scale: Scale;
  fmt: (v: number) => string;
}

const pct: Scale = { min: 0, max: 100 };
/** The formatters, with a plain 0 for the scale's bottom label ("0%", not "0.0%"). */
const pctFmt = (v: number): string => (v === 0 ? '0%' : fmtPct(v));
const msFmt = (v: number): string => (v === 0 ? '0ms' : fmtMs(v));
// Up to the largest shown, at least the default critical await (20 ms): calm stays low, a breach is tall.
const ms: Scale = { min: 0, atLeast: 20 };
// A VM's CPU can pass 100 % (several vCPUs): at least 0–100 %, taller when it does.
const vmPct: Scale = { min: 0, atLeast: 100 };

export const METRICS = {
  nodeCpu: (node: string): Metric => ({ key: nodeSeries(node), ch: 0, label: 'CPU', scale: pct, fmt: pctFmt }),
  nodeMem: (node: string): Metric => ({ key: nodeSeries(node), ch: 1, label: 'memory', scale: pct, fmt: pctFmt }),
  vmCpu: (vm: string): Metric => ({ key: vmSeries(vm), ch: 0, label: 'CPU', scale: vmPct, fmt: pctFmt }),
  vmDiskLat: (vm: string): Metric => ({ key: vmSeries(vm), ch: 1, label: 'disk latency', scale: ms, fmt: msFmt }),
  lunAwait: (node: string, lun: string): Metric => ({ key: lunSeries(node, lun), ch: 0, label: 'await', scale: ms, fmt: msFmt }),
  lunUtil: (node: string, lun: string): Metric => ({ key: lunSeries(node, lun), ch: 1, label: 'util', scale: pct, fmt: pctFmt }),
};

/** A sparkline cell: the last TREND_WIDTH sample intervals up to `now` (gaps blank); '' without history. */
export function trendCell(h: MetricHistory | undefined, m: Metric, now: number, width = TREND_WIDTH): string {
  if (!h?.has(m.key)) return '';
  return sparkline(h.window(m.key, m.ch, now, width), width, m.scale);
}

/** A detail view's chart of everything kept for the metric, squeezed into `width` columns (each
 *  at least one sample interval); a title line first. [] without history. */
export function trendChart(h: MetricHistory | undefined, m: Metric, now: number, width: number, height = 4): string[] {
  const span = h?.span(m.key);
  if (!h || !span) return [];
  const labelW = 8; // "100%" / "12.5ms" and the axis
  const w = Math.max(10, width - labelW - 4);
  const step = Math.max(span.intervalMs, Math.ceil((now - span.first) / w / span.intervalMs) * span.intervalMs);
  const values = h.window(m.key, m.ch, now, w, step);
  return [`${m.label} (one column per ${fmtStep(step)})`, ...chart(values, w, height, { ...m.scale, fmt: m.fmt, stepMs: step })];
}

const fmtStep = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${+(ms / 1000).toFixed(1)} s`);
