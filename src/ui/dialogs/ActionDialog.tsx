/** @jsxRuntime automatic */
// Action dialog: the plan (guard findings, commands per node, what-if), typed confirmation for
// destructive plans, then live progress lines from store.actions.
import { Box, Text } from 'ink';
import { useVd } from '../store-context.js';
import { SYM, useTheme } from '../theme.js';
import { confirmBlocker, type DialogState } from './plan.js';

export function ActionDialog({ d, width, height }: { d: DialogState; width: number; height: number }) {
  const theme = useTheme();
  const progress = useVd((s) => (d.plan?.progressId ? s.actions.find((a) => a.id === d.plan?.progressId) : s.actions[s.actions.length - 1]));
  const p = d.plan;
  const lines: { text: string; tone?: Parameters<typeof theme.tone>[0] }[] = [];
  if (d.request.destination || d.phase === 'picking') {
    lines.push({ text: `Migrate ${d.request.targets.join(', ')}${d.request.nodes?.length ? ` (now on ${[...new Set(d.request.nodes)].join(', ')})` : ''}`, tone: 'accent' });
  }
  if (d.phase === 'picking') {
    lines.push({ text: 'Destination (↑/↓, Enter picks; most available memory first):', tone: 'accent' });
    (d.pick?.choices ?? []).forEach((c, i) => {
      const cur = i === d.pick?.index;
      lines.push({ text: `${cur ? '›' : ' '} ${c.node.padEnd(16)} ${c.detail}`, ...(cur ? { tone: 'accent' as const } : {}) });
    });
  } else if (!p) lines.push({ text: d.phase === 'failed' ? `${SYM.down} could not plan: ${d.error ?? ''}` : 'planning…', tone: d.phase === 'failed' ? 'crit' : 'muted' });
  else {
    lines.push({ text: `Target: ${p.target}${p.destructive ? '   (destructive)' : ''}`, tone: p.destructive ? 'warn' : undefined });
    if (p.findings.length) lines.push({ text: 'Checks:', tone: 'accent' });
    for (const f of p.findings) lines.push({ text: `  ${f.level === 'error' ? `${SYM.down} ERROR` : `${SYM.warn} warning`}: ${f.message}`, tone: f.level === 'error' ? 'crit' : 'warn' });
    if (!p.findings.length) lines.push({ text: `${SYM.ok} all checks passed`, tone: 'ok' });
    lines.push({ text: 'Commands:', tone: 'accent' });
    p.steps.forEach((s, i) => lines.push({ text: `  ${i + 1}. [${s.node}] ${s.display}` }));
    if (p.whatIf?.length) {
      lines.push({ text: 'What-if (scheduler simulation):', tone: 'accent' });
      for (const w of p.whatIf) lines.push({ text: `  ${w}`, tone: 'info' });
    }
    if (p.report?.length) {
      lines.push({ text: 'Report:', tone: 'accent' });
      for (const r of p.report) lines.push({ text: `  ${r.level === 'ok' ? SYM.ok : r.level === 'info' ? 'i' : r.level === 'warning' ? SYM.warn : SYM.down} ${r.text}`, tone: r.level === 'ok' ? 'ok' : r.level === 'info' ? 'info' : r.level === 'warning' ? 'warn' : 'crit' });
    }
    for (const n of p.notes ?? []) lines.push({ text: `Note: ${n}`, tone: 'muted' });
  }
  if (d.phase === 'running' || d.phase === 'done' || (d.phase === 'failed' && p)) {
    lines.push({ text: `Progress${progress ? ` (${progress.status})` : ''}:`, tone: 'accent' });
    for (const l of progress?.lines.slice(-8) ?? []) lines.push({ text: `  ${l}` });
    if (d.phase === 'done') lines.push({ text: `${SYM.ok} done. Esc closes.`, tone: 'ok' });
    if (d.phase === 'failed') lines.push({ text: `${SYM.down} failed: ${d.error ?? ''}. Esc closes.`, tone: 'crit' });
  }
  const blocker = confirmBlocker(d);
  const body = Math.max(1, height - 5);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="single" paddingX={1}>
      <Text bold wrap="truncate" {...theme.tone('accent')}>
        {p?.title ?? d.request.kind}
      </Text>
      {lines.slice(0, body).map((l, i) => (
        <Text key={i} wrap="truncate" {...theme.tone(l.tone)}>
          {l.text}
        </Text>
      ))}
      {lines.length > body ? <Text {...theme.tone('muted')}>{`… ${lines.length - body} more line(s)`}</Text> : null}
      <Box flexGrow={1} />
      {d.phase === 'picking' ? (
        <Text wrap="truncate">
          <Text {...theme.tone(blocker ? 'muted' : 'ok')}>{blocker ? `(${blocker})` : '[Enter] plan the migration to the marked node'}</Text>
          {'  [Esc] cancel'}
        </Text>
      ) : d.phase === 'review' && p ? (
        <Text wrap="truncate">
          {p.destructive ? (
            <>
              {'Type '}
              <Text bold>{p.target}</Text>
              {' to confirm: '}
              <Text inverse={theme.color}>{d.typed || ' '}</Text>{' '}
            </>
          ) : null}
          {p.findings.some((f) => f.level === 'warning') ? `[Tab] warnings ${d.ackWarnings ? 'acknowledged ✔' : 'not acknowledged'}  ` : ''}
          <Text {...theme.tone(blocker ? 'muted' : 'ok')}>{blocker ? `(${blocker})` : '[Enter] run'}</Text>
          {'  [Esc] cancel'}
        </Text>
      ) : (
        <Text {...theme.tone('muted')}>{d.phase === 'running' ? 'running… (Esc hides the dialog; the action continues)' : '[Esc] close'}</Text>
      )}
    </Box>
  );
}
