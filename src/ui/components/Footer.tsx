/** @jsxRuntime automatic */
// Footer: the prompt (`:` / `/`), a message, or hints built from the keymap table.
import { Text } from 'ink';
import { bindingsFor, keyLabel, type KeyCtx } from '../keymap.js';
import { SYM, useTheme, type Tone } from '../theme.js';
import { useVd } from '../store-context.js';
import { latestSshNotice } from '../../store/reach.js';

export interface PromptState {
  /** 'save': the path for the logs view's W. */
  kind: ':' | '/' | 'save';
  text: string;
  /** The text it opened with, selected: typing replaces it. */
  selected?: boolean;
  /** Browsing the history: the entry shown, and the line typed before ↑. */
  hist?: number;
  draft?: string;
}

const PROMPT_HELP: Record<PromptState['kind'], string> = {
  ':': '   Enter run · Tab complete · ↑ history · Esc cancel',
  '/': '   regex, ! inverts · Enter apply · ↑ history · Ctrl-U clear · Esc cancel',
  save: '   Enter save · Esc cancel',
};

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
          {prompt.kind === 'save' ? 'save to file: ' : prompt.kind}
        </Text>
        {prompt.selected ? <Text inverse>{prompt.text}</Text> : prompt.text}
        <Text inverse>{' '}</Text>
        <Text {...theme.tone('muted')}>{PROMPT_HELP[prompt.kind]}</Text>
      </Text>
    );
  }
  if (message) return <Text wrap="truncate" {...theme.tone(message.tone)}>{message.text.slice(0, width)}</Text>;
  const hints = footerHints(ctx);
  return (
    <Text wrap="truncate" {...theme.tone('muted')}>
      {status ? `${status} │ ` : ''}
      <JobsStatus />
      <SshNoticeStatus />
      {hints}
    </Text>
  );
}

/** Running actions stay visible when their dialog is hidden (Esc): what runs, its step, :jobs. */
export function jobsStatusText(actions: readonly { title: string; status: string; step?: { at: number; of: number } }[]): string | undefined {
  const running = actions.filter((a) => a.status === 'running');
  const a = running.at(-1);
  if (!a) return undefined;
  return `⟳ ${a.title}${a.step ? ` ${a.step.at}/${a.step.of}` : ''}${running.length > 1 ? ` (+${running.length - 1} more)` : ''} · :jobs │ `;
}

function JobsStatus() {
  const theme = useTheme();
  const text = useVd((s) => jobsStatusText(s.actions));
  return text ? <Text {...theme.tone('accent')}>{text}</Text> : null;
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
