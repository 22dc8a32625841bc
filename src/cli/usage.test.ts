import { describe, expect, it } from 'vitest';
import { main, type CliIo } from './cli.js';
import { commandOf } from './args.js';

function io() {
  const err: string[] = [];
  const x: CliIo = { stdout: () => undefined, stderr: (s) => void err.push(s) };
  return { x, err: () => err.join('') };
}

describe('usage errors: the message and the one relevant usage line', () => {
  it('names the command argv is about (option values skipped)', () => {
    expect(commandOf(['--context', 'check', 'snapshot', '--x'])).toBe('snapshot');
    expect(commandOf(['-w', 'cpu=1', 'check'])).toBe('check');
    expect(commandOf(['--readonly'])).toBe('tui');
    expect(commandOf(['snapsot'])).toBeUndefined();
  });
  it.each([
    [['check', '-w'], 'virtdeck: -w needs a value\nusage: virtdeck check [-w KEY=N[,…]] [-c KEY=N[,…]] [-t S] [target options]\n'],
    [['replay'], 'virtdeck: replay needs exactly one FILE (a recording made with --record)\nusage: virtdeck replay FILE\n'],
    [['--max-fps', '0'], 'virtdeck: --max-fps must be between 1 and 60 (got 0)\nusage: virtdeck [--demo | --nodes a,b,c | --context NAME | --from PATH] [options]\n'],
    [['snapsot'], 'virtdeck: unknown command "snapsot"\n'],
  ])('%j', async (argv, head) => {
    const o = io();
    expect(await main(argv, o.x)).toBe(2);
    expect(o.err()).toBe(`${head}virtdeck --help lists every command and option\n`);
    expect(o.err().split('\n').length).toBeLessThanOrEqual(4);
  });
  it('an action group gets its own usage lines only', async () => {
    const o = io();
    expect(await main(['vm', 'migrate', '--json=x'], o.x)).toBe(2);
    expect(o.err()).toMatch(/^virtdeck: --json takes no value\nusage:\n {2}virtdeck vm migrate /);
    expect(o.err()).not.toMatch(/virtdeck node|Target \(before/);
  });
});
