// Per node: cluster LVM health — lvmlockd's lockspaces, the kernel dlm's, and the shared VGs' LVs.
import type { NodeSourceDef } from '../source.js';
import { lvmLockspaceRule } from './alert.js';
import { applyLvm, lvmCmds, pollLvm } from './collector.js';

const SAVED: Readonly<Record<string, string>> = { lvmlockctl: 'lvmlockctl-info.txt', dlm_tool: 'dlm_tool-ls.txt', lvs: 'lvs-shared.json' };

export const lvmSource: NodeSourceDef<'lvm'> = {
  id: 'lvm',
  scope: 'node',
  // Lockspaces change only on lock-start/stop and daemon restarts: the cadence of the other
  // "is the protection there" reads (sbd, stonith).
  intervalMs: 30_000,
  freshness: 'interval',
  batchable: true,
  // lvmlockctl and dlm_tool wait on their daemons, which block while the dlm recovers (fencing).
  mayHang: true,
  commands: () => lvmCmds(),
  saved: {
    files: Object.values(SAVED),
    fileFor: (c) => {
      const file = SAVED[c.argv[0] ?? ''];
      return file ? { file, scope: 'node' } : undefined;
    },
  },
  demoTools: ['lvmlockctl', 'dlm_tool', 'lvs'],
  alerts: [lvmLockspaceRule],
  collector: () => ({
    poll: (ctx, node) => pollLvm(ctx, node),
    batch: { cmds: () => lvmCmds(), apply: (ctx, node, cmds, rs) => applyLvm(ctx, node, cmds, rs) },
  }),
};
