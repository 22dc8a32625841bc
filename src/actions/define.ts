// defineAction: an action's one declaration (engine behaviour, CLI grammar, TUI binding, help)
// becomes an ActionDef whose id, usage and argv parser are derived, so identity lives in one
// place: the grammar's `group verb` is the id the registry, the keymap and the audit log use.
import { grammarUsage, parseGrammar, type ActionValues, type CliGrammar } from './grammar.js';
import type { Cmd } from '../ssh/cmd.js';
import type { SourceId } from '../store/types.js';
import type { ActionDef, EngineDef, SudoNames, UiSpec } from './types.js';

export type ActionSpec<G extends string, V extends string, B extends string, T, F> = Omit<EngineDef<T, F>, 'id'> & {
  summary: string;
  cli: CliGrammar & { group: G; verb: V };
  ui: UiSpec<B>;
  target(v: ActionValues): T;
  sudo?(names: SudoNames): Cmd[];
  proposes?: boolean;
  planFresh?: readonly SourceId[];
};

/** A defined action keeps its id, its keymap ids and whether it has a form as literal types
 *  (ActionKind, the keymap's BindingId, FormKind). */
export type DefinedAction<Id extends string, B extends string, T, F, Form extends boolean = boolean> = ActionDef<T, F> & {
  id: Id;
  /** The keymap id of each binding, in order (a binding without `id` uses the action's). */
  keyIds: readonly (Id | B)[];
  hasForm: Form;
};

export function defineAction<const G extends string, const V extends string, const B extends string = never, T = unknown, F = undefined, const Form extends boolean = false>(
  spec: ActionSpec<G, V, B, T, F> & { ui: { form?: Form } },
): DefinedAction<`${G}.${V}`, B, T, F, Form> {
  const id: `${G}.${V}` = `${spec.cli.group}.${spec.cli.verb}`;
  return {
    ...spec,
    id,
    usage: grammarUsage(spec.cli),
    parseTarget: (args) => spec.target(parseGrammar(spec.cli, args)),
    keyIds: spec.ui.bindings.map((b) => b.id ?? id),
    hasForm: (spec.ui.form ?? false) as Form,
  };
}
