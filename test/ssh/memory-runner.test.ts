import { describe, expect, it } from 'vitest';
import { cmd } from '../../src/ssh/cmd.js';
import { ConnStates, runEach, silentStream, upState } from '../../src/ssh/memory-runner.js';
import { RunError, type NodeConnState, type RunResult } from '../../src/ssh/runner.js';

describe('ConnStates', () => {
  it('replays known states to a new listener, then tells changes until unsubscribed', () => {
    const c = new ConnStates();
    c.set(upState('n1', 5));
    const seen: NodeConnState[] = [];
    const off = c.subscribe((s) => seen.push(s));
    expect(seen).toEqual([{ node: 'n1', status: 'up', since: 5, attempts: 0, openChannels: 0, queued: 0 }]);
    c.set({ ...upState('n1', 6), status: 'down' });
    expect(seen.map((s) => s.status)).toEqual(['up', 'down']);
    expect(c.get('n1')?.status).toBe('down');
    off();
    c.set(upState('n2', 7));
    expect(seen).toHaveLength(2);
    expect(c.get('n2')?.since).toBe(7);
  });
  it('unsubscribeAll silences every listener', () => {
    const c = new ConnStates();
    let n = 0;
    c.subscribe(() => n++);
    c.unsubscribeAll();
    c.set(upState('n1', 0));
    expect(n).toBe(0);
  });
});

describe('runEach', () => {
  it('runs in order and stops at the first rejection', async () => {
    const ran: string[] = [];
    const run = async (node: string, c: { argv: readonly string[] }): Promise<RunResult> => {
      ran.push(c.argv[0]!);
      if (c.argv[0] === 'bad') throw new RunError('closed', node, 'gone');
      return { node, stdout: c.argv[0]!, stderr: '', code: 0, durationMs: 0 };
    };
    expect((await runEach(run, 'n1', [cmd('a').done(), cmd('b').done()])).map((r) => r.stdout)).toEqual(['a', 'b']);
    await expect(runEach(run, 'n1', [cmd('c').done(), cmd('bad').done(), cmd('d').done()])).rejects.toBeInstanceOf(RunError);
    expect(ran).toEqual(['a', 'b', 'c', 'bad']);
  });
  it('silentStream closes without effect', () => {
    expect(() => silentStream().close()).not.toThrow();
  });
});
