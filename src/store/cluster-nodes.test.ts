// Issue 14, items 1 and 2: every node Pacemaker lists (remote, guest, bundle replica) is in the
// node list, overview and snapshot with its kind; quorum is three-valued (unknown without a DC).
// Input: the real crm_mon 2.1.5 capture of a simulated cluster with a remote node, a guest VM
// and a two-replica bundle (collectors/pacemaker/fixtures/capture.sh).
import { describe, expect, it } from 'vitest';
import { parseCrmMon } from '../collectors/pacemaker/parse.js';
import { fixturesOf } from '../../test/support/collectors/parse-test-helpers.js';
import { flattenResources, nodeKind, nodeProvider, quorumState, type CrmStatus } from '../model/pacemaker.js';
import { quorumFindings, unknownNode } from '../actions/state.js';
import { nodeDetailLines } from '../ui/panes/detail/lines.js';
import { headerLines } from '../ui/components/Header.js';
import { nodeRows } from '../ui/panes/nodes/rows.js';
import { clusterTile } from '../ui/panes/overview/tiles.js';
import { makeTheme } from '../ui/theme.js';
import { emptyAlertMemory, deriveAlerts } from './alerts.js';
import { checkResult } from './check.js';
import { formatSnapshotText, toSnapshot } from './snapshot.js';
import { diffForTimeline } from './timeline.js';
import { FIXTURE_NOW, fixtureState, mkNodeSlice } from '../../test/support/store/test-fixtures.js';
import type { VdState } from './types.js';

const fx = fixturesOf('pacemaker');
const healthyXml = fx('healthy.crm_mon.xml');
/** What crm_mon prints without a DC (checked: CIB without dc-uuid, Pacemaker 2.1.5). */
const noDc = (xml: string): string => xml.replace(/<current_dc [^>]*\/>/, '<current_dc present="false"/>');

const MEMBERS = ['n1', 'n2', 'n3', 'n4'];

/** The fixture store's state with the four members as SSH targets and `crm` as Pacemaker's view. */
function stateWith(crm: CrmStatus): VdState {
  const s = fixtureState();
  s.nodeOrder = [...MEMBERS];
  s.nodes = Object.fromEntries(MEMBERS.map((n) => [n, mkNodeSlice(n, FIXTURE_NOW, MEMBERS)]));
  s.cluster.crm = crm;
  s.cluster.stonithTargets = undefined;
  return s;
}

describe('remote, guest and bundle nodes (item 1)', () => {
  const crm = parseCrmMon(healthyXml, 'n1');

  it('gives every node its kind and the resource that provides it', () => {
    const kinds = Object.fromEntries(crm.nodes.map((n) => [n.name, [nodeKind(n), nodeProvider(n)]]));
    expect(kinds).toEqual({
      n1: ['member', undefined],
      n2: ['member', undefined],
      n3: ['member', undefined],
      n4: ['member', undefined],
      remote1: ['remote', 'remote1'],
      guest1: ['guest', 'vm-guest1'],
      'web-bundle-0': ['guest', 'web-bundle-podman-0'],
      'web-bundle-1': ['guest', 'web-bundle-podman-1'],
    });
    expect(crm.nodes).toHaveLength(crm.summary.nodesConfigured);
  });

  it('reads crm_mon 1.1.13\'s container_id like id_as_resource', () => {
    const old = parseCrmMon(healthyXml.replace('id_as_resource="vm-guest1"', 'container_id="vm-guest1"'));
    const g = old.nodes.find((n) => n.name === 'guest1')!;
    expect([nodeKind(g), nodeProvider(g)]).toEqual(['guest', 'vm-guest1']);
  });

  it('snapshot --json lists every node a resource runs on, remote/guest ones "not polled"', () => {
    const snap = toSnapshot(stateWith(crm), FIXTURE_NOW);
    const names = snap.nodes.map((n) => n.name);
    expect(names).toHaveLength(crm.summary.nodesConfigured);
    for (const r of snap.resources) for (const n of r.nodes) expect(names, `${r.id} runs on ${n}`).toContain(n);
    expect(snap.nodes.find((n) => n.name === 'guest1')).toMatchObject({ type: 'guest', provider: 'vm-guest1', online: true, reachable: 'not-polled', conn: { status: 'not-polled' } });
    expect(snap.nodes.find((n) => n.name === 'remote1')).toMatchObject({ type: 'remote', reachable: 'not-polled' });
    expect(snap.nodes.find((n) => n.name === 'web-bundle-0')).toMatchObject({ type: 'guest', provider: 'web-bundle-podman-0' });
    expect(snap.nodes.find((n) => n.name === 'n1')).toMatchObject({ type: 'member', reachable: true });
    // Not polled is never "down" in the text form either.
    const text = formatSnapshotText(snap);
    const guestLine = text.split('\n').find((l) => l.trim().startsWith('guest1'))!;
    expect(guestLine).toMatch(/online\s+guest:vm-guest1\s+not polled/);
    expect(guestLine).not.toMatch(/UNREACHABLE|DOWN/);
  });

  it('the nodes view and the overview show them with their kind, never as down', () => {
    const s = stateWith(crm);
    const rows = nodeRows({ nodeOrder: s.nodeOrder, nodes: s.nodes, crm }, FIXTURE_NOW);
    expect(rows.map((r) => r.id).sort()).toEqual(crm.nodes.map((n) => n.name).sort());
    const guest = rows.find((r) => r.id === 'guest1')!;
    expect(guest.cells[1]).toContain('online');
    expect(guest.cells[8]).toBe('not polled');
    expect(guest.cells[9]).toBe('guest of vm-guest1');
    expect(rows.find((r) => r.id === 'remote1')!.cells[9]).toBe('remote node');
    for (const r of rows) expect(r.cells.join(' '), r.id).not.toMatch(/DOWN|UNREACHABLE/);
    const h = headerLines(makeTheme(false), s, { now: FIXTURE_NOW, state: undefined }, { width: 400, view: 'overview', readonly: true, kind: 'cluster' });
    expect(h.strip).toContain('n4 ◐ standby 1s  guest1');
    expect(h.strip).toContain('guest1 ● online guest  remote1 ● online remote  web-bundle-0 ● online guest');
    const tile = clusterTile(s, FIXTURE_NOW).map((l) => l.text);
    expect(tile.find((l) => l.startsWith('web-bundle-1 '))).toMatch(/online.*guest of web-bundle-podman-1/);
  });

  it('a remote node configured as an SSH target is polled, and its row says what it is', () => {
    const s = stateWith(crm);
    s.nodeOrder = [...MEMBERS, 'remote1'];
    s.nodes['remote1'] = mkNodeSlice('remote1', FIXTURE_NOW, MEMBERS);
    const rows = nodeRows({ nodeOrder: s.nodeOrder, nodes: s.nodes, crm }, FIXTURE_NOW);
    expect(rows.filter((r) => r.id === 'remote1').map((r) => [r.cells[0], r.cells[8]])).toEqual([['remote1 (remote)', 'up']]);
    expect(clusterTile(s, FIXTURE_NOW).map((l) => l.text).find((l) => l.startsWith('remote1'))).toMatch(/^remote1 \(remote\) +● online/);
    expect(toSnapshot(s, FIXTURE_NOW).nodes.filter((n) => n.name === 'remote1')).toMatchObject([{ type: 'remote', reachable: true }]);
  });

  it('the detail view shows Pacemaker\'s view of a guest, not "not part of this cluster"', () => {
    const text = nodeDetailLines(stateWith(crm), 'web-bundle-0', FIXTURE_NOW).map((l) => l.text).join('\n');
    expect(text).not.toMatch(/not part of this cluster/);
    expect(text).toMatch(/type\s+guest of web-bundle-podman-0/);
    expect(text).toMatch(/ssh\s+not polled/);
    expect(text).toMatch(/provided by\s+web-bundle-podman-0 \(ocf:heartbeat:podman\) on n1/);
    expect(text).toMatch(/Resources here \(1\)\n\s+httpd/);
    expect(nodeDetailLines(stateWith(crm), 'nosuch', FIXTURE_NOW)[0]!.text).toMatch(/not part of this cluster/);
  });

  it('an offline guest or remote node alerts as what it is', () => {
    const down = { ...crm, nodes: crm.nodes.map((n) => (n.name === 'guest1' || n.name === 'remote1' ? { ...n, online: false } : n)) };
    const s = stateWith(down);
    const msgs = deriveAlerts(s, emptyAlertMemory(), s.thresholds, FIXTURE_NOW).alerts.filter((a) => a.rule === 'pcmk-node').map((a) => a.message);
    expect(msgs.sort()).toEqual(['guest node guest1 (vm-guest1) OFFLINE in Pacemaker', 'remote node remote1 OFFLINE in Pacemaker']);
  });

  it('actions on a remote/guest node say what it is instead of "not a node of the cluster"', () => {
    expect(unknownNode(stateWith(crm), 'guest1')[0]!.message).toBe('guest1 is a guest node (provided by vm-guest1) of cluster kvm-lab, not one this console connects to: actions need a configured member');
    expect(unknownNode(stateWith(crm), 'remote1')[0]!.message).toMatch(/^remote1 is a remote node of cluster/);
    expect(unknownNode(stateWith(crm), 'n1')).toEqual([]);
  });
});

describe('quorum is three-valued (item 2)', () => {
  const crm = parseCrmMon(noDc(healthyXml), 'n1');

  it('no DC: unknown with why, not false', () => {
    expect(quorumState(crm.summary)).toEqual({ state: 'unknown', why: 'no DC' });
    expect(crm.summary.dcName).toBeUndefined();
    expect(quorumState(parseCrmMon(healthyXml).summary)).toEqual({ state: 'yes' });
    const noQ = parseCrmMon(healthyXml.replace('with_quorum="true"', 'with_quorum="false"')).summary;
    expect(quorumState(noQ)).toEqual({ state: 'no' });
    // A DC line without with_quorum (not seen from 2.1.5, but not "no quorum" either).
    const noAttr = parseCrmMon(healthyXml.replace(' with_quorum="true"', '')).summary;
    expect(quorumState(noAttr)).toEqual({ state: 'unknown', why: 'DC reports no quorum state' });
  });

  it('snapshot: quorum null with the reason; text says unknown', () => {
    const snap = toSnapshot(stateWith(crm), FIXTURE_NOW);
    expect(snap.cluster.quorum).toBeNull();
    expect(snap.cluster.quorumUnknown).toBe('no DC');
    expect(formatSnapshotText(snap).split('\n')[0]).toContain('quorum unknown (no DC)');
    expect(toSnapshot(stateWith(parseCrmMon(healthyXml)), FIXTURE_NOW).cluster.quorum).toBe(true);
  });

  it('guards: unknown is not quorate, with its own code and message', () => {
    expect(quorumFindings(stateWith(crm))).toEqual([{ level: 'error', code: 'quorum-unknown', message: 'quorum unknown (no DC): actions need a known quorate partition' }]);
    expect(quorumFindings(stateWith(parseCrmMon(healthyXml)))).toEqual([]);
  });

  it('header, check, alerts and timeline say "unknown", not "no quorum"', () => {
    const s = stateWith(crm);
    const h = headerLines(makeTheme(false), s, { now: FIXTURE_NOW, state: undefined }, { width: 160, view: 'overview', readonly: true, kind: 'cluster' });
    expect(h.left).toContain('quorum unknown (no DC)');
    expect(h.left).not.toContain('NO QUORUM');

    const alerts = deriveAlerts(s, emptyAlertMemory(), s.thresholds, FIXTURE_NOW).alerts;
    const q = alerts.filter((a) => a.rule === 'quorum');
    expect(q.map((a) => a.message)).toEqual(['quorum unknown: no DC']);
    const line = checkResult({ ...s, alerts }, FIXTURE_NOW).line;
    expect(line).toContain('quorum unknown: no DC');
    expect(line).not.toContain('no quorum');

    const ok = stateWith(parseCrmMon(healthyXml));
    expect(checkResult({ ...ok, alerts: deriveAlerts(ok, emptyAlertMemory(), ok.thresholds, FIXTURE_NOW).alerts }, FIXTURE_NOW).line).not.toContain('quorum unknown');
    const t = diffForTimeline(ok, s, FIXTURE_NOW).filter((e) => e.kind.startsWith('quorum'));
    expect(t).toMatchObject([{ kind: 'quorum-unknown', severity: 'warning', message: 'quorum unknown (no DC)' }]);
  });

  it('resources of the no-DC document still parse (cached state)', () => {
    expect(flattenResources(crm.resources).length).toBe(flattenResources(parseCrmMon(healthyXml).resources).length);
  });
});
