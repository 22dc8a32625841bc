// Cluster-wide: crm_mon's view of nodes and resources, from one node (the runtime fails over).
import type { ClusterSourceDef } from '../source.js';
import { crmMonCmd } from './command.js';
import { corosyncNameCmd, crmConfigCmd } from './cluster-name.js';
import { memberNodes, pollPacemaker } from './collector.js';
import { CrmMonReparser } from './reparse.js';

export const pacemakerSource: ClusterSourceDef<'pacemaker'> = {
  id: 'pacemaker',
  scope: 'cluster',
  intervalMs: 5_000,
  freshness: 'interval',
  // The cluster name (runtime detectClusterName) is read after a good crm_mon: cluster options only.
  commands: () => [crmMonCmd(), crmConfigCmd(), corosyncNameCmd()],
  saved: {
    files: ['crm_mon.xml'],
    fileFor: (c) => (c.argv[0] === 'crm_mon' ? { file: 'crm_mon.xml', scope: 'cluster' } : undefined),
  },
  demoTools: ['crm_mon', 'cibadmin', 'corosync-cmapctl'],
  collector: () => {
    const reparser = new CrmMonReparser();
    return { poll: async (ctx, via) => ({ members: memberNodes(await pollPacemaker(ctx, via, reparser)) }) };
  },
};
