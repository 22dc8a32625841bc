// Least-privilege sudoers generated from the same builders the collectors and actions use, so
// the file allows exactly what virtdeck sends. Variable words (node, resource, device) become
// anchored sudo regular expressions (sudo >= 1.9.10), never a bare "*" that would match extra
// options.
import type { Cmd } from '../ssh/cmd.js';
import { SOURCES } from '../collectors/registry.js';
import type { ArgWords } from '../collectors/source.js';
import { DEFAULT_LIBVIRT_URI } from '../collectors/virsh/command.js';
import { stonithQueryCmd } from './fence/probes.js';
import { configNameCmd } from './vm-config.js';
import { cibQueryCmd, cibVmPrimitivesCmd } from './commands.js';
import { actions } from './registry.js';
import type { SudoNames } from './types.js';

export type SudoRole = 'readonly' | 'operator';

// Sentinels pass the name validators and are replaced by patterns below.
const NODE = 'vdsentinelnode';
const RSC = 'vdsentinelrsc';
const DOM = 'vdsentineldom';
const DEV = '/dev/vdsentineldev';
const XML = 'VDSENTINELXML';
const CFG = '/vdsentinelcfg.xml';
const PATTERNS: Record<string, string> = {
  [NODE]: '[A-Za-z0-9][A-Za-z0-9._-]*',
  [RSC]: '[A-Za-z_][A-Za-z0-9_.-]*',
  // A libvirt domain name (model/names.ts domainName).
  [DOM]: '[A-Za-z0-9][A-Za-z0-9_.+-]*',
  [DEV]: '/dev/[A-Za-z0-9_.:@+/-]+',
  // A VirtualDomain config file: grep prints only its <name> line, so any *.xml path is allowed
  // (the validator refuses '..' and shell characters before the command is built).
  [CFG]: '/[A-Za-z0-9_.+@/-]*[.]xml',
  // Only VirtualDomain primitives named vm-NAME; the body is free (documented limit).
  [XML]: '<primitive id="vm-[A-Za-z0-9_.+-]+" class="ocf" provider="heartbeat" type="VirtualDomain">.*',
};

/** Debian/Ubuntu/RHEL locations (merged /usr); override with `paths`. */
export const DEFAULT_PATHS: Record<string, string> = {
  crm_mon: '/usr/sbin/crm_mon',
  crm_attribute: '/usr/sbin/crm_attribute',
  crm_resource: '/usr/sbin/crm_resource',
  cibadmin: '/usr/sbin/cibadmin',
  stonith_admin: '/usr/sbin/stonith_admin',
  'corosync-quorumtool': '/usr/sbin/corosync-quorumtool',
  'corosync-cfgtool': '/usr/sbin/corosync-cfgtool',
  'corosync-cmapctl': '/usr/sbin/corosync-cmapctl',
  sbd: '/usr/sbin/sbd',
  multipathd: '/usr/sbin/multipathd',
  multipath: '/usr/sbin/multipath',
  journalctl: '/usr/bin/journalctl',
  lvmlockctl: '/usr/sbin/lvmlockctl',
  dlm_tool: '/usr/sbin/dlm_tool',
  lvs: '/usr/sbin/lvs',
  grep: '/usr/bin/grep',
};

/** The read role: every sudo() command of a registered source (collectors/<x>/source.ts
 *  `commands`, variable words as patterns) and the reads of actions' checks. */
export function readonlyCommands(): Cmd[] {
  const words: ArgWords = { node: NODE, device: DEV, resource: RSC, domain: DOM, libvirtUri: DEFAULT_LIBVIRT_URI };
  return [
    // fence check's probe: the device agent's status (monitor) action, non-destructive.
    stonithQueryCmd(RSC),
    // Scoped reads only: the whole CIB (cibQueryCmd()) holds fence devices' passwords.
    cibQueryCmd('fencing-topology'),
    cibQueryCmd('constraints'),
    cibVmPrimitivesCmd(),
    // Which domain a VirtualDomain resource runs: the <name> line of its config (root-only files).
    configNameCmd(CFG),
    ...SOURCES.flatMap((src) => src.commands(words)),
  ].filter((c) => c.sudo);
}

const SUDO_NAMES: SudoNames = { node: NODE, resource: RSC, primitiveXml: XML };

/** What each registered action declares it runs with sudo, plus the what-if's CIB copy. */
export function operatorCommands(): Cmd[] {
  return [...actions.flatMap((a) => a.sudo?.(SUDO_NAMES) ?? []), cibQueryCmd()].filter((c) => c.sudo);
}

/** sudoers special characters inside a command's arguments. */
const sudoEscape = (s: string): string => s.replace(/[\\,:=]/g, (c) => `\\${c}`);
/** A literal (non-regex) argument is an fnmatch pattern to sudo: its glob characters are escaped too. */
const literalEscape = (s: string): string => s.replace(/[\\,:=*?[\]]/g, (c) => `\\${c}`);
// Regex specials become bracket expressions: sudo's lexer ends a regex at an unescaped '$', and a
// backslash-escaped one would need a second escape level.
const reEscape = (s: string): string =>
  s.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '^' ? '\\^' : c === '\\' ? '\\\\' : c === ']' ? '[]]' : `[${c}]`));

export function sudoersLine(c: Cmd, paths: Record<string, string> = DEFAULT_PATHS): string {
  const [prog, ...args] = c.argv;
  const path = paths[prog ?? ''];
  if (!path) throw new Error(`no absolute path known for ${JSON.stringify(prog)} (pass it in paths)`);
  if (c.env && Object.keys(c.env).length) throw new Error(`${prog}: commands with environment variables cannot be allowed precisely`);
  const variable = args.some((a) => a in PATTERNS);
  if (!variable) {
    for (const a of args) if (/\s/.test(a)) throw new Error(`${prog}: argument with whitespace ${JSON.stringify(a)} needs a regex rule`);
    return `${path} ${args.map(literalEscape).join(' ')}`.trimEnd() + (args.length === 0 ? ' ""' : '');
  }
  const re = args.map((a) => PATTERNS[a] ?? reEscape(a)).join(' ');
  // sudo's lexer ends a regex at any unescaped '$': a literal one inside is written '\$'.
  return `${path} ${sudoEscape(`^${re}`).replaceAll('[$]', '\\$')}$`;
}

export interface SudoersOptions {
  role: SudoRole;
  /** user name or %group */
  user: string;
  paths?: Record<string, string>;
}

export function renderSudoers(o: SudoersOptions): string {
  if (!/^(%?[a-z_][a-z0-9_.-]*\$?)$/i.test(o.user)) throw new Error(`invalid user or %group ${JSON.stringify(o.user)}`);
  const paths = { ...DEFAULT_PATHS, ...(o.paths ?? {}) };
  const alias = (name: string, cmds: Cmd[]) => `Cmnd_Alias ${name} = \\\n    ${[...new Set(cmds.map((c) => sudoersLine(c, paths)))].join(', \\\n    ')}\n`;
  const lines = [
    `# virtdeck sudoers (${o.role} role), generated by "virtdeck sudoers". Install with:`,
    `#   visudo -c -f FILE && install -m 0440 FILE /etc/sudoers.d/virtdeck`,
    `# virsh runs as the user (libvirt group), not through sudo. Requires sudo >= 1.9.10 (regex arguments).`,
    `# Limit: the operator rule for cibadmin --create allows any VirtualDomain primitive named vm-*.`,
    `# Limit: the read rule for grep allows the <name> line of any *.xml file (which domain a VirtualDomain config names).`,
    '',
    alias('VIRTDECK_READ', readonlyCommands()),
  ];
  const allowed = ['VIRTDECK_READ'];
  if (o.role === 'operator') {
    lines.push(alias('VIRTDECK_OPERATE', operatorCommands()));
    allowed.push('VIRTDECK_OPERATE');
  }
  lines.push(`Defaults:${o.user.replace(/^%/, '%')} !requiretty`, `${o.user} ALL=(root) NOPASSWD: ${allowed.join(', ')}`, '');
  return lines.join('\n');
}
