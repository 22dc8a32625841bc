import { afterEach, describe, expect, it } from 'vitest';
import { FakeRunner, type FakeResult } from '../../test/support/ssh/fake-runner.js';
import { fixture, fixtureResponder } from '../../test/support/collectors/test-support.js';
import { RunError } from '../ssh/runner.js';
import type { Cmd } from '../ssh/cmd.js';
import { createVdStore } from '../store/store.js';
import { startCollectors } from './runtime.js';
import { MAX_CLUSTER_TRIES, nodeSpecific, roundError, stopReason } from './failover.js';
import { crmMonCmd } from './pacemaker/command.js';
import { CommandFailedError } from './section.js';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

const names = (n: number) => Array.from({ length: n }, (_, i) => `n${i + 1}`);

/** `nodes` SSH targets; crm_mon answered by `crm` (undefined: the healthy fixture). Nothing runs but the rounds a test asks for. */
function cluster(nodes: string[], crm: (node: string) => FakeResult | undefined) {
  const runner = new FakeRunner({ nodes }).respond(fixtureResponder((node, c: Cmd) => (c.argv[0] === 'crm_mon' ? crm(node) : undefined)));
  const store = createVdStore({ clusterName: 'c1', nodes });
  const col = startCollectors({ runner, store, config: { live: false, discover: false } });
  stops.push(() => col.stop());
  /** One pacemaker round: the nodes crm_mon ran on, in order. */
  const round = async (): Promise<string[]> => {
    runner.calls.length = 0;
    await col.refreshSources(['pacemaker']);
    return runner.calls.filter((c) => c.argv[0] === 'crm_mon').map((c) => c.node);
  };
  return { runner, store, round, fresh: () => store.getState().cluster.fresh.pacemaker };
}

// Real answers (pacemaker 2.1.5, no cluster running; see pacemaker/fixtures/README.md).
const NOT_RUNNING: FakeResult = { stdout: fixture('pacemaker', 'not-running.crm_mon.xml'), stderr: '', code: 102 };
const SUDO_REFUSED: FakeResult = { stdout: '', stderr: 'sudo: a password is required\n', code: 1 };

describe('cluster-wide failover is bounded per round', () => {
  it('a crm_mon failing alike on all 64 nodes costs at most 3 reads a round, not 64', async () => {
    const c = cluster(names(64), () => SUDO_REFUSED);
    const tried = await c.round();
    expect(tried.length).toBeLessThanOrEqual(MAX_CLUSTER_TRIES);
    // sudo refused says nothing about the node: one read
    expect(tried).toEqual(['n1']);
    expect(c.fresh()?.error).toMatch(/^failed on n1 \(63 other nodes not tried this round: the failure is not specific to the node\): n1: .*sudo: a password is required/);
    expect(c.fresh()?.lastOk).toBeUndefined();
  });

  it('a daemon-down answer repeated on two nodes stops the walk; later rounds rotate to untried nodes', async () => {
    const c = cluster(names(64), () => NOT_RUNNING);
    expect(await c.round()).toEqual(['n1', 'n2']);
    expect(c.fresh()?.error).toMatch(/^failed on n1, n2 \(62 other nodes not tried this round: the same failure on two nodes\): n1: .*exited 102; n2: .*exited 102/);
    expect(await c.round()).toEqual(['n3', 'n4']);
    expect(await c.round()).toEqual(['n5', 'n6']);
  });

  it('the same timeout on two nodes (a busy cluster) stops the walk', async () => {
    const c = cluster(names(64), (node) => new RunError('timeout', node, 'command timed out after 20000 ms'));
    expect(await c.round()).toEqual(['n1', 'n2']);
    expect(c.fresh()?.error).toBe(
      'failed on n1, n2 (62 other nodes not tried this round: the same failure on two nodes): n1: command timed out after 20000 ms; n2: command timed out after 20000 ms',
    );
  });

  it('node-specific failures fail over to a healthy node, and the next round starts there', async () => {
    const c = cluster(names(64), (node) =>
      node === 'n1' ? new RunError('unreachable', node, 'connection refused') : node === 'n2' ? NOT_RUNNING : undefined,
    );
    expect(await c.round()).toEqual(['n1', 'n2', 'n3']);
    expect(c.fresh()?.via).toBe('n3');
    expect(c.fresh()?.error).toBeUndefined();
    expect(c.store.getState().cluster.crm).toBeDefined();
    expect(await c.round()).toEqual(['n3']);
  });

  it('three different node-specific failures use up the round; the next round reaches a healthy node', async () => {
    const bad: Record<string, FakeResult> = {
      n1: new RunError('unreachable', 'n1', 'connection refused'),
      n2: NOT_RUNNING,
      n3: { stdout: '', stderr: 'sudo: crm_mon: command not found\n', code: 1 },
    };
    const c = cluster(names(64), (node) => bad[node]);
    expect(await c.round()).toEqual(['n1', 'n2', 'n3']);
    const err = c.fresh()?.error ?? '';
    expect(err).toMatch(/^failed on n1, n2, n3 \(61 other nodes not tried this round: at most 3 nodes per round\): /);
    for (const said of ['n1: connection refused', 'n2: `crm_mon', 'n3: `crm_mon', 'command not found']) expect(err).toContain(said);
    expect(await c.round()).toEqual(['n4']);
    expect(c.fresh()?.via).toBe('n4');
    expect(c.fresh()?.error).toBeUndefined();
  });

  it('once every node has failed, a round starts on the node that failed longest ago', async () => {
    let broken = true;
    const c = cluster(names(4), (node) => (broken || node !== 'n4' ? NOT_RUNNING : undefined));
    expect(await c.round()).toEqual(['n1', 'n2']);
    expect(await c.round()).toEqual(['n3', 'n4']);
    expect(await c.round()).toEqual(['n1', 'n2']);
    broken = false;
    expect(await c.round()).toEqual(['n3', 'n4']);
    expect(c.fresh()?.via).toBe('n4');
  });

  it('a small cluster still hears from every node, with the old wording', async () => {
    const c = cluster(names(3), (node) => (node === 'n1' ? new RunError('unreachable', node, 'connection refused') : node === 'n2' ? NOT_RUNNING : { stdout: '<oops', code: 0 }));
    expect(await c.round()).toEqual(['n1', 'n2', 'n3']);
    expect(c.fresh()?.error).toMatch(/^failed on every node: n1: connection refused; n2: .*exited 102; pacemaker@n3: .*malformed XML/);
  });

  it('prefers nodes Pacemaker lists online over ones it lists offline', async () => {
    const c = cluster(['n1', 'n2', 'n3', 'n4'], () => undefined);
    await c.round();
    const crm = c.store.getState().cluster.crm!;
    expect(c.fresh()?.via).toBe('n1');
    // Pacemaker now lists n1 (the last good node) and n2 offline: their crm_mon would only say "Not connected"
    c.store.getState().setClusterData('pacemaker', 'n1', { crm: { ...crm, nodes: crm.nodes.map((n) => (n.name === 'n1' || n.name === 'n2' ? { ...n, online: false } : n)) } });
    expect(await c.round()).toEqual(['n3']);
  });
});

describe('nodeSpecific', () => {
  const failed = (code: number | null, stderr = '') => new CommandFailedError('n1', crmMonCmd(), code, `exited ${code}${stderr ? `: ${stderr}` : ''}`);
  it('moves on for transport failures, timeouts, daemons not running and missing tools', () => {
    for (const e of [
      new RunError('unreachable', 'n1', 'connection refused'),
      new RunError('timeout', 'n1', 'command timed out after 20000 ms'),
      failed(102),
      failed(127, 'bash: crm_mon: command not found'),
      failed(1, 'sudo: cibadmin: command not found'),
      failed(1, 'Could not connect to the CIB: Transport endpoint is not connected'),
      new Error('fencer not answering on n1: Could not connect to fencer: Transport endpoint is not connected'),
    ])
      expect(nodeSpecific(e), e.message).toBe(true);
  });
  it('stops for what every node would answer alike', () => {
    for (const e of [
      failed(1, 'sudo: a password is required'),
      failed(64),
      new RunError('output-too-large', 'n1', 'output exceeded 64 MiB'),
      new Error('n1: crm_mon: malformed XML at line 1'),
    ])
      expect(nodeSpecific(e), e.message).toBe(false);
  });
  it('compares answers without the node name, and never calls two unreachable nodes "the same failure"', () => {
    const t = (node: string) => ({ node, error: new RunError('timeout', node, 'command timed out after 20000 ms') });
    const u = (node: string) => ({ node, error: new RunError('unreachable', node, 'connection refused') });
    expect(stopReason([t('n1'), t('n10')])).toBe('the same failure on two nodes');
    expect(stopReason([u('n1'), u('n2')])).toBeUndefined();
    expect(stopReason([u('n1'), u('n2'), u('n3')])).toBe('at most 3 nodes per round');
  });
  it('a single node keeps its own message', () => {
    expect(roundError([{ node: 'n1', error: new Error('n1: boom') }], 1, undefined)).toBe('n1: boom');
  });
});
