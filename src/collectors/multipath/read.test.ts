// The node detail's on-demand multipath read: the collector's order (JSON, then `multipath -ll`
// when the JSON fails), and no second try when the node cannot be reached at all.
import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { fixture } from '../../../test/support/collectors/test-support.js';
import { RunError } from '../../ssh/runner.js';
import { multipathJsonCmd, multipathLlCmd } from './command.js';
import { readMultipath } from './read.js';

describe('readMultipath', () => {
  it("multipathd's JSON when it answers", async () => {
    const r = new FakeRunner().expect('n1', multipathJsonCmd().argv, { stdout: fixture('multipath', 'maps-degraded.json') });
    expect((await readMultipath(r, 'n1')).map((m) => m.name)).toContain('mpatha');
    r.assertAllCalled();
  });

  it('`multipath -ll` when the JSON fails or is unreadable', async () => {
    for (const bad of [{ code: 1, stderr: 'multipathd: command not found' }, { stdout: fixture('multipath', 'maps-truncated.json') }]) {
      const r = new FakeRunner().expect('n1', multipathJsonCmd().argv, bad).expect('n1', multipathLlCmd().argv, { stdout: fixture('multipath', 'll-degraded.txt') });
      expect((await readMultipath(r, 'n1')).length).toBeGreaterThan(0);
      r.assertAllCalled();
    }
  });

  it('an unreachable node is not asked twice', async () => {
    const r = new FakeRunner().expect('n1', multipathJsonCmd().argv, new RunError('auth', 'n1', 'not connected: authentication failed'));
    await expect(readMultipath(r, 'n1')).rejects.toThrow('n1: not connected: authentication failed');
    expect(r.calls.map((c) => c.argv[0])).toEqual(['multipathd']);
  });
});
