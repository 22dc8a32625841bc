// Every point where output leaves virtdeck redacts the same way: audit log, recording, store (UI).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog, auditArgv } from '../actions/audit.js';
import { cmd } from '../ssh/cmd.js';
import { createVdStore } from '../store/store.js';
import { recordStore } from '../store/record.js';

const dir = mkdtempSync(join(tmpdir(), 'vd-redact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SECRET = 'hunter2';
const agentErr = `fence_ipmilan: Failed: ipmitool --username admin --password ${SECRET} (passwd=${SECRET})`;

describe('secrets never leave through the audit log, a recording or the store', () => {
  it('audit: argv and error text', async () => {
    const path = join(dir, 'audit.jsonl');
    const a = new AuditLog(path);
    const c = cmd('crm_resource', '--resource', 'fence-n1', '--set-parameter', 'passwd', '--parameter-value', SECRET).done();
    expect(auditArgv(c)).toEqual(['crm_resource', '--resource', 'fence-n1', '--set-parameter', 'passwd', '--parameter-value', '***']);
    await a.append({ type: 'step', planId: 'p', when: 'now', node: 'n1', argv: [...c.argv], purpose: 'x', code: 1, durationMs: 1, error: agentErr });
    await a.append({ type: 'result', planId: 'p', when: 'now', status: 'failed', message: `<nvpair id="a" name="password" value="${SECRET}"/>` });
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).toContain('passwd=***');
  });

  it('store: error marks, journal lines and timeline entries; and the --record file', async () => {
    const store = createVdStore({ clusterName: 'c', nodes: ['n1'] });
    const file = join(dir, 'rec.jsonl');
    const rec = recordStore(store, file);
    const st = store.getState();
    st.markError('stonith', 'n1', agentErr);
    st.pushLogs([{ time: 1, node: 'n1', priority: 3, message: `pacemaker-fenced: fence_ipmilan[12] stderr: [ password=${SECRET} ]` }]);
    st.pushTimeline({ time: 1, node: 'n1', source: 'action', kind: 'x', severity: 'warning', subject: 'n1', message: `secret: ${SECRET}` });
    st.upsertAction({ id: 'a1', title: 'fence n1', status: 'failed', startedAt: 1, lines: ['[1/1] n1: fence', `  failed: ${agentErr}`] });
    await rec.close();
    expect(JSON.stringify(store.getState())).not.toContain(SECRET);
    expect(store.getState().logs[0]!.message).toBe('pacemaker-fenced: fence_ipmilan[12] stderr: [ password=*** ]');
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
  });
});
