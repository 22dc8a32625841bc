import { describe, expect, it } from 'vitest';
import { ACTION_USAGE } from '../actions/cli.js';
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
    const h = commandHelp(['vm', 'migrate', '--help'], ACTION_USAGE)!;
    expect(h).toMatch(/^usage:\n {2}virtdeck vm migrate VM NODE \[--yes\] \[--ack-warnings\]\noptions:\n/);
    expect(h).toContain('--yes ');
    expect(h).toContain('--ack-warnings ');
    expect(h).not.toContain('vm create');
    expect(h).not.toContain('--reason');
  });
  it('fence node --help explains --reason; a group gets its lines; vm start covers start|stop', () => {
    expect(commandHelp(['fence', 'node', '-h'], ACTION_USAGE)).toMatch(/virtdeck fence node NODE --reason TEXT[\s\S]*--reason TEXT {2}fence node: why/);
    const vm = commandHelp(['--demo', 'vm', '--help'], ACTION_USAGE)!;
    expect(vm.match(/^ {2}virtdeck vm /gm)).toHaveLength(ACTION_USAGE.filter((l) => l.startsWith('virtdeck vm ')).length);
    expect(commandHelp(['vm', 'stop', '--help'], ACTION_USAGE)).toContain('virtdeck vm start|stop VM');
  });
  it('plain commands get their usage line; no subcommand: the whole help', () => {
    expect(commandHelp(['snapshot', '--help'], ACTION_USAGE)).toMatch(/^usage: virtdeck snapshot \[--json\]/);
    expect(commandHelp(['--help'], ACTION_USAGE)).toBeUndefined();
    expect(commandHelp(['help'], ACTION_USAGE)).toBeUndefined();
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
