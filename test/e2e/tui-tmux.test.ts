// The real terminal: `virtdeck --demo` in a detached tmux (own socket) at 120×40 — help, :vms,
// filter, drill-down, Esc, `n` creates a VM through the form and it shows in the list, resize to
// 80×24, q — then the alternate screen must be left and the shell's output visible again.
import { execFileSync, spawnSync } from 'node:child_process';
import { skipWithout, toolPath } from '../helpers/tools.js';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOCK = `vdtest-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const SESSION = 'vd';
const EXIT_MARK = '__VD_EXITED__';
const hasTmux = !skipWithout('TUI in tmux e2e', ['tmux']);

const TMUX = toolPath('tmux') ?? 'tmux';
const tmux = (...args: string[]) => execFileSync(TMUX, ['-L', SOCK, ...args], { encoding: 'utf8' });
const capture = () => tmux('capture-pane', '-p', '-t', SESSION).replace(/\n$/, '');
const send = (...keys: string[]) => tmux('send-keys', '-t', SESSION, ...keys);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(pred: (screen: string) => boolean, timeoutMs: number): Promise<string> {
  const t0 = Date.now();
  let s = '';
  while (Date.now() - t0 < timeoutMs) {
    s = capture();
    if (pred(s)) return s;
    await sleep(200);
  }
  throw new Error(`timed out after ${timeoutMs} ms; screen:\n${s}`);
}

describe.skipIf(!hasTmux)('TUI in tmux', () => {
  afterAll(() => {
    spawnSync(TMUX, ['-L', SOCK, 'kill-server']);
  });

  it('runs the demo, navigates, resizes and restores the terminal on q', { timeout: 180_000 }, async (ctx) => {
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', `cd '${ROOT}' && TERM=xterm node bin/virtdeck.js --demo; echo ${EXIT_MARK} rc=$?; exec sleep 600`);
    let screen: string;
    try {
      screen = await waitFor((s) => s.includes('virtdeck ') && s.includes('quorum') && s.includes('Fencing readiness'), 90_000);
    } catch (e) {
      const s = capture();
      const why = s.includes(EXIT_MARK) ? `it exited:\n${s}` : (e as Error).message;
      console.warn(`\n!!!!!!!! SKIPPING tui-tmux e2e: \`node bin/virtdeck.js --demo\` did not show the console !!!!!!!!\n${why}\n`);
      ctx.skip();
      return;
    }
    expect(tmux('display', '-p', '-t', SESSION, '#{alternate_on}').trim()).toBe('1');
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

    tmux('resize-window', '-t', SESSION, '-x', '80', '-y', '24');
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
    expect(tmux('display', '-p', '-t', SESSION, '#{alternate_on}').trim()).toBe('0');
    expect(tmux('display', '-p', '-t', SESSION, '#{cursor_flag}').trim()).toBe('1');
  });
});
