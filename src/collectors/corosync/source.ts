// Per node: quorum and link status.
import type { NodeSourceDef } from '../source.js';
import { applyCorosync, corosyncCmds, pollCorosync } from './collector.js';

export const corosyncSource: NodeSourceDef<'corosync'> = {
  id: 'corosync',
  scope: 'node',
  intervalMs: 10_000,
  freshness: 'interval',
  batchable: true,
  // A wedged corosync can hang its tools.
  mayHang: true,
  commands: () => corosyncCmds(),
  saved: {
    files: ['corosync-quorumtool-s.txt', 'corosync-cfgtool-s.txt'],
    fileFor: (c) =>
      c.argv[0] === 'corosync-quorumtool'
        ? { file: 'corosync-quorumtool-s.txt', scope: 'node' }
        : c.argv[0] === 'corosync-cfgtool'
          ? { file: 'corosync-cfgtool-s.txt', scope: 'node' }
          : undefined,
  },
  demoTools: ['corosync-quorumtool', 'corosync-cfgtool'],
  collector: () => ({
    poll: (ctx, node) => pollCorosync(ctx, node),
    batch: { cmds: () => corosyncCmds(), apply: (ctx, node, cmds, rs) => applyCorosync(ctx, node, cmds, rs) },
  }),
};
