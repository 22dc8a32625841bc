import { mkdtempSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVdStore, storeControl } from '../store/store.js';
import { AuditLog, type AuditRecord } from './audit.js';
import { executePlan, preparePlan } from './index.js';
import { testCtx } from '../../test/support/actions/ctx.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { cluster } from '../../test/support/actions/state.js';
import { findUnfinished, reportUnfinished, unfinishedSummary } from './unfinished.js';

const fx = (n: string) => readFileSync(new URL(`./fixtures/${n}`, import.meta.url), 'utf8');
const DOMXML = (name: string) => `<domain type='kvm'><name>${name}</name><memory unit='KiB'>4194304</memory><vcpu>2</vcpu><devices/></domain>`;
const STANDBY = ['crm_attribute', '--node', 'n1', '--name', 'standby', '--update', 'on'];
const HOST = hostname();

const jsonl = (recs: object[]) => recs.map((r) => JSON.stringify(r)).join('\n') + '\n';
const intent = (planId: string, extra: Partial<Extract<AuditRecord, { type: 'intent' }>> & { pid?: number } = {}) => ({
  type: 'intent', planId, when: '2026-12-07T10:00:00.000Z', who: 'alice', from: HOST, pid: 999_999, cluster: 'prod', action: 'node.standby', target: 'n1',
  plan: [{ node: 'n1', argv: STANDBY, purpose: 'put n1 in standby' }, { node: 'n1', wait: 'wait until 1 resource(s) left n1' }], acknowledgedWarnings: [], ...extra,
});
const step = (planId: string, purpose = 'put n1 in standby') => ({ type: 'step', planId, when: '2026-12-07T10:00:01.000Z', node: 'n1', argv: STANDBY, purpose, code: 0, durationMs: 40 });
const opts = { clusterNames: ['prod'], nodes: ['n1', 'n2', 'n3'], host: HOST, alive: () => false, now: Date.parse('2026-12-07T11:00:00Z') };

describe('unfinished audited actions', () => {
  it('an intent with steps and no result: what ran and what did not; finished, foreign and torn records ignored', () => {
    const text =
      jsonl([
        intent('a'), step('a'),
        intent('done'), step('done'), { type: 'result', planId: 'done', when: 'x', status: 'done', message: 'ok' },
        intent('other', { cluster: 'staging' }),
        intent('elsewhere', { plan: [{ node: 'z1', argv: ['true'], purpose: 'x' }] }),
      ]) + '{"type":"step","planId":"a","wh';
    const u = findUnfinished(text, opts);
    expect(u.map((x) => x.planId)).toEqual(['a']);
    expect(u[0]!.ran).toEqual([{ node: 'n1', what: STANDBY.join(' '), purpose: 'put n1 in standby', code: 0 }]);
    expect(u[0]!.notRun).toEqual([{ node: 'n1', what: '(wait) wait until 1 resource(s) left n1', purpose: 'wait until 1 resource(s) left n1' }]);
    expect(unfinishedSummary(u[0]!)).toBe(
      `interrupted: node.standby n1 (started 2026-12-07T10:00:00.000Z by alice@${HOST}) has no result; ran 1 of 2 steps, last n1: ${STANDBY.join(' ')} (exit 0); not run: n1: wait until 1 resource(s) left n1; check the cluster's state`,
    );
    // Without a configured name, the nodes decide (the staging intent names n1 too).
    expect(findUnfinished(text, { ...opts, clusterNames: undefined }).map((x) => x.planId)).toEqual(['a', 'other']);
  });

  it('an action whose process still runs on this host is not interrupted; an old one without a pid is, after a day', () => {
    const text = jsonl([intent('live', { pid: 4242 }), intent('legacy', { pid: undefined, when: '2026-12-05T10:00:00.000Z' })]);
    const u = findUnfinished(text, { ...opts, alive: (pid) => pid === 4242 });
    expect(u.map((x) => [x.planId, x.processGone])).toEqual([['legacy', true]]);
    expect(findUnfinished(text, { ...opts, now: Date.parse('2026-12-05T11:00:00Z'), alive: () => false }).map((x) => [x.planId, x.processGone])).toEqual([
      ['legacy', false],
      ['live', true],
    ]);
  });

  it('the real engine stopped mid-action (standby done, wait pending): the next start reports it in alerts and the timeline, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vd-unfinished-'));
    const audit = new AuditLog(join(dir, 'audit.jsonl'));
    const r = new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true })
      .allow('n1', ['virsh', '-c', 'qemu:///system', '-r', 'dumpxml', 'web1'], { stdout: DOMXML('web1') })
      .allow('n1', ['virsh', '-c', 'qemu:///system', '-r', 'dumpxml', 'app1'], { stdout: DOMXML('app1') })
      .expect('n1', ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { stdout: '/tmp/virtdeck-cib.abc\n' })
      .expect('n1', ['sh', '-c', 'cibadmin --query > "$1"', 'sh', '/tmp/virtdeck-cib.abc'])
      .expect('n1', STANDBY)
      .expect('n1', ['crm_simulate', '-S', '-x', '/tmp/virtdeck-cib.abc'], { stdout: fx('crm_simulate-standby.txt') })
      .expect('n1', ['rm', '-f', '/tmp/virtdeck-cib.abc'])
      .expect('n1', STANDBY);
    const { ctx } = testCtx(cluster(), r, { audit });
    const p = await preparePlan('node.standby', { node: 'n1' }, ctx);
    // The process "dies" in the wait: nothing after step 1 ever happens.
    ctx.sleep = () => new Promise<void>(() => undefined);
    void executePlan(p, ctx, { ackWarnings: true });
    const text = () => { try { return readFileSync(audit.path, 'utf8'); } catch { return ''; } };
    for (let i = 0; i < 300 && !text().includes('"type":"step"'); i++) await new Promise((res) => setTimeout(res, 10));
    const recs = readFileSync(audit.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AuditRecord & { pid?: number });
    expect(recs.map((x) => x.type)).toEqual(['intent', 'step']);
    expect(recs[0]!.pid).toBe(process.pid);

    // The next start: a fresh store for the same cluster.
    const nextStart = () => createVdStore({ clusterName: 'prod', nodes: ['n1', 'n2', 'n3'] });
    const store = nextStart();
    const found = await reportUnfinished(store, audit, { named: true, now: () => Date.parse('2026-12-07T12:00:00Z') });
    expect(found.map((u) => [u.action, u.target, u.ran.length, u.notRun.length])).toEqual([['node.standby', 'n1', 1, 1]]);
    storeControl(store).recompute();
    const alert = store.getState().alerts.find((a) => a.rule === 'unfinished-action');
    expect(alert).toMatchObject({ severity: 'warning', node: 'n1' });
    expect(alert!.message).toMatch(/^interrupted: node\.standby n1 .* has no result; ran 1 of 2 steps, last n1: crm_attribute --node n1 --name standby --update on \(exit 0\); not run: n1: wait until 1 resource\(s\) left n1/);
    expect(store.getState().timeline.find((t) => t.kind === 'action-interrupted')?.message).toBe(alert!.message);
    const last = JSON.parse(readFileSync(audit.path, 'utf8').trim().split('\n').at(-1)!) as AuditRecord;
    expect(last).toMatchObject({ type: 'result', planId: p.id, status: 'interrupted' });
    // Reported once: the start after that says nothing.
    expect(await reportUnfinished(nextStart(), audit, { named: true })).toEqual([]);
  });
});
