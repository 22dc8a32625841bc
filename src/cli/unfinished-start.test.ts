// The console's start reads the cluster's audit log for actions a killed virtdeck left unfinished.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConsoleSessions, reportUnfinishedAtStart } from './console.js';
import type { Session } from './session.js';
import { createVdStore, storeControl } from '../store/store.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import type { ResolvedTarget } from '../config/load.js';

const dir = mkdtempSync(join(tmpdir(), 'vd-unfinished-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const auditWith = (name: string, cluster: string): string => {
  const file = join(dir, `${name}.jsonl`);
  const recs = [
    { type: 'intent', planId: `p-${name}`, when: '2026-12-07T10:00:00.000Z', who: 'bob', from: hostname(), pid: 2 ** 22 + 12345, cluster, action: 'node.standby', target: 'l1',
      plan: [{ node: 'l1', argv: ['crm_attribute', '--node', 'l1', '--name', 'standby', '--update', 'on'], purpose: 'put l1 in standby' }, { node: 'l1', wait: 'wait until 2 resource(s) left l1' }], acknowledgedWarnings: [] },
    { type: 'step', planId: `p-${name}`, when: '2026-12-07T10:00:01.000Z', node: 'l1', argv: ['crm_attribute', '--node', 'l1', '--name', 'standby', '--update', 'on'], purpose: 'put l1 in standby', code: 0, durationMs: 30 },
  ];
  writeFileSync(file, recs.map((r) => JSON.stringify(r)).join('\n') + '\n', { mode: 0o600 });
  return file;
};

function session(target: ResolvedTarget): Session {
  const nodes = target.kind === 'cluster' ? target.nodes : [];
  return {
    target,
    clusterName: target.clusterName,
    store: createVdStore({ clusterName: target.clusterName, nodes, readonly: target.readonly }),
    runner: new FakeRunner({ nodes }),
    collectors: { collectOnce: async () => undefined, stop: () => undefined, refresh: () => undefined, nodes: () => nodes, refreshSources: async () => undefined },
    readonly: target.readonly,
    close: async () => undefined,
  } as unknown as Session;
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('console start: unfinished audited actions', () => {
  it('ConsoleSessions.initial() raises the alert from the cluster\'s configured audit file', async () => {
    const file = auditWith('lab', 'lab');
    const t: ResolvedTarget = { kind: 'cluster', clusterName: 'lab', nodes: ['l1', 'l2'], readonly: true, cluster: { nodes: ['l1', 'l2'], audit: { file } }, contexts: ['lab'] };
    const s = session(t);
    new ConsoleSessions(s, { config: { clusters: { lab: t.cluster } }, open: async () => s }).initial();
    const ctl = storeControl(s.store);
    await until(() => (ctl.recompute(), s.store.getState().alerts.some((a) => a.rule === 'unfinished-action')));
    const a = s.store.getState().alerts.find((x) => x.rule === 'unfinished-action');
    expect(a?.message).toMatch(/^interrupted: node\.standby l1 \(started 2026-12-07T10:00:00\.000Z by bob@.*\) has no result; ran 1 of 2 steps/);
    expect(a?.node).toBe('l1');
    await until(() => readFileSync(file, 'utf8').includes('"status":"interrupted"')); // appended after the alert
    expect(readFileSync(file, 'utf8')).toContain('"status":"interrupted"');
  });

  it('another cluster\'s action is not reported; an unnamed (--nodes) session matches by nodes', async () => {
    const file = auditWith('named', 'staging');
    const named: ResolvedTarget = { kind: 'cluster', clusterName: 'lab', nodes: ['l1'], readonly: true, cluster: { nodes: ['l1'], audit: { file } }, contexts: [] };
    const s1 = session(named);
    await reportUnfinishedAtStart(s1);
    expect(s1.store.getState().cluster.unfinishedActions ?? []).toEqual([]);
    const s2 = session({ ...named, clusterName: 'cluster', unnamed: true });
    await reportUnfinishedAtStart(s2);
    expect(s2.store.getState().cluster.unfinishedActions?.map((u) => u.id)).toEqual(['p-named']);
  });
});
