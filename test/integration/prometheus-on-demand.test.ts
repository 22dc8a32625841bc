// A context read from Prometheus that also has SSH nodes: the VM detail's domain XML is not in
// any exporter, so the console reads it over SSH on demand from the VM's node only (the lab:
// real sshd, real virsh against each node's libvirtd; a real Prometheus scraping real exporters).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithout, toolPath } from '../helpers/tools.js';
import { labAvailable, useLab } from './support.js';
import { PROM_TOOLS, startPromLab, type PromLab } from './prometheus-lab.js';
import { loadConfig, resolveTarget } from '../../src/config/load.js';
import { openSession, type Session } from '../../src/cli/session.js';
import { tuiSession } from '../../src/cli/console.js';
import { OnDemandRunner } from '../../src/ssh/on-demand-runner.js';
import { parseDumpxml } from '../../src/collectors/virsh/parse.js';
import { renderApp, KEY, waitFor } from '../support/ui/render.js';

const skip = !labAvailable || skipWithout('SSH on demand from a Prometheus session on the lab', [...PROM_TOOLS, 'virsh']);

describe.skipIf(skip)('a Prometheus session with SSH nodes reads the domain XML over SSH on demand', () => {
  const ctx = useLab();
  let prom: PromLab;
  let session: Session | undefined;

  beforeAll(async () => {
    const lab = ctx.lab;
    prom = await startPromLab({ cibFile: lab.cibFile, nodes: lab.nodes.map((n) => n.name), libvirtUris: Object.fromEntries(lab.nodes.map((n) => [n.name, n.libvirtUri])) });
    await prom.ready();
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await prom?.stop();
  });

  it("VM detail: disks and NICs from the VM's node, marked 'via SSH on demand'; no other node connected", async () => {
    const lab = ctx.lab;
    const file = join(lab.dir, 'virtdeck-prom.json');
    writeFileSync(file, JSON.stringify({ clusters: { lab: { nodes: lab.nodes.map((n) => n.name), sshConfig: lab.sshConfig, prometheus: { url: prom.url, cluster: prom.cluster } } } }, null, 2), { mode: 0o600 });
    // --context lab --cluster lab: the context read from Prometheus, its nodes kept for SSH on demand.
    const target = resolveTarget({ context: 'lab', cluster: prom.cluster }, loadConfig(file).config);
    session = await openSession(target, { live: true });
    expect(session.source).toBe('prometheus');
    const t = tuiSession(session, ['lab']);
    expect(t.runner).toBeInstanceOf(OnDemandRunner);
    const onDemand = t.runner as OnDemandRunner;

    // What the VM's own node says (the oracle): its domain XML read with virsh directly.
    const node = lab.nodes.find((n) => spawnSync(toolPath('virsh')!, ['-c', n.libvirtUri, 'domstate', 'db1'], { encoding: 'utf8' }).status === 0)!;
    expect(node).toBeDefined();
    const xml = parseDumpxml(spawnSync(toolPath('virsh')!, ['-c', node.libvirtUri, 'dumpxml', 'db1'], { encoding: 'utf8' }).stdout, node.name);

    const a = renderApp({ store: session.store, runner: t.runner!, readonly: true, now: Date.now, rows: 60, contexts: ['lab'] });
    try {
      await a.type(':', 'v', 'm', 's', KEY.enter);
      await waitFor(a.frame, (f) => /db1\s/.test(f), 60_000, 'db1 in :vms (from Prometheus)');
      expect(onDemand.openNodes()).toEqual([]);
      await a.type('/', 'd', 'b', '1', KEY.enter, KEY.enter);
      const f = await waitFor(a.frame, (x) => x.includes('Disks (') || x.includes('could not read'), 60_000, 'the domain XML over SSH');
      expect(f).toContain(`VM db1 on ${node.name}`);
      expect(f).toMatch(new RegExp(`Disks \\(${xml.disks.length}\\) {2}\\(via SSH on demand, read \\d+s ago\\)`));
      for (const d of xml.disks) expect(f).toContain(d.target);
      expect(f).toContain(`NICs (${xml.interfaces.length})`);
      expect(onDemand.openNodes()).toEqual([node.name]);
      console.info(`db1 on ${node.name}: ${xml.disks.length} disk(s), ${xml.interfaces.length} NIC(s) read over SSH on demand`);
      // The node detail says where its data comes from: the exporters' targets, SSH not polled.
      await a.type(KEY.esc, ':', 'n', 'o', 'd', 'e', 's', KEY.enter, KEY.enter);
      const n = await waitFor(a.frame, (x) => / {2}ssh {12}\S/.test(x), 60_000, 'the node detail');
      expect(n).toMatch(/ {2}data {11}Prometheus \(targets up: [a-z_, -]+\)/);
      expect(n).toMatch(/ {2}ssh {12}not polled \(on demand only\)/);
      expect(n).not.toContain('channels');
    } finally {
      a.unmount();
    }
  }, 180_000);
});
