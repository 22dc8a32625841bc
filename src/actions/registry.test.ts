// The registry's contract: every action declares its CLI grammar, its keys, its help and (when it
// changes the cluster) its sudo commands, and the pieces agree with each other. A def that forgets
// one fails here, not silently in the CLI, the keymap or sudoers.
import { describe, expect, it } from 'vitest';
import { ACTION_COMMANDS, USAGE } from '../cli/args.js';
import { fixtureState } from '../../test/support/store/test-fixtures.js';
import { ACTION_HELP, ACTION_USAGE, runOptions } from './cli.js';
import { need, parseGrammar, type ArgSpec, type OptSpec } from './grammar.js';
import { ACTIONS, actionGroups, actions } from './registry.js';
import type { ActionDef, SudoNames } from './types.js';

const NAMES: SudoNames = { node: 'n1', resource: 'rsc1', primitiveXml: '<primitive/>' };
const SAMPLE: Record<NonNullable<ArgSpec['type']>, string> = { node: 'n1', vm: 'web1', resource: 'rsc1', device: '/dev/mapper/mpatha', text: 'why', count: '1' };
const sample = (s: ArgSpec | OptSpec): string => ('choices' in s && s.choices?.[0]) || SAMPLE[s.type ?? 'text'];

/** The smallest argv the grammar accepts: every required argument and option. */
const minimalArgv = (d: ActionDef): string[] => [
  ...d.cli.args.filter((a) => !a.optional).map(sample),
  ...(d.cli.options ?? []).filter((o) => o.required).flatMap((o) => (o.meta ? [o.flag, sample(o)] : [o.flag])),
];

/** Everything wrong with a list of defs (empty: the registry holds). */
function registryProblems(defs: readonly ActionDef[]): string[] {
  const out: string[] = [];
  const ids = new Set<string>();
  const keyIds = new Set<string>();
  const keys = new Set<string>();
  for (const d of defs) {
    const at = d.id || '(no id)';
    if (!d.cli?.group || !d.cli?.verb) {
      out.push(`${at}: no CLI grammar (group, verb)`);
      continue;
    }
    if (d.id !== `${d.cli.group}.${d.cli.verb}`) out.push(`${at}: id is not its grammar's group.verb`);
    if (ids.has(d.id)) out.push(`${at}: registered twice`);
    ids.add(d.id);
    if (!d.title || !d.summary) out.push(`${at}: no title or summary (help text)`);
    const names = new Set([...d.cli.args.map((a) => a.name), ...(d.cli.options ?? []).map((o) => o.name)]);
    for (const o of d.cli.options ?? []) if (!o.help) out.push(`${at}: option ${o.flag} has no help`);
    const optionalAt = d.cli.args.findIndex((a) => a.optional);
    if (optionalAt >= 0 && d.cli.args.slice(optionalAt).some((a) => !a.optional)) out.push(`${at}: a required argument after an optional one`);
    try {
      d.target(parseGrammar(d.cli, minimalArgv(d)));
    } catch (e) {
      out.push(`${at}: its target builder refuses what its grammar accepts (${minimalArgv(d).join(' ')}): ${(e as Error).message}`);
    }
    if (!d.ui?.bindings?.length) out.push(`${at}: no key in the TUI`);
    for (const [i, b] of (d.ui?.bindings ?? []).entries()) {
      if (!b.key || !b.desc) out.push(`${at}: binding ${i} lacks its key or description`);
      const id = b.id ?? d.id;
      if (keyIds.has(id)) out.push(`${at}: keymap id ${id} used twice`);
      keyIds.add(id);
      if (keys.has(`${b.scope}:${b.key}`)) out.push(`${at}: key ${b.key} already taken in ${b.scope}`);
      keys.add(`${b.scope}:${b.key}`);
    }
    if (d.ui?.pick && !names.has(d.ui.pick.value)) out.push(`${at}: the picked node fills ${d.ui.pick.value}, not in its grammar`);
    if (d.ui?.takes === 'one' && !d.ui.oneReason) out.push(`${at}: takes one row but says not why (oneReason)`);
    if (d.ui?.values) {
      const v = d.ui.values(d.ui.takes === 'none' ? undefined : { name: 'rsc1', node: 'n1' }, fixtureState());
      for (const k of Object.keys(v)) if (!names.has(k)) out.push(`${at}: its UI binding fills ${k}, not in its grammar`);
    }
    if (d.mutates && !(d.sudo?.(NAMES) ?? []).some((c) => c.sudo)) out.push(`${at}: changes the cluster but declares no sudo command (sudoers' operator role)`);
  }
  return out;
}

describe('action registry', () => {
  it('every action declares grammar, keys, help and sudo commands, consistently', () => {
    expect(registryProblems(actions)).toEqual([]);
  });

  it('fails a def that forgets its CLI grammar, its key or its sudo commands', () => {
    const cleanup = actions.find((d) => d.id === 'resource.cleanup')!;
    expect(registryProblems([{ ...cleanup, cli: undefined as never }])).toEqual(['resource.cleanup: no CLI grammar (group, verb)']);
    expect(registryProblems([{ ...cleanup, ui: { ...cleanup.ui, bindings: [] as never } }])).toEqual(['resource.cleanup: no key in the TUI']);
    const { sudo: _s, ...noSudo } = cleanup;
    expect(registryProblems([noSudo])).toEqual([expect.stringMatching(/declares no sudo command/)]);
    expect(registryProblems([cleanup, cleanup])).toEqual(expect.arrayContaining(['resource.cleanup: registered twice', 'resource.cleanup: key C already taken in resources']));
    // a target builder reading a value its grammar does not name
    expect(registryProblems([{ ...cleanup, target: (v) => ({ mode: 'cleanup', resource: need(v, 'rsc', 'RESOURCE') }) }])).toEqual([
      expect.stringMatching(/target builder refuses/),
    ]);
  });

  it('keymap ids and action ids are literal types (the handler map and the forms check them at compile time)', () => {
    const ids: string[] = ACTIONS.map((d) => d.id);
    expect(ids).toEqual(actions.map((d) => d.id));
    expect(ACTIONS.filter((d) => d.hasForm).map((d) => d.id)).toEqual(['vm.create', 'fence.node']);
  });

  it('the CLI sees every group and verb: the eager argv parser, the whole help, usage and per-verb help', () => {
    const groups = [...actionGroups().keys()];
    expect([...ACTION_COMMANDS].sort()).toEqual([...groups, 'sudoers'].sort());
    for (const d of actions) {
      expect(USAGE.split('\n').some((l) => l.includes(d.cli.group) && new RegExp(`\\b${d.cli.verb}\\b`).test(l)), `${d.id} in virtdeck --help`).toBe(true);
      expect(ACTION_USAGE.some((l) => l.startsWith(`virtdeck ${d.cli.group} `) && l.split(' ')[2]!.split('|').includes(d.cli.verb)), d.id).toBe(true);
      expect(ACTION_HELP.verbs.find((v) => v.group === d.cli.group && v.verb === d.cli.verb)?.usage).toBe(`virtdeck ${d.usage}${runOptions(d)}`);
    }
  });
});
