// The scripted incidents in real time at high speed, observed over SSH.
import { afterAll, expect, it } from 'vitest';
import net from 'node:net';
import { crmMonCmd } from '../collectors/pacemaker/command.js';
import { toExecString } from '../ssh/quote.js';
import { startDemoCluster, type DemoCluster } from './index.js';
import { connect, exec, until } from '../../test/support/demo/test-client.js';

let demo: DemoCluster | undefined;
afterAll(async () => demo?.close());

it('plays the incident timeline at speed: kvm-n4 is lost, fenced, and its VMs restart elsewhere', async () => {
  demo = await startDemoCluster({ seed: 9, speed: 250 });
  expect(demo.incidents.map((s) => s.at)).toEqual([15_000, 30_000, 45_000, 60_000, 80_000, 85_000, 105_000, 120_000, 150_000, 180_000]);
  const n1 = await connect(demo.hosts[0]!);
  const sim = demo.sim;
  await until(() => sim.fenceHistory.length > 0 && sim.resources.every((r) => r.node !== undefined && r.node !== 'kvm-n4'), 8000);
  expect(sim.clock.elapsed).toBeGreaterThan(120_000);
  const refused = await new Promise<boolean>((resolve) => {
    const s = net.connect(demo!.hosts[3]!.port, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });
  // Rejoin happens at +180 s; at this speed it may already be back: then it must answer SSH.
  if (!refused) expect(sim.node('kvm-n4').ssh).toBe('up');
  const xml = (await exec(n1, toExecString(crmMonCmd(), { useSudo: true }))).stdout;
  expect(xml).toMatch(/<fence_event action="reboot" target="kvm-n4"[^>]*status="success"/);
  expect(xml).toMatch(/<failure op_key="vm-\S+_monitor_10000"/);
  n1.end();
}, 15_000);
