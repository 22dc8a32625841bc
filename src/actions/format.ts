// Plain-text rendering of a Plan (CLI output; the TUI may reuse the lines). Commands are shown
// exactly as sent (quote.ts), with "sudo" where the step runs as root.
import { displayCmd } from '../ssh/quote.js';
import type { DomJobInfo } from '../model/jobs.js';
import { formatChange } from './whatif.js';
import type { Plan, ReportLine } from './types.js';

const MAX_SHOWN = 160;
const shortCmd = (s: string) => (s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}… (${s.length} chars)` : s);

export function formatPlan(p: Plan): string[] {
  const out: string[] = [`${p.title}: ${p.targetLabel}  (cluster ${p.cluster}, plan ${p.id})`];
  for (const f of p.findings) out.push(`  ${f.level === 'error' ? 'ERROR' : 'WARNING'} [${f.code}] ${f.message}`);
  if (p.steps.length) {
    out.push('Steps:');
    p.steps.forEach((s, i) => {
      if (s.kind === 'cmd') out.push(`  ${i + 1}. ${s.node}: ${s.cmd.sudo ? 'sudo ' : ''}${shortCmd(displayCmd(s.cmd))}${s.always ? '   (always runs)' : ''}`, `       ${s.purpose}`);
      else out.push(`  ${i + 1}. ${s.node}: ${s.purpose} (up to ${Math.round(s.timeoutMs / 1000)} s)`);
    });
  }
  if (p.whatIf) {
    if (p.whatIf.error) out.push(`What-if: not available (${p.whatIf.error})`);
    else out.push(`What-if (crm_simulate on ${p.whatIf.node}):`, ...(p.whatIf.changes.length ? p.whatIf.changes.map((c) => `  ${formatChange(c)}`) : ['  no resource changes']));
  }
  for (const m of p.migrations ?? []) out.push(`  migrate ${m.vm}: ${m.from} → ${m.to}`);
  for (const s of p.summary) out.push(`Note: ${s}`);
  return out;
}

/** Progress of a libvirt job (migration) for the action's live lines, in words: libvirt's job
 *  types (Unbounded, Bounded) mean nothing to an operator. */
export function formatJob(vm: string, j: DomJobInfo): string {
  if (j.type === 'None') return `${vm}: no job running`;
  const what = !j.operation || /migration/i.test(j.operation) ? 'live migration' : j.operation.toLowerCase();
  const state = JOB_STATE[j.type] ?? 'in progress';
  const total = j.dataTotalBytes ?? j.memoryTotalBytes;
  const remaining = j.dataTotalBytes !== undefined ? j.dataRemainingBytes : j.memoryRemainingBytes;
  const pct = j.percent !== undefined && j.type !== 'Completed' ? `, ${Math.round(j.percent)}%` : '';
  const amount = total !== undefined && remaining !== undefined ? ` (${fmtBytes(Math.max(0, total - remaining))} of ${fmtBytes(total)} copied)` : '';
  return `${vm}: ${what} ${state}${pct}${amount}`;
}

const JOB_STATE: Record<string, string> = { Unbounded: 'in progress', Bounded: 'in progress', Completed: 'completed', Failed: 'failed', Cancelled: 'cancelled' };

/** 1.2 GiB, 420 MiB: one decimal below 10 of a unit. */
export function fmtBytes(b: number): string {
  const [v, u] = b >= 1024 ** 3 ? [b / 1024 ** 3, 'GiB'] : b >= 1024 ** 2 ? [b / 1024 ** 2, 'MiB'] : [b / 1024, 'KiB'];
  return `${v < 10 && Math.round(v * 10) % 10 !== 0 ? v.toFixed(1) : Math.round(v)} ${u}`;
}

export const formatReport = (lines: readonly ReportLine[]): string[] =>
  lines.map((l) => `${l.level === 'ok' ? 'OK     ' : l.level === 'info' ? 'INFO   ' : l.level === 'warning' ? 'WARNING' : 'ERROR  '} ${l.subject}: ${l.message}`);
