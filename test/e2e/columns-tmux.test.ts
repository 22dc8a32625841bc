// Tables in a real terminal: `virtdeck --demo` in a detached tmux (own socket) at 120×40 with a
// config choosing the :vms columns and a high-contrast skin.json beside it; O picks the sort
// column, the mouse wheel moves the cursor, and a bad skin is reported after quitting.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { skipWithout } from '../helpers/tools.js';
import { EXIT_MARK, tmuxConsole } from '../helpers/tmux.js';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const hasTmux = !skipWithout('columns in tmux e2e', ['tmux']);
const vd = tmuxConsole({ name: 'vdcols' });
const { send, waitFor } = vd;
const dir = mkdtempSync(join(tmpdir(), 'vd-cols-'));

describe.skipIf(!hasTmux)('configured columns, sort picker, skin and mouse in tmux', () => {
  afterAll(() => {
    vd.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it(':vms shows the configured columns in order; O sorts; the wheel moves; the skin colours', { timeout: 180_000 }, async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ views: { vms: { columns: ['NODE', 'VM', 'STATE', 'CPU'] } } }));
    chmodSync(config, 0o600);
    writeFileSync(join(dir, 'skin.json'), '{"skin": "high-contrast"}');
    vd.start({ cols: 120, rows: 40, env: `TERM=xterm-256color VIRTDECK_CONFIG='${config}'`, args: '--demo' });
    await vd.waitShown((s) => s.includes('virtdeck ') && s.includes('quorum'), 90_000, `columns-tmux e2e: \`node bin/virtdeck.js --demo\` did not show the console`);
    send(':vms', 'Enter');
    let screen = await waitFor((s) => /^ {2}NODE +VM +STATE +CPU *$/m.test(s) && /^› kvm-n1 /m.test(s), 30_000);
    expect(screen).not.toMatch(/RESOURCE|DISK LAT/);
    // high-contrast: bright colours (SGR 90-97), never dim (SGR 2)
    const painted = vd.captureAnsi();
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
    send('-l', '\u001b[<65;10;10M');
    screen = await waitFor((s) => firstVm(s) === names[3], 10_000);
    send('q');
    await waitFor((s) => s.includes(EXIT_MARK), 20_000);

    // a bad skin: named with its key after the console ends, default colours meanwhile
    writeFileSync(join(dir, 'skin.json'), '{"skin": "neon"}');
    vd.respawn({ env: `TERM=xterm-256color VIRTDECK_CONFIG='${config}'`, args: '--demo --no-mouse', markSuffix: '2' });
    await waitFor((s) => s.includes('virtdeck ') && s.includes('quorum'), 90_000);
    send('q');
    screen = await waitFor((s) => s.includes(`${EXIT_MARK}2`), 20_000);
    // the pane wraps the line at 120 columns
    expect(screen.replace(/\n/g, '')).toContain(`skin error in ${join(dir, 'skin.json')}: skin must be one of default, high-contrast (got "neon"); using the default skin`);
  });
});
