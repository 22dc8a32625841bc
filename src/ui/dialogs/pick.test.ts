import { describe, expect, it } from 'vitest';
import { migrateDestinations } from './pick.js';
import { fixtureState } from '../../../test/support/store/test-fixtures.js';

describe('migrateDestinations', () => {
  it('online members only, not the VM’s node, not standby or unreachable; most available memory first', () => {
    const s = fixtureState();
    s.cluster.crm!.nodes = s.cluster.crm!.nodes.map((n) => (n.name === 'kvm-n3' ? { ...n, standby: true } : n));
    s.nodes['kvm-n2']!.host!.mem.memAvailableKb = 10 * 1024 * 1024;
    s.nodes['kvm-n4']!.host!.mem.memAvailableKb = 90 * 1024 * 1024;
    const d = migrateDestinations(s, ['kvm-n1']);
    expect(d.map((x) => x.node)).toEqual(['kvm-n4', 'kvm-n2']);
    expect(d[0]!.detail).toMatch(/^90G available of \S+/);
    s.nodes['kvm-n4']!.conn = { ...s.nodes['kvm-n4']!.conn, status: 'down' };
    expect(migrateDestinations(s, ['kvm-n1']).map((x) => x.node)).toEqual(['kvm-n2']);
    expect(migrateDestinations(s, ['kvm-n1', 'kvm-n2'])).toEqual([]);
  });
});
