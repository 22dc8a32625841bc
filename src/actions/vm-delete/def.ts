// `virtdeck vm delete VM [--remove-storage]`: one declaration (grammar, key, help, sudo commands).
import { targetRoleCmd } from '../commands.js';
import { defineAction } from '../define.js';
import { need, type ActionValues } from '../grammar.js';
import { clusterGuardReads, vmVerifyReads } from '../reads.js';
import { cibDeleteXmlCmd, resourceDeleteCmd } from './commands.js';
import { gatherDelete, type DeleteTarget } from './gather.js';
import { deleteGuards } from './guards.js';
import { deletePlan, verifyDelete } from './plan.js';

const target = (v: ActionValues): DeleteTarget => ({ vm: need(v, 'vm', 'VM'), removeStorage: v['removeStorage'] === true });

export const deleteAction = defineAction({
  title: 'Delete VM',
  summary: 'Stop the VM (through Pacemaker when managed), delete its resource and constraints, undefine it on every node; --remove-storage also deletes its own volumes.',
  cli: {
    group: 'vm',
    verb: 'delete',
    args: [{ name: 'vm', meta: 'VM', type: 'vm' }],
    options: [{ name: 'removeStorage', flag: '--remove-storage', help: "also delete the VM's file-backed volumes (each listed in the plan; disks other VMs use are kept)" }],
  },
  ui: { bindings: [{ scope: 'vms', key: 'D', desc: 'Delete VM: stop, remove its resource and constraints, undefine everywhere (disks kept)' }], takes: 'one', oneReason: 'deleting takes exactly one VM' },
  destructive: true,
  mutates: true,
  target,
  targetLabel: (t) => (t.removeStorage ? `${t.vm} and its volumes` : t.vm),
  confirmWords: (t) => [t.vm],
  sudo: (p) => [targetRoleCmd(p.resource, 'Stopped'), cibDeleteXmlCmd(p.constraintXml), resourceDeleteCmd(p.resource)],
  gather: gatherDelete,
  guards: deleteGuards,
  plan: deletePlan,
  verify: verifyDelete,
  reads: (t, s, phase) => (phase === 'guards' ? clusterGuardReads(s) : vmVerifyReads(s, t.vm)),
});
