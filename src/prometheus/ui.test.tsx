/** @jsxRuntime automatic */
// The panes read the store only: a store fed by the Prometheus backend renders in the overview,
// :nodes, :vms and :res like one fed over SSH, and what no exporter carries (multipath, the
// domain XML) says so.
import { describe, expect, it } from 'vitest';
import { createVdStore } from '../store/store.js';
import { renderApp, KEY } from '../../test/support/ui/render.js';
import { PrometheusBackend } from './backend.js';
import { NoSshRunner } from './session.js';
import { MATCH, NOW, prom } from '../../test/support/prometheus/two-nodes.js';

describe('a Prometheus-fed store in the console', () => {
  it('overview, :nodes, :vms and :res render from it unchanged', async () => {
    const store = createVdStore({ clusterName: 'prod-a', nodes: [], readonly: true });
    await new PrometheusBackend({ client: prom(), store, match: MATCH }).refreshNow();
    const a = renderApp({ store, readonly: true, now: () => NOW, runner: new NoSshRunner() });
    await a.settle();
    expect(a.frame()).toContain('kvm1');
    expect(a.frame()).toContain('multipath not available from Prometheus');
    await a.type(':', 'n', 'o', 'd', 'e', 's', KEY.enter);
    expect(a.frame()).toMatch(/kvm1[\s\S]*kvm2/);
    // Reach is the targets' `up`, never "connecting" once Prometheus answered.
    expect(a.frame()).not.toContain('connecting');
    await a.type(':', 'v', 'm', 's', KEY.enter);
    expect(a.frame()).toMatch(/web1[\s\S]*db1|db1[\s\S]*web1/);
    // The VM detail fetches the domain XML over SSH: there is none, and it says so.
    await a.type(KEY.enter);
    await a.settle(100);
    expect(a.frame()).toContain('Disks / NICs\n  kvm1: not available from Prometheus: no SSH nodes configured for this cluster');
    await a.type(KEY.esc);
    await a.type(':', 'r', 'e', 's', KEY.enter);
    expect(a.frame()).toContain('vm-web1');
    expect(a.frame()).toContain('vm-db1');
    a.unmount();
  });
});
