// Per node: block device statistics from the iostat stream; one 1 s sample for a single round.
import type { NodeSourceDef } from '../source.js';
import { IostatCollector, iostatOnceCmd } from './collector.js';
import { iostatStreamCmd } from './command.js';

export const iostatSource: NodeSourceDef<'iostat'> = {
  id: 'iostat',
  scope: 'node',
  intervalMs: 5_000,
  freshness: 'interval',
  streamed: true,
  // dm-N devices get their alias from the node's multipath maps.
  after: ['multipath'],
  commands: () => [iostatOnceCmd(), iostatStreamCmd(5)],
  saved: { files: ['iostat.json'], fileFor: (c) => (c.argv[0] === 'iostat' ? { file: 'iostat.json', scope: 'node' } : undefined) },
  demoTools: ['iostat'],
  collector: (svc) => {
    const io = new IostatCollector();
    return { poll: (ctx, node) => io.pollOnce(ctx, node), stream: (ctx, node) => io.startStream(ctx, node, svc.intervalMs('iostat')) };
  },
};
