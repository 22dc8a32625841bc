// The parts of a session read from Prometheus: a store fed by the backend, and a runner that
// refuses every command, saying why, for the actions (which run from the live SSH console). The
// detail views read over SSH on demand instead (src/cli/on-demand-ssh.ts).
import type { Cmd } from '../ssh/cmd.js';
import { RunError, type NodeConnState, type Runner, type RunResult, type StreamHandle, type StreamHandlers } from '../ssh/runner.js';
import { createVdStore, LIVE_DERIVE_MS, type VdStore } from '../store/store.js';
import type { ClusterConfig } from '../config/schema.js';
import { createPromClient } from './client.js';
import { PrometheusBackend } from './backend.js';
import type { PromTarget } from './target.js';

import { NO_SSH } from './no-ssh.js';

export { NO_SSH };

/** A runner with no nodes: every command is refused with NO_SSH. */
export class NoSshRunner implements Runner {
  run(node: string, cmd: Cmd): Promise<RunResult> {
    return Promise.reject(new RunError('unknown-node', node, NO_SSH, cmd));
  }
  runBatch(node: string, cmds: readonly Cmd[]): Promise<RunResult[]> {
    return Promise.reject(new RunError('unknown-node', node, NO_SSH, cmds[0]));
  }
  stream(node: string, _cmd: Cmd, handlers: StreamHandlers): StreamHandle {
    queueMicrotask(() => handlers.onEnd?.({ code: null, error: new RunError('unknown-node', node, NO_SSH) }));
    return { close: () => undefined };
  }
  nodes(): string[] {
    return [];
  }
  onConnState(): () => void {
    return () => undefined;
  }
  connState(): NodeConnState | undefined {
    return undefined;
  }
  async close(): Promise<void> {}
}

export interface PromSessionParts {
  store: VdStore;
  runner: Runner;
  backend: PrometheusBackend;
}

/** Store + backend for one cluster; `live` starts the refresh loop (snapshot: collectOnce only). */
export function openPromParts(clusterName: string, target: PromTarget, cluster: ClusterConfig, o: { live: boolean; log?: (m: string) => void }): PromSessionParts {
  const store = createVdStore({
    clusterName,
    nodes: [],
    // No SSH: nothing can act on the cluster from here.
    readonly: true,
    ...(cluster.thresholds ? { thresholds: cluster.thresholds } : {}),
    ...(cluster.vmResourceName ? { vmResourceName: cluster.vmResourceName } : {}),
    ...(o.live ? { deriveDelayMs: LIVE_DERIVE_MS } : {}),
  });
  const backend = new PrometheusBackend({
    client: createPromClient(target.client),
    store,
    match: target.match,
    ...(target.nodeLabel !== undefined ? { nodeLabel: target.nodeLabel } : {}),
    ...(target.intervalMs !== undefined ? { intervalMs: target.intervalMs } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
  if (o.live) backend.start();
  return { store, runner: new NoSshRunner(), backend };
}
