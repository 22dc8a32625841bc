// The `resource …` action family (the `:res` keys call the same definitions).
import { nodeName, resourceId } from '../../model/names.js';
import type { CleanupMode } from '../commands.js';
import { usageChecked } from '../error-text.js';
import { PACEMAKER } from '../reads.js';
import { UsageError, type ActionDef } from '../types.js';
import { cleanupGuards, cleanupLabel, cleanupPlan, verifyCleanup, type CleanupTarget } from './cleanup.js';

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
