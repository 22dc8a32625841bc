import { describe, expect, it } from 'vitest';
import { ACTION_HELP, ACTION_USAGE } from '../actions/cli.js';
import { main, type CliIo } from './cli.js';
import { USAGE } from './args.js';
import { commandHelp } from './help.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const x: CliIo = { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s) };
  return { x, out: () => out.join(''), err: () => err.join('') };
}

describe('per-subcommand --help', () => {
  it('vm migrate --help: that command only, with its options explained', () => {
    const h = commandHelp(['vm', 'migrate', '--help'], ACTION_HELP)!;
    expect(h).toMatch(/^usage:\n {2}virtdeck vm migrate VM NODE \[--yes\] \[--ack-warnings\]\nLive-migrate the VM to NODE[^\n]*\narguments:\n {2}NODE {2}destination\noptions:\n/);
    expect(h).toContain('--yes ');
    expect(h).toContain('--ack-warnings ');
    expect(h).not.toContain('vm create');
    expect(h).not.toContain('--reason');
  });
  it('fence node --help explains --reason; a group gets its lines; vm start covers start|stop', () => {
    expect(commandHelp(['fence', 'node', '-h'], ACTION_HELP)).toMatch(/virtdeck fence node NODE --reason TEXT[\s\S]*--reason TEXT {3}why the node is fenced/);
    const vm = commandHelp(['--demo', 'vm', '--help'], ACTION_HELP)!;
    expect(vm.match(/^ {2}virtdeck vm /gm)).toHaveLength(ACTION_USAGE.filter((l) => l.startsWith('virtdeck vm ')).length);
    expect(vm).toContain('virtdeck vm start|stop VM');
    expect(vm).toMatch(/vm actions:\n {2}migrate {2}Live-migrate/);
    expect(commandHelp(['vm', 'stop', '--help'], ACTION_HELP)).toMatch(/^usage:\n {2}virtdeck vm stop VM \[NODE\] \[--yes\] \[--ack-warnings\]\n/);
  });
  it('plain commands get their usage line; no subcommand: the whole help', () => {
    expect(commandHelp(['snapshot', '--help'], ACTION_HELP)).toMatch(/^usage: virtdeck snapshot \[--json\]/);
    expect(commandHelp(['--help'], ACTION_HELP)).toBeUndefined();
    expect(commandHelp(['help'], ACTION_HELP)).toBeUndefined();
  });
  it('through main: exit 0 on stdout', async () => {
    const o = io();
    expect(await main(['vm', 'migrate', '--help'], o.x)).toBe(0);
    expect(o.out()).toMatch(/^usage:\n {2}virtdeck vm migrate VM NODE/);
    expect(o.out()).not.toContain('Commands:');
    const all = io();
    expect(await main(['--help'], all.x)).toBe(0);
    expect(all.out()).toBe(USAGE);
  });
  it('the whole help names fence node and the action options', () => {
    expect(USAGE).toMatch(/fence check\|node/);
    for (const o of ['--yes', '--ack-warnings', '--reason TEXT']) expect(USAGE).toContain(o);
  });
});
