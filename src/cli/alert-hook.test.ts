// The alert hook runs a real local program: argv (no shell), JSON on stdin, VIRTDECK_ALERT_* env.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachAlertHook } from './alert-hook.js';
import { createVdStore } from '../store/store.js';
import { mkCrm } from '../../test/support/store/test-fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-hook-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const script = (name: string, body: string) => {
  const f = join(dir, name);
  writeFileSync(f, `#!/bin/sh\n${body}\n`);
  chmodSync(f, 0o755);
  return f;
};

/** A store whose Pacemaker data loses quorum (critical alert raised), then regains it (cleared). */
function storeWithQuorumFlap() {
  const store = createVdStore({ clusterName: 'kvm-lab', nodes: ['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4'] });
  const lose = () => {
    const crm = mkCrm();
    crm.summary.withQuorum = false;
    store.getState().setClusterData('pacemaker', 'kvm-n1', { crm });
  };
  const regain = () => store.getState().setClusterData('pacemaker', 'kvm-n1', { crm: mkCrm() });
  return { store, lose, regain };
}

describe('alert hook', () => {
  it('runs once per raised and cleared alert with the alert as JSON on stdin and in VIRTDECK_ALERT_*', async () => {
    const out = join(dir, 'out');
    // "$1" is a literal argument: it must arrive as is (no shell interprets the argv).
    const hook = script('hook.sh', `{ echo "ARG=$1"; echo "EVENT=$VIRTDECK_ALERT_EVENT ID=$VIRTDECK_ALERT_ID SEV=$VIRTDECK_ALERT_SEVERITY CLUSTER=$VIRTDECK_CLUSTER"; cat; } >> '${out}'`);
    const { store, lose, regain } = storeWithQuorumFlap();
    const h = attachAlertHook(store, [hook, '$(touch pwned); `id`'], { timeoutMs: 5000 });
    lose();
    await h.idle();
    regain();
    await h.idle();
    h.close();
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('ARG=$(touch pwned); `id`');
    expect(existsSync(join(process.cwd(), 'pwned'))).toBe(false);
    const lines = text.split('\n');
    const raised = lines.findIndex((l) => l.startsWith('EVENT=raised') && l.includes('SEV=critical') && l.includes('CLUSTER=kvm-lab') && /ID=quorum/.test(l));
    expect(raised).toBeGreaterThanOrEqual(0);
    const json = JSON.parse(lines[raised + 1]!) as { event: string; cluster: string; alert: { rule: string; message: string } };
    expect(json).toMatchObject({ event: 'raised', cluster: 'kvm-lab', alert: { rule: 'quorum', message: 'cluster has no quorum' } });
    expect(lines.some((l) => l.startsWith('EVENT=cleared') && /ID=quorum/.test(l))).toBe(true);
  });

  it('a failing, missing or hanging hook is reported in the timeline as info, never thrown', async () => {
    for (const [argv, why] of [
      [[script('fail.sh', 'echo "smtp relay down" >&2; exit 3')], /failed: exit 3: smtp relay down/],
      [[join(dir, 'missing-hook')], /failed: spawn .*ENOENT/],
      [[script('hang.sh', 'exec sleep 30')], /failed: timed out after 0\.3 s \(killed\)/],
    ] as [string[], RegExp][]) {
      const { store, lose } = storeWithQuorumFlap();
      const h = attachAlertHook(store, argv, { timeoutMs: 300 });
      lose();
      await h.idle();
      h.close();
      const notes = store.getState().timeline.filter((e) => e.kind === 'alert-hook');
      expect(notes.length).toBeGreaterThan(0);
      expect(notes[0]!.severity).toBe('info');
      expect(notes[0]!.message).toMatch(why);
    }
  });
});
