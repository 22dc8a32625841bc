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

/** Progress of a libvirt job (migration) for the action's live lines. */
export function formatJob(vm: string, j: DomJobInfo): string {
  if (j.type === 'None') return `${vm}: no job running`;
  const remaining = j.dataTotalBytes !== undefined ? j.dataRemainingBytes : j.memoryRemainingBytes;
  return `${vm}: ${j.type} job${j.percent !== undefined ? ` ${Math.round(j.percent)}%` : ''}${remaining !== undefined ? `, ${Math.round(remaining / 1024 ** 2)} MiB remaining` : ''}`;
}

export const formatReport = (lines: readonly ReportLine[]): string[] =>
  lines.map((l) => `${l.level === 'ok' ? 'OK     ' : l.level === 'info' ? 'INFO   ' : l.level === 'warning' ? 'WARNING' : 'ERROR  '} ${l.subject}: ${l.message}`);
