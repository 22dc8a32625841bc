// The `resource …` action family (the `:res` keys call the same definitions).
import { nodeName, resourceId } from '../../model/names.js';
import type { CleanupMode } from '../commands.js';
import { usageChecked } from '../error-text.js';
import { PACEMAKER } from '../reads.js';
import { UsageError, type ActionDef } from '../types.js';
import { cleanupGuards, cleanupLabel, cleanupPlan, verifyCleanup, type CleanupTarget } from './cleanup.js';
import { opLabel, resourceOpGuards, resourceOpPlan, verifyResourceOp, type ResourceOp, type ResourceOpTarget } from './ops.js';

/** `[RESOURCE] [--node N]`: flags anywhere; at most one RESOURCE. */
export function parseCleanup(mode: CleanupMode, usage: string) {
  return (args: readonly string[]): CleanupTarget => {
    const words: string[] = [];
    let node: string | undefined;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--node') {
        const v = args[++i];
        if (v === undefined || v.startsWith('--')) throw new UsageError(`--node needs a node name\nusage: ${usage}`);
        node = usageChecked(() => nodeName(v));
      } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}\nusage: ${usage}`);
      else words.push(a);
    }
    if (words.length > 1) throw new UsageError(`usage: ${usage}`);
    const resource = words[0] === undefined ? undefined : usageChecked(() => resourceId(words[0]!));
    return { mode, ...(resource !== undefined ? { resource } : {}), ...(node !== undefined ? { node } : {}) };
  };
}

const cleanupDef = (mode: CleanupMode): ActionDef<CleanupTarget, undefined> => {
  const usage = `resource ${mode} [RESOURCE] [--node NODE]`;
  return {
    id: `resource.${mode}`,
    title: mode === 'cleanup' ? 'Resource cleanup' : 'Resource refresh',
    usage,
    destructive: false,
    mutates: true,
    parseTarget: parseCleanup(mode, usage),
    targetLabel: cleanupLabel,
    guards: cleanupGuards,
    plan: cleanupPlan,
    verify: verifyCleanup,
    reads: () => [PACEMAKER],
  };
};

export const cleanupAction = cleanupDef('cleanup');
export const refreshAction = cleanupDef('refresh');

const OPS: Record<ResourceOp, { title: string; usage: string; node: boolean; destructive: boolean }> = {
  move: { title: 'Move resource', usage: 'resource move RESOURCE NODE', node: true, destructive: true },
  ban: { title: 'Ban resource', usage: 'resource ban RESOURCE NODE', node: true, destructive: true },
  clear: { title: 'Clear resource constraints', usage: 'resource clear RESOURCE', node: false, destructive: false },
  start: { title: 'Start resource', usage: 'resource start RESOURCE', node: false, destructive: false },
  stop: { title: 'Stop resource', usage: 'resource stop RESOURCE', node: false, destructive: true },
};

const opDef = (op: ResourceOp): ActionDef<ResourceOpTarget, undefined> => {
  const o = OPS[op];
  return {
    id: `resource.${op}`,
    title: o.title,
    usage: o.usage,
    destructive: o.destructive,
    mutates: true,
    parseTarget(args) {
      if (args.length !== (o.node ? 2 : 1) || args.some((a) => a.startsWith('--'))) throw new UsageError(`usage: ${o.usage}`);
      const resource = usageChecked(() => resourceId(args[0]!));
      return o.node ? { op, resource, node: usageChecked(() => nodeName(args[1]!)) } : { op, resource };
    },
    targetLabel: opLabel,
    confirmWords: (t) => [t.resource],
    guards: resourceOpGuards,
    plan: resourceOpPlan,
    verify: verifyResourceOp,
    reads: () => [PACEMAKER],
  };
};

export const moveAction = opDef('move');
export const banAction = opDef('ban');
export const clearAction = opDef('clear');
export const resourceStartAction = opDef('start');
export const resourceStopAction = opDef('stop');
