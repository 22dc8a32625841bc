// The demo answers in the real tools' formats: its crm_mon XML validates against Pacemaker's own
// RelaxNG API schema, and our parser reads the demo's and the real crm_mon's output into the
// same shape (same keys, same value types). Both run the collector's exact argv
// (--exclude=operations), healthy and with one failed monitor (a fail count in node_history).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startDemoCluster, type DemoCluster } from '../../src/demo/index.js';
import { SshRunner } from '../../src/ssh/ssh-runner.js';
import { crmMonCmd } from '../../src/collectors/pacemaker/command.js';
import { parseCrmMon } from '../../src/collectors/pacemaker/parse.js';
import { flattenResources } from '../../src/model/pacemaker.js';
import { skipWithoutCrmMonSchema, validateCrmMonXml } from '../helpers/pacemaker-rng.js';
import { LAB_VMS, labCibInput, labNodeName } from '../lab/cib.js';
import { labAvailable } from './support.js';
import { toolPath } from '../helpers/tools.js';

/** Keys and value types, arrays merged over their elements. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) {
    const merged: Record<string, unknown> = {};
    let scalar: string | undefined;
    for (const e of v) {
      const s = shape(e);
      if (s && typeof s === 'object') Object.assign(merged, s);
      else scalar = s as string;
    }
    return [scalar ?? merged];
  }
  // an optional field left undefined is the same as an absent one
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}

/** Keys both documents have must have the same types; `required` keys must be in both. */
function compareShapes(a: unknown, b: unknown, path: string, out: string[]): void {
  if (Array.isArray(a) && Array.isArray(b)) return compareShapes(a[0], b[0], `${path}[]`, out);
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const k of Object.keys(ra)) if (k in rb) compareShapes(ra[k], rb[k], `${path}.${k}`, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${path}: demo ${JSON.stringify(a)} vs real ${JSON.stringify(b)}`);
}

describe.skipIf(!labAvailable || skipWithoutCrmMonSchema('demo formats against the real tools'))('demo formats match the real tools', () => {
  let demo: DemoCluster;
  let demoXml: string;
  let realXml: string;
  let demoFailXml: string;
  let realFailXml: string;
  const dir = mkdtempSync(join(tmpdir(), 'vd-fmt-'));
  const realMon = (cib: string): string => {
    const mon = spawnSync(crmMonCmd().argv[0]!, crmMonCmd().argv.slice(1), { encoding: 'utf8', env: { ...process.env, CIB_file: join(dir, cib) } });
    expect(mon.status, mon.stderr).toBe(0);
    return mon.stdout;
  };
  const simulate = (...args: string[]) => {
    const sim = spawnSync(toolPath('crm_simulate') ?? 'crm_simulate', args.map((a) => (a.endsWith('.xml') ? join(dir, a) : a)), { encoding: 'utf8' });
    expect(sim.status, sim.stderr).toBe(0);
  };

  beforeAll(async () => {
    demo = await startDemoCluster({ nodes: 3, vms: 6, seed: 7, incidents: false });
    const runner = new SshRunner({ hosts: demo.hosts });
    const demoMon = async () => {
      const r = await runner.run(demo.hosts[0]!.name, crmMonCmd());
      expect(r.code).toBe(0);
      return r.stdout;
    };
    try {
      demoXml = await demoMon();
      // A crashed VM: the monitor fails and leaves a fail count (as in the real run below).
      const vm = demo.sim.vms.find((v) => v.managed && v.state === 'running')!;
      demo.sim.crashVm(vm.name);
      demo.sim.tick(60_000);
      demoFailXml = await demoMon();
    } finally {
      await runner.close();
    }
    writeFileSync(join(dir, 'in.xml'), labCibInput(3));
    simulate('-x', 'in.xml', '-S', '-O', 'cib.xml');
    realXml = realMon('cib.xml');
    const v = LAB_VMS[0]!;
    simulate('-x', 'cib.xml', '-i', `${v.resource}_monitor_30000@${labNodeName(v.prefers % 3)}=7`, '-S', '-O', 'failed.xml');
    realFailXml = realMon('failed.xml');
  }, 60_000);
  afterAll(async () => {
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the demo\'s crm_mon XML validates against pacemaker\'s RNG (as does the real one)', () => {
    const real = validateCrmMonXml(realXml);
    expect(real.ok, real.errors).toBe(true);
    const d = validateCrmMonXml(demoXml);
    expect(d.ok, d.errors).toBe(true);
    for (const x of [realFailXml, demoFailXml]) {
      const f = validateCrmMonXml(x);
      expect(f.ok, f.errors).toBe(true);
    }
  }, 60_000);

  it('the collector\'s argv: both echo it and keep only the failed resources in node_history, in the same layout', () => {
    const firstLine = (x: string) => x.split('\n', 1)[0];
    expect(firstLine(demoXml)).toBe(firstLine(realXml));
    expect(firstLine(realXml)).toBe(`<pacemaker-result api-version="2.25" request="${crmMonCmd().argv.join(' ')}">`);
    /** <node_history> with attribute values blanked and each element's lines once, in order. */
    const skeleton = (x: string) => {
      const h = /^ {2}<node_history(?:\/>|>[\s\S]*?<\/node_history>)$/m.exec(x)?.[0];
      return h?.replace(/="[^"]*"/g, '=""').split('\n').filter((l, i, a) => l !== a[i - 1]);
    };
    expect(skeleton(realXml)).toEqual(['  <node_history/>']);
    expect(skeleton(demoXml)).toEqual(skeleton(realXml));
    expect(skeleton(realFailXml)).toEqual([
      '  <node_history>',
      '    <node name="">',
      '      <resource_history id="" orphan="" migration-threshold="" fail-count="" last-failure=""/>',
      '    </node>',
      '  </node_history>',
    ]);
    expect(skeleton(demoFailXml)).toEqual(skeleton(realFailXml));
    for (const x of [realFailXml, demoFailXml]) {
      expect(x).not.toContain('<operation_history');
      const h = parseCrmMon(x).history;
      expect(h).toHaveLength(1);
      expect(h[0]!.failCount).toBeGreaterThan(0);
    }
  });

  it('the parser reads demo and real crm_mon into the same shape', () => {
    const demoSt = parseCrmMon(demoXml, 'demo');
    const realSt = parseCrmMon(realXml, 'real');
    const diffs: string[] = [];
    compareShapes(shape(demoSt), shape(realSt), 'CrmStatus', diffs);
    // with a fail count: history entries (and failed actions) are compared too
    compareShapes(shape(parseCrmMon(demoFailXml, 'demo')), shape(parseCrmMon(realFailXml, 'real')), 'CrmStatus(failed)', diffs);
    expect(diffs).toEqual([]);
    // the core records have the same keys, not just compatible ones
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(demoSt.summary).filter((k) => k in realSt.summary)).toEqual(keys(realSt.summary).filter((k) => k in demoSt.summary));
    const prim = (st: typeof demoSt) => flattenResources(st.resources).find((r) => r.kind === 'primitive' && /VirtualDomain$/.test(r.agent ?? ''))!;
    expect(prim(demoSt)).toBeDefined();
    const requiredNode = ['name', 'id', 'online', 'standby', 'maintenance', 'unclean', 'isDc', 'type', 'resourcesRunning'];
    for (const k of requiredNode) {
      expect(demoSt.nodes[0], `demo node.${k}`).toHaveProperty(k);
      expect(realSt.nodes[0], `real node.${k}`).toHaveProperty(k);
    }
    for (const k of ['id', 'kind', 'agent', 'role', 'nodes', 'failed', 'managed']) {
      expect(prim(demoSt), `demo resource.${k}`).toHaveProperty(k);
      expect(prim(realSt), `real resource.${k}`).toHaveProperty(k);
    }
  });
});
