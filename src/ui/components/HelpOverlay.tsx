/** @jsxRuntime automatic */
// `?` overlay: every binding in the keymap table (minus dangerous ones in read-only mode),
// grouped by scope, with the reason a binding is unavailable right now.
import { Box, Text } from 'ink';
import { helpBindings, keyLabel, type Binding, type KeyCtx } from '../keymap.js';
import { wrapText } from '../panes/entry/lines.js';
import { useTheme } from '../theme.js';
import { COMMAND_ALIASES } from '../views.js';

const SCOPE_TITLE: Record<string, string> = {
  global: 'Everywhere',
  overview: 'Overview',
  table: 'Lists',
  detail: 'Detail views',
  nodes: ':nodes',
  vms: ':vms',
  alerts: ':alerts',
  fence: ':fence',
  logs: ':logs',
  fleet: ':fleet',
  replay: 'Replay',
  help: 'This help',
  prompt: 'Command / filter line',
  dialog: 'Action dialog',
  form: 'Action form (vm create, fence node): type into the focused field, Backspace deletes',
  confirm: 'Yes/no question',
  sort: 'Sort column picker (O in a list)',
};

/** `width`: the why of a read-only session wraps to it (the other lines are short). */
export function helpLines(ctx: KeyCtx, width = 80): { text: string; dim: boolean; head: boolean }[] {
  const out: { text: string; dim: boolean; head: boolean }[] = [];
  let scope = '';
  const list: Binding[] = helpBindings(ctx.readonly).filter((b) => b.scope !== 'replay' || ctx.hasReplay);
  for (const b of list) {
    if (b.scope !== scope) {
      scope = b.scope;
      out.push({ text: SCOPE_TITLE[scope] ?? scope, dim: false, head: true });
    }
    const keys = b.keys.map(keyLabel).join(' ');
    out.push({ text: `  ${keys.padEnd(16)} ${b.desc}${b.dangerous ? ' [plan+confirm]' : ''}`, dim: false, head: false });
  }
  // `:` commands and their aliases (the table resolveCommand reads)
  out.push({ text: 'Commands (: then a name or an alias, Enter)', dim: false, head: true });
  for (const c of COMMAND_ALIASES) out.push({ text: `  :${c.aliases[0]!.padEnd(15)} ${c.title}${c.aliases.length > 1 ? `  (also ${c.aliases.slice(1).map((a) => `:${a}`).join(' ')})` : ''}`, dim: false, head: false });
  if (ctx.readonly) out.push({ text: 'Read-only session: action keys are not bound (pressing one says so).', dim: true, head: true });
  // Why, and where actions are (a session read from Prometheus: the live SSH console).
  if (ctx.readonly && ctx.readonlyWhy) for (const t of wrapText(ctx.readonlyWhy, Math.max(20, width - 2))) out.push({ text: `  ${t}`, dim: true, head: false });
  return out;
}

/** `maxOffset` reports the last scroll position, so j, G and End stop at the end of the list. */
export function HelpOverlay({ ctx, width, height, offset, maxOffset }: { ctx: KeyCtx; width: number; height: number; offset: number; maxOffset?: (n: number) => void }) {
  const theme = useTheme();
  const lines = helpLines(ctx, width);
  const body = Math.max(1, height - 1);
  maxOffset?.(Math.max(0, lines.length - body));
  const start = Math.max(0, Math.min(offset, lines.length - body));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold {...theme.tone('accent')} wrap="truncate">
        {`Keys (${start + 1}-${Math.min(lines.length, start + body)} of ${lines.length}, j/k scroll, g/G top/end, Esc close)`}
      </Text>
      {lines.slice(start, start + body).map((l, i) => (
        <Text key={i} wrap="truncate" bold={l.head && theme.color} {...theme.tone(l.head ? 'info' : undefined)}>
          {l.text}
        </Text>
      ))}
    </Box>
  );
}
