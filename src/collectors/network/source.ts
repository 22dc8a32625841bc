// Per node: NIC counters (rates between polls) and bonds.
import type { NodeSourceDef } from '../source.js';
import { mirroredFile } from '../saved-file.js';
import { NetworkCollector } from './collector.js';
import { networkBatch } from './command.js';

export const networkSource: NodeSourceDef<'network'> = {
  id: 'network',
  scope: 'node',
  intervalMs: 5_000,
  freshness: 'interval',
  batchable: true,
  twoSamples: true,
  commands: () => networkBatch(),
  saved: { files: ['proc/net/dev', 'proc/net/bonding/'], fileFor: mirroredFile },
  demoTools: ['cat', 'grep'],
  collector: () => {
    const net = new NetworkCollector();
    return { poll: (ctx, node) => net.poll(ctx, node), batch: { cmds: () => net.cmds(), apply: (ctx, node, _cmds, rs) => net.apply(ctx, node, rs) } };
  },
};
