import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../ssh/runner.js';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { fixture, fixtureResponder } from '../../../test/support/collectors/test-support.js';
import { createVdStore } from '../../store/store.js';
import { CommandFailedError } from '../section.js';
import { pollPools, readSan, sanCmds } from './collector.js';

const ok = (stdout: string, code = 0, stderr = ''): RunResult => ({ node: 'n1', stdout, stderr, code, durationMs: 1 });
const sysfs = fixture('storage', 'san-sysfs.txt');

describe('readSan', () => {
  it('reads sessions, FC ports and LUN queues of one exec', () => {
    const d = readSan('n1', sanCmds(), [ok(fixture('storage', 'iscsiadm-session-P3-failed.txt')), ok(sysfs)]);
    expect(d.iscsi?.map((s) => s.state)).toEqual(['LOGGED_IN', 'FAILED']);
    expect(d.fc.map((p) => p.state)).toEqual(['Online', 'Linkdown']);
    expect(d.luns.map((l) => [l.dev, l.queueDepth, l.scheduler])).toEqual([
      ['sdb', 64, 'mq-deadline'],
      ['sdc', 32, 'none'],
    ]);
  });
  it('no session (exit 21) is an empty list; no iscsiadm is "no iSCSI here"; a refused sudo fails the read', () => {
    expect(readSan('n1', sanCmds(), [ok('', 21, 'iscsiadm: No active sessions.\n'), ok(sysfs)]).iscsi).toEqual([]);
    expect(readSan('n1', sanCmds(), [ok('', 1, 'sudo: iscsiadm: command not found\n'), ok(sysfs)]).iscsi).toBeUndefined();
    expect(readSan('n1', sanCmds(), [ok('', 127, 'sh: 1: iscsiadm: not found\n'), ok(sysfs)]).iscsi).toBeUndefined();
    expect(() => readSan('n1', sanCmds(), [ok('', 1, 'sudo: a password is required\n'), ok(sysfs)])).toThrow(CommandFailedError);
    // iscsiadm's own errors are failures, not "no iSCSI here".
    expect(() => readSan('n1', sanCmds(), [ok('', 6, 'iscsiadm: Could not open /etc/iscsi/initiatorname.iscsi: No such file or directory\n'), ok(sysfs)])).toThrow(CommandFailedError);
  });
});

describe('pollPools', () => {
  it('reads the pools, then the volumes of each running pool (none for the inactive one), with shared/local kinds', async () => {
    const runner = new FakeRunner({ nodes: ['n1'] }).respond(fixtureResponder());
    const store = createVdStore({ clusterName: 'c', nodes: ['n1'] });
    await pollPools({ runner, store, now: () => 0, libvirtUri: 'qemu:///system' }, 'n1');
    const pools = store.getState().nodes['n1']!.pools!.pools;
    expect(pools.map((p) => [p.name, p.kind, p.volumes?.length])).toEqual([
      ['default', 'local', 2],
      ['iso', 'local', undefined],
      ['san a;b $x', 'network', 0],
      ['vg_san', 'logical', 2],
    ]);
    const vol = runner.calls.filter((c) => c.argv.includes('vol-list')).map((c) => c.argv[c.argv.indexOf('--pool') + 1]);
    expect(vol).toEqual(['default', 'san a;b $x', 'vg_san']);
    expect(store.getState().nodes['n1']!.fresh.pools?.lastOk).toBeDefined();
  });
  it('a pool two nodes list alike (shared storage) is one object per volume in the store', async () => {
    const runner = new FakeRunner({ nodes: ['n1', 'n2'] }).respond(fixtureResponder());
    const store = createVdStore({ clusterName: 'c', nodes: ['n1', 'n2'] });
    const ctx = { runner, store, now: () => 0, libvirtUri: 'qemu:///system' };
    await pollPools(ctx, 'n1');
    await pollPools(ctx, 'n2');
    const vols = (n: string) => store.getState().nodes[n]!.pools!.pools.find((p) => p.name === 'vg_san')!.volumes!;
    expect(vols('n1')).toHaveLength(2);
    vols('n1').forEach((v, i) => expect(vols('n2')[i]).toBe(v));
  });
  it('a pool stopped between the two reads (vol-list: not active, exit 1) keeps the others’ volumes', async () => {
    const notActive = { stdout: '', stderr: fixture('storage', 'vol-list-inactive.txt'), code: 1 };
    const runner = new FakeRunner({ nodes: ['n1'] }).respond(fixtureResponder((_n, c) => (c.argv.includes('vol-list') && c.argv.includes('vg_san') ? notActive : undefined)));
    const store = createVdStore({ clusterName: 'c', nodes: ['n1'] });
    await pollPools({ runner, store, now: () => 0, libvirtUri: 'qemu:///system' }, 'n1');
    const pools = store.getState().nodes['n1']!.pools!.pools;
    expect(pools.map((p) => [p.name, p.volumes?.length])).toEqual([
      ['default', 2],
      ['iso', undefined],
      ['san a;b $x', 0],
      ['vg_san', undefined],
    ]);
  });
});
