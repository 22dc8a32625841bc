// The metric history in a real terminal: `virtdeck --demo` in a detached tmux (own socket) at
// 120×40; after a few polls :nodes shows a CPU TREND sparkline and the node detail a chart.
import { execFileSync, spawnSync } from 'node:child_process';
import { skipWithout, toolPath } from '../helpers/tools.js';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOCK = `vdhist-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const SESSION = 'vd';
const EXIT_MARK = '__VD_EXITED__';
const hasTmux = !skipWithout('history in tmux e2e', ['tmux']);

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

describe.skipIf(!hasTmux)('metric history in tmux', () => {
  afterAll(() => {
    spawnSync(TMUX, ['-L', SOCK, 'kill-server']);
  });

  it(':nodes has a CPU TREND sparkline and the node detail a History chart', { timeout: 180_000 }, async (ctx) => {
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', `cd '${ROOT}' && TERM=xterm NO_COLOR=1 node bin/virtdeck.js --demo; echo ${EXIT_MARK} rc=$?; exec sleep 600`);
    try {
      await waitFor((s) => s.includes('virtdeck ') && s.includes('quorum') && s.includes('Fencing readiness'), 90_000);
    } catch (e) {
      const s = capture();
      const why = s.includes(EXIT_MARK) ? `it exited:\n${s}` : (e as Error).message;
      console.warn(`\n!!!!!!!! SKIPPING history-tmux e2e: \`node bin/virtdeck.js --demo\` did not show the console !!!!!!!!\n${why}\n`);
      ctx.skip();
      return;
    }
    send(':nodes', 'Enter');
    // Two host polls (5 s apart) make a curve of at least two blocks in kvm-n1's row.
    let screen = await waitFor((s) => s.includes('CPU TREND') && /kvm-n1 .*[▁▂▃▄▅▆▇█]{2,}\s*$/m.test(s), 60_000);
    expect(screen).toMatch(/^› kvm-n1 /m);
    send('Enter');
    screen = await waitFor((s) => s.includes('Node kvm-n1') && s.includes('History'), 10_000);
    expect(screen).toContain('CPU (one column per 5 s)');
    expect(screen).toMatch(/100% ┤/);
    expect(screen).toMatch(/ 0% ┤.*[▁▂▃▄▅▆▇█]/);
    expect(screen).toMatch(/-\d+m\d\ds +now/);
    expect(screen).toMatch(/min \S+% · max \S+% · now \S+%/);
    // NO_COLOR: the picture is characters only.
    expect(tmux('capture-pane', '-p', '-e', '-t', SESSION)).not.toMatch(/\u001b\[3[0-7]m/);
    send('q');
    await waitFor((s) => s.includes(EXIT_MARK), 20_000);
  });
});
