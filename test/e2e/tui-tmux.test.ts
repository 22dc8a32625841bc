// The real terminal: `virtdeck --demo` in a detached tmux (own socket) at 120×40 — help, :vms,
// filter, drill-down, Esc, `n` creates a VM through the form and it shows in the list, resize to
// 80×24, q — then the alternate screen must be left and the shell's output visible again.
import { skipWithout } from '../helpers/tools.js';
import { EXIT_MARK, sleep, tmuxConsole } from '../helpers/tmux.js';
import { afterAll, describe, expect, it } from 'vitest';

const hasTmux = !skipWithout('TUI in tmux e2e', ['tmux']);
const vd = tmuxConsole({ name: 'vdtest' });
const { send, waitFor } = vd;

describe.skipIf(!hasTmux)('TUI in tmux', () => {
  afterAll(() => {
    vd.kill();
  });

  it('runs the demo, navigates, resizes and restores the terminal on q', { timeout: 180_000 }, async () => {
    // CI=1 as a runner exports it: ink would draw nothing until exit; the console on a terminal must.
    vd.start({ cols: 120, rows: 40, env: 'TERM=xterm CI=1', args: '--demo' });
    let screen = await vd.waitShown((s) => s.includes('virtdeck ') && s.includes('quorum') && s.includes('Fencing readiness'), 90_000, `tui-tmux e2e: \`node bin/virtdeck.js --demo\` did not show the console`);
    expect(vd.display('#{alternate_on}').trim()).toBe('1');
    expect(screen).toMatch(/kvm-n1/);

    send('?');
    screen = await waitFor((s) => s.includes('Keys ('), 10_000);
    expect(screen).toContain('Quit');
    send('Escape');
    await waitFor((s) => !s.includes('Keys ('), 10_000);

    send(':vms', 'Enter');
    screen = await waitFor((s) => s.includes('VMs ['), 10_000);
    send('/web', 'Enter');
    screen = await waitFor((s) => s.includes('filter /web/'), 10_000);
    const vmLines = screen.split('\n').filter((l) => /^[› ][ *]\S/.test(l) && !l.includes(' VM '));
    expect(vmLines.length).toBeGreaterThan(0);
    for (const l of vmLines) expect(l.toLowerCase()).toContain('web');

    send('Enter');
    screen = await waitFor((s) => /VM \S*web\S* on /.test(s), 10_000);
    expect(screen).toContain('virsh console');
    send('Escape');
    screen = await waitFor((s) => s.includes('VMs [') && s.includes('filter /web/'), 10_000);

    // n: the form, the plan, Enter; the new (shut off, Pacemaker-registered) VM is in the list.
    send('n');
    await waitFor((s) => s.includes('Create VM') && s.includes('[Enter] check and plan'), 10_000);
    send('-l', 'e2e01');
    send('Enter');
    screen = await waitFor((s) => s.includes('Create VM: e2e01 on ') && /\[Enter\] run|press Tab to acknowledge|blocked by|could not plan/.test(s), 60_000);
    expect(screen).not.toMatch(/blocked by|could not plan/);
    if (screen.includes('press Tab to acknowledge')) send('Tab');
    await waitFor((s) => s.includes('[Enter] run'), 10_000);
    send('Enter');
    screen = await waitFor((s) => /done\. Esc closes\.|failed:/.test(s), 90_000);
    expect(screen).toContain('done. Esc closes.');
    send('Escape');
    send('/', 'BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace');
    send('-l', 'e2e01');
    send('Enter');
    screen = await waitFor((s) => s.includes('filter /e2e01/') && /^[› ][ *]e2e01\s+shut off\s/m.test(s), 20_000);

    vd.resize(80, 24);
    await sleep(500);
    screen = await waitFor((s) => s.includes('VMs [') && s.split('\n').length <= 24, 10_000);
    for (const l of screen.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
    // header, table and footer all present; nothing overlapping the header
    const lines = screen.split('\n');
    expect(lines[0]).toMatch(/^virtdeck /);
    expect(lines.filter((l) => l.startsWith('virtdeck ')).length).toBe(1);

    send('q');
    screen = await waitFor((s) => s.includes(EXIT_MARK), 20_000);
    expect(screen).toContain(`${EXIT_MARK} rc=0`);
    expect(screen).not.toContain('quorum');
    expect(vd.display('#{alternate_on}').trim()).toBe('0');
    expect(vd.display('#{cursor_flag}').trim()).toBe('1');
  });
});
