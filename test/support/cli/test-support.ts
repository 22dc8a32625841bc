// Canned answers shared by the console tests that drive real actions against a FakeRunner:
// real tool captures (src/actions/fixtures/README.md) with this fixture cluster's names.
import { readFileSync } from 'node:fs';
import { fixture } from '../collectors/test-support.js';

/** The what-if's CIB copy path the fake `mktemp` answers. */
export const CIB_TMP = '/tmp/virtdeck-cib.Ab12Cd34Ef';

const actionFixture = (name: string): string => readFileSync(new URL(`../../../src/actions/fixtures/${name}`, import.meta.url), 'utf8');

/** Real crm_simulate output of a standby, node1..3 renamed to kvm-n1..3. */
export const SIMULATE_STANDBY = actionFixture('crm_simulate-standby.txt').replace(/node([123])/g, 'kvm-n$1');
/** Real crm_simulate output of a move. */
export const SIMULATE_MOVE = actionFixture('crm_simulate-move.txt');
/** VM ↔ resource by each VirtualDomain config's <name> (src/actions/vm-config.ts): real cibadmin output. */
export const VM_PRIMITIVES = actionFixture('cibadmin-vm-primitives.xml');
/** web-01's domain XML without its hugepage backing (the fixture hosts keep only 1 GiB of hugepages free). */
export const DOMAIN_WEB01 = fixture('virsh', 'dumpxml-web-01.xml').replace(/<memoryBacking>[\s\S]*?<\/memoryBacking>/, '');
