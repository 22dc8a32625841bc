// SSH notices reach the operator, not only VIRTDECK_LOG (issue 14): a StrictHostKeyChecking no
// that virtdeck does not honour and a host key recorded under accept-new ("Permanently added")
// are timeline entries of the session's store, and the newest is on the status line.
import { afterEach, describe, expect, it } from 'vitest';
import { openSession } from '../../src/cli/session.js';
import type { ResolvedTarget } from '../../src/config/load.js';
import { latestSshNotice } from '../../src/store/reach.js';
import { shellExec, startTestSshServer, tempDir } from '../helpers/ssh-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(what: string, f: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SSH notices in the session', () => {
  it('StrictHostKeyChecking no and "Permanently added" are timeline entries and the status line', async () => {
    const s = await startTestSshServer({ exec: shellExec });
    cleanups.push(() => s.close());
    const t = tempDir('vd-notice-');
    cleanups.push(() => t.remove());
    t.file('id', s.clientKey.private);
    const cfg = t.file(
      'config',
      ['Host node1', '  HostName 127.0.0.1', `  Port ${s.port}`, '  User tester', `  IdentityFile ${t.dir}/id`, '  IdentitiesOnly yes', `  UserKnownHostsFile ${t.dir}/kh`, '  StrictHostKeyChecking no'].join('\n'),
    );
    const target: ResolvedTarget = { kind: 'cluster', clusterName: 'c1', nodes: ['node1'], sshConfig: cfg, readonly: true, cluster: { nodes: ['node1'] }, contexts: [] };
    const logs: string[] = [];
    const session = await openSession(target, { live: false, log: (m) => logs.push(m) });
    cleanups.push(() => session.close());
    const notices = () => session.store.getState().timeline.filter((e) => e.kind === 'ssh-notice');
    expect(notices()[0]).toMatchObject({ node: 'node1', severity: 'warning', source: 'conn', message: expect.stringMatching(/StrictHostKeyChecking no .* is not honoured/) });
    await until('the host key to be recorded', () => notices().length === 2);
    expect(notices()[1]).toMatchObject({ node: 'node1', severity: 'info', message: expect.stringMatching(/^Permanently added '\[127\.0\.0\.1\]:\d+' \(ED25519 SHA256:.*\) to .*\/kh$/) });
    expect(latestSshNotice(session.store.getState())).toBe(notices()[1]);
    // Still in the log too.
    expect(logs.join('\n')).toMatch(/Permanently added/);
  });
});
