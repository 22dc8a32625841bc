// The console's fleet wiring: the config's `fleet` becomes one FleetFeed for the whole console
// (it outlives context switches); Enter in :fleet opens a cluster from that Prometheus in the
// same screen; the console opens on :fleet when no target was named.
import type { VirtdeckConfig } from '../config/schema.js';
import type { ResolvedTarget } from '../config/load.js';
import type { GlobalOptions } from '../cli/args.js';
import type { TuiSession } from '../ui/session-root.js';
import { createPromClient } from '../prometheus/client.js';
import { FleetFeed } from './feed.js';
import { fleetClusterTarget } from './target.js';

export interface ConsoleFleet {
  fleet: FleetFeed;
  openFleetCluster: (name: string) => Promise<TuiSession>;
  startView?: 'fleet';
}

export function consoleFleet(config: VirtdeckConfig, opts: GlobalOptions, sessions: { switchToTarget(resolve: () => ResolvedTarget): Promise<TuiSession> }): ConsoleFleet | undefined {
  const f = config.fleet;
  if (!f) return undefined;
  const fleet = new FleetFeed(createPromClient({ url: f.prometheus }), f.clusterLabel ? { clusterLabel: f.clusterLabel } : {});
  const openFleetCluster = (name: string) => sessions.switchToTarget(() => fleetClusterTarget(config, name));
  const named = opts.demo || opts.nodes || opts.context || opts.from || opts.prometheus;
  return named ? { fleet, openFleetCluster } : { fleet, openFleetCluster, startView: 'fleet' };
}
