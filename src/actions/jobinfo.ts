// Minimal reading of `virsh domjobinfo` for progress lines (type, processed/remaining/total).
export interface JobProgress {
  type: string;
  processedBytes?: number;
  remainingBytes?: number;
  totalBytes?: number;
  percent?: number;
}

const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 };

export function parseJobProgress(text: string): JobProgress {
  const kv = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) kv.set(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  const size = (k: string): number | undefined => {
    const m = /^([\d.]+)\s*(\S+)$/.exec(kv.get(k) ?? '');
    return m ? Math.round(Number(m[1]) * (UNITS[m[2]!] ?? 1)) : undefined;
  };
  const p: JobProgress = { type: kv.get('Job type') ?? 'None' };
  const processed = size('Data processed');
  const remaining = size('Data remaining');
  const total = size('Data total');
  if (processed !== undefined) p.processedBytes = processed;
  if (remaining !== undefined) p.remainingBytes = remaining;
  if (total !== undefined) p.totalBytes = total;
  if (total && remaining !== undefined) p.percent = Math.max(0, Math.min(100, Math.round(((total - remaining) / total) * 100)));
  return p;
}

export const formatJob = (vm: string, p: JobProgress): string =>
  p.type === 'None'
    ? `${vm}: no job running`
    : `${vm}: ${p.type} job${p.percent !== undefined ? ` ${p.percent}%` : ''}${p.remainingBytes !== undefined ? `, ${Math.round(p.remainingBytes / 1024 ** 2)} MiB remaining` : ''}`;
