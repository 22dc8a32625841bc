/** @jsxRuntime automatic */
// Footer: the prompt (`:` / `/`), a message, or hints built from the keymap table.
import { Text } from 'ink';
import { bindingsFor, keyLabel, type KeyCtx } from '../keymap.js';
import { SYM, useTheme, type Tone } from '../theme.js';
import { useVd } from '../store-context.js';
import { latestSshNotice } from '../../store/reach.js';

export interface PromptState {
  kind: ':' | '/';
  text: string;
}

export function footerHints(ctx: KeyCtx): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const b of bindingsFor(ctx)) {
    if (!b.hint || seen.has(b.id) || b.disabledReason?.(ctx)) continue;
    seen.add(b.id);
    parts.push(`${keyLabel(b.keys[0]!)} ${b.hint}`);
  }
  return parts.join('  ');
}

export function Footer({ width, ctx, prompt, message, status }: { width: number; ctx: KeyCtx; prompt?: PromptState; message?: { text: string; tone: Tone }; status?: string }) {
  const theme = useTheme();
  if (prompt) {
    return (
      <Text wrap="truncate">
        <Text bold {...theme.tone('accent')}>
          {prompt.kind}
        </Text>
        {prompt.text}
        <Text inverse>{' '}</Text>
        <Text {...theme.tone('muted')}>{prompt.kind === ':' ? '   Enter run · Tab complete · Esc cancel' : '   regex, ! inverts · Enter apply · Esc cancel'}</Text>
      </Text>
    );
  }
  if (message) return <Text wrap="truncate" {...theme.tone(message.tone)}>{message.text.slice(0, width)}</Text>;
  const hints = footerHints(ctx);
  return (
    <Text wrap="truncate" {...theme.tone('muted')}>
      {status ? `${status} │ ` : ''}
      <SshNoticeStatus />
      {hints}
    </Text>
  );
}

/** The newest SSH notice (a StrictHostKeyChecking no not honoured, a key recorded under
 *  accept-new) stays on the status line; the timeline keeps them all. */
function SshNoticeStatus() {
  const theme = useTheme();
  const n = useVd(latestSshNotice);
  if (!n) return null;
  return (
    <Text {...theme.tone(n.severity === 'warning' ? 'warn' : 'info')}>
      {`${n.severity === 'warning' ? SYM.warn : SYM.info} ssh ${n.node ?? ''}: ${n.message.split('\n')[0]} │ `}
    </Text>
  );
}
