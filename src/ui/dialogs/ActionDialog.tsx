/** @jsxRuntime automatic */
// Action dialog: the input form (vm create, fence node), the plan (guard findings, commands per
// node, proposed migrations, what-if), typed confirmation for destructive plans, then live
// progress lines from store.actions.
import { Box, Text } from 'ink';
import { useVd } from '../store-context.js';
import { SYM, useTheme, type Tone } from '../theme.js';
import { fieldHint, type FormState } from './form.js';
import { confirmBlocker, type DialogState } from './plan.js';
import { ACTION_TITLES } from './titles.js';

/** One dialog line; `cursor` draws the text cursor after the text (the focused form field). */
interface Line {
  text: string;
  tone?: Tone | undefined;
  cursor?: boolean;
  /** Muted text after the cursor (a field's hint). */
  after?: string;
}

/** Consecutive status lines about one subject ("db02: job 40%, …" every poll) show as the latest. */
export function collapseProgress(lines: readonly string[]): string[] {
  const subject = (l: string) => /^(\s*[^\s[][^:\s]*): /.exec(l)?.[1];
  const out: string[] = [];
  for (const l of lines) {
    const s = subject(l);
    if (s !== undefined && out.length > 0 && subject(out[out.length - 1]!) === s) out[out.length - 1] = l;
    else out.push(l);
  }
  return out;
}

/** The form as lines: focus marker "›", choices as ‹ value ›, the error under its field. */
export function formLines(f: FormState): Line[] {
  const out: Line[] = f.intro.map((text) => ({ text, tone: 'muted' }));
  out.push({ text: '' });
  const err = (field: string | undefined) => (f.error && f.error.field === field ? [{ text: `    ${SYM.down} ${f.error.message}`, tone: 'crit' as const }] : []);
  f.fields.forEach((x, i) => {
    const cur = i === f.index;
    const head = `${cur ? SYM.cursor : ' '} ${x.label.padEnd(11)} `;
    if (x.choices) {
      const c = x.choices.find((c) => c.value === x.value);
      out.push({ text: `${head}${x.choices.length ? `‹ ${x.value} ›` : '(none)'}`, tone: cur ? 'accent' : undefined, ...(c?.detail ? { after: `  ${c.detail}` } : {}) });
    } else {
      const hint = fieldHint(f, x);
      out.push({ text: `${head}${x.value}`, tone: cur ? 'accent' : undefined, cursor: cur, ...(hint ? { after: `  ${hint}` } : {}) });
    }
    out.push(...err(x.id));
  });
  if (f.error && (f.error.field === undefined || !f.fields.some((x) => x.id === f.error!.field))) out.push({ text: '' }, { text: `${SYM.down} ${f.error.message}`, tone: 'crit' });
  return out;
}

export function ActionDialog({ d, width, height, maxScroll }: { d: DialogState; width: number; height: number; maxScroll?: (n: number) => void }) {
  const theme = useTheme();
  // Several targets: the newest of this dialog's own plans (a re-opened :jobs dialog must not
  // follow an action started later).
  const ids = d.plan?.progressIds;
  const progress = useVd((s) => (d.plan?.progressId ? s.actions.find((a) => a.id === d.plan?.progressId) : ids ? s.actions.findLast((a) => ids.includes(a.id)) : s.actions[s.actions.length - 1]));
  const p = d.plan;
  const lines: Line[] = [];
  if (d.request.destination || d.phase === 'picking') {
    lines.push({ text: `Migrate ${d.request.targets.join(', ')}${d.request.nodes?.length ? ` (now on ${[...new Set(d.request.nodes)].join(', ')})` : ''}`, tone: 'accent' });
  }
  if (d.phase === 'form' && d.form) lines.push(...formLines(d.form));
  else if (d.phase === 'picking') {
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
    if (p.migrations) {
      lines.push({ text: `Proposed migrations (${p.migrations.length}, each as vm migrate: own checks, what-if):`, tone: 'accent' });
      p.migrations.forEach((m, i) => lines.push({ text: `  ${i + 1}. ${m.vm}: ${m.from} → ${m.to}` }));
    }
    if (p.steps.length || !p.migrations) lines.push({ text: 'Commands:', tone: 'accent' });
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
    for (const l of collapseProgress(progress?.lines ?? [])) lines.push({ text: `  ${l}` });
    if (d.phase === 'done') lines.push({ text: `${SYM.ok} done. Esc closes.`, tone: 'ok' });
    if (d.phase === 'failed') lines.push({ text: `${SYM.down} failed: ${d.error ?? ''}. Esc closes.`, tone: 'crit' });
  }
  const blocker = confirmBlocker(d);
  const body = Math.max(3, height - 5);
  // Too long: while reviewing, the head (checks first) with a count; once confirmed, the first
  // line and the tail (progress and result), the plan in between having been reviewed already.
  const confirmed = d.phase === 'running' || d.phase === 'done' || (d.phase === 'failed' && !!p);
  const hidden = lines.length - 1 - (body - 2);
  // While reviewing, a long plan scrolls (↑/↓, PgUp/PgDn) so every command and the what-if can be
  // read before confirming; the last body line says where the view is.
  const view = lines.length > body ? body - 1 : body;
  const top = confirmed ? 0 : Math.max(0, Math.min(d.scroll ?? 0, lines.length - view));
  maxScroll?.(confirmed ? 0 : Math.max(0, lines.length - view));
  const shown =
    lines.length <= body ? lines : confirmed ? [lines[0]!, { text: `… ${hidden} earlier line(s) not shown`, tone: 'muted' as const }, ...lines.slice(lines.length - (body - 2))] : lines.slice(top, top + view);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="single" paddingX={1}>
      <Text bold wrap="truncate" {...theme.tone('accent')}>
        {p?.title ?? d.form?.title ?? ACTION_TITLES[d.request.kind] ?? d.request.kind}
      </Text>
      {shown.map((l, i) =>
        l.cursor || l.after ? (
          <Text key={i} wrap="truncate">
            <Text {...theme.tone(l.tone)}>{l.text}</Text>
            {l.cursor ? theme.color ? <Text inverse> </Text> : '_' : null}
            {l.after ? <Text {...theme.tone('muted')}>{l.after}</Text> : null}
          </Text>
        ) : (
          <Text key={i} wrap="truncate" {...theme.tone(l.tone)}>
            {l.text || ' '}
          </Text>
        ),
      )}
      {lines.length > body && !confirmed ? (
        <Text wrap="truncate" {...theme.tone('muted')}>{`… lines ${top + 1}-${top + view} of ${lines.length}${top + view < lines.length ? `, ${lines.length - top - view} more below` : ''}  ↑/↓ PgUp/PgDn scroll`}</Text>
      ) : null}
      <Box flexGrow={1} />
      {d.phase === 'form' ? (
        <Text wrap="truncate">
          <Text {...theme.tone('ok')}>[Enter] check and plan</Text>
          {'  [↑/↓ Tab] field  [←/→] choice  [Esc] cancel'}
        </Text>
      ) : d.phase === 'picking' ? (
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
          {p.findings.some((f) => f.level === 'warning') && d.ackWarnings ? '[Tab] warnings acknowledged ✔  ' : ''}
          <Text {...theme.tone(blocker ? 'muted' : 'ok')}>{blocker ? `(${blocker})` : '[Enter] run'}</Text>
          {d.form ? '  [←] edit' : ''}
          {'  [Esc] cancel'}
        </Text>
      ) : (
        <Text {...theme.tone('muted')}>{d.phase === 'running' ? 'running… (Esc hides the dialog; the action continues, :jobs re-opens it)' : d.phase === 'failed' && d.form && !p ? '[←] back to the form  [Esc] close' : '[Esc] close'}</Text>
      )}
    </Box>
  );
}
