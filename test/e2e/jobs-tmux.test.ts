// The real terminal: `virtdeck --demo` in a detached tmux (own socket) at 120×40: `t` on kvm-n1
// (node standby), typed confirmation, Enter; Esc hides the running dialog, `:jobs` lists the
// action, Enter on its row re-opens the dialog with its progress.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { skipWithout } from '../helpers/tools.js';
import { EXIT_MARK, tmuxConsole } from '../helpers/tmux.js';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const hasTmux = !skipWithout('jobs in tmux e2e', ['tmux']);
const vd = tmuxConsole({ name: 'vdjobs' });
const { send, waitFor } = vd;

describe.skipIf(!hasTmux)(':jobs in tmux (120x40)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vd-jobs-e2e-'));
  afterAll(() => {
    vd.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('node standby, Esc hides it, :jobs lists it, Enter re-opens its dialog', { timeout: 180_000 }, async () => {
    // The demo's audit log goes to the temp dir, never to the user's state.
    const env = `XDG_STATE_HOME='${dir}/state' XDG_CONFIG_HOME='${dir}/config' TERM=xterm NO_COLOR=1`;
    vd.start({ cols: 120, rows: 40, env, args: '--demo' });
    await vd.waitShown((s) => s.includes('virtdeck ') && s.includes('quorum'), 90_000, 'jobs tmux e2e: the demo console did not show');
    send(':nodes', 'Enter');
    await waitFor((s) => s.includes('Nodes [') && /›\s*kvm-n1/.test(s), 30_000);
    send('t');
    let screen = await waitFor((s) => s.includes('Node standby: kvm-n1') && /\[Enter\] run|to confirm|press Tab|blocked by|could not plan/.test(s), 60_000);
    expect(screen).not.toMatch(/blocked by|could not plan/);
    if (screen.includes('press Tab to acknowledge')) send('Tab');
    send('-l', 'kvm-n1');
    send('Enter');
    await waitFor((s) => s.includes('Progress ('), 30_000);
    send('Escape');
    screen = await waitFor((s) => !s.includes('Progress ('), 10_000);

    send(':jobs', 'Enter');
    screen = await waitFor((s) => s.includes('Jobs [') && s.includes('Node standby kvm-n1'), 10_000);
    expect(screen).toMatch(/Node standby kvm-n1 +(⟳ running|\S+ done|\S+ failed)/);
    // While it still runs the status bar says so (the demo's drain may already be over).
    if (screen.includes('⟳ running')) expect(screen).toContain('⟳ Node standby kvm-n1');

    send('Enter');
    screen = await waitFor((s) => s.includes('Node standby: kvm-n1') && s.includes('Progress ('), 10_000);
    expect(screen).toContain('[1/');
    screen = await waitFor((s) => s.includes('done. Esc closes.') || s.includes('failed:'), 120_000);
    expect(screen).toContain('done. Esc closes.');
    send('Escape');
    await waitFor((s) => s.includes('Jobs [') && !s.includes('Progress ('), 10_000);
    send('q');
    await waitFor((s) => s.includes(EXIT_MARK), 20_000);
  });
});
