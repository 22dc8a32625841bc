import { describe, expect, it } from 'vitest';
import { assertOnlyParseError, damagedFixtures, fixturesOf, parseErr } from '../../../test/support/collectors/parse-test-helpers.js';
import { parseCfgtool, parseQuorumtool } from './parse.js';

const fx = fixturesOf('corosync');

describe('parseQuorumtool', () => {
  it('reads a healthy 4-node cluster', () => {
    expect(parseQuorumtool(fx('quorumtool-healthy.txt'), 'n1')).toEqual({
      quorate: true, nodeId: 1, ringId: '1.1e', nodes: 4, expectedVotes: 4, highestExpected: 4, totalVotes: 4, quorum: 3,
      flags: ['Quorate'],
      members: [
        { nodeid: 1, votes: 1, qdevice: undefined, name: 'n1', local: true },
        { nodeid: 2, votes: 1, qdevice: undefined, name: 'n2', local: false },
        { nodeid: 3, votes: 1, qdevice: undefined, name: 'n3', local: false },
        { nodeid: 4, votes: 1, qdevice: undefined, name: 'n4', local: false },
      ],
    });
  });
  it('reads the Qdevice column and skips the device row', () => {
    const q = parseQuorumtool(fx('quorumtool-qdevice.txt'));
    expect(q.flags).toEqual(['Quorate', 'Qdevice']);
    expect(q.totalVotes).toBe(3);
    expect(q.members).toEqual([
      { nodeid: 1, votes: 1, qdevice: 'A,V,NMW', name: 'n1', local: true },
      { nodeid: 2, votes: 1, qdevice: 'A,V,NMW', name: 'n2', local: false },
    ]);
  });
  it('reads a partition without quorum', () => {
    const q = parseQuorumtool(fx('quorumtool-no-quorum.txt'));
    expect(q).toMatchObject({ quorate: false, nodeId: 3, nodes: 1, expectedVotes: 4, totalVotes: 1, quorum: 3, flags: [] });
    expect(q.members).toEqual([{ nodeid: 3, votes: 1, qdevice: undefined, name: 'n3', local: true }]);
  });
  it('reads hex node ids (-H) and names with spaces/addresses', () => {
    const t = fx('quorumtool-healthy.txt').replace('Node ID:          1', 'Node ID:          0x00000001')
      .replace('         2          1 n2', '0x00000002          1 192.168.10.202');
    const q = parseQuorumtool(t);
    expect(q.nodeId).toBe(1);
    expect(q.members[1]).toEqual({ nodeid: 2, votes: 1, qdevice: undefined, name: '192.168.10.202', local: false });
  });
  it('reports corosync not running, empty output and garbage', () => {
    expect(parseErr(() => parseQuorumtool(fx('quorumtool-not-running.txt'), 'n2')).detail).toBe('corosync is not running: Cannot initialize CMAP service');
    expect(parseErr(() => parseQuorumtool('Cannot initialize QUORUM service\n')).detail).toMatch(/QUORUM/);
    expect(parseErr(() => parseQuorumtool('')).detail).toBe('no output');
    expect(parseErr(() => parseQuorumtool('bash: corosync-quorumtool: command not found')).detail).toMatch(/not corosync-quorumtool/);
    expect(parseErr(() => parseQuorumtool(fx('quorumtool-healthy.txt').slice(0, 120))).detail).toMatch(/Quorate/);
  });
});

describe('parseCfgtool', () => {
  it('reads corosync 3.1 knet links with a disconnected peer', () => {
    const l = parseCfgtool(fx('cfgtool-knet.txt'));
    expect(l.localNodeId).toBe(1);
    expect(l.links.map((x) => [x.linkNo, x.address])).toEqual([[0, '10.0.0.1'], [1, '10.1.0.1']]);
    expect(l.links[0]?.peers).toEqual([
      { nodeid: 1, status: 'localhost', connected: true, enabled: undefined, mtu: undefined },
      { nodeid: 2, status: 'connected', connected: true, enabled: undefined, mtu: undefined },
      { nodeid: 3, status: 'connected', connected: true, enabled: undefined, mtu: undefined },
      { nodeid: 4, status: 'disconnected', connected: false, enabled: undefined, mtu: undefined },
    ]);
  });
  it('reads the 3.0 "link enabled:N link connected:N" form', () => {
    const l = parseCfgtool(fx('cfgtool-knet-3.0.txt'));
    expect(l.localNodeId).toBe(4);
    expect(l.links[1]?.peers).toEqual([
      { nodeid: 4, status: 'connected', connected: true, enabled: false, mtu: undefined },
      { nodeid: 7, status: 'disconnected', connected: false, enabled: true, mtu: undefined },
    ]);
  });
  it('reads legacy totem rings, one with a fault', () => {
    const l = parseCfgtool(fx('cfgtool-ring.txt'));
    expect(l).toEqual({
      localNodeId: 303938909,
      links: [
        { linkNo: 0, address: '10.0.1.1', peers: [{ nodeid: 303938909, status: 'localhost', connected: true }] },
        { linkNo: 1, address: '192.168.42.1', peers: [{ nodeid: 303938909, status: 'faulty', connected: false }] },
      ],
    });
  });
  it('reports corosync not running, empty output and garbage', () => {
    expect(parseErr(() => parseCfgtool(fx('cfgtool-not-running.txt'), 'n3')).detail).toMatch(/^corosync is not running: Could not initialize corosync configuration API/);
    expect(parseErr(() => parseCfgtool('')).detail).toBe('no output');
    expect(parseErr(() => parseCfgtool('\x00\x01garbage')).detail).toMatch(/not corosync-cfgtool/);
  });
});

describe('corosync parsers only throw ParseError', () => {
  const fixtures = ['quorumtool-healthy.txt', 'quorumtool-qdevice.txt', 'quorumtool-no-quorum.txt', 'cfgtool-knet.txt', 'cfgtool-knet-3.0.txt', 'cfgtool-ring.txt'].map(fx);
  const input = damagedFixtures(fixtures);
  it('on random strings, truncations and mutations', () => {
    assertOnlyParseError(input, [(t) => parseQuorumtool(t, 'n1'), (t) => parseCfgtool(t, 'n1')], { numRuns: 300, seed: 7 });
  });
});
