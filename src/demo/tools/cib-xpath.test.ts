// The demo answers the VM-config reads of the actions (src/actions/vm-config.ts) like the real
// tools: cibadmin --xpath checked against real cibadmin on the demo's own CIB, and the config
// <name> grep against real grep on the same file content.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cibQueryCmd, cibVmPrimitivesCmd } from '../../actions/commands.js';
import { configNameCmd, nameFromConfigLines, parseVmPrimitives, readVmConfigs } from '../../actions/vm-config.js';
import { toExecString } from '../../ssh/quote.js';
import type { Cmd } from '../../ssh/cmd.js';
import { runShell } from '../exec.js';
import { DemoSim } from '../sim/sim.js';
import { pathWithSbin, skipWithout, toolPath } from '../../../test/helpers/tools.js';
import { primitiveXpath, queryPrimitives, xpathOutput } from './cib-xpath.js';

async function run(sim: DemoSim, node: string, c: Cmd | string): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const code = await runShell(sim, node, typeof c === 'string' ? c : toExecString(c), {
    out: (s) => (out += s),
    err: (s) => (err += s),
    stdin: () => Promise.resolve(''),
    onClose: () => undefined,
    closed: false,
  });
  return { out, err, code };
}

const dir = mkdtempSync(join(tmpdir(), 'vd-xpath-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo: VirtualDomain primitives by xpath', () => {
  it('answers the scoped query with every VM resource and no fence device', async () => {
    const sim = new DemoSim({ seed: 1 });
    const r = await run(sim, 'kvm-n1', cibVmPrimitivesCmd());
    expect(r.code).toBe(0);
    expect(r.out.startsWith('<xpath-query>\n  <primitive ')).toBe(true);
    expect(r.out).not.toMatch(/stonith|fence_/);
    const configs = parseVmPrimitives(r.out);
    expect(configs.size).toBe(sim.resources.length);
    for (const res of sim.resources) expect(configs.get(res.id)).toBe(`/etc/libvirt/qemu/${res.vm}.xml`);
  });

  it('one match is bare, none is exit 105; other xpaths are refused by name', async () => {
    const sim = new DemoSim({ seed: 1 });
    const id = sim.resources[0]!.id;
    const one = await run(sim, 'kvm-n1', `cibadmin --query --xpath "//primitive[@type='VirtualDomain'][@id='${id}']"`);
    expect(one.out.startsWith(`<primitive id="${id}"`)).toBe(true);
    const none = await run(sim, 'kvm-n1', `cibadmin --query --xpath "//primitive[@type='NoSuch']"`);
    expect(none).toEqual({ out: '', err: 'Call failed: No such device or address\n', code: 105 });
    expect((await run(sim, 'kvm-n1', 'cibadmin --query --xpath //nodes')).code).toBe(64);
    expect(primitiveXpath("//primitive[@class='ocf'][@type='VirtualDomain']")).toEqual([['class', 'ocf'], ['type', 'VirtualDomain']]);
  });

  it.skipIf(skipWithout('demo cibadmin --xpath against the real cibadmin', ['cibadmin']))('prints what the real cibadmin prints for the same CIB', async () => {
    const sim = new DemoSim({ seed: 1 });
    const cib = await run(sim, 'kvm-n1', cibQueryCmd());
    const file = join(dir, 'demo-cib.xml');
    writeFileSync(file, cib.out);
    for (const xpath of ["//primitive[@class='ocf'][@type='VirtualDomain']", `//primitive[@type='VirtualDomain'][@id='${sim.resources[1]!.id}']`]) {
      const real = execFileSync(toolPath('cibadmin')!, ['--query', '--xpath', xpath], { env: { ...process.env, PATH: pathWithSbin(), CIB_file: file }, encoding: 'utf8' });
      expect((await run(sim, 'kvm-n1', `cibadmin --query --xpath "${xpath}"`)).out).toBe(real);
      expect(xpathOutput(queryPrimitives(cib.out, primitiveXpath(xpath)!))).toBe(real);
    }
  });
});

describe('demo: a VM config <name>', () => {
  it('the grep of the VirtualDomain agent finds exactly the name line, as real grep does on the same file', async () => {
    const sim = new DemoSim({ seed: 1 });
    const res = sim.resources[0]!;
    const path = `/etc/libvirt/qemu/${res.vm}.xml`;
    const r = await run(sim, 'kvm-n1', configNameCmd(path));
    expect(r.code).toBe(0);
    expect(nameFromConfigLines(r.out)).toBe(res.vm);
    const content = (await run(sim, 'kvm-n1', `cat ${path}`)).out;
    const local = join(dir, 'dom.xml');
    writeFileSync(local, content);
    const real = execFileSync('grep', [...configNameCmd(local).argv.slice(1)], { encoding: 'utf8' });
    expect(r.out).toBe(real);
    const missing = await run(sim, 'kvm-n1', configNameCmd('/etc/libvirt/qemu/nosuch.xml'));
    expect(missing.code).toBe(2);
  });

  it('readVmConfigs over the demo: the resource of every VM asked for, by its config', async () => {
    const sim = new DemoSim({ seed: 1 });
    const res = sim.resources.slice(0, 3);
    // A runner that is the demo, as the SSH runner would reach it.
    const one = async (node: string, c: Cmd) => {
      const r = await run(sim, node, c);
      return { node, durationMs: 0, code: r.code, stdout: r.out, stderr: r.err };
    };
    const runner = { run: one, runBatch: (node: string, cs: readonly Cmd[]) => Promise.all(cs.map((c) => one(node, c))) } as unknown as Parameters<typeof readVmConfigs>[0];
    const { mkCrmNode, mkVmResource } = await import('../../../test/support/store/test-fixtures.js');
    const state = {
      nodeOrder: ['kvm-n1'],
      nodes: { 'kvm-n1': { name: 'kvm-n1', conn: { node: 'kvm-n1', status: 'up', since: 0, attempts: 0, openChannels: 0, queued: 0 }, fresh: {} } },
      cluster: { name: 'demo', fresh: { pacemaker: { intervalMs: 5000, via: 'kvm-n1' } }, crm: { nodes: [mkCrmNode('kvm-n1')], resources: res.map((r) => mkVmResource(r.id, 'kvm-n1')) } },
    } as unknown as Parameters<typeof readVmConfigs>[1];
    const f = await readVmConfigs(runner, state, res.map((r) => r.vm));
    expect(f).toEqual({ vmDomains: Object.fromEntries(res.map((r) => [r.id, r.vm])), vmConfigNotes: [] });
  });
});
