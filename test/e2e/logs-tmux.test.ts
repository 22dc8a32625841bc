// The real terminal: `virtdeck --demo` in a detached tmux (own socket) at 80×24: :logs, `/` a
// filter, Enter on a journal line shows the whole entry (unit and priority from the demo's
// `journalctl -o json`), Esc back, `w` wraps the long line in the list, W saves the view.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { skipWithout, toolPath } from '../helpers/tools.js';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOCK = `vdlogs-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const SESSION = 'vd';
const EXIT_MARK = '__VD_EXITED__';
const hasTmux = !skipWithout('logs in tmux e2e', ['tmux']);

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

describe.skipIf(!hasTmux)('logs in tmux (80x24)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vd-logs-e2e-'));
  afterAll(() => {
    spawnSync(TMUX, ['-L', SOCK, 'kill-server']);
    rmSync(dir, { recursive: true, force: true });
  });

  it(':logs → Enter shows a whole journal entry; w wraps it in the list; W saves the view', { timeout: 180_000 }, async (ctx) => {
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', SESSION, '-x', '80', '-y', '24', `cd '${ROOT}' && TERM=xterm NO_COLOR=1 node bin/virtdeck.js --demo; echo ${EXIT_MARK} rc=$?; exec sleep 600`);
    try {
      await waitFor((s) => s.includes('virtdeck ') && s.includes('quorum'), 90_000);
    } catch (e) {
      const s = capture();
      console.warn(`\n!!!!!!!! SKIPPING logs tmux e2e: the demo console did not show !!!!!!!!\n${s.includes(EXIT_MARK) ? `it exited:\n${s}` : (e as Error).message}\n`);
      ctx.skip();
      return;
    }
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
