import { describe, expect, it } from 'vitest';
import { ParseError } from '../parse-error.js';
import { flattenResources } from '../../model/pacemaker.js';
import { crmMonCmd } from './command.js';
import { parseCrmMon, resourceFromOpKey } from './parse.js';
import { assertOnlyParseError, damagedFixtures, fixturesOf, parseErr } from '../../../test/support/collectors/parse-test-helpers.js';
import { skipWithoutCrmMonSchema, validateCrmMonXml } from '../../../test/helpers/pacemaker-rng.js';

const fx = fixturesOf('pacemaker');
const healthy = fx('healthy.crm_mon.xml');
const degraded = fx('degraded.crm_mon.xml');
const fenced = fx('fenced.crm_mon.xml');
const notRunning = fx('not-running.crm_mon.xml');
// The collector's argv (--exclude=operations) against the same CIBs.
const healthyNoOps = fx('healthy.exclude-operations.crm_mon.xml');
const degradedNoOps = fx('degraded.exclude-operations.crm_mon.xml');

describe('parseCrmMon: healthy cluster (crm_mon 2.1.5 against a simulated CIB)', () => {
  const s = parseCrmMon(healthy, 'n1');

  it('reads the summary', () => {
    expect(s.summary).toMatchObject({
      stack: 'corosync',
      dcName: 'n1',
      dcVersion: '2.1.5-a3f44794f94',
      withQuorum: true,
      lastChange: undefined,
      nodesConfigured: 8,
      resourcesDisabled: 1,
      resourcesBlocked: 0,
      stonithEnabled: true,
      symmetricCluster: true,
      noQuorumPolicy: 'stop',
      maintenanceMode: false,
      stopAllResources: false,
    });
    expect(s.summary.resourcesConfigured).toBeGreaterThan(20);
    expect(s.summary.lastUpdated).toMatch(/\d{2}:\d{2}:\d{2}/);
  });

  it('maps members, standby, maintenance, remote, guest and bundle nodes', () => {
    const byName = new Map(s.nodes.map((n) => [n.name, n]));
    expect([...byName.keys()].sort()).toEqual(['guest1', 'n1', 'n2', 'n3', 'n4', 'remote1', 'web-bundle-0', 'web-bundle-1']);
    expect(byName.get('n1')).toMatchObject({ id: '1', online: true, isDc: true, type: 'member', standby: false, expectedUp: true, attributes: { 'master-stateful': '10' } });
    expect(byName.get('n1')?.resourcesRunning).toBeGreaterThan(0);
    expect(byName.get('n3')).toMatchObject({ maintenance: true, standby: false, online: true, attributes: { maintenance: 'true' } });
    expect(byName.get('n4')).toMatchObject({ standby: true, maintenance: false, resourcesRunning: 0, attributes: { rack: 'r2' } });
    expect(byName.get('remote1')).toMatchObject({ type: 'remote', online: true, containerId: undefined });
    expect(byName.get('guest1')).toMatchObject({ type: 'remote', online: true, containerId: 'vm-guest1' });
    expect(byName.get('web-bundle-0')).toMatchObject({ type: 'remote', containerId: 'web-bundle-podman-0' });
    expect(s.nodes.every((n) => !n.unclean && !n.pending && !n.shutdown && !n.standbyOnFail)).toBe(true);
  });

  it('maps primitives with agent, role, target role and location', () => {
    const r = new Map(s.resources.map((x) => [x.id, x]));
    expect(r.get('vm-web1')).toEqual({
      id: 'vm-web1', kind: 'primitive', agent: 'ocf:heartbeat:VirtualDomain', role: 'Started', targetRole: undefined,
      active: true, orphaned: false, blocked: false, managed: true, failed: false, failureIgnored: false,
      nodes: ['n1'], parent: undefined, children: [],
    });
    expect(r.get('vm-off1')).toMatchObject({ role: 'Stopped', targetRole: 'Stopped', active: false, nodes: [] });
    expect(r.get('fence-n1')).toMatchObject({ agent: 'stonith:fence_ipmilan', nodes: ['n1'] });
    expect(r.get('fence-sbd')).toMatchObject({ agent: 'stonith:fence_sbd', nodes: ['n2'] });
    expect(r.get('remote1')).toMatchObject({ agent: 'ocf:pacemaker:remote', nodes: ['n1'] });
    // crm_mon order is kept (CIB order; the implicit guest connection comes last).
    expect(s.resources.map((x) => x.id)).toEqual([
      'fence-n1', 'fence-n2', 'fence-sbd', 'vm-web1', 'vm-db1', 'vm-app1', 'vm-off1', 'vm-guest1', 'remote1',
      'g-infra', 'dlm-clone', 'stateful-clone', 'web-bundle', 'guest1',
    ]);
  });

  it('maps a group, an anonymous clone, a promotable clone and a bundle', () => {
    const r = new Map(s.resources.map((x) => [x.id, x]));
    const g = r.get('g-infra');
    expect(g).toMatchObject({ kind: 'group', role: 'Started', active: true, nodes: ['n2'], disabled: false });
    expect(g?.children.map((c) => [c.id, c.parent, c.nodes])).toEqual([['ip-mgmt', 'g-infra', ['n2']], ['vm-mon', 'g-infra', ['n2']]]);

    const dlm = r.get('dlm-clone');
    expect(dlm).toMatchObject({ kind: 'clone', promotable: false, unique: false, role: 'Started', nodes: ['n1', 'n2'] });
    expect(dlm?.children.filter((c) => c.active).length).toBe(2);
    expect(dlm?.children.every((c) => c.id === 'dlm' && c.parent === 'dlm-clone')).toBe(true);

    const st = r.get('stateful-clone');
    expect(st).toMatchObject({ kind: 'clone', promotable: true, role: 'Promoted', nodes: ['n1', 'n2'] });
    expect(st?.children.filter((c) => c.active).map((c) => [c.role, c.nodes[0]])).toEqual([['Promoted', 'n1'], ['Unpromoted', 'n2']]);

    const b = r.get('web-bundle');
    expect(b).toMatchObject({ kind: 'bundle', active: true, unique: false, nodes: ['n1', 'n2'] });
    expect(b?.children.map((c) => c.id)).toEqual([
      'web-bundle-ip-10.0.0.150', 'httpd', 'web-bundle-podman-0', 'web-bundle-0',
      'web-bundle-ip-10.0.0.151', 'httpd', 'web-bundle-podman-1', 'web-bundle-1',
    ]);
    expect(b?.children.find((c) => c.id === 'httpd')?.nodes).toEqual(['web-bundle-0']);
    expect(flattenResources(s.resources).filter((x) => x.kind === 'primitive' && x.agent === 'ocf:heartbeat:VirtualDomain').map((x) => x.id))
      .toEqual(['vm-web1', 'vm-db1', 'vm-app1', 'vm-off1', 'vm-guest1', 'vm-mon']);
  });

  it('reads bans (cli-ban from crm_resource --ban), no failures, no fence history', () => {
    expect(s.bans[0]).toEqual({ id: 'cli-ban-vm-app1-on-n2', resource: 'vm-app1', node: 'n2', weight: -1000000, promotedOnly: false });
    expect(s.bans.filter((b) => b.id.startsWith('cli-'))).toHaveLength(1);
    expect(s.failedActions).toEqual([]);
    expect(s.fenceHistory).toEqual([]);
    expect(s.history.find((h) => h.node === 'n1' && h.resource === 'vm-web1')).toEqual({
      node: 'n1', resource: 'vm-web1', failCount: 0, migrationThreshold: 1000000, lastFailure: undefined,
    });
  });
});

describe('parseCrmMon: degraded cluster', () => {
  const s = parseCrmMon(degraded);
  it('shows the unclean node and the guest it took down', () => {
    const n2 = s.nodes.find((n) => n.name === 'n2');
    expect(n2).toMatchObject({ online: false, unclean: true, expectedUp: true, isDc: false });
    expect(s.nodes.find((n) => n.name === 'guest1')).toMatchObject({ online: false });
  });
  it('lists the failed action with every field', () => {
    expect(s.failedActions).toHaveLength(1);
    expect(s.failedActions[0]).toEqual({
      opKey: 'vm-web1_monitor_10000', node: 'n1', exitStatus: 'not running', exitReason: 'Simulated action result',
      exitCode: 7, call: 4, status: 'complete', lastRcChange: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
      queued: 0, exec: 0, interval: 10000, task: 'monitor', resource: 'vm-web1',
    });
    const h = s.history.find((x) => x.resource === 'vm-web1' && x.node === 'n1');
    expect(h?.failCount).toBe(1);
    expect(h?.lastFailure).toBeTruthy();
  });
});

describe('parseCrmMon: --exclude=operations (the collector\'s argv)', () => {
  /** The full parse with history cut to what --exclude=operations keeps; last_update is the capture time. */
  const expected = (full: string, noOps: string) => {
    const f = parseCrmMon(full, 'n1');
    return { ...f, summary: { ...f.summary, lastUpdated: parseCrmMon(noOps).summary.lastUpdated }, history: f.history.filter((h) => h.failCount > 0) };
  };
  it('gives the full parse except that history holds only the entries with a fail count', () => {
    const s = parseCrmMon(degradedNoOps, 'n1');
    expect(s.history).toEqual([{ node: 'n1', resource: 'vm-web1', failCount: 1, migrationThreshold: 1000000, lastFailure: 'Tue Nov 24 07:46:22 2026' }]);
    expect(parseCrmMon(degraded).history.length).toBeGreaterThan(s.history.length);
    expect(s).toEqual(expected(degraded, degradedNoOps));
    expect(s.failedActions).toHaveLength(1);
  });
  it('an empty <node_history/> when nothing has failed', () => {
    expect(healthyNoOps).toContain('<node_history/>');
    const s = parseCrmMon(healthyNoOps, 'n1');
    expect(s.history).toEqual([]);
    expect(s).toEqual(expected(healthy, healthyNoOps));
  });
  it('the captures are of exactly the collector\'s argv and carry no operation history', () => {
    for (const x of [healthyNoOps, degradedNoOps]) {
      expect(x.split('\n', 1)[0]).toBe(`<pacemaker-result api-version="2.25" request="${crmMonCmd().argv.join(' ')}">`);
      expect(x).not.toContain('<operation_history');
    }
  });
});

describe('parseCrmMon: fence history (hand-written, schema-valid)', () => {
  it.skipIf(skipWithoutCrmMonSchema('parseCrmMon: crm_mon API schema validation'))('validates against the installed crm_mon API schema', () => {
    expect(validateCrmMonXml(fenced)).toEqual({ ok: true, errors: '' });
    expect(validateCrmMonXml(healthy).ok).toBe(true);
    expect(validateCrmMonXml(healthy.replace('<summary>', '<summary bogus="1">')).ok).toBe(false);
  });
  it('maps pending, failed and successful events', () => {
    expect(parseCrmMon(fenced).fenceHistory).toEqual([
      { target: 'n2', action: 'reboot', delegate: undefined, client: 'pacemaker-controld.1234', origin: 'n1', status: 'pending', exitReason: undefined, completed: undefined },
      { target: 'n2', action: 'reboot', delegate: 'n1', client: 'pacemaker-controld.1234', origin: 'n1', status: 'failed', exitReason: 'No fence device', completed: '2025-06-02 10:00:31Z' },
      { target: 'n4', action: 'off', delegate: 'n3', client: 'stonith_admin.5678', origin: 'n3', status: 'success', exitReason: undefined, completed: '2025-06-01 22:15:04Z' },
    ]);
  });
});

describe('parseCrmMon: version differences and entities', () => {
  it('accepts the older multi_state clone flag and master_only bans', () => {
    const xml = `<pacemaker-result api-version="2.2" request="crm_mon">
  <summary><current_dc present="false"/></summary>
  <nodes><node name="a&amp;b" id="1" online="true" type="member"/></nodes>
  <resources><clone id="ms-drbd" multi_state="true" unique="false" managed="true" failed="false" failure_ignored="false">
    <resource id="drbd" resource_agent="ocf:linbit:drbd" role="Master" active="true" orphaned="false" blocked="false" managed="true" failed="false" failure_ignored="false" nodes_running_on="1"><node name="a&amp;b" id="1" cached="false"/></resource>
  </clone></resources>
  <bans><ban id="cli-ban-ms-drbd-on-x" resource="ms-drbd" node="x" weight="-INFINITY" master_only="true"/></bans>
  <status code="0" message="OK"/>
</pacemaker-result>`;
    const s = parseCrmMon(xml);
    expect(s.nodes[0]?.name).toBe('a&b');
    expect(s.resources[0]).toMatchObject({ promotable: true, role: 'Promoted', nodes: ['a&b'] });
    expect(s.bans[0]).toMatchObject({ promotedOnly: true, weight: -1000000 });
    expect(s.summary.withQuorum).toBe(false);
    expect(s.summary.dcName).toBeUndefined();
  });
  it('does not expand DOCTYPE entities', () => {
    const xml = `<!DOCTYPE x [<!ENTITY big "BOOM">]><pacemaker-result api-version="2.25" request="x"><summary/><nodes><node name="&big;" id="1"/></nodes><status code="0" message="OK"/></pacemaker-result>`;
    let name: string | undefined;
    try {
      name = parseCrmMon(xml).nodes[0]?.name;
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
    }
    expect(name).not.toBe('BOOM');
  });
  it('splits op keys of ids with underscores', () => {
    expect(resourceFromOpKey('my_vm_1_migrate_to_0')).toBe('my_vm_1_migrate');
    expect(resourceFromOpKey('my_vm_monitor_10000')).toBe('my_vm');
    expect(resourceFromOpKey('odd')).toBe('odd');
  });
});

describe('parseCrmMon: degraded inputs', () => {
  it('reports crm_mon\'s own error document (no cluster on this node) with its messages', () => {
    const e = parseErr(() => parseCrmMon(notRunning, 'n3'));
    expect(e.node).toBe('n3');
    expect(e.detail).toContain('status 102 (Not connected)');
    expect(e.detail).toContain('Connection to cluster failed: Connection refused');
  });
  it('rejects empty output, garbage, truncated XML and the wrong root', () => {
    expect(parseErr(() => parseCrmMon('')).detail).toMatch(/printed nothing/);
    expect(parseErr(() => parseCrmMon('   \n')).detail).toMatch(/printed nothing/);
    expect(parseErr(() => parseCrmMon('Error: cluster is not available on this node\n')).detail).toMatch(/malformed XML|no XML element/);
    expect(parseErr(() => parseCrmMon(healthy.slice(0, Math.floor(healthy.length / 2)))).detail).toMatch(/malformed XML/);
    expect(parseErr(() => parseCrmMon('<crm_mon version="1.1.23"><summary/></crm_mon>')).detail).toMatch(/root element is <crm_mon>/);
    expect(parseErr(() => parseCrmMon('<pacemaker-result api-version="2.25" request="x"><status code="0" message="OK"/></pacemaker-result>')).detail).toMatch(/no <summary>/);
    expect(parseErr(() => parseCrmMon(undefined as unknown as string)).detail).toBe('no output');
  });
  it('only ever throws ParseError (random strings, truncations, byte mutations)', () => {
    const fixtures = [healthy, degraded, fenced, notRunning, degradedNoOps];
    assertOnlyParseError(damagedFixtures(fixtures, { properPrefixes: true }), [(text) => parseCrmMon(text, 'n1')], { numRuns: 300, seed: 4242 });
  });
});
