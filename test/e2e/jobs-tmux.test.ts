// The real terminal: `virtdeck --demo` in a detached tmux (own socket) at 120×40: `t` on kvm-n1
// (node standby), typed confirmation, Enter; Esc hides the running dialog, `:jobs` lists the
// action, Enter on its row re-opens the dialog with its progress.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { skipWithout, toolPath } from '../helpers/tools.js';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOCK = `vdjobs-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const SESSION = 'vd';
const EXIT_MARK = '__VD_EXITED__';
const hasTmux = !skipWithout('jobs in tmux e2e', ['tmux']);

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

describe.skipIf(!hasTmux)(':jobs in tmux (120x40)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vd-jobs-e2e-'));
  afterAll(() => {
    spawnSync(TMUX, ['-L', SOCK, 'kill-server']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('node standby, Esc hides it, :jobs lists it, Enter re-opens its dialog', { timeout: 180_000 }, async (ctx) => {
    // The demo's audit log goes to the temp dir, never to the user's state.
    const env = `XDG_STATE_HOME='${dir}/state' XDG_CONFIG_HOME='${dir}/config' TERM=xterm NO_COLOR=1`;
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', `cd '${ROOT}' && ${env} node bin/virtdeck.js --demo; echo ${EXIT_MARK} rc=$?; exec sleep 600`);
    try {
      await waitFor((s) => s.includes('virtdeck ') && s.includes('quorum'), 90_000);
    } catch (e) {
      const s = capture();
      console.warn(`\n!!!!!!!! SKIPPING jobs tmux e2e: the demo console did not show !!!!!!!!\n${s.includes(EXIT_MARK) ? `it exited:\n${s}` : (e as Error).message}\n`);
      ctx.skip();
      return;
    }
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
