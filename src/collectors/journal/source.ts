// Per node: the cluster units' journal, followed; entries go to the store's log ring.
// multipathd's path events in it trigger an immediate multipath read (throttled per node).
import type { NodeSourceDef } from '../source.js';
import { EventThrottle, isMultipathPathEvent } from '../multipath/events.js';
import { startJournal } from './collector.js';
import { DEFAULT_JOURNAL_UNITS, journalStreamCmd } from './command.js';

export const journalSource: NodeSourceDef<'journal'> = {
  id: 'journal',
  scope: 'node',
  intervalMs: 60_000,
  configurable: false,
  freshness: 'event',
  commands: () => [journalStreamCmd(DEFAULT_JOURNAL_UNITS)],
  demoTools: ['journalctl'],
  collector: (svc) => {
    const paths = new EventThrottle((node) => svc.trigger(node, 'multipath'));
    return {
      stream: (ctx, node) =>
        startJournal(ctx, node, svc.journalUnits, (entries) => {
          if (entries.some(isMultipathPathEvent)) paths.event(node);
        }),
    };
  },
};
