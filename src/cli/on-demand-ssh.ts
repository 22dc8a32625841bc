// A session read from Prometheus reads what the exporters do not carry (domain XML, console
// display, snapshots, multipath paths) over SSH on demand: from the context's own nodes, one
// connection per node opened by the detail that needs it and closed after a minute without use.
// Without SSH nodes every such read says why ("not available from Prometheus", no SSH nodes).
import type { ResolvedTarget } from '../config/load.js';
import type { SshNotice } from '../ssh/runner.js';
import { OnDemandRunner, type OnDemandFailure } from '../ssh/on-demand-runner.js';
import { reachabilityOf } from '../store/reach.js';
import { SshRunner } from '../ssh/ssh-runner.js';
import { resolveHosts } from '../ssh/ssh-config.js';
import { NOT_FROM_PROMETHEUS } from '../store/freshness.js';
import { NO_SSH } from '../prometheus/no-ssh.js';
import { sshResolveOptions } from './hosts.js';

/**
 * The status line's word on a node's on-demand reads: that its SSH connection failed, why (auth,
 * host key, unreachable), once; and that reads work again. About this console's SSH only: the
 * node's state stays what Prometheus says.
 */
export function onDemandNotice(node: string, f: OnDemandFailure | undefined): SshNotice {
  if (!f) return { node, severity: 'info', message: 'SSH on demand reads again' };
  const r = reachabilityOf({ status: 'down', error: { kind: f.kind, message: f.message.startsWith(`${node}: `) ? f.message.slice(node.length + 2) : f.message } });
  return { node, severity: 'warning', message: `SSH on demand failed: ${r.text}${r.line && r.line !== r.text ? ` (${r.line})` : ''}` };
}

export function onDemandSsh(target: Extract<ResolvedTarget, { kind: 'cluster' }>, o: { log?: (m: string) => void; onNotice?: (n: SshNotice) => void; idleMs?: number } = {}): OnDemandRunner {
  const cluster = target.cluster;
  const sshConfig = target.sshConfig ?? cluster.sshConfig;
  const resolveOpts = sshResolveOptions(sshConfig === undefined ? target : { ...target, sshConfig });
  return new OnDemandRunner({
    nodes: cluster.nodes,
    noNodes: NO_SSH,
    unavailable: NOT_FROM_PROMETHEUS,
    ...(o.idleMs !== undefined ? { idleMs: o.idleMs } : {}),
    ...(o.log ? { log: o.log } : {}),
    ...(o.onNotice ? { onFailure: (node: string, f: OnDemandFailure | undefined) => o.onNotice!(onDemandNotice(node, f)) } : {}),
    // Resolved when first needed: a broken ssh_config fails that read (naming the node), not the session.
    open: async (node) => {
      const [host] = await resolveHosts([node], resolveOpts);
      if (!host) throw new Error(`${node}: could not resolve`);
      // Reads only, whatever the context allows: actions run from the live SSH console.
      return new SshRunner({ hosts: [host], useSudo: cluster.sudo ?? false, readonly: true, ...(o.log ? { log: o.log } : {}), ...(o.onNotice ? { onNotice: o.onNotice } : {}) });
    },
  });
}
