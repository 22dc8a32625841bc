// The real terminal: `virtdeck --demo --read-only` in a detached tmux (own socket) at 140×45:
// :fence, f opens the fence check with its probe commands, Enter runs them (read-only sessions
// may: the probes change nothing) and each answer shows with its time, then q quits.
import { skipWithout } from '../helpers/tools.js';
import { EXIT_MARK, tmuxConsole } from '../helpers/tmux.js';
import { afterAll, describe, expect, it } from 'vitest';

const hasTmux = !skipWithout('fence check in tmux e2e', ['tmux']);
const vd = tmuxConsole({ name: 'vdfence' });
const { send, waitFor } = vd;

describe.skipIf(!hasTmux)('fence check in tmux (read-only session)', () => {
  afterAll(() => {
    vd.kill();
  });

  it(':fence → f shows the probes, Enter runs them with progress and timed results', { timeout: 180_000 }, async () => {
    vd.start({ cols: 140, rows: 45, env: 'TERM=xterm NO_COLOR=1', args: '--demo --read-only' });
    await vd.waitShown((s) => s.includes('virtdeck ') && s.includes('quorum') && s.includes('Fencing readiness'), 90_000, 'fence tmux e2e: the demo console did not show');
    send(':fence', 'Enter');
    await waitFor((s) => /Fenc/.test(s) && s.includes('fence-ipmi-kvm-n1'), 10_000);
    send('f');
    let screen = await waitFor((s) => s.includes('[Enter] run'), 30_000);
    expect(screen).toContain('Fence check: all nodes');
    expect(screen).toMatch(/\[kvm-n\d\] sudo stonith_admin --query fence-ipmi-kvm-n1/);
    send('Enter');
    screen = await waitFor((s) => /done: all \d+ probe result\(s\) OK|failed: \d+ of \d+ probe/.test(s), 60_000);
    expect(screen).toMatch(/done: all \d+ probe result\(s\) OK/);
    expect(screen).toMatch(/\d\d:\d\d:\d\d OK kvm-n\d: watchdog \/dev\/watchdog/);
    send('Escape');
    await waitFor((s) => !s.includes('probe result'), 10_000);
    send('q');
    await waitFor((s) => s.includes(EXIT_MARK), 15_000);
  });
});
