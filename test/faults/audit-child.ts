// Child process for audit-durability.test.ts: writes the intent record exactly as the action
// engine does (AuditLog.append, fsync'd), announces it, then keeps appending step records until
// it is killed with SIGKILL somewhere in the middle of a write.
import { AuditLog } from '../../src/actions/audit.js';

const path = process.argv[2];
if (!path) throw new Error('usage: audit-child.ts <audit.jsonl>');
const log = new AuditLog(path);
const planId = 'plan-kill9';
await log.append({
  type: 'intent',
  planId,
  when: new Date().toISOString(),
  who: 'tester',
  from: 'ci',
  cluster: 'demo',
  action: 'node.standby',
  target: 'n1',
  reason: 'kill -9 durability test',
  plan: [{ node: 'n1', argv: ['crm_attribute', '--node', 'n1', '--name', 'standby', '--update', 'on'], purpose: 'standby' }],
  acknowledgedWarnings: [],
});
process.stdout.write('INTENT-WRITTEN\n');
for (let i = 0; ; i++) {
  await log.append({ type: 'step', planId, when: new Date().toISOString(), node: 'n1', argv: ['true', String(i), 'x'.repeat(i % 300)], purpose: 'filler', code: 0, durationMs: 1 });
}
