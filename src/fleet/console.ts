// The console's fleet wiring: the config's `fleet` becomes one FleetFeed for the whole console
// (it outlives context switches), and the console opens on :fleet when no target was named.
import type { VirtdeckConfig } from '../config/schema.js';
import type { GlobalOptions } from '../cli/args.js';
import { createPromClient } from '../prometheus/client.js';
import { FleetFeed } from './feed.js';

export function consoleFleet(config: VirtdeckConfig, opts: GlobalOptions): { fleet: FleetFeed; startView?: 'fleet' } | undefined {
  const f = config.fleet;
  if (!f) return undefined;
  const fleet = new FleetFeed(createPromClient({ url: f.prometheus }), f.clusterLabel ? { clusterLabel: f.clusterLabel } : {});
  const named = opts.demo || opts.nodes || opts.context || opts.from;
  return named ? { fleet } : { fleet, startView: 'fleet' };
}
