// From configuration (a context's `prometheus`, or --prometheus URL --cluster NAME) to what the
// backend needs: the client options and the cluster's label selector.
import type { PrometheusConfig } from '../config/schema.js';
import type { PromClientOptions } from './client.js';
import { clusterMatch, matchersOf } from './queries.js';

export interface PromTarget {
  client: PromClientOptions;
  /** The cluster's label selector, e.g. {cluster="prod-a"}. */
  match: string;
  nodeLabel?: string;
  intervalMs?: number;
}

/** `name` is the cluster label's value when the config gives neither `match` nor `cluster` (the context name). */
export function promTargetOf(p: PrometheusConfig, name: string): PromTarget {
  const match = p.match ?? clusterMatch(p.cluster ?? name, p.clusterLabel);
  matchersOf(match); // a bad selector fails here, with the selector named
  const client: PromClientOptions = { url: p.url };
  const auth = { ...(p.username !== undefined ? { username: p.username } : {}), ...(p.passwordFile !== undefined ? { passwordFile: p.passwordFile } : {}), ...(p.bearerTokenFile !== undefined ? { bearerTokenFile: p.bearerTokenFile } : {}) };
  if (Object.keys(auth).length) client.auth = auth;
  if (p.caFile !== undefined) client.caFile = p.caFile;
  const t: PromTarget = { client, match };
  if (p.nodeLabel !== undefined) t.nodeLabel = p.nodeLabel;
  if (p.intervalMs !== undefined) t.intervalMs = p.intervalMs;
  return t;
}
