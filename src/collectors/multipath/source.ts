// Per node: multipath maps and their paths (multipathd's JSON, `multipath -ll` as fallback).
import type { NodeSourceDef } from '../source.js';
import { MultipathCollector } from './collector.js';
import { multipathJsonCmd, multipathLlCmd } from './command.js';

export const multipathSource: NodeSourceDef<'multipath'> = {
  id: 'multipath',
  scope: 'node',
  intervalMs: 10_000,
  freshness: 'interval',
  batchable: true,
  // multipathd is what hangs when storage is in trouble.
  mayHang: true,
  // A path event in multipathd's journal (journal/source.ts) reads the maps alone, at once.
  readAlone: true,
  commands: () => [multipathJsonCmd(), multipathLlCmd()],
  saved: {
    files: ['multipathd-show-maps-json.json', 'multipath-ll.txt'],
    fileFor: (c) =>
      c.argv[0] === 'multipathd'
        ? { file: 'multipathd-show-maps-json.json', scope: 'node' }
        : c.argv[0] === 'multipath'
          ? { file: 'multipath-ll.txt', scope: 'node' }
          : undefined,
  },
  demoTools: ['multipathd', 'multipath'],
  collector: () => {
    const mp = new MultipathCollector();
    return {
      poll: (ctx, node) => mp.poll(ctx, node),
      // Unreadable JSON: this node reads `multipath -ll` from now on, starting at once.
      batch: { cmds: (_ctx, node) => mp.cmds(node), apply: (ctx, node, cmds, rs) => (mp.apply(ctx, node, cmds, rs) ? undefined : 'again') },
    };
  },
};
