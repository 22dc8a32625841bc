// `virtdeck SUBCOMMAND --help`: that command's usage and options, not the whole help. Pure: the
// action help comes in as data, derived from the action registry (src/actions/cli.ts is loaded
// lazily by the CLI).
import { ACTION_COMMANDS, COMMAND_USAGE, commandOf } from './args.js';

/** One action's help: its usage line, what it does, its arguments and options explained. */
export interface VerbHelp {
  group: string;
  verb: string;
  usage: string;
  summary: string;
  args: readonly (readonly [string, string])[];
  options: readonly (readonly [string, string])[];
}

export interface ActionHelp {
  /** Every usage line (verbs that take the same words share one). */
  usage: readonly string[];
  verbs: readonly VerbHelp[];
}

/** The options the engine gives every guarded action; each is listed when the usage shows it. */
export const ENGINE_OPTIONS: readonly (readonly [string, string])[] = [
  ['--yes', 'execute the plan; without it the action only prints its plan (exact commands, what-if) and changes nothing'],
  ['--ack-warnings', "with --yes: go ahead despite the guards' warnings (a guard error always refuses)"],
];

const TARGETS = 'target options (--demo, --nodes, --context, --config, --from, --readonly, …): virtdeck --help';

const table = (rows: readonly (readonly [string, string])[]): string[] => {
  const w = Math.max(0, ...rows.map(([o]) => o.length));
  return rows.map(([o, d]) => `  ${o.padEnd(w)}  ${d}`);
};

/**
 * The help text for the subcommand `argv` names, or undefined when argv names none (or `help`):
 * then the whole help is meant. `vm migrate --help` gives migrate's usage, arguments and options,
 * `vm --help` the vm lines and what each verb does.
 */
export function commandHelp(argv: readonly string[], help: ActionHelp): string | undefined {
  const cmd = commandOf(argv);
  if (cmd === undefined || cmd === 'tui' || cmd === 'help' || cmd === 'version') return undefined;
  if (!(ACTION_COMMANDS as readonly string[]).includes(cmd)) {
    const line = COMMAND_USAGE[cmd];
    return line ? `usage: ${line}\n${TARGETS}\n` : undefined;
  }
  const group = help.usage.filter((l) => l.startsWith(`virtdeck ${cmd} `) || l === `virtdeck ${cmd}`);
  // the verb: the first plain word after the command
  const at = argv.indexOf(cmd);
  const word = argv.slice(at + 1).find((w) => !w.startsWith('-'));
  const verb = help.verbs.find((v) => v.group === cmd && v.verb === word);
  if (!verb) {
    const verbs = help.verbs.filter((v) => v.group === cmd);
    return ['usage:', ...group.map((l) => `  ${l}`), ...(verbs.length ? [`${cmd} actions:`, ...table(verbs.map((v) => [v.verb, v.summary]))] : []), TARGETS, ''].join('\n');
  }
  const engine = ENGINE_OPTIONS.filter(([o]) => verb.usage.includes(`[${o}]`));
  const options = [...verb.options, ...engine];
  return [
    'usage:',
    `  ${verb.usage}`,
    verb.summary,
    ...(verb.args.length ? ['arguments:', ...table(verb.args)] : []),
    ...(options.length ? ['options:', ...table(options)] : []),
    TARGETS,
    '',
  ].join('\n');
}
