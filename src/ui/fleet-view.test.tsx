/** @jsxRuntime automatic */
// :fleet — one row per cluster from the fleet Prometheus (real client, a real Prometheus's captured
// answers), sortable and filterable like every list; Enter opens the cluster from Prometheus, L
// switches to its SSH context, refused with the reason when there is none.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { SessionRoot, type TuiSession } from './session-root.js';
import { makeTheme } from './theme.js';
import { fixtureStore, FIXTURE_NOW } from '../../test/support/store/test-fixtures.js';
import { createVdStore } from '../store/store.js';
import { KEY, tick, waitFor } from '../../test/support/ui/render.js';
import { startFleetPromStub, type PromStub } from '../../test/support/fleet/prom-stub.js';
import { FleetFeed } from '../fleet/feed.js';
import { createPromClient } from '../prometheus/client.js';
import { NO_SSH } from '../prometheus/session.js';

let stub: PromStub;
beforeAll(async () => {
  stub = await startFleetPromStub();
});
afterAll(() => stub.close());
afterEach(() => cleanup());

function setup(o: { contexts?: string[]; open?: (name: string) => Promise<TuiSession>; switchTo?: (name: string) => Promise<TuiSession> } = {}) {
  const { store } = fixtureStore();
  const feed = new FleetFeed(createPromClient({ url: stub.url }), { intervalMs: 60_000 });
  const initial: TuiSession = { store, readonly: false, contexts: o.contexts ?? ['kvm-lab'] };
  const r = render(
    <SessionRoot
      initial={initial}
      fleet={feed}
      startView="fleet"
      {...(o.open ? { openFleetCluster: o.open } : {})}
      {...(o.switchTo ? { switchContext: o.switchTo } : {})}
      onQuit={() => {}}
      theme={makeTheme(false)}
      size={{ columns: 160, rows: 30 }}
      now={() => FIXTURE_NOW}
      tickMs={0}
    />,
  );
  const type = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await tick(k === KEY.esc ? 80 : 30);
    }
  };
  const frame = () => r.lastFrame() ?? '';
  return { ...r, type, frame, ready: () => waitFor(frame, (f) => f.includes('fleet-03'), 5000, 'the fleet rows') };
}

const order = (f: string) => [...f.matchAll(/fleet-0(\d)/g)].map((m) => m[1]).join('');

describe(':fleet', () => {
  it('one row per cluster with the summary columns; filter and sort like every list', async () => {
    const a = setup();
    const f = await a.ready();
    expect(f).toContain(':fleet');
    expect(f).toMatch(/CLUSTER\s+NODES\s+QUORUM\s+DC\s+RESOURCES\s+FAILED\s+VMS\s+WORST\s+FRESH/);
    expect(f).toMatch(/fleet-03\s+3\/4\s+yes\s+kvm-n1\s+27\/27\s+0\s+23\/24\s+warning\s+partial 0s, 9\/12 up/);
    expect(order(f)).toBe('123');
    await a.type('S');
    expect(order(a.frame())).toBe('321');
    await a.type('/', '0', '2', KEY.enter);
    expect(order(a.frame())).toBe('2');
    expect(a.frame()).toMatch(/fleet-02\s+4\/4\s+yes\s+kvm-n1\s+27\/27\s+1\s+23\/24\s+warning/);
  });

  it('Enter opens the cluster read from Prometheus in the same screen', async () => {
    const asked: string[] = [];
    const fromProm = createVdStore({ clusterName: 'fleet-02', nodes: ['kvm-n1', 'kvm-n2'], readonly: true, now: () => FIXTURE_NOW });
    const a = setup({
      open: async (name) => {
        asked.push(name);
        return { store: fromProm, readonly: true, readonlyWhy: NO_SSH, contexts: ['kvm-lab'] };
      },
    });
    await a.ready();
    await a.type('j', KEY.enter);
    await tick(100);
    expect(asked).toEqual(['fleet-02']);
    expect(a.frame()).toContain('virtdeck fleet-02');
    expect(a.frame()).toContain('READ-ONLY');
    // Without SSH an action key is refused, saying why.
    await a.type(':', 'n', 'o', KEY.enter, 't');
    expect(a.frame().trimEnd().split('\n').pop()).toContain(`t: Put node(s) in standby — ${NO_SSH.slice(0, 60)}`);
  });

  it('L switches to the SSH context of that name; without one it is refused with the reason', async () => {
    const switched: string[] = [];
    const a = setup({
      contexts: ['kvm-lab', 'fleet-01'],
      switchTo: async (name) => {
        switched.push(name);
        return { store: createVdStore({ clusterName: name, nodes: ['kvm-n1'], readonly: false, now: () => FIXTURE_NOW }), readonly: false, contexts: ['kvm-lab', 'fleet-01'] };
      },
    });
    const f = await a.ready();
    // the cluster with an SSH context is marked
    expect(f).toContain('fleet-01 ⇄');
    await a.type('G', 'L');
    expect(a.frame()).toContain('fleet-03: no SSH context of that name in the config (clusters.fleet-03.nodes): read-only from Prometheus, actions need SSH');
    expect(switched).toEqual([]);
    await a.type('g', 'L');
    await tick(100);
    expect(switched).toEqual(['fleet-01']);
    expect(a.frame()).toContain('virtdeck fleet-01');
  });

  it('without a fleet in the config the view says how to add one', async () => {
    const { store } = fixtureStore();
    const r = render(<SessionRoot initial={{ store, readonly: false }} startView="fleet" onQuit={() => {}} theme={makeTheme(false)} size={{ columns: 160, rows: 20 }} now={() => FIXTURE_NOW} tickMs={0} />);
    await tick(50);
    expect(r.lastFrame()).toContain('no fleet configured: "fleet": {"prometheus": URL} in the config file');
  });
});
