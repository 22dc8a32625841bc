import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetPromStub, type PromStub } from '../../test/support/fleet/prom-stub.js';
import { fleetCommand } from './command.js';

let stub: PromStub;
beforeAll(async () => {
  stub = await startFleetPromStub();
});
afterAll(() => stub.close());

describe('virtdeck fleet', () => {
  it('--json: exactly {"clusters": [{name, nodes, quorum, dc, resources, failedActions, vms, worst, freshness}]}', async () => {
    const r = await fleetCommand({ clusters: {}, fleet: { prometheus: stub.url } }, { json: true });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout!) as { clusters: Record<string, unknown>[] };
    expect(Object.keys(doc)).toEqual(['clusters']);
    expect(doc.clusters).toHaveLength(3);
    for (const c of doc.clusters) expect(Object.keys(c)).toEqual(['name', 'nodes', 'quorum', 'dc', 'resources', 'failedActions', 'vms', 'worst', 'freshness']);
    expect(doc.clusters[2]).toMatchObject({ name: 'fleet-03', nodes: { online: 3, total: 4 }, resources: { started: 27, total: 27 } });
  });

  it('text: a table, one line per cluster', async () => {
    const r = await fleetCommand({ clusters: {}, fleet: { prometheus: stub.url } }, { json: false });
    const lines = r.stdout!.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CLUSTER +NODES +QUORUM +DC +RESOURCES +FAILED +VMS +WORST +FRESH$/);
    expect(lines.slice(1).map((l) => l.split(/ {2,}/))).toEqual([
      ['fleet-01', '4/4', 'yes', 'kvm-n1', '27/27', '0', '23/24', 'ok', '0s'],
      ['fleet-02', '4/4', 'yes', 'kvm-n1', '27/27', '1', '23/24', 'warning', '0s'],
      ['fleet-03', '3/4', 'yes', 'kvm-n1', '27/27', '0', '23/24', 'warning', 'partial 0s, 9/12 up'],
    ]);
  });

  it('says plainly when no Prometheus is configured, and names an unreachable one', async () => {
    expect(await fleetCommand({ clusters: {} }, { json: true })).toMatchObject({ code: 2, stderr: expect.stringContaining('no Prometheus configured') });
    const r = await fleetCommand({ clusters: {}, fleet: { prometheus: 'http://127.0.0.1:1' } }, { json: false });
    expect(r).toMatchObject({ code: 1, stderr: expect.stringMatching(/^virtdeck: fleet: prometheus http:\/\/127\.0\.0\.1:1: /) });
  });
});

describe('fleet on the command line', () => {
  it('takes --json and no words', async () => {
    const { parseArgv } = await import('../cli/args.js');
    expect(parseArgv(['fleet', '--json'])).toMatchObject({ command: 'fleet', opts: { json: true } });
    expect(() => parseArgv(['fleet', 'prod'])).toThrow('unexpected argument "prod" for fleet');
  });
});
