// Test support: parseProcStat as it was before the index-scanning rewrite (commit ee908e5),
// kept verbatim as the reference the property test in parse.test.ts compares the new parser with.
import { ParseError, checkInput, guardParse } from '../../../../src/collectors/parse-error.js';
import type { CpuTimes, ProcStat } from '../../../../src/model/host.js';

const nonEmpty = (source: string, node: string | undefined, text: unknown): string => {
  const t = checkInput(source, node, text);
  if (t.trim() === '') throw new ParseError(source, node, 'empty output');
  return t;
};

const CPU_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guestNice'] as const;

function cpuTimes(nums: number[]): CpuTimes {
  const t = {} as CpuTimes;
  CPU_FIELDS.forEach((f, i) => {
    t[f] = nums[i] ?? 0; // older kernels print fewer columns
  });
  return t;
}

const UINT = /^\d+$/;

/** /proc/stat: the aggregate "cpu" line, per-CPU lines, btime, procs_running/blocked. */
export function parseProcStatReference(text: string, node?: string): ProcStat {
  const src = 'proc-stat';
  nonEmpty(src, node, text);
  return guardParse(src, node, text, () => {
    let total: CpuTimes | undefined;
    const perCpu: { idx: number; t: CpuTimes }[] = [];
    const out: Omit<ProcStat, 'total' | 'perCpu'> = {};
    for (const line of text.split('\n')) {
      const parts = line.trim().split(/\s+/);
      const key = parts[0];
      if (!key) continue;
      if (key === 'cpu' || /^cpu\d+$/.test(key)) {
        const vals = parts.slice(1);
        if (vals.length < 4 || !vals.every((v) => UINT.test(v))) {
          throw new ParseError(src, node, `malformed ${key} line`, line.slice(0, 200));
        }
        const t = cpuTimes(vals.map(Number));
        if (key === 'cpu') total = t;
        else perCpu.push({ idx: Number(key.slice(3)), t });
      } else if (parts.length === 2 && parts[1] && UINT.test(parts[1])) {
        if (key === 'btime') out.bootTime = Number(parts[1]);
        else if (key === 'procs_running') out.procsRunning = Number(parts[1]);
        else if (key === 'procs_blocked') out.procsBlocked = Number(parts[1]);
      }
    }
    if (!total) throw new ParseError(src, node, 'no aggregate "cpu" line', text.slice(0, 200));
    perCpu.sort((a, b) => a.idx - b.idx);
    return { total, perCpu: perCpu.map((p) => p.t), ...out };
  });
}
