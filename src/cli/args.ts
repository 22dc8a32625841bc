// A small hand-written argv parser. Target options are global: accepted before or after the
// subcommand. Action subcommands (node, vm, fence, cluster, sudoers) get the words and options
// this parser does not know, in order, for src/actions/cli.ts to parse.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface GlobalOptions {
  demo?: boolean;
  nodes?: string[];
  sshConfig?: string;
  context?: string;
  config?: string;
  readonly?: boolean;
  noColor?: boolean;
  /** The console does not ask the terminal for mouse reports (wheel, click). */
  noMouse?: boolean;
  maxFps?: number;
  demoNodes?: number;
  demoVms?: number;
  demoSeed?: number;
  from?: string;
  record?: string;
  json?: boolean;
  /** check: -w/-c metric levels (KEY=NUMBER words), -t timeout in seconds */
  warning?: string[];
  critical?: string[];
  timeout?: number;
  help?: boolean;
  version?: boolean;
  /** --version: also the versions of node, ink, react, ssh2 and whether the ink patch is installed */
  verbose?: boolean;
  /** Read the cluster from this Prometheus (--cluster NAME: the cluster label's value). */
  prometheus?: string;
  cluster?: string;
}

// The registry's command groups (src/actions/registry.ts) plus sudoers: listed here because this
// parser runs before the actions are loaded; a registry test keeps both equal.
export const ACTION_COMMANDS = ['node', 'vm', 'fence', 'cluster', 'resource', 'sudoers'] as const;
export type ActionCommand = (typeof ACTION_COMMANDS)[number];

export type Command = 'tui' | 'snapshot' | 'check' | 'hosts' | 'fleet' | 'replay' | 'completion' | 'help' | 'version' | ActionCommand;

/** Shells `virtdeck completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;

export interface ParsedArgs {
  command: Command;
  /** Words after the subcommand (action commands: also the options this parser does not own). */
  args: string[];
  opts: GlobalOptions;
}

type Kind = 'flag' | 'string' | 'int' | 'list';
const OPTIONS: Record<string, { key: keyof GlobalOptions; kind: Kind; min?: number; max?: number }> = {
  '--demo': { key: 'demo', kind: 'flag' },
  '--nodes': { key: 'nodes', kind: 'list' },
  '--ssh-config': { key: 'sshConfig', kind: 'string' },
  '--context': { key: 'context', kind: 'string' },
  '--config': { key: 'config', kind: 'string' },
  '--readonly': { key: 'readonly', kind: 'flag' },
  '--read-only': { key: 'readonly', kind: 'flag' },
  '--no-color': { key: 'noColor', kind: 'flag' },
  '--no-mouse': { key: 'noMouse', kind: 'flag' },
  '--max-fps': { key: 'maxFps', kind: 'int', min: 1, max: 60 },
  '--demo-nodes': { key: 'demoNodes', kind: 'int', min: 2, max: 64 },
  '--demo-vms': { key: 'demoVms', kind: 'int', min: 0, max: 5000 },
  '--demo-seed': { key: 'demoSeed', kind: 'int', min: 0, max: 2 ** 31 - 1 },
  '--from': { key: 'from', kind: 'string' },
  '--record': { key: 'record', kind: 'string' },
  '--json': { key: 'json', kind: 'flag' },
  '-w': { key: 'warning', kind: 'list' },
  '--warning': { key: 'warning', kind: 'list' },
  '-c': { key: 'critical', kind: 'list' },
  '--critical': { key: 'critical', kind: 'list' },
  '-t': { key: 'timeout', kind: 'int', min: 1, max: 3600 },
  '--timeout': { key: 'timeout', kind: 'int', min: 1, max: 3600 },
  '--help': { key: 'help', kind: 'flag' },
  '-h': { key: 'help', kind: 'flag' },
  '--version': { key: 'version', kind: 'flag' },
  '-V': { key: 'version', kind: 'flag' },
  '--verbose': { key: 'verbose', kind: 'flag' },
  '--prometheus': { key: 'prometheus', kind: 'string' },
  '--cluster': { key: 'cluster', kind: 'string' },
};

export const SUBCOMMANDS: readonly string[] = ['snapshot', 'check', 'hosts', 'fleet', 'replay', 'completion', 'help', 'version', 'tui', ...ACTION_COMMANDS];

/** Every global option and whether it takes a value (shell completion). */
export const globalOptions = (): { name: string; value: boolean }[] => Object.entries(OPTIONS).map(([name, o]) => ({ name, value: o.kind !== 'flag' }));

export function parseArgv(argv: readonly string[]): ParsedArgs {
  const opts: GlobalOptions = {};
  const o = opts as Record<string, unknown>;
  let command: Command | undefined;
  const args: string[] = [];
  const isAction = () => command !== undefined && (ACTION_COMMANDS as readonly string[]).includes(command);

  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (word.startsWith('-') && word !== '-') {
      const eq = word.indexOf('=');
      const name = word.startsWith('--') && eq > 0 ? word.slice(0, eq) : word;
      const spec = OPTIONS[name];
      if (!spec) {
        if (isAction()) {
          args.push(word);
          continue;
        }
        throw new UsageError(`unknown option ${name}`);
      }
      if (spec.kind === 'flag') {
        if (eq > 0 && word.startsWith('--')) throw new UsageError(`${name} takes no value`);
        o[spec.key] = true;
        continue;
      }
      let value: string | undefined;
      if (eq > 0 && word.startsWith('--')) value = word.slice(eq + 1);
      else {
        value = argv[i + 1];
        if (value === undefined || (value.startsWith('-') && value.length > 1)) throw new UsageError(`${name} needs a value`);
        i++;
      }
      if (value === '') throw new UsageError(`${name} needs a non-empty value`);
      if (spec.kind === 'string') o[spec.key] = value;
      else if (spec.kind === 'list') {
        const list = value.split(',').map((s) => s.trim()).filter(Boolean);
        if (list.length === 0) throw new UsageError(`${name} needs a comma-separated list`);
        o[spec.key] = [...((o[spec.key] as string[] | undefined) ?? []), ...list];
      } else {
        if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number (got ${JSON.stringify(value)})`);
        const n = Number(value);
        if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max))
          throw new UsageError(`${name} must be between ${spec.min} and ${spec.max} (got ${n})`);
        o[spec.key] = n;
      }
      continue;
    }
    if (command === undefined) {
      if (!SUBCOMMANDS.includes(word)) throw new UsageError(`unknown command "${word}"`);
      command = word as Command;
      continue;
    }
    args.push(word);
  }

  if (opts.help) command = 'help';
  else if (opts.version) command = 'version';
  const cmd: Command = command ?? 'tui';
  if (cmd === 'help') return { command: cmd, args, opts };
  if (cmd === 'version') return { command: cmd, args, opts };
  if (opts.verbose) throw new UsageError('--verbose is for --version');
  if (opts.json && cmd !== 'snapshot' && cmd !== 'check' && cmd !== 'hosts' && cmd !== 'fleet' && !isAction()) throw new UsageError('--json is for snapshot, check, hosts and fleet');
  if ((opts.warning || opts.critical || opts.timeout !== undefined) && cmd !== 'check') throw new UsageError('-w/--warning, -c/--critical and -t/--timeout are for check');
  if (cmd === 'replay') {
    if (args.length !== 1) throw new UsageError('replay needs exactly one FILE (a recording made with --record)');
  } else if (cmd === 'completion') {
    if (args.length !== 1 || !(SHELLS as readonly string[]).includes(args[0]!)) throw new UsageError(`completion needs one shell: ${SHELLS.join(', ')}`);
  } else if ((cmd === 'snapshot' || cmd === 'check' || cmd === 'hosts' || cmd === 'fleet' || cmd === 'tui') && args.length > 0) {
    throw new UsageError(`unexpected argument "${args[0]}"${cmd === 'tui' ? '' : ` for ${cmd}`}`);
  }
  const demoOnly = (['demoNodes', 'demoVms', 'demoSeed'] as const).filter((k) => opts[k] !== undefined);
  if (demoOnly.length > 0 && (opts.nodes || opts.from || opts.context))
    throw new UsageError('--demo-nodes/--demo-vms/--demo-seed only apply to the demo');
  if (demoOnly.length > 0) opts.demo = true;
  return { command: cmd, args, opts };
}

/** The one usage line of each non-action command (action groups: ACTION_USAGE in actions/cli.ts). */
export const COMMAND_USAGE: Partial<Record<Command, string>> = {
  tui: 'virtdeck [--demo | --nodes a,b,c | --context NAME | --from PATH] [options]',
  snapshot: 'virtdeck snapshot [--json] [target options]',
  check: 'virtdeck check [-w KEY=N[,…]] [-c KEY=N[,…]] [-t S] [target options]',
  hosts: 'virtdeck hosts [--json] [target options]',
  fleet: 'virtdeck fleet [--json] [--config FILE]',
  replay: 'virtdeck replay FILE',
  completion: 'virtdeck completion bash|zsh|fish',
};

/** The subcommand argv names (skipping option values), for a usage error's one relevant line. */
export function commandOf(argv: readonly string[]): Command | undefined {
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === '--') return undefined;
    if (w.startsWith('-') && w !== '-') {
      const spec = OPTIONS[w];
      if (spec && spec.kind !== 'flag') i++;
      continue;
    }
    return SUBCOMMANDS.includes(w) ? (w as Command) : undefined;
  }
  return 'tui';
}

export const USAGE = `Usage: virtdeck [command] [options]

Commands:
  (none)              full-screen console (the demo cluster when nothing is configured)
  snapshot [--json]   collect once from every node and print the cluster state
  hosts [--json]      how each node is reached (ssh_config resolved as OpenSSH does, with file:line)
  fleet [--json]      one line per cluster the config's fleet Prometheus knows (no SSH)
  check [-w L] [-c L] [-t S]
                      one-line health summary (monitoring plugin); exit 0 ok, 1 warning,
                      2 critical, 3 unknown. L: KEY=NUMBER[,…] overriding the config
                      thresholds for one sample: await (ms), util, cpu, mem (%), hugepages
                      (free pages, alerts below), e.g. -w await=10,util=80 -c await=20.
                      -t S: give up after S seconds (default 30) with UNKNOWN, naming
                      what did not answer
  replay FILE         console over a recording made with --record
  completion SHELL    print a shell completion script (bash, zsh, fish); e.g.
                      virtdeck completion bash > /etc/bash_completion.d/virtdeck
  node standby|online|evacuate NODE     guarded node actions
  vm migrate|start|stop|create|delete|utilization …  guarded VM actions
  vm snapshot list|create|revert|delete VM …  a VM's snapshot tree; guarded snapshot actions
  fence check|node NODE                 fencing readiness (probes) | fence it (--reason TEXT)
  cluster validate|balance              configuration checks, placement advice
  resource cleanup|refresh [RSC] [--node N]  clear fail counts / failed operations
  cluster|node|resource maintenance on|off [NODE|RSC]  Pacemaker hands off
  resource move|ban RSC NODE, clear|start|stop RSC  any Pacemaker resource
  sudoers                               print the sudoers rules virtdeck needs on the nodes
  help                show this help

Target (before or after the command):
  --demo                 embedded demo cluster over real SSH on 127.0.0.1
  --demo-nodes N         demo: number of nodes (default 4, at most 64)
  --demo-vms M           demo: number of VMs (default 24, at most 5000)
  --demo-seed S          demo: random seed
  --nodes a,b,c          these nodes (names as in ~/.ssh/config); others are discovered from crm_mon
  --ssh-config FILE      ssh_config file to resolve node names with
  --context NAME         a cluster from the config file
  --config FILE          config file (default ~/.config/virtdeck/config.json, or $VIRTDECK_CONFIG)
  --from PATH            no SSH: a saved crm_mon XML file or a directory of saved outputs
  --prometheus URL       no SSH: read the cluster from Prometheus (read-only)
  --cluster NAME         with --prometheus: the value of the cluster label (default label "cluster")
  --readonly             refuse every action that changes the cluster
  --record FILE          record the session's store changes to FILE (see replay)
  --no-color             no colours (NO_COLOR is honoured too)
  --no-mouse             console: no mouse (wheel scroll, click to select)
  --max-fps N            console frame-rate cap (default 10)
  --json                 snapshot/check/hosts/fleet: JSON output
  -h, --help             this help; after a command (vm migrate --help): that command's
  -V, --version          print the version (--verbose: also node, ink, react, ssh2, ink patch)

Actions (node, vm, fence, cluster, resource):
  without --yes          print the plan (exact commands, what-if) only; nothing changes
  --yes                  execute the plan
  --ack-warnings         with --yes: go ahead despite guard warnings (errors always refuse)
  --reason TEXT          fence node: why, written to the audit log (required)
`;
