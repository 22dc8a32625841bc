// The real terminal: `virtdeck --demo` in a detached tmux (own socket) at 80×24: :logs, `/` a
// filter, Enter on a journal line shows the whole entry (unit and priority from the demo's
// `journalctl -o json`), Esc back, `w` wraps the long line in the list, W saves the view.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { skipWithout } from '../helpers/tools.js';
import { EXIT_MARK, tmuxConsole } from '../helpers/tmux.js';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const hasTmux = !skipWithout('logs in tmux e2e', ['tmux']);
const vd = tmuxConsole({ name: 'vdlogs' });
const { send, waitFor } = vd;

describe.skipIf(!hasTmux)('logs in tmux (80x24)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vd-logs-e2e-'));
  afterAll(() => {
    vd.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it(':logs → Enter shows a whole journal entry; w wraps it in the list; W saves the view', { timeout: 180_000 }, async () => {
    vd.start({ cols: 80, rows: 24, env: 'TERM=xterm NO_COLOR=1', args: '--demo' });
    await vd.waitShown((s) => s.includes('virtdeck ') && s.includes('quorum'), 90_000, 'logs tmux e2e: the demo console did not show');
    send(':logs', 'Enter');
    await waitFor((s) => s.includes('Logs [') && s.includes('sbd.service'), 30_000);
    // The sbd servant line is longer than 80 columns: cut in the list, whole in the entry.
    send('/');
    send('healthy', 'Enter');
    let screen = await waitFor((s) => s.includes('filter /healthy/'), 10_000);
    expect(screen).not.toContain('is healthy');
    send('Enter');
    screen = await waitFor((s) => s.includes('logs entry'), 10_000);
    expect(screen).toMatch(/unit\s+sbd\.service/);
    expect(screen).toMatch(/priority\s+5 notice/);
    expect(screen).toContain('is healthy');
    send('Escape');
    await waitFor((s) => s.includes('Logs ['), 10_000);
    send('w');
    screen = await waitFor((s) => s.includes('is healthy'), 10_000);
    for (const l of screen.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
    const path = join(dir, 'healthy.log');
    send('W');
    await waitFor((s) => s.includes('save to file:'), 10_000);
    send(path, 'Enter');
    await waitFor((s) => s.includes(`log lines to ${path}`), 10_000);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/ kvm-n\d sbd\.service note: .*is healthy/);
    expect(text).not.toContain('corosync');
    send('q');
    await waitFor((s) => s.includes(EXIT_MARK), 20_000);
  });
});
