// Tables in a real terminal: `virtdeck --demo` in a detached tmux (own socket) at 120×40 with a
// config choosing the :vms columns and a high-contrast skin.json beside it; O picks the sort
// column, the mouse wheel moves the cursor, and a bad skin is reported after quitting.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { skipWithout, toolPath } from '../helpers/tools.js';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOCK = `vdcols-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const SESSION = 'vd';
const EXIT_MARK = '__VD_EXITED__';
const hasTmux = !skipWithout('columns in tmux e2e', ['tmux']);

const TMUX = toolPath('tmux') ?? 'tmux';
const tmux = (...args: string[]) => execFileSync(TMUX, ['-L', SOCK, ...args], { encoding: 'utf8' });
const capture = () => tmux('capture-pane', '-p', '-t', SESSION).replace(/\n$/, '');
const send = (...keys: string[]) => tmux('send-keys', '-t', SESSION, ...keys);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dir = mkdtempSync(join(tmpdir(), 'vd-cols-'));

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

describe.skipIf(!hasTmux)('configured columns, sort picker, skin and mouse in tmux', () => {
  afterAll(() => {
    spawnSync(TMUX, ['-L', SOCK, 'kill-server']);
    rmSync(dir, { recursive: true, force: true });
  });

  it(':vms shows the configured columns in order; O sorts; the wheel moves; the skin colours', { timeout: 180_000 }, async (ctx) => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ views: { vms: { columns: ['NODE', 'VM', 'STATE', 'CPU'] } } }));
    chmodSync(config, 0o600);
    writeFileSync(join(dir, 'skin.json'), '{"skin": "high-contrast"}');
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', `cd '${ROOT}' && TERM=xterm-256color VIRTDECK_CONFIG='${config}' node bin/virtdeck.js --demo; echo ${EXIT_MARK} rc=$?; exec sleep 600`);
    try {
      await waitFor((s) => s.includes('virtdeck ') && s.includes('quorum'), 90_000);
    } catch (e) {
      const s = capture();
      const why = s.includes(EXIT_MARK) ? `it exited:\n${s}` : (e as Error).message;
      console.warn(`\n!!!!!!!! SKIPPING columns-tmux e2e: \`node bin/virtdeck.js --demo\` did not show the console !!!!!!!!\n${why}\n`);
      ctx.skip();
      return;
    }
    send(':vms', 'Enter');
    let screen = await waitFor((s) => /^ {2}NODE +VM +STATE +CPU *$/m.test(s) && /^› kvm-n1 /m.test(s), 30_000);
    expect(screen).not.toMatch(/RESOURCE|DISK LAT/);
    // high-contrast: bright colours (SGR 90-97), never dim (SGR 2)
    const painted = tmux('capture-pane', '-p', '-e', '-t', SESSION);
    expect(painted).toMatch(/\u001b\[(?:[0-9;]*;)?9[0-7]m/);
    expect(painted).not.toMatch(/\u001b\[(?:[0-9;]*;)?2m/);
    // O → the configured columns; down twice (natural order, NODE, VM) and Enter: sort by VM
    send('O');
    screen = await waitFor((s) => s.includes('Sort by ('), 10_000);
    expect(screen).toMatch(/ {2}NODE\n {2}VM\n {2}STATE\n {2}CPU/);
    send('Down', 'Down', 'Enter');
    screen = await waitFor((s) => /sort VM↑/.test(s), 10_000);
    const firstVm = (s: string) => /^› \S+ +(\S+)/m.exec(s)?.[1];
    const names = [...screen.matchAll(/^[› ] kvm-n\d +(\S+)/gm)].map((m) => m[1]!);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
    // wheel down: the cursor moves 3 rows
    tmux('send-keys', '-t', SESSION, '-l', '\u001b[<65;10;10M');
    screen = await waitFor((s) => firstVm(s) === names[3], 10_000);
    send('q');
    await waitFor((s) => s.includes(EXIT_MARK), 20_000);

    // a bad skin: named with its key after the console ends, default colours meanwhile
    writeFileSync(join(dir, 'skin.json'), '{"skin": "neon"}');
    tmux('respawn-pane', '-k', '-t', SESSION, `cd '${ROOT}' && TERM=xterm-256color VIRTDECK_CONFIG='${config}' node bin/virtdeck.js --demo --no-mouse; echo ${EXIT_MARK}2 rc=$?; exec sleep 600`);
    await waitFor((s) => s.includes('virtdeck ') && s.includes('quorum'), 90_000);
    send('q');
    screen = await waitFor((s) => s.includes(`${EXIT_MARK}2`), 20_000);
    // the pane wraps the line at 120 columns
    expect(screen.replace(/\n/g, '')).toContain(`skin error in ${join(dir, 'skin.json')}: skin must be one of default, high-contrast (got "neon"); using the default skin`);
  });
});
