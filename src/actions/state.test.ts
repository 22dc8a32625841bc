import { describe, expect, it } from 'vitest';
import { staleFindings } from './state.js';
import { NOW, cluster } from '../../test/support/actions/state.js';

describe('staleFindings uses the store freshness rule (sourceFreshness)', () => {
  it('a quiet event stream is live while its channel and connection are up', () => {
    const s = cluster();
    // vmevents wrote once, ten minutes ago, and has been quiet since: nothing happened, not stale.
    s.nodes['n1']!.fresh.vmevents = { lastOk: NOW - 600_000, lastAttempt: NOW - 600_000, intervalMs: 5_000 };
    expect(staleFindings(s, ['n1'], NOW, ['vmevents'])).toEqual([]);
  });
  it('the same stream is not live once it reported an error or the node is down', () => {
    const failed = cluster();
    failed.nodes['n1']!.fresh.vmevents = { lastOk: NOW - 600_000, lastAttempt: NOW - 5_000, error: 'virsh event exited', errorAt: NOW - 5_000, intervalMs: 5_000 };
    expect(staleFindings(failed, ['n1'], NOW, ['vmevents']).map((f) => f.message)).toEqual(['n1: vmevents data is stale or missing']);
    const down = cluster();
    down.nodes['n1']!.fresh.vmevents = { lastOk: NOW - 600_000, lastAttempt: NOW - 600_000, intervalMs: 5_000 };
    down.nodes['n1']!.conn = { ...down.nodes['n1']!.conn, status: 'down' };
    expect(staleFindings(down, ['n1'], NOW, ['vmevents']).map((f) => f.message)).toContain('n1: vmevents data is stale or missing');
  });
  it('polled sources keep the 2 × interval rule', () => {
    const s = cluster();
    s.nodes['n1']!.fresh.host = { lastOk: NOW - 11_000, lastAttempt: NOW - 11_000, intervalMs: 5_000 };
    expect(staleFindings(s, ['n1'], NOW).map((f) => f.message)).toEqual(['n1: host data is stale or missing']);
  });
});
