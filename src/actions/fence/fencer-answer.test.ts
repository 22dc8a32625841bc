// Guards about fencing say who answered, and a fencer that does not answer is "unknown", never
// "no device" (issue 14, items 0b and 5).
import { describe, expect, it } from 'vitest';
import { cluster } from '../../../test/support/actions/state.js';
import { fencingFindings } from '../standby/guards.js';
import { nodeReadiness } from './guards.js';

const NOT_ANSWERING = 'fencer not answering on n2: Could not connect to fencer: Transport endpoint is not connected';

describe('fencing guards', () => {
  it('a fencer that does not answer is reported as exactly that, not as "no fence device"', () => {
    const s = cluster();
    s.cluster.stonithTargets = s.cluster.stonithTargets!.map((t) => (t.target === 'n1' ? { target: 'n1', devices: [], error: NOT_ANSWERING } : t));
    const f = fencingFindings({ state: s }, 'n1');
    expect(f).toEqual([{ level: 'error', code: 'fencing-unknown', node: 'n1', message: `cannot tell which fence devices can fence n1: ${NOT_ANSWERING}` }]);
    expect(f[0]!.message).not.toMatch(/no fence device/);
    const r = nodeReadiness(s, 'n1', []);
    expect(r.verdict).toBe('not fenceable');
    expect(r.reasons).toContain(`cannot tell which devices can fence it: ${NOT_ANSWERING}`);
    expect(r.reasons.join(' ')).not.toMatch(/no device can fence/);
  });

  it('stonith_admin failing on every node is unknown too, with the collector\'s error', () => {
    const s = cluster();
    s.cluster.fresh.stonith = { intervalMs: 60_000, error: `failed on every node: ${NOT_ANSWERING}` };
    expect(fencingFindings({ state: s }, 'n1')[0]!.message).toBe(`cannot tell which fence devices can fence n1: stonith_admin failing: failed on every node: ${NOT_ANSWERING}`);
  });

  it('says which node listed the devices, and which said there were none', () => {
    const s = cluster();
    s.cluster.stonithTargets = s.cluster.stonithTargets!.map((t) => ({ ...t, via: t.target === 'n1' ? 'n2' : 'n1' }));
    expect(fencingFindings({ state: s }, 'n1')).toEqual([]);
    expect(nodeReadiness(s, 'n1', []).reasons).toContain('devices fence-ipmi (listed by n2)');
    s.cluster.stonithTargets = s.cluster.stonithTargets.map((t) => ({ ...t, devices: [] }));
    expect(fencingFindings({ state: s }, 'n1')[0]!.message).toBe('no fence device can fence n1 (stonith_admin --list on n2)');
  });
});
