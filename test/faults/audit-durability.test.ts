// Audit durability: a process killed with SIGKILL right after the intent record was written
// leaves that record intact, every line of the JSONL parseable, and the file mode 0600. And an
// action ended by SIGTERM/SIGHUP mid-way is reported by the next start (not forgotten).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/actions/audit.js';
import { reportUnfinished } from '../../src/actions/unfinished.js';
import { createVdStore, storeControl } from '../../src/store/store.js';

const auditModule = fileURLToPath(new URL('../../src/actions/audit.ts', import.meta.url));
const has = existsSync(auditModule);
if (!has) console.warn('\n!!! audit-durability: src/actions/audit.ts is missing: SKIPPING\n');
const dir = mkdtempSync(join(tmpdir(), 'vd-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!has)('audit log under kill -9', () => {
  it('intent record intact, JSONL parseable, mode 0600 after SIGKILL mid-append', async () => {
    const path = join(dir, 'state', 'virtdeck', 'audit.jsonl');
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./audit-child.ts', import.meta.url)), path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => b.toString().includes('INTENT-WRITTEN') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before the intent was written: ${err}`)));
    });
    // Let a few step appends be in flight, then pull the plug.
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, sig) => r(sig)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    // Every complete line is one JSON record; a torn tail would show up as a non-empty last piece.
    expect(lines.at(-1)).toBe('');
    const recs = lines.slice(0, -1).map((l) => JSON.parse(l) as { type: string; planId: string; target?: string; plan?: unknown[] });
    expect(recs[0]).toMatchObject({ type: 'intent', planId: 'plan-kill9', action: 'node.standby', target: 'n1' });
    expect(recs[0]?.plan).toHaveLength(1);
    expect(recs.length).toBeGreaterThan(1);
    expect(recs.slice(1).every((r) => r.type === 'step' && r.planId === 'plan-kill9')).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'state', 'virtdeck')).mode & 0o077).toBe(0);
  }, 60_000);
});

describe('an action ended by a signal mid-way is reported at the next start', () => {
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} while waiting for Pacemaker: alert + timeline say what ran (standby) and what did not (the wait)`, async () => {
      const path = join(dir, `unfinished-${signal}`, 'audit.jsonl');
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./unfinished-child.ts', import.meta.url)), path], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (b: Buffer) => b.toString().includes('WAITING') && resolve());
        child.on('exit', (code) => reject(new Error(`child exited (${code}) before its wait step: ${err}`)));
      });
      const audit = new AuditLog(path);
      const start = () => createVdStore({ clusterName: 'prod', nodes: ['n1', 'n2', 'n3'] });
      // Still running: another console starting now must not call it interrupted.
      expect(await reportUnfinished(start(), audit, { named: true })).toEqual([]);
      const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, sig) => r(sig)));
      child.kill(signal);
      expect(await exited).toBe(signal);

      const store = start();
      const found = await reportUnfinished(store, audit, { named: true });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ action: 'node.standby', target: 'n1', processGone: true, pid: child.pid });
      storeControl(store).recompute();
      const alert = store.getState().alerts.find((a) => a.rule === 'unfinished-action');
      expect(alert?.message).toMatch(/ran 1 of 2 steps, last n1: crm_attribute --node n1 --name standby --update on \(exit 0\); not run: n1: wait until/);
      expect(store.getState().timeline.some((t) => t.kind === 'action-interrupted' && t.message === alert?.message)).toBe(true);
      const types = readFileSync(path, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { type: string; status?: string }));
      expect(types.map((t) => t.status ?? t.type)).toEqual(['intent', 'step', 'interrupted']);
      expect(await reportUnfinished(start(), audit, { named: true })).toEqual([]);
    }, 60_000);
  }
});
