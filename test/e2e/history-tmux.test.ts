// The metric history in a real terminal: `virtdeck --demo` in a detached tmux (own socket) at
// 120×40; after a few polls :nodes shows a CPU TREND sparkline and the node detail a chart.
import { skipWithout } from '../helpers/tools.js';
import { EXIT_MARK, tmuxConsole } from '../helpers/tmux.js';
import { afterAll, describe, expect, it } from 'vitest';

const hasTmux = !skipWithout('history in tmux e2e', ['tmux']);
const vd = tmuxConsole({ name: 'vdhist' });
const { send, waitFor } = vd;

describe.skipIf(!hasTmux)('metric history in tmux', () => {
  afterAll(() => {
    vd.kill();
  });

  it(':nodes has a CPU TREND sparkline and the node detail a History chart', { timeout: 180_000 }, async () => {
    vd.start({ cols: 120, rows: 40, env: 'TERM=xterm NO_COLOR=1', args: '--demo' });
    await vd.waitShown((s) => s.includes('virtdeck ') && s.includes('quorum') && s.includes('Fencing readiness'), 90_000, `history-tmux e2e: \`node bin/virtdeck.js --demo\` did not show the console`);
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
    expect(vd.captureAnsi()).not.toMatch(/\u001b\[3[0-7]m/);
    send('q');
    await waitFor((s) => s.includes(EXIT_MARK), 20_000);
  });
});
