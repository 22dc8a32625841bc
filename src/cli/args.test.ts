import { describe, expect, it } from 'vitest';
import { parseArgv, UsageError } from './args.js';

describe('parseArgv', () => {
  it('defaults to the TUI', () => {
    expect(parseArgv([])).toEqual({ command: 'tui', args: [], opts: {} });
  });

  it('accepts target options before or after the subcommand', () => {
    const a = parseArgv(['--nodes', 'n1,n2', '--ssh-config', '/tmp/cfg', 'snapshot', '--json']);
    const b = parseArgv(['snapshot', '--json', '--nodes=n1,n2', '--ssh-config=/tmp/cfg']);
    expect(a).toEqual(b);
    expect(a).toEqual({ command: 'snapshot', args: [], opts: { nodes: ['n1', 'n2'], sshConfig: '/tmp/cfg', json: true } });
  });

  it('parses demo sizes (and they imply --demo)', () => {
    expect(parseArgv(['check', '--demo-nodes', '3', '--demo-vms=10', '--demo-seed', '42']).opts).toEqual({ demoNodes: 3, demoVms: 10, demoSeed: 42, demo: true });
  });

  it('unknown options and commands are usage errors', () => {
    expect(() => parseArgv(['--nodse', 'a'])).toThrow(new UsageError('unknown option --nodse'));
    expect(() => parseArgv(['snapshot', '--fast'])).toThrow('unknown option --fast');
    expect(() => parseArgv(['snapsot'])).toThrow('unknown command "snapsot"');
    expect(() => parseArgv(['--nodes'])).toThrow('--nodes needs a value');
    expect(() => parseArgv(['--nodes', '--demo'])).toThrow('--nodes needs a value');
    expect(() => parseArgv(['--demo-nodes', 'four'])).toThrow('--demo-nodes must be a whole number');
    expect(() => parseArgv(['--demo-nodes', '1'])).toThrow('--demo-nodes must be between 2 and 64');
    expect(() => parseArgv(['--demo-vms', '5001'])).toThrow('--demo-vms must be between 0 and 5000');
    expect(parseArgv(['--max-fps', '5']).opts).toEqual({ maxFps: 5 });
    expect(() => parseArgv(['--demo=yes'])).toThrow('--demo takes no value');
    expect(() => parseArgv(['snapshot', 'extra'])).toThrow('unexpected argument "extra" for snapshot');
    expect(() => parseArgv(['--json'])).toThrow('--json is for snapshot, check, hosts and fleet');
    expect(() => parseArgv(['replay'])).toThrow(/replay needs exactly one FILE/);
    expect(() => parseArgv(['--demo-vms', '3', '--nodes', 'a'])).toThrow(/only apply to the demo/);
  });

  it('passes the words and unknown options of action commands through, in order', () => {
    const p = parseArgv(['--context', 'prod', 'vm', 'migrate', 'web1', '--to', 'n2', '--live', '--readonly', '--yes']);
    expect(p).toEqual({ command: 'vm', args: ['migrate', 'web1', '--to', 'n2', '--live', '--yes'], opts: { context: 'prod', readonly: true } });
  });

  it('help and version win', () => {
    expect(parseArgv(['snapshot', '--help']).command).toBe('help');
    expect(parseArgv(['-h']).command).toBe('help');
    expect(parseArgv(['help']).command).toBe('help');
    expect(parseArgv(['--version']).command).toBe('version');
  });

  it('replay takes one file; --from and --record take paths', () => {
    expect(parseArgv(['replay', '/tmp/rec.jsonl'])).toEqual({ command: 'replay', args: ['/tmp/rec.jsonl'], opts: {} });
    expect(parseArgv(['--from', './saved', 'snapshot']).opts.from).toBe('./saved');
    expect(parseArgv(['--record', 'r.jsonl', '--no-color']).opts).toEqual({ record: 'r.jsonl', noColor: true });
  });

  it('check takes the monitoring-plugin options -w/-c (repeatable, comma lists) and -t', () => {
    expect(parseArgv(['check', '-w', 'await=10,util=80', '-c', 'await=20', '-w', 'cpu=90', '-t', '15']).opts).toEqual({
      warning: ['await=10', 'util=80', 'cpu=90'],
      critical: ['await=20'],
      timeout: 15,
    });
    expect(parseArgv(['--warning=mem=95', '--critical', 'hugepages=1', '--timeout=5', 'check']).opts).toEqual({ warning: ['mem=95'], critical: ['hugepages=1'], timeout: 5 });
    expect(() => parseArgv(['snapshot', '-w', 'await=10'])).toThrow('-w/--warning, -c/--critical and -t/--timeout are for check');
    expect(() => parseArgv(['check', '-t', '0'])).toThrow('-t must be between 1 and 3600 (got 0)');
    expect(() => parseArgv(['check', '-c'])).toThrow('-c needs a value');
  });
});
