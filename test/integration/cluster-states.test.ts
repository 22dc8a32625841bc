// Generated cluster states, real tools: each class of test/lab/cluster-states.ts is built with
// the real Pacemaker CLI in a temp dir, the real crm_mon prints it (the collector's own argv),
// and the console's model and `snapshot --json` document are checked against the invariants in
// test/lab/invariants.ts, then against what the class is about. Nothing here is hand-edited XML.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crmMonCmd } from '../../src/collectors/pacemaker/command.js';
import { parseCrmMon } from '../../src/collectors/pacemaker/parse.js';
import { flattenResources, nodeKind, nodeProvider, quorumState, type CrmStatus } from '../../src/model/pacemaker.js';
import { quorumFindings } from '../../src/actions/state.js';
import { toSnapshot, type Snapshot } from '../../src/store/snapshot.js';
import { FIXTURE_NOW, fixtureState, mkNodeSlice, mkVm } from '../support/store/test-fixtures.js';
import { BASE_VMS, CLUSTER_STATES, CIB_TOOLS, MEMBERS, type CibBuilder } from '../lab/cluster-states.js';
import { modelViolations } from '../lab/invariants.js';
import { pathWithSbin, skipWithout, toolPath } from '../helpers/tools.js';

const skip = skipWithout('generated cluster states (real Pacemaker CLI)', [...CIB_TOOLS, 'xmllint']);

interface Built {
  xml: string;
  crm: CrmStatus;
  snap: Snapshot;
}

/** The real crm_mon with the collector's argv (minus sudo) on a CIB file. */
function crmMon(b: CibBuilder): string {
  const [prog, ...args] = crmMonCmd().argv;
  return execFileSync(toolPath(prog!) ?? prog!, args, { env: { ...process.env, PATH: pathWithSbin(), CIB_file: b.file }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

/**
 * The console's state as the store would hold it: the members are the SSH targets. A member
 * Pacemaker has online answers with libvirt's current truth (a domain runs where its resource is
 * active); one that is offline or unclean is unreachable and its VM list is the last one read,
 * from before the event (the base placement).
 */
function snapshotOf(crm: CrmStatus): Snapshot {
  const s = fixtureState();
  s.cluster.name = 'gen';
  s.nodeOrder = [...MEMBERS];
  s.nodes = Object.fromEntries(
    MEMBERS.map((n) => {
      const slice = mkNodeSlice(n, FIXTURE_NOW, MEMBERS);
      const pn = crm.nodes.find((x) => x.name === n);
      const up = pn !== undefined && pn.online && !pn.unclean;
      const active = (rsc: string) => flattenResources(crm.resources).some((r) => r.id === rsc && r.nodes.includes(n));
      slice.vms = BASE_VMS.map((v) => mkVm(v.domain, n, (up ? active(v.resource) : v.node === n) ? 'running' : 'shut off'));
      if (!up) {
        slice.conn = { ...slice.conn, status: 'down', error: { kind: 'unreachable', message: 'connect ECONNREFUSED' } };
        slice.fresh.vms = { ...slice.fresh.vms!, lastOk: FIXTURE_NOW - 120_000 };
      }
      return [n, slice];
    }),
  );
  s.cluster.crm = crm;
  s.cluster.stonithDevices = undefined;
  s.cluster.stonithTargets = undefined;
  return toSnapshot(s, FIXTURE_NOW);
}

const node = (b: Built, name: string) => b.crm.nodes.find((n) => n.name === name);
const prim = (b: Built, id: string) => flattenResources(b.crm.resources).filter((r) => r.id === id);

/** What each class is about, beyond the shared invariants. */
const ABOUT: Record<string, (b: Built) => void> = {
  healthy: (b) => {
    expect(quorumState(b.crm.summary)).toEqual({ state: 'yes' });
    expect(b.crm.nodes.map((n) => nodeKind(n))).toEqual(['member', 'member', 'member']);
  },
  remote: (b) => {
    expect(node(b, 'remote1')).toMatchObject({ type: 'remote', online: true });
    expect(nodeKind(node(b, 'remote1')!)).toBe('remote');
    expect(prim(b, 'vm-onremote')[0]!.nodes).toEqual(['remote1']);
    expect(b.snap.nodes.find((n) => n.name === 'remote1')).toMatchObject({ type: 'remote', provider: 'remote1', reachable: 'not-polled' });
  },
  guest: (b) => {
    expect(nodeKind(node(b, 'guest1')!)).toBe('guest');
    expect(nodeProvider(node(b, 'guest1')!)).toBe('vm-guest1');
    expect(prim(b, 'app-in-guest')[0]!.nodes).toEqual(['guest1']);
    expect(b.snap.nodes.find((n) => n.name === 'guest1')).toMatchObject({ type: 'guest', provider: 'vm-guest1', online: true, reachable: 'not-polled' });
  },
  bundle: (b) => {
    for (const i of [0, 1]) {
      expect(nodeKind(node(b, `galera-bundle-${i}`)!)).toBe('guest');
      expect(nodeProvider(node(b, `galera-bundle-${i}`)!)).toBe(`galera-bundle-podman-${i}`);
    }
    expect(prim(b, 'galera').map((r) => r.nodes)).toEqual([['galera-bundle-0'], ['galera-bundle-1']]);
    expect(nodeProvider(node(b, 'redis-bundle-0')!)).toBe('redis-bundle-docker-0');
    expect(b.crm.resources.find((r) => r.id === 'redis-bundle')!.nodes).toEqual(prim(b, 'redis-bundle-docker-0')[0]!.nodes);
  },
  'no-dc': (b) => {
    expect(quorumState(b.crm.summary)).toEqual({ state: 'unknown', why: 'no DC' });
    expect(b.snap.cluster).toMatchObject({ quorum: null, quorumUnknown: 'no DC' });
    expect(b.snap.cluster.dc).toBeUndefined();
    expect(quorumFindings({ ...fixtureState(), cluster: { ...fixtureState().cluster, crm: b.crm } }).map((f) => f.code)).toEqual(['quorum-unknown']);
  },
  'no-quorum': (b) => {
    expect(quorumState(b.crm.summary)).toEqual({ state: 'no' });
    expect(b.snap.cluster.quorum).toBe(false);
  },
  unclean: (b) => {
    expect(node(b, 'n2')).toMatchObject({ unclean: true, online: false });
    expect(prim(b, 'vm-db1')[0]!.nodes).toEqual(['n2']);
  },
  pending: (b) => expect(node(b, 'n3')).toMatchObject({ pending: true }),
  offline: (b) => {
    expect(node(b, 'n3')).toMatchObject({ online: false, unclean: false });
    expect(node(b, 'n1')).toMatchObject({ online: false, unclean: true });
    expect(flattenResources(b.crm.resources).some((r) => r.nodes.includes('n1'))).toBe(true);
  },
  orphaned: (b) => expect(prim(b, 'vm-app1')[0]).toMatchObject({ orphaned: true, nodes: ['n3'] }),
  'multi-active': (b) => expect(prim(b, 'vm-web1').map((r) => [...r.nodes].sort())).toEqual([['n1', 'n2']]),
  maintenance: (b) => {
    expect(b.crm.summary.maintenanceMode).toBe(true);
    expect(node(b, 'n2')!.maintenance).toBe(true);
    expect(prim(b, 'vm-app1')[0]!.managed).toBe(false);
  },
  standby: (b) => {
    expect(node(b, 'n1')!.standby).toBe(true);
    expect(prim(b, 'vm-web1')[0]!.nodes).toEqual(['n1']);
  },
  'failed-fencing': (b) => {
    expect(prim(b, 'fence-sbd')[0]!.failed).toBe(true);
    expect(node(b, 'n1')).toMatchObject({ unclean: true, online: true });
    expect(b.crm.failedActions.map((f) => f.opKey)).toContain('fence-sbd_stop_0');
  },
  tickets: (b) => expect(b.xml).toMatch(/<ticket id="site-a" status="granted"/),
  promotable: (b) => {
    const c = b.crm.resources.find((r) => r.id === 'stateful-clone')!;
    expect(c).toMatchObject({ kind: 'clone', promotable: true, role: 'Promoted' });
    expect(c.children.filter((x) => x.role === 'Promoted').map((x) => x.nodes)).toEqual([['n1']]);
  },
  degraded: (b) => {
    expect(b.crm.nodes.map((n) => [n.name, n.online, n.standby])).toEqual([['n1', true, false], ['n2', true, true], ['n3', false, false]]);
    expect(prim(b, 'vm-app1')[0]).toMatchObject({ role: 'Stopped', nodes: [] });
    expect(b.crm.failedActions.map((f) => [f.resource, f.node])).toEqual([['vm-web1', 'n1']]);
    expect(b.crm.history.find((h) => h.resource === 'vm-web1' && h.node === 'n1')).toMatchObject({ failCount: 1, migrationThreshold: 3 });
  },
  everything: (b) => {
    expect(quorumState(b.crm.summary).state).toBe('unknown');
    expect(b.crm.nodes.map((n) => `${n.name}:${nodeKind(n)}`).sort()).toEqual(
      ['guest1:guest', 'n1:member', 'n2:member', 'n3:member', 'remote1:remote', 'web-bundle-0:guest', 'web-bundle-1:guest'],
    );
  },
};

describe.skipIf(skip)('generated cluster states, real Pacemaker tools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vd-cib-states-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every class has a statement of what it is about', () => {
    expect(CLUSTER_STATES.map((c) => c.name).sort()).toEqual(Object.keys(ABOUT).sort());
  });

  for (const cls of CLUSTER_STATES) {
    it(`${cls.name}: ${cls.about}`, () => {
      const b = cls.build(dir);
      const xml = crmMon(b);
      const crm = parseCrmMon(xml, 'gen');
      const built: Built = { xml, crm, snap: snapshotOf(crm) };
      expect(modelViolations(xml, crm, built.snap)).toEqual([]);
      ABOUT[cls.name]!(built);
    }, 120_000);
  }
});
