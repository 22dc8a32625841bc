// `resource move|ban|clear|start|stop` (the `:res` keys call the same definitions).
import { flattenResources } from '../../model/pacemaker.js';
import { banCmd, clearCmd, moveCmd, targetRoleCmd } from '../commands.js';
import { defineAction } from '../define.js';
import { fieldError, need, type CliGrammar } from '../grammar.js';
import { PACEMAKER } from '../reads.js';
import { opLabel, resourceOpGuards, resourceOpPlan, verifyResourceOp, type ResourceOp, type ResourceOpTarget } from './ops.js';

const RESOURCE = { name: 'resource', meta: 'RESOURCE', type: 'resource' } as const;
const NODE = { name: 'node', meta: 'NODE', type: 'node' } as const;
const grammar = <V extends ResourceOp>(verb: V, node: boolean) => ({ group: 'resource', verb, args: node ? [RESOURCE, NODE] : [RESOURCE] }) as const satisfies CliGrammar;

const common = (op: ResourceOp, node: boolean) => ({
  mutates: true,
  target: (v: Parameters<typeof need>[0]): ResourceOpTarget => {
    const resource = need(v, 'resource', 'RESOURCE');
    return node ? { op, resource, node: need(v, 'node', 'NODE') } : { op, resource };
  },
  targetLabel: opLabel,
  confirmWords: (t: ResourceOpTarget) => [t.resource],
  guards: resourceOpGuards,
  plan: resourceOpPlan,
  verify: verifyResourceOp,
  reads: () => [PACEMAKER],
});

export const moveAction = defineAction({
  title: 'Move resource',
  summary: 'Move the resource to NODE (crm_resource --move), wait until it runs there, then always clear the move constraint.',
  cli: grammar('move', true),
  ui: {
    bindings: [{ scope: 'resources', key: 'm', desc: 'Move resource to a node (pick; the move constraint is cleared after)', hint: 'move' }],
    takes: 'one',
    oneReason: 'a move takes one resource',
    pick: { value: 'node', here: 'resource' },
  },
  destructive: true,
  sudo: (p) => [moveCmd(p.resource, p.node), clearCmd(p.resource)],
  ...common('move', true),
});

export const banAction = defineAction({
  title: 'Ban resource',
  summary: 'Keep the resource off NODE with a cli-ban constraint until resource clear.',
  cli: grammar('ban', true),
  ui: {
    bindings: [{ scope: 'resources', key: 'b', desc: 'Ban resource from the node it runs on (cli-ban until cleared)' }],
    takes: 'rows',
    // From the node of the selected row (a clone instance's), else where it runs.
    values: (row, s) => {
      const r = flattenResources(s.cluster.crm?.resources ?? []).find((x) => x.id === row?.name);
      const node = row?.node || r?.nodes[0];
      if (!node) throw fieldError('node', `resource.ban ${row?.name ?? ''}: it runs on no node; ban it from a node with the CLI`);
      return { resource: row?.name, node };
    },
  },
  destructive: true,
  sudo: (p) => [banCmd(p.resource, p.node)],
  ...common('ban', true),
});

export const clearAction = defineAction({
  title: 'Clear resource constraints',
  summary: 'Remove the cli-prefer / cli-ban constraints a move or ban left on the resource.',
  cli: grammar('clear', false),
  ui: { bindings: [{ scope: 'resources', key: 'U', desc: 'Clear the cli-prefer/cli-ban constraints of resource(s)' }], takes: 'rows' },
  destructive: false,
  sudo: (p) => [clearCmd(p.resource)],
  ...common('clear', false),
});

export const resourceStartAction = defineAction({
  title: 'Start resource',
  summary: 'Set target-role Started on the resource.',
  cli: grammar('start', false),
  ui: { bindings: [{ scope: 'resources', key: 'u', desc: 'Start resource(s) (target-role Started)' }], takes: 'rows' },
  destructive: false,
  sudo: (p) => [targetRoleCmd(p.resource, 'Started')],
  ...common('start', false),
});

export const resourceStopAction = defineAction({
  title: 'Stop resource',
  summary: 'Set target-role Stopped on the resource: Pacemaker stops it and keeps it stopped.',
  cli: grammar('stop', false),
  ui: { bindings: [{ scope: 'resources', key: 'x', desc: 'Stop resource(s) (target-role Stopped)' }], takes: 'rows' },
  destructive: true,
  sudo: (p) => [targetRoleCmd(p.resource, 'Stopped')],
  ...common('stop', false),
});
