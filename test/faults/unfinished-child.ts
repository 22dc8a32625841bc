// Child process for audit-durability.test.ts: runs a real node.standby through the action
// engine (scripted runner) and hangs in its wait step, as a virtdeck would while Pacemaker moves
// resources; the test then ends it with a signal, leaving intent + step and no result.
import { readFileSync } from 'node:fs';
import { AuditLog } from '../../src/actions/audit.js';
import { executePlan, preparePlan } from '../../src/actions/index.js';
import { testCtx } from '../support/actions/ctx.js';
import { FakeRunner } from '../support/ssh/fake-runner.js';
import { cluster } from '../support/actions/state.js';

const path = process.argv[2];
if (!path) throw new Error('usage: unfinished-child.ts <audit.jsonl>');
const fx = (n: string) => readFileSync(new URL(`../../src/actions/fixtures/${n}`, import.meta.url), 'utf8');
const dom = (name: string) => `<domain type='kvm'><name>${name}</name><memory unit='KiB'>4194304</memory><vcpu>2</vcpu><devices/></domain>`;
const STANDBY = ['crm_attribute', '--node', 'n1', '--name', 'standby', '--update', 'on'];
const r = new FakeRunner({ nodes: ['n1', 'n2', 'n3'], ordered: true })
  .allow('n1', ['virsh', '-c', 'qemu:///system', '-r', 'dumpxml', 'web1'], { stdout: dom('web1') })
  .allow('n1', ['virsh', '-c', 'qemu:///system', '-r', 'dumpxml', 'app1'], { stdout: dom('app1') })
  .expect('n1', ['mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX'], { stdout: '/tmp/virtdeck-cib.abc\n' })
  .expect('n1', ['sh', '-c', 'cibadmin --query > "$1"', 'sh', '/tmp/virtdeck-cib.abc'])
  .expect('n1', STANDBY)
  .expect('n1', ['crm_simulate', '-S', '-x', '/tmp/virtdeck-cib.abc'], { stdout: fx('crm_simulate-standby.txt') })
  .expect('n1', ['rm', '-f', '/tmp/virtdeck-cib.abc'])
  .expect('n1', STANDBY);
const { ctx } = testCtx(cluster(), r, { audit: new AuditLog(path) });
const plan = await preparePlan('node.standby', { node: 'n1' }, ctx);
ctx.sleep = () => {
  process.stdout.write('WAITING\n');
  return new Promise<void>(() => undefined);
};
setInterval(() => undefined, 60_000); // stays alive until signalled
void executePlan(plan, ctx, { ackWarnings: true });
