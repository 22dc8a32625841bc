import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { createVdStore } from '../../store/store.js';
import { startCollectors } from '../runtime.js';
import { fixture, fixtureResponder } from '../../../test/support/collectors/test-support.js';
import { parseCmapClusterName, parseCrmConfigClusterName, readClusterName } from './cluster-name.js';
import { skipWithout, toolPath } from '../../../test/helpers/tools.js';

const named = fixture('pacemaker', 'cibadmin-crm_config-named.xml');
const unnamedCrmConfig = '<crm_config>\n  <cluster_property_set id="cib-bootstrap-options">\n    <nvpair id="opt-stonith" name="stonith-enabled" value="false"/>\n  </cluster_property_set>\n</crm_config>\n';
const dir = mkdtempSync(join(tmpdir(), 'vd-cname-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cluster name from the CIB or corosync', () => {
  it('parses cluster-name from cibadmin --query --scope crm_config (entities decoded), and corosync-cmapctl', () => {
    expect(parseCrmConfigClusterName(named)).toBe('prod-east & co');
    expect(parseCrmConfigClusterName(unnamedCrmConfig)).toBeUndefined();
    expect(parseCrmConfigClusterName('<nvpair name="cluster-name" value="a&#10;b"/>')).toBeUndefined(); // not one line: not shown
    expect(parseCmapClusterName('totem.cluster_name (str) = hacluster\n')).toBe('hacluster');
    expect(parseCmapClusterName("Can't get key totem.cluster_name. Error CS_ERR_NOT_EXIST\n")).toBeUndefined();
  });

  it.skipIf(skipWithout('cluster-name through the real crm_attribute/cibadmin', ['crm_attribute', 'cibadmin']))('reads what the real crm_attribute wrote', () => {
    const cib = join(dir, 'cib.xml');
    copyFileSync(new URL('../../actions/fixtures/cib-3node.xml', import.meta.url), cib);
    const env = { ...process.env, CIB_file: cib };
    execFileSync(toolPath('crm_attribute')!, ['--type', 'crm_config', '--name', 'cluster-name', '--update', 'east <1>'], { env });
    expect(parseCrmConfigClusterName(execFileSync(toolPath('cibadmin')!, ['--query', '--scope', 'crm_config'], { env, encoding: 'utf8' }))).toBe('east <1>');
  });

  it('CIB first, corosync when the CIB has none, an error when neither can be asked', async () => {
    const r = (cib: { stdout: string; code?: number }, cs: { stdout: string; code?: number }) =>
      new FakeRunner({ nodes: ['n1'] }).respond((_n, c) => (c.argv[0] === 'cibadmin' ? cib : c.argv[0] === 'corosync-cmapctl' ? cs : undefined));
    expect(await readClusterName(r({ stdout: named }, { stdout: '' }), 'n1')).toEqual({ name: 'prod-east & co', from: 'cib', via: 'n1' });
    expect(await readClusterName(r({ stdout: unnamedCrmConfig }, { stdout: 'totem.cluster_name (str) = hacluster\n' }), 'n1')).toEqual({ name: 'hacluster', from: 'corosync', via: 'n1' });
    expect(await readClusterName(r({ stdout: unnamedCrmConfig }, { stdout: '', code: 1 }), 'n1')).toBeUndefined();
    await expect(readClusterName(r({ stdout: '', code: 13 }, { stdout: '', code: 1 }), 'n1')).rejects.toThrow(/n1: cluster name not readable: cibadmin .* exited 13; corosync-cmapctl .* exited 1/);
  });

  it('a session the config does not name shows the CIB\'s name (header, snapshot and audit read cluster.name)', async () => {
    const answer = fixtureResponder((_n, c) => (c.argv[0] === 'cibadmin' && c.argv.includes('crm_config') ? { stdout: named } : undefined));
    const run = async (detect: boolean) => {
      const runner = new FakeRunner({ nodes: ['n1', 'n2'] }).respond(answer);
      const store = createVdStore({ clusterName: 'cluster', nodes: ['n1', 'n2'] });
      const col = startCollectors({ runner, store, config: { live: false, detectClusterName: detect } });
      await col.collectOnce();
      col.stop();
      return { name: store.getState().cluster.name, reads: runner.calls.filter((c) => c.argv.includes('crm_config')).length };
    };
    expect(await run(true)).toEqual({ name: 'prod-east & co', reads: 1 });
    expect(await run(false)).toEqual({ name: 'cluster', reads: 0 }); // a configured name stays
  });
});

describe('which sessions read the name', () => {
  it('--nodes without a context is unnamed; a configured context is named', async () => {
    const { resolveTarget } = await import('../../config/load.js');
    expect(resolveTarget({ nodes: ['a1'] }, { clusters: {} })).toMatchObject({ kind: 'cluster', clusterName: 'cluster', unnamed: true });
    expect(resolveTarget({}, { clusters: { east: { nodes: ['a1'] } } })).not.toHaveProperty('unnamed');
  });
});
