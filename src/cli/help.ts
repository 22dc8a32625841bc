// `virtdeck SUBCOMMAND --help`: that command's usage and options, not the whole help. Pure: the
// action usage lines come in as data (src/actions/cli.ts is loaded lazily by the CLI).
import { ACTION_COMMANDS, COMMAND_USAGE, commandOf } from './args.js';

/** The options every guarded action takes; each is listed when the command's usage shows it. */
export const ACTION_OPTIONS: readonly (readonly [string, string])[] = [
  ['--yes', 'execute the plan; without it the action only prints its plan (exact commands, what-if) and changes nothing'],
  ['--ack-warnings', "with --yes: go ahead despite the guards' warnings (a guard error always refuses)"],
  ['--reason TEXT', 'fence node: why the node is fenced, written to the audit log (required)'],
  ['--node NODE', 'resource cleanup|refresh: only on this node'],
];

const TARGETS = 'target options (--demo, --nodes, --context, --config, --from, --readonly, …): virtdeck --help';

/** Whether a usage line covers the verb (`virtdeck vm start|stop VM …` covers start and stop). */
const covers = (line: string, verb: string): boolean => (line.split(' ')[2] ?? '').split('|').includes(verb);

/**
 * The help text for the subcommand `argv` names, or undefined when argv names none (or `help`):
 * then the whole help is meant. `vm migrate --help` gives the migrate line, `vm --help` the vm lines.
 */
export function commandHelp(argv: readonly string[], actionUsage: readonly string[]): string | undefined {
  const cmd = commandOf(argv);
  if (cmd === undefined || cmd === 'tui' || cmd === 'help' || cmd === 'version') return undefined;
  if (!(ACTION_COMMANDS as readonly string[]).includes(cmd)) {
    const line = COMMAND_USAGE[cmd];
    return line ? `usage: ${line}\n${TARGETS}\n` : undefined;
  }
  const group = actionUsage.filter((l) => l.startsWith(`virtdeck ${cmd} `) || l === `virtdeck ${cmd}`);
  // the verb: the first plain word after the command
  const at = argv.indexOf(cmd);
  const verb = argv.slice(at + 1).find((w) => !w.startsWith('-'));
  const mine = verb ? group.filter((l) => covers(l, verb)) : [];
  const lines = mine.length ? mine : group;
  const opts = ACTION_OPTIONS.filter(([o]) => lines.some((l) => l.includes(o.split(' ')[0]!)));
  const w = Math.max(0, ...opts.map(([o]) => o.length));
  return [
    'usage:',
    ...lines.map((l) => `  ${l}`),
    ...(opts.length ? ['options:', ...opts.map(([o, d]) => `  ${o.padEnd(w)}  ${d}`)] : []),
    TARGETS,
    '',
  ].join('\n');
}
