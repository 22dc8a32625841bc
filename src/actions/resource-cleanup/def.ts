// `virtdeck resource cleanup|refresh [RESOURCE] [--node NODE]` and C / R in :res: one declaration
// each (grammar, keys, help, sudo commands); the registry lists them.
import { defineAction } from '../define.js';
import { str, type ActionValues, type CliGrammar } from '../grammar.js';
import { PACEMAKER } from '../reads.js';
import { cleanupGuards, cleanupLabel, cleanupPlan, verifyCleanup, type CleanupTarget } from './cleanup.js';
import { cleanupCmd, type CleanupMode } from './commands.js';

const grammar = <M extends CleanupMode>(mode: M) =>
  ({
    group: 'resource',
    verb: mode,
    args: [{ name: 'resource', meta: 'RESOURCE', type: 'resource', optional: true, help: mode === 'cleanup' ? 'default: every resource with failures' : 'default: every resource' }],
    options: [{ name: 'node', flag: '--node', meta: 'NODE', type: 'node', help: 'only on this node' }],
  }) as const satisfies CliGrammar;

const target =
  (mode: CleanupMode) =>
  (v: ActionValues): CleanupTarget => {
    const resource = str(v, 'resource');
    const node = str(v, 'node');
    return { mode, ...(resource !== undefined ? { resource } : {}), ...(node !== undefined ? { node } : {}) };
  };

const common = (mode: CleanupMode) => ({
  destructive: false,
  mutates: true,
  target: target(mode),
  targetLabel: cleanupLabel,
  guards: cleanupGuards,
  plan: cleanupPlan,
  verify: verifyCleanup,
  reads: () => [PACEMAKER],
  // every shape the plan may run: with or without --resource and --node
  sudo: (p: { node: string; resource: string }) => [cleanupCmd(mode, p.resource, p.node), cleanupCmd(mode, p.resource), cleanupCmd(mode, undefined, p.node), cleanupCmd(mode)],
});

export const cleanupAction = defineAction({
  title: 'Resource cleanup',
  summary: 'crm_resource --cleanup: clear fail counts and failed operations (Pacemaker re-probes); refused while the resource is migrating.',
  cli: grammar('cleanup'),
  ui: { bindings: [{ scope: 'resources', key: 'C', desc: 'Clean up resource(s): clear fail counts and failed operations', hint: 'cleanup' }], takes: 'rows' },
  ...common('cleanup'),
});

export const refreshAction = defineAction({
  title: 'Resource refresh',
  summary: "crm_resource --refresh: forget the resource's whole operation history and re-probe; refused while it is migrating.",
  cli: grammar('refresh'),
  ui: { bindings: [{ scope: 'resources', key: 'R', desc: 'Refresh resource(s): forget the operation history, re-probe' }], takes: 'rows' },
  ...common('refresh'),
});
