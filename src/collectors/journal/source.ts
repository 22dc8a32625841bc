// Per node: the cluster units' journal, followed; entries go to the store's log ring.
import type { NodeSourceDef } from '../source.js';
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
  collector: (svc) => ({ stream: (ctx, node) => startJournal(ctx, node, svc.journalUnits) }),
};
