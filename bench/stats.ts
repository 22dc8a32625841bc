// Small numeric helpers for the bench report.

/** Nearest-rank percentile (p in 0..100); undefined for no samples. */
export function percentile(xs: readonly number[], p: number): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

export function mean(xs: readonly number[]): number | undefined {
  return xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export const round = (x: number | undefined, digits = 1): number | null => (x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);

export function summary(xs: readonly number[]): { n: number; p50: number | null; p95: number | null; max: number | null } {
  return { n: xs.length, p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), max: round(percentile(xs, 100)) };
}

/** Parses bash `times` output (two lines: shell, then children; "0m0.012s 0m0.004s") → children user+sys seconds. */
export function childCpuFromTimes(text: string): number | undefined {
  const lines = text.trim().split('\n').filter((l) => /^\d+m[\d.]+s\s+\d+m[\d.]+s$/.test(l.trim()));
  const last = lines[lines.length - 1];
  if (!last) return undefined;
  const secs = last
    .trim()
    .split(/\s+/)
    .map((t) => {
      const m = /^(\d+)m([\d.]+)s$/.exec(t);
      return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
    });
  const total = secs.reduce((a, b) => a + b, 0);
  return Number.isFinite(total) ? total : undefined;
}

/**
 * ESTABLISHED TCP connections per remote port from /proc/net/tcp text (client-side ends:
 * rem_address port is the server's). Only ports in `ports` are counted.
 */
export function establishedByRemotePort(procNetTcp: string, ports: readonly number[]): Map<number, number> {
  const want = new Set(ports);
  const out = new Map<number, number>(ports.map((p) => [p, 0]));
  for (const line of procNetTcp.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4) continue;
    const rem = f[2]!;
    const st = f[3]!;
    if (st !== '01') continue; // TCP_ESTABLISHED
    const port = parseInt(rem.split(':')[1] ?? '', 16);
    if (want.has(port)) out.set(port, (out.get(port) ?? 0) + 1);
  }
  return out;
}
