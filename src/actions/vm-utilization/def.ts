// `virtdeck vm utilization VM`: one declaration (grammar, key, help, sudo commands).
import { defineAction } from '../define.js';
import { need } from '../grammar.js';
import { PACEMAKER } from '../reads.js';
import { gatherUtilization, utilizationGuards, utilizationPlan, verifyUtilization } from './action.js';
import { utilizationCmdOf } from './commands.js';

export const utilizationAction = defineAction({
  title: 'Set VM utilization',
  summary: "Set the VM resource's Pacemaker utilization from its domain XML: cpu = vCPUs, hv_memory = memory in MiB (crm_resource --utilization).",
  cli: { group: 'vm', verb: 'utilization', args: [{ name: 'vm', meta: 'VM', type: 'vm' }] },
  ui: { bindings: [{ scope: 'vms', key: 'W', desc: "Set the VM resource's utilization (cpu, hv_memory) from its domain XML" }], takes: 'rows' },
  destructive: false,
  mutates: true,
  target: (v) => ({ vm: need(v, 'vm', 'VM') }),
  targetLabel: (t) => t.vm,
  sudo: (p) => [utilizationCmdOf(p.resource, 'cpu', p.count), utilizationCmdOf(p.resource, 'hv_memory', p.count)],
  gather: gatherUtilization,
  guards: utilizationGuards,
  plan: utilizationPlan,
  verify: verifyUtilization,
  reads: (_t, _s, phase) => (phase === 'guards' ? [PACEMAKER, { sources: ['utilization'] }] : [{ sources: ['utilization'] }]),
});
