// Bench child: the fleet console — the real TUI on :fleet fed by the three fleet queries to a
// real Prometheus, no SSH session — in its own process, so process.cpuUsage() and RSS are its own.
import { createPromClient } from '../src/prometheus/client.js';
import { FleetFeed } from '../src/fleet/feed.js';
import { createVdStore } from '../src/store/store.js';
import { serve, wallMs } from './ipc.js';
import { mountUi, type UiHarness } from './ui-harness.js';

let ui: UiHarness | undefined;
let feed: FleetFeed | undefined;
let queries = (): number => 0;
let refreshes = 0;
/** Queries sent so far, at the end of each refresh (a refresh never overlaps the next: FleetFeed skips while one runs). */
const sentAtRefresh: number[] = [];

serve({
  ping: () => true,
  /** Mounts the console on :fleet; resolves when every cluster's row is drawn (wall ms). */
  async start(a: { url: string; clusters: number; lastCluster: string; timeoutMs: number }) {
    const calledAt = wallMs();
    const client = createPromClient({ url: a.url });
    queries = () => client.queries;
    feed = new FleetFeed(client, { intervalMs: 5000 });
    let firstAnswerAt = 0;
    feed.subscribe(() => {
      refreshes++;
      sentAtRefresh.push(queries());
      firstAnswerAt ||= wallMs();
    });
    const store = createVdStore({ clusterName: 'fleet', nodes: [], readonly: true });
    ui = mountUi(store, { columns: 160, rows: a.clusters + 12 }, { fleet: feed, startView: 'fleet', readonly: true });
    const f = await ui.waitFrame((t) => t.includes(`/${a.clusters}]`) && t.includes(a.lastCluster) && !t.includes('reading Prometheus'), a.timeoutMs);
    if (!f) throw new Error(`fleet view not complete within ${a.timeoutMs} ms`);
    return { completeAt: f.t, processStart: performance.timeOrigin, calledAt, firstAnswerAt };
  },
  /** CPU, max RSS and the fleet queries sent over `ms`. */
  async window(a: { ms: number }) {
    const c0 = process.cpuUsage();
    const t0 = wallMs();
    const r0 = refreshes;
    let rssMax = process.memoryUsage().rss;
    const sample = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 1000);
    await new Promise((r) => setTimeout(r, a.ms));
    clearInterval(sample);
    const c = process.cpuUsage(c0);
    const wall = wallMs() - t0;
    const cpuMs = (c.user + c.system) / 1000;
    // Queries of each refresh that ended in the window: the difference between consecutive ends.
    const perRefresh = sentAtRefresh.slice(Math.max(1, r0)).map((q, i) => q - sentAtRefresh[Math.max(1, r0) + i - 1]!);
    return { wallMs: wall, cpuMs, cpuPct: (cpuMs / wall) * 100, rssMb: rssMax / 2 ** 20, queriesPerRefresh: perRefresh, refreshes: refreshes - r0 };
  },
  stop() {
    ui?.unmount();
    feed?.stop();
    return true;
  },
});
