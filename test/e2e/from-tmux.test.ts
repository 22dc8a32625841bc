// The console over one saved crm_mon XML file (`--from FILE`) in a real terminal: the cluster
// view is read once (it used to stay empty), and what one XML file cannot hold is "not collected"
// in the freshness column — no INFO "failing" alert per source naming the file.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skipWithout } from '../helpers/tools.js';
import { ROOT, tmuxConsole } from '../helpers/tmux.js';

const hasTmux = !skipWithout('--from console in tmux e2e', ['tmux']);
const vd = tmuxConsole({ name: 'vdfrom' });
const { send, waitFor } = vd;

describe.skipIf(!hasTmux)('--from FILE console in tmux', () => {
  afterAll(() => {
    vd.kill();
  });

  it('shows the saved cluster, "not collected" for the rest, and no alert per missing source', { timeout: 90_000 }, async () => {
    const xml = join(ROOT, 'src/demo/fixtures/crm_mon-real.xml');
    vd.start({ cols: 120, rows: 40, env: 'TERM=xterm NO_COLOR=1', args: `--from '${xml}'`, exitMark: false });
    let screen = await waitFor((s) => s.includes('SAVED OUTPUT') && s.includes('Fencing readiness') && s.includes('not collected'), 60_000);
    expect(screen).toMatch(/DC kvm-n1/);
    expect(screen).toMatch(/kvm-n4\s+✖ UNCLEAN/);
    expect(screen).not.toMatch(/failing|crm_mon-real\.xml|ℹ [1-9]/);
    expect(screen).not.toMatch(/⚠ stale/);
    send(':nodes', 'Enter');
    screen = await waitFor((s) => s.includes('Nodes ['), 10_000);
    const rows = screen.split('\n').filter((l) => /^[› ] kvm-n\d/.test(l));
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r).toMatch(/not collected\s*$/);
    send('q');
  });
});
