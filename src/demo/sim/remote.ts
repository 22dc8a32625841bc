// The demo's cluster nodes that are not members: one pacemaker_remote host and one guest node
// (a managed VM with the remote-node meta attribute). crm_mon lists both with type="remote"; the
// guest also with id_as_resource (the VM resource that provides it). Neither is an SSH target of
// the console. Each runs one small resource, so resources name nodes outside the member list.
import type { DemoSim } from './sim.js';
import type { SimNode } from './state.js';

export interface SimClusterOnlyNode {
  name: string;
  kind: 'remote' | 'guest';
  /** Remote: its connection resource (named like the node); guest: the VM resource. */
  provider: string;
  /** The connection resource crm_mon lists (for a guest: the implicit one, named like the node). */
  connection: string;
  /** Member the connection (remote) or the VM (guest) is listed on; undefined: stopped. */
  host?: SimNode;
  /** The node is up: its connection runs on an online member. */
  online: boolean;
  /** The Dummy resource that runs on the node. */
  app: string;
}

export const REMOTE_NODE = 'remote1';
export const REMOTE_SERVER = '10.99.0.201';

const usable = (n: SimNode): boolean => n.member === 'online' && !n.standby;

/** The guest node's VM resource: the first managed VM (none without VMs). */
export function guestResource(sim: DemoSim): string | undefined {
  return sim.resources[0]?.id;
}

export function clusterOnlyNodes(sim: DemoSim): SimClusterOnlyNode[] {
  // On the last member not in standby; a lost (unclean) host keeps it listed there until the
  // fence, as Pacemaker does with every resource of an unclean node, and the remote node is down.
  const remoteHost = [...sim.nodes].reverse().find((n) => (n.member === 'unclean' || usable(n)) && !n.standby);
  const out: SimClusterOnlyNode[] = [
    { name: REMOTE_NODE, kind: 'remote', provider: REMOTE_NODE, connection: REMOTE_NODE, host: remoteHost, online: remoteHost?.member === 'online', app: `app-${REMOTE_NODE}` },
  ];
  const g = guestResource(sim);
  const r = g ? sim.resource(g) : undefined;
  if (r) {
    // A guest is up while its VM runs (and is not being moved away right now).
    const host = r.node && !r.movingTo ? sim.nodes.find((n) => n.name === r.node && n.member === 'online') : undefined;
    out.push({ name: r.vm, kind: 'guest', provider: r.id, connection: r.vm, host, online: host !== undefined, app: `app-${r.vm}` });
  }
  return out;
}
