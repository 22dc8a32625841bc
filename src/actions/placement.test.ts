import { describe, expect, it } from 'vitest';
import { parseDumpxml } from '../collectors/virsh/parse.js';
import { fixtureState, mkHost } from '../../test/support/store/test-fixtures.js';
import { loadOf, misfit, roomOf, take } from './placement.js';

// Issue 14 item 12: a VM whose guest NUMA cells use different hugepage sizes draws on each pool.
const xml = `<domain><name>db</name><memory unit='GiB'>12</memory><vcpu>2</vcpu><memoryBacking><hugepages>
  <page size='2' unit='M' nodeset='0'/><page size='1' unit='G' nodeset='1-2'/></hugepages></memoryBacking>
  <cpu><numa><cell id='0' cpus='0' memory='4' unit='GiB'/><cell id='1' cpus='1' memory='4' unit='GiB'/><cell id='2' cpus='1' memory='4' unit='GiB'/></numa></cpu></domain>`;

function stateWithPools(free2m: number, free1g: number) {
  const s = fixtureState();
  const h = mkHost({ hugeFree: free2m, hugeTotal: 8192 });
  h.hugepages = [
    { sizeKb: 2048, total: 8192, free: free2m },
    { sizeKb: 1048576, total: 16, free: free1g },
  ];
  s.nodes['kvm-n2']!.host = h;
  return s;
}

describe('placement with hugepages of several sizes', () => {
  const facts = parseDumpxml(xml);

  it('the load names each pool with its cells\' memory', () => {
    const l = loadOf(fixtureState(), 'kvm-n1', 'db', facts);
    expect(l.hugepages).toEqual([
      { sizeKb: 2048, memoryKb: 4 * 1024 ** 2 },
      { sizeKb: 1048576, memoryKb: 8 * 1024 ** 2 },
    ]);
  });

  it('fits only when every pool holds its share; the message names the pool that is short', () => {
    const l = loadOf(fixtureState(), 'kvm-n1', 'db', facts);
    // 2048 free 2 MiB pages = 4 GiB; 8 free 1 GiB pages = 8 GiB: fits exactly
    expect(misfit(roomOf(stateWithPools(2048, 8), 'kvm-n2', 4), l)).toBeUndefined();
    // plenty of 2 MiB pages (the first page size) but too few 1 GiB pages: the old check passed this
    expect(misfit(roomOf(stateWithPools(8192, 7), 'kvm-n2', 4), l)).toBe('kvm-n2 has 7168 MiB free in 1048576 kB hugepages, db needs 8192 MiB');
    expect(misfit(roomOf(stateWithPools(2047, 16), 'kvm-n2', 4), l)).toBe('kvm-n2 has 4094 MiB free in 2048 kB hugepages, db needs 4096 MiB');
  });

  it('take() draws each pool down by its share', () => {
    const room = roomOf(stateWithPools(4096, 16), 'kvm-n2', 4);
    take(room, loadOf(fixtureState(), 'kvm-n1', 'db', facts));
    expect(room.huge.get(2048)).toBe(4 * 1024 ** 2);
    expect(room.huge.get(1048576)).toBe(8 * 1024 ** 2);
  });
});
