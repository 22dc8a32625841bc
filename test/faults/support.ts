// Shared helpers for the fault tests: state waits with timing, rejections, measurements log.
import { appendFileSync } from 'node:fs';
import { expect } from 'vitest';
import { RunError, type NodeConnState, type Runner } from '../../src/ssh/runner.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the state and the ms since `since` once `pred` holds for `node`. */
export function waitState(
  r: Runner,
  node: string,
  pred: (s: NodeConnState) => boolean,
  limitMs: number,
  since = Date.now(),
): Promise<{ state: NodeConnState; ms: number }> {
  return new Promise((resolve, reject) => {
    let off: () => void = () => {};
    const t = setTimeout(() => {
      off();
      reject(new Error(`${node}: state not reached within ${limitMs} ms; last ${JSON.stringify(r.connState(node))}`));
    }, limitMs);
    off = r.onConnState((s) => {
      if (s.node === node && pred(s)) {
        clearTimeout(t);
        queueMicrotask(() => off());
        resolve({ state: s, ms: Date.now() - since });
      }
    });
  });
}

export async function rejection(p: Promise<unknown>): Promise<RunError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RunError);
    return e as RunError;
  }
  throw new Error('expected a RunError rejection, the promise resolved');
}

/** Measured figures go to stdout and, with VD_FAULT_FIGURES=<file>, appended as JSON lines. */
export function figure(name: string, value: number, unit: string, note = ''): void {
  console.log(`[fault figure] ${name}: ${value} ${unit}${note ? ` (${note})` : ''}`);
  const f = process.env.VD_FAULT_FIGURES;
  if (f) appendFileSync(f, `${JSON.stringify({ name, value, unit, note, at: new Date().toISOString() })}\n`);
}

/** Samples RSS every 20 ms while `f` runs: the peak growth over the starting value. */
export async function peakRss<T>(f: () => Promise<T>): Promise<{ result: T; startMb: number; peakMb: number; endMb: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await f();
    peak = Math.max(peak, process.memoryUsage().rss);
    const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
    return { result, startMb: mb(start), peakMb: mb(peak), endMb: mb(process.memoryUsage().rss) };
  } finally {
    clearInterval(t);
  }
}
