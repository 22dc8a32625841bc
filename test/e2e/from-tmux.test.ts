// The console over one saved crm_mon XML file (`--from FILE`) in a real terminal: the cluster
// view is read once (it used to stay empty), and what one XML file cannot hold is "not collected"
// in the freshness column — no INFO "failing" alert per source naming the file.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipWithout, toolPath } from '../helpers/tools.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOCK = `vdfrom-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const SESSION = 'vd';
const hasTmux = !skipWithout('--from console in tmux e2e', ['tmux']);
const TMUX = toolPath('tmux') ?? 'tmux';
const tmux = (...args: string[]) => execFileSync(TMUX, ['-L', SOCK, ...args], { encoding: 'utf8' });
const capture = () => tmux('capture-pane', '-p', '-t', SESSION).replace(/\n$/, '');
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

describe.skipIf(!hasTmux)('--from FILE console in tmux', () => {
  afterAll(() => {
    spawnSync(TMUX, ['-L', SOCK, 'kill-server']);
  });

  it('shows the saved cluster, "not collected" for the rest, and no alert per missing source', { timeout: 90_000 }, async () => {
    const xml = join(ROOT, 'src/demo/fixtures/crm_mon-real.xml');
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', `cd '${ROOT}' && TERM=xterm NO_COLOR=1 node bin/virtdeck.js --from '${xml}'; exec sleep 600`);
    let screen = await waitFor((s) => s.includes('SAVED OUTPUT') && s.includes('Fencing readiness') && s.includes('not collected'), 60_000);
    expect(screen).toMatch(/DC kvm-n1/);
    expect(screen).toMatch(/kvm-n4\s+✖ UNCLEAN/);
    expect(screen).not.toMatch(/failing|crm_mon-real\.xml|ℹ [1-9]/);
    expect(screen).not.toMatch(/⚠ stale/);
    tmux('send-keys', '-t', SESSION, ':nodes', 'Enter');
    screen = await waitFor((s) => s.includes('Nodes ['), 10_000);
    const rows = screen.split('\n').filter((l) => /^[› ] kvm-n\d/.test(l));
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r).toMatch(/not collected\s*$/);
    tmux('send-keys', '-t', SESSION, 'q');
  });
});
