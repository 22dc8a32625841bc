// Actions refresh only what they read: the pre-execute re-check, wait steps and verify run the
// pollers of the sources their guards/until/verify read (CollectorsHandle.refreshSources), not a
// whole collectOnce round (1 s iostat sample, every source on every node).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeRunner, type FakeCall } from '../../test/support/ssh/fake-runner.js';
import { createVdStore } from '../store/store.js';
import { startCollectors, type CollectorsHandle } from '../collectors/runtime.js';
import { fixture, fixtureResponder } from '../../test/support/collectors/test-support.js';
import { executePlan, preparePlan } from '../actions/index.js';
import { executePlanWith, preparePlanWith } from '../actions/engine.js';
import { standbyCmd } from '../actions/commands.js';
import type { ActionCtx, EngineDef } from '../actions/types.js';
import type { ResolvedTarget } from '../config/load.js';
import { sessionActionCtx } from './console.js';
import type { Session } from './session.js';

const NODES = ['n1', 'n2', 'n3', 'n4'];
let dir: string;
let collectors: CollectorsHandle | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-refresh-'));
});
afterEach(() => {
  collectors?.stop();
  collectors = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A cluster answered from fixtures where n4 is in standby until `crm_attribute … standby --update off` ran
 *  (and, with `lag`, until that many more crm_mon polls have seen it). */
async function lab(opts: { lag?: number } = {}) {
  const healthy = fixture('pacemaker', 'healthy.crm_mon.xml');
  const n4Online = healthy.replace(/(<node name="n4"[^>]*?) standby="true"/, '$1 standby="false"');
  expect(n4Online).not.toBe(healthy);
  let changed = false;
  let pollsSince = 0;
  const runner = new FakeRunner({ nodes: NODES }).respond(
    fixtureResponder((_node, c) => {
      if (c.argv[0] === 'crm_attribute') {
        changed = true;
        return { stdout: '' };
      }
      if (c.argv[0] === 'crm_mon' && changed) return { stdout: pollsSince++ >= (opts.lag ?? 0) ? n4Online : healthy };
      if (c.argv[0] === 'mktemp') return { stdout: '', stderr: 'no tmp', code: 1 }; // no what-if here
      return undefined;
    }),
  );
  const store = createVdStore({ clusterName: 'c1', nodes: NODES });
  const col = startCollectors({ runner, store, config: { live: false } });
  collectors = col;
  await col.collectOnce();
  const target: ResolvedTarget = { kind: 'cluster', clusterName: 'c1', nodes: NODES, readonly: false, cluster: { nodes: NODES }, contexts: [] };
  const session: Session = { target, clusterName: 'c1', store, runner, collectors: col, readonly: false, close: async () => undefined };
  const ctx: ActionCtx = { ...sessionActionCtx(session, { auditFile: join(dir, 'audit.jsonl') }), sleep: async () => undefined };
  let fullRounds = 0;
  const full = ctx.refresh;
  ctx.refresh = async () => {
    fullRounds++;
    await full();
  };
  return { runner, store, ctx, fullRounds: () => fullRounds };
}

const show = (c: FakeCall) => `${c.node} ${c.argv.join(' ')}`;
const after = (calls: readonly FakeCall[], argv0: string) => calls.slice(calls.findIndex((c) => c.argv[0] === argv0) + 1);
const before = (calls: readonly FakeCall[], argv0: string) => calls.slice(0, calls.findIndex((c) => c.argv[0] === argv0));
/** Collector commands that only a full round runs (never needed by node online / a pacemaker wait). */
const FULL_ROUND_ONLY = /^(iostat|multipathd|multipath|corosync-quorumtool|corosync-cfgtool|sbd|stonith_admin|systemctl) |virsh .*capabilities/;

describe('actions refresh only what their guards, waits and verify read', () => {
  it('node online: the re-check polls Pacemaker and host/vms of the node; verify polls only crm_mon', async () => {
    const { runner, ctx, fullRounds } = await lab();
    const plan = await preparePlan('node.online', { node: 'n4' }, ctx);
    expect(plan.findings.filter((f) => f.level === 'error')).toEqual([]);
    const mark = runner.calls.length;
    const res = await executePlan(plan, ctx, { ackWarnings: true });
    expect(res).toMatchObject({ ok: true, status: 'done', message: 'n4 is online' });
    const ran = runner.calls.slice(mark);
    const recheck = before(ran, 'crm_attribute');
    expect(recheck.filter((c) => c.argv[0] === 'crm_mon')).toHaveLength(1);
    expect(recheck.map(show).filter((l) => FULL_ROUND_ONLY.test(l.slice(l.indexOf(' ') + 1)))).toEqual([]);
    // host and vms of n4 only: no other node is asked anything but crm_mon
    expect([...new Set(recheck.filter((c) => c.argv[0] !== 'crm_mon').map((c) => c.node))]).toEqual(['n4']);
    expect(recheck.some((c) => c.argv[0] === 'virsh' && c.argv.includes('list'))).toBe(true);
    expect(recheck.some((c) => c.argv[0] === 'cat' && c.argv[1] === '/proc/meminfo')).toBe(true);
    // after the change: verification reads Pacemaker only
    expect(after(ran, 'crm_attribute').map(show)).toEqual([expect.stringMatching(/^n\d crm_mon /)]);
    expect(fullRounds()).toBe(0);
  });

  it('a wait step that reads Pacemaker runs only crm_mon between polls, however many polls it takes', async () => {
    const { runner, ctx } = await lab({ lag: 3 });
    const def: EngineDef<{ node: string }, undefined> = {
      id: 'test.wait',
      title: 'Wait test',
      destructive: false,
      mutates: true,
      targetLabel: (t) => t.node,
      guards: () => [],
      plan: ({ target }) => ({
        steps: [
          { kind: 'cmd', node: target.node, cmd: standbyCmd(target.node, false), purpose: 'online' },
          { kind: 'wait', node: target.node, purpose: 'n4 online', timeoutMs: 60_000, until: (s) => s.cluster.crm?.nodes.find((n) => n.name === 'n4')?.standby === false, reads: [{ sources: ['pacemaker'] }] },
        ],
        summary: [],
      }),
      reads: () => [{ sources: ['pacemaker'] }],
    };
    const plan = await preparePlanWith(def, { node: 'n4' }, ctx);
    const mark = runner.calls.length;
    const res = await executePlanWith(def, plan, ctx);
    expect(res.ok).toBe(true);
    const waitCalls = after(runner.calls.slice(mark), 'crm_attribute');
    expect(waitCalls.length).toBe(4); // three polls still in standby, the fourth sees it online
    expect(waitCalls.every((c) => c.argv[0] === 'crm_mon')).toBe(true);
  });

  it('a wait on libvirt of one node polls virsh on that node only', async () => {
    const { runner, ctx } = await lab();
    let polls = 0;
    const def: EngineDef<{ node: string }, undefined> = {
      id: 'test.vms',
      title: 'Wait test',
      destructive: false,
      mutates: true,
      targetLabel: (t) => t.node,
      guards: () => [],
      plan: () => ({
        steps: [{ kind: 'wait', node: 'n2', purpose: 'vms seen twice', timeoutMs: 60_000, until: () => ++polls >= 2, reads: [{ sources: ['vms'], nodes: ['n2'] }] }],
        summary: [],
      }),
      reads: () => [],
    };
    const plan = await preparePlanWith(def, { node: 'n2' }, ctx);
    const mark = runner.calls.length;
    expect((await executePlanWith(def, plan, ctx)).ok).toBe(true);
    const ran = runner.calls.slice(mark);
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.filter((c) => c.node !== 'n2' || c.argv[0] !== 'virsh' || c.argv.includes('capabilities')).map(show)).toEqual([]);
  });

  it('without refreshSources the engine falls back to full rounds (ctx.refresh)', async () => {
    const { ctx, fullRounds } = await lab();
    delete ctx.refreshSources;
    const plan = await preparePlan('node.online', { node: 'n4' }, ctx);
    expect((await executePlan(plan, ctx, { ackWarnings: true })).ok).toBe(true);
    expect(fullRounds()).toBe(2); // re-check + one verify poll
  });
});
