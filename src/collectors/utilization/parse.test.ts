// Parsers on real output: a CIB built with crm_attribute --utilization / crm_resource
// --utilization / crm_attribute --type crm_config on a CIB_file, read back with cibadmin (fixtures/).
import { describe, expect, it } from 'vitest';
import { fixturesOf } from '../../../test/support/collectors/parse-test-helpers.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { utilizationCmds } from './command.js';
import { pollUtilization } from './collector.js';
import { parseNodeUtilization, parsePlacementStrategy, parseResourceUtilization } from './parse.js';
import { utilizationSource } from './source.js';

const fx = fixturesOf('utilization');

describe('utilization parsers (real cibadmin output)', () => {
  it('node capacity: a node with cpu and hv_memory beside its standby attribute, one with cpu only', () => {
    expect(parseNodeUtilization(fx('cibadmin-nodes.xml'))).toEqual({ n1: { cpu: 32, hvMemory: 257000 }, n2: { cpu: 16 } });
  });
  it('VM resources: one with utilization, one without (present, empty); a single match is not wrapped', () => {
    expect(parseResourceUtilization(fx('cibadmin-vm-primitives.xml'))).toEqual({ 'vm-web1': { cpu: 2, hvMemory: 4096 }, 'vm-db1': {} });
    expect(parseResourceUtilization(fx('cibadmin-vm-primitive-one.xml'))).toEqual({ 'vm-web1': { cpu: 2, hvMemory: 4096 } });
    expect(parseResourceUtilization('')).toEqual({});
    expect(() => parseResourceUtilization('<nodes/>')).toThrow(/no <primitive>/);
  });
  it('placement-strategy, and the default when unset', () => {
    expect(parsePlacementStrategy(fx('cibadmin-crm_config.xml'))).toBe('balanced');
    expect(parsePlacementStrategy(fx('cibadmin-crm_config-empty.xml'))).toBe('default');
  });
  it('one exec of the three reads writes the cluster slice; no VirtualDomain primitive (exit 105) is an empty answer', async () => {
    const r = new FakeRunner();
    const [nodes, prims, cfg] = utilizationCmds();
    r.expect('n1', nodes!.argv, { stdout: fx('cibadmin-nodes.xml') });
    r.expect('n1', prims!.argv, { code: 105, stderr: 'Call failed: No such device or address\n' });
    r.expect('n1', cfg!.argv, { stdout: fx('cibadmin-crm_config.xml') });
    let patch: unknown;
    const ctx = { runner: r, store: { getState: () => ({ setClusterData: (_s: string, _v: string, p: unknown) => (patch = p) }) } };
    await pollUtilization(ctx as never, 'n1');
    expect(patch).toEqual({ utilization: { nodes: { n1: { cpu: 32, hvMemory: 257000 }, n2: { cpu: 16 } }, resources: {}, placementStrategy: 'balanced' } });
    r.assertAllCalled();
  });
  it('--from finds each read in its saved file', () => {
    expect(utilizationCmds().map((c) => utilizationSource.saved!.fileFor(c)?.file)).toEqual(['cibadmin-nodes.xml', 'cibadmin-vm-primitives.xml', 'cibadmin-crm_config.xml']);
  });
});
