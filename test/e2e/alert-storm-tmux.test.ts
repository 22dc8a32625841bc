// The real terminal at scale: `virtdeck --demo --demo-nodes 64 --demo-vms 2000` in a detached
// tmux (own socket) at 120×40. Half the nodes run over the CPU limit (a storm of 100+ warnings);
// the scripted incidents then raise a critical alert. The overview must show it on screen, as
// the Alerts tile's first line, with the storm folded into a few lines; and still at 80×24.
import { skipWithout } from '../helpers/tools.js';
import { EXIT_MARK, tmuxConsole } from '../helpers/tmux.js';
import { afterAll, describe, expect, it } from 'vitest';

const hasTmux = !skipWithout('alert storm in tmux e2e', ['tmux']);
const vd = tmuxConsole({ name: 'vdstorm', pollMs: 500 });
const { send, waitFor } = vd;

/** The Alerts tile's lines (right column from 80 columns up), cut at the next tile's title. */
function alertsTile(screen: string): string[] {
  const lines = screen.split('\n');
  const i = lines.findIndex((l) => /[─›] Alerts/.test(l));
  if (i < 0) return [];
  const col = [...lines[i]!].findIndex((_, k, cs) => cs.slice(k, k + 8).join('') === '─ Alerts' || cs.slice(k, k + 8).join('') === '› Alerts');
  const out: string[] = [];
  for (const l of lines.slice(i + 1)) {
    const cell = [...l].slice(col).join('').trimEnd();
    if (/^[─›] \S/.test(cell) || l.startsWith('Tab ')) break;
    if (cell) out.push(cell);
  }
  return out;
}
const warnCount = (screen: string): number => Number(/⚠ (\d+) warn/.exec(screen)?.[1] ?? 0);
const critCount = (screen: string): number => Number(/✖ (\d+) crit/.exec(screen)?.[1] ?? 0);

describe.skipIf(!hasTmux)('alert storm in tmux (64 demo nodes)', () => {
  afterAll(() => {
    vd.kill();
  });

  it('a critical alert stays on screen, above a folded storm of warnings', { timeout: 480_000 }, async () => {
    vd.start({ cols: 120, rows: 40, env: 'TERM=xterm NO_COLOR=1', args: '--demo --demo-nodes 64 --demo-vms 2000' });
    let screen = await vd.waitShown((s) => s.includes('virtdeck ') && s.includes('quorum') && s.includes('Fencing readiness'), 120_000, 'alert storm tmux e2e: the demo console did not show');
    // The storm: dozens of per-node warnings, folded into a few lines ("28× cpu, worst …").
    screen = await waitFor((s) => warnCount(s) >= 30 && alertsTile(s).some((l) => /^⚠ \d+× \S+.*, worst /.test(l)), 90_000);
    expect(alertsTile(screen).length, screen).toBeLessThan(12);
    // The scripted incidents (a LUN's latency spike, a crashed VM, a lost node) raise a critical:
    // it is the tile's first line, whatever the number of warnings.
    screen = await waitFor((s) => critCount(s) > 0 && alertsTile(s)[0]?.startsWith('✖') === true, 200_000);
    expect(warnCount(screen)).toBeGreaterThanOrEqual(30);
    const tile = alertsTile(screen);
    const firstWarn = tile.findIndex((l) => l.startsWith('⚠'));
    const lastCrit = tile.map((l) => l.startsWith('✖')).lastIndexOf(true);
    expect(firstWarn === -1 || lastCrit < firstWarn).toBe(true);

    // 80×24: the critical is still the first line of the Alerts tile.
    vd.resize(80, 24);
    screen = await waitFor((s) => s.split('\n').length <= 24 && alertsTile(s)[0]?.startsWith('✖') === true, 120_000);
    for (const l of screen.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);

    send('q');
    await waitFor((s) => s.includes(EXIT_MARK), 20_000);
  });
});
