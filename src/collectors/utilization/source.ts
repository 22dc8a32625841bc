// Cluster-wide: Pacemaker utilization (nodes' capacity, VM resources' needs) and placement-strategy.
import type { ClusterSourceDef } from '../source.js';
import { pollUtilization } from './collector.js';
import { utilizationCmds } from './command.js';

const SAVED: Readonly<Record<string, string>> = { '--scope nodes': 'cibadmin-nodes.xml', '--xpath': 'cibadmin-vm-primitives.xml', '--scope crm_config': 'cibadmin-crm_config.xml' };

export const utilizationSource: ClusterSourceDef<'utilization'> = {
  id: 'utilization',
  scope: 'cluster',
  // Changed by hand or by an agent like SysInfo/HealthCPU: the cadence of the other CIB reads.
  intervalMs: 30_000,
  freshness: 'interval',
  after: ['pacemaker'],
  commands: () => utilizationCmds(),
  saved: {
    files: Object.values(SAVED),
    fileFor: (c) => {
      if (c.argv[0] !== 'cibadmin' || c.argv[1] !== '--query') return undefined;
      const file = SAVED[c.argv[2] === '--xpath' ? '--xpath' : `${c.argv[2] ?? ''} ${c.argv[3] ?? ''}`];
      return file ? { file, scope: 'cluster' } : undefined;
    },
  },
  demoTools: ['cibadmin'],
  collector: () => ({ poll: (ctx, via) => pollUtilization(ctx, via) }),
};
