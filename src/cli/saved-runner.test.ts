import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SavedOutputRunner, savedFileFor } from './saved-runner.js';
import { createVdStore } from '../store/store.js';
import { startCollectors } from '../collectors/runtime.js';
import { fixture } from '../../test/support/collectors/test-support.js';
import { crmMonCmd } from '../collectors/pacemaker/command.js';
import { hostBatch } from '../collectors/host/command.js';
import { listAllCmd, domstatsCmd } from '../collectors/virsh/command.js';
import { sbdListCmd, watchdogSysfsCmd } from '../collectors/fencing/command.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vd-from-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const put = (rel: string, text: string) => {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
};

describe('savedFileFor', () => {
  it('maps the collectors commands to the documented files', () => {
    expect(savedFileFor(crmMonCmd())).toEqual({ file: 'crm_mon.xml', scope: 'cluster' });
    expect(savedFileFor(hostBatch()[0]!)).toEqual({ file: 'proc/stat', scope: 'node' });
    expect(savedFileFor(hostBatch()[4]!)).toEqual({ file: 'sys/kernel/mm/hugepages', scope: 'node', grepDir: '/sys/kernel/mm/hugepages' });
    expect(savedFileFor(listAllCmd('qemu:///system'))?.file).toBe('virsh-list-all.txt');
    expect(savedFileFor(domstatsCmd('qemu+ssh://x/system'))?.file).toBe('virsh-domstats.txt');
    expect(savedFileFor(sbdListCmd('/dev/disk/by-id/sbd1'))?.file).toBe('sbd-list-sbd1.txt');
    expect(savedFileFor({ argv: ['cat', '/etc/../etc/shadow'] })).toBeUndefined();
  });
  it('the watchdog is the sysfs listing (watchdog-sysfs.txt); sbd query-watchdog is never asked for', () => {
    expect(savedFileFor(watchdogSysfsCmd())).toEqual({ file: 'watchdog-sysfs.txt', scope: 'node' });
    expect(savedFileFor({ argv: ['sbd', 'query-watchdog'] })).toBeUndefined();
    expect(savedFileFor({ argv: ['sh', '-c', 'echo other script', 'sh', '/sys/class/watchdog'] })).toBeUndefined();
  });
});

describe('--from', () => {
  it('a single crm_mon XML file gives the cluster view and says what is missing per node', async () => {
    put('crm.xml', fixture('pacemaker', 'healthy.crm_mon.xml'));
    const runner = new SavedOutputRunner(join(dir, 'crm.xml'));
    expect(runner.nodes()).toEqual(['n1', 'n2', 'n3', 'n4']);
    const store = createVdStore({ clusterName: 'saved', nodes: runner.nodes(), readonly: true });
    const c = startCollectors({ runner, store, config: { live: false, sampleTwice: false } });
    await c.collectOnce();
    c.stop();
    const s = store.getState();
    expect(s.cluster.crm?.nodes.length).toBeGreaterThan(0);
    // what one XML file cannot hold is "not collected": no error, no alert, no timeline entry
    expect(s.nodes.n1!.fresh.host).toMatchObject({ notCollected: true });
    expect(s.nodes.n1!.fresh.host?.error).toBeUndefined();
    expect(s.alerts.map((a) => a.message)).not.toContainEqual(expect.stringMatching(/failing|crm\.xml/));
    expect(s.timeline.map((e) => e.message)).not.toContainEqual(expect.stringMatching(/failing|crm\.xml/));
  });

  it('a directory of saved outputs goes through the same parsers into the same store', async () => {
    put('crm_mon.xml', fixture('pacemaker', 'healthy.crm_mon.xml'));
    put('stonith_admin-list-registered.txt', fixture('fencing', 'stonith-registered.txt'));
    put('n1/proc/stat', fixture('host', 'proc-stat.txt'));
    put('n1/proc/meminfo', fixture('host', 'meminfo.txt'));
    put('n1/proc/loadavg', fixture('host', 'loadavg.txt'));
    put('n1/proc/uptime', fixture('host', 'uptime.txt'));
    put('n1/proc/net/dev', fixture('network', 'proc-net-dev.txt'));
    put('n1/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages', '512\n');
    put('n1/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages', '100\n');
    put('n1/virsh-list-all.txt', fixture('virsh', 'list-all.txt'));
    put('n1/virsh-domstats.txt', fixture('virsh', 'domstats-qemu.txt'));
    put('n1/corosync-quorumtool-s.txt', fixture('corosync', 'quorumtool-healthy.txt'));
    put('n1/corosync-cfgtool-s.txt', fixture('corosync', 'cfgtool-knet.txt'));
    put('n1/etc/sysconfig/sbd', fixture('fencing', 'sbd-config.sysconfig.txt'));
    put('n1/watchdog-sysfs.txt', fixture('fencing', 'watchdog-sysfs-itco.txt'));
    const runner = new SavedOutputRunner(dir);
    const store = createVdStore({ clusterName: 'saved', nodes: runner.nodes(), readonly: true });
    const c = startCollectors({ runner, store, config: { live: false, sampleTwice: false } });
    await c.collectOnce();
    c.stop();
    const n1 = store.getState().nodes.n1!;
    expect(n1.host?.mem.memTotalKb).toBeGreaterThan(0);
    expect(n1.host?.hugepages).toEqual([{ sizeKb: 2048, total: 512, free: 100 }]);
    expect(n1.vms?.map((v) => v.name)).toEqual(['test', 'web-01', 'db-02']);
    expect(n1.quorum?.quorate).toBe(true);
    expect(n1.sbd?.watchdog).toEqual({ present: true, device: '/dev/watchdog0', identity: 'iTCO_wdt', state: 'active' });
    expect(store.getState().cluster.stonithDevices).toEqual(['fence-n1', 'fence-n2', 'fence-sbd']);
    expect(store.getState().nodes.n2!.fresh.vms).toMatchObject({ notCollected: true });
    expect(store.getState().alerts.filter((a) => a.rule === 'stale')).toEqual([]);
  });

  it('refuses a missing path or an empty directory', () => {
    expect(() => new SavedOutputRunner(join(dir, 'nope'))).toThrow(/not found/);
    expect(() => new SavedOutputRunner(dir)).toThrow(/no crm_mon\.xml and no node directories/);
  });
});
