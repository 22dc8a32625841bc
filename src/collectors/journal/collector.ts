// Per node: follow the cluster units' journal; entries go to the store's bounded log ring, and
// to `onEntries` at once (not coalesced): other sources react to their daemons' lines.
import type { StreamHandle } from '../../ssh/runner.js';
import type { JournalEntry } from '../../model/journal.js';
import type { CollectorContext } from '../context.js';
import { errorMessage } from '../section.js';
import { writeStream } from '../coalesce.js';
import { journalStreamCmd } from './command.js';
import { JournalStreamParser } from './parse.js';

export function startJournal(ctx: CollectorContext, node: string, units: readonly string[], onEntries?: (entries: readonly JournalEntry[]) => void): StreamHandle {
  let parser = new JournalStreamParser(node);
  const st = ctx.store.getState;
  return ctx.runner.stream(node, journalStreamCmd(units), {
    onStart() {
      parser = new JournalStreamParser(node);
      // Running again is the news: a quiet journal sends nothing, and the last "connection
      // lost" error would otherwise stay (and its alert with it) until some unit logs a line.
      st().setNodeData(node, 'journal', {});
    },
    onData(chunk) {
      try {
        const entries = parser.feed(chunk);
        if (entries.length === 0) return;
        writeStream(ctx, 'journal', node, () => {
          st().pushLogs(entries);
          st().setNodeData(node, 'journal', {});
        });
        onEntries?.(entries);
      } catch (e) {
        st().markError('journal', node, errorMessage(e));
      }
    },
    onEnd(info) {
      st().markError('journal', node, info.error ? errorMessage(info.error) : `journalctl ended (exit ${info.code ?? 'signal'}); restarting`);
    },
  });
}
