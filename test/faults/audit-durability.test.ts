// Audit durability: a process killed with SIGKILL right after the intent record was written
// leaves that record intact, every line of the JSONL parseable, and the file mode 0600.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

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
