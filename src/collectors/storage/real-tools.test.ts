// The storage sources' commands run for real: virsh against the libvirt test driver (the pools
// of fixtures/test-driver-pools.xml, and test:///default), and iscsiadm on a host without
// sessions — the exact argv the collectors build, through their collectors into the store.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../../test/support/ssh/fake-runner.js';
import { skipWithout } from '../../../test/helpers/tools.js';
import { toExecString } from '../../ssh/quote.js';
import type { Cmd } from '../../ssh/cmd.js';
import { createVdStore } from '../../store/store.js';
import { pollPools, readSan, sanCmds } from './collector.js';
import { iscsiSessionsCmd } from './command.js';

const XML = fileURLToPath(new URL('./fixtures/test-driver-pools.xml', import.meta.url));

/** Runs the command as the node's shell would (sudo dropped: the test driver and a session-less iscsiadm need no root). */
function runLocal(c: Cmd): { stdout: string; stderr: string; code: number } {
  try {
    return { stdout: execFileSync('sh', ['-c', toExecString({ ...c, sudo: false })], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), stderr: '', code: 0 };
  } catch (e) {
    const x = e as { status?: number; stdout?: string; stderr?: string };
    return { stdout: x.stdout ?? '', stderr: x.stderr ?? '', code: x.status ?? 1 };
  }
}

async function pools(uri: string) {
  const runner = new FakeRunner({ nodes: ['n1'] }).respond((_n, c) => runLocal(c));
  const store = createVdStore({ clusterName: 'c', nodes: ['n1'] });
  await pollPools({ runner, store, now: () => 0, libvirtUri: uri }, 'n1');
  return store.getState().nodes['n1']!.pools!.pools;
}

describe('storage commands against the real tools', () => {
  it('virsh pool-list/vol-list on the test driver: pools with odd names, kinds by type, volumes with spaces', async () => {
    if (skipWithout('virsh test driver pools', ['virsh'])) return;
    const p = await pools(`test://${XML}`);
    expect(p.map((x) => [x.name, x.state, x.kind, x.volumes?.map((v) => v.name)])).toEqual([
      ['default', 'running', 'local', ['db1.qcow2', 'my disk (copy).img']],
      ['iso', 'running', 'local', []],
      ['san a;b $x', 'running', 'network', []],
      ['vg_san', 'running', 'logical', ['db1-data', 'web1-root']],
    ]);
    expect(p.find((x) => x.name === 'vg_san')!.allocationBytes).toBe(95 * 2 ** 30);
    expect((await pools('test:///default')).map((x) => [x.name, x.capacityBytes])).toEqual([['default-pool', 100 * 2 ** 30]]);
  });

  it('iscsiadm -m session -P 3 without sessions (exit 21) reads as no session', () => {
    if (skipWithout('iscsiadm without sessions', ['iscsiadm'])) return;
    const r = runLocal(iscsiSessionsCmd());
    if (r.code === 0 && r.stdout !== '') return void console.warn('\n!! SKIPPED iscsiadm without sessions: this host has iSCSI sessions\n');
    expect(r.code).toBe(21);
    const san = readSan('n1', sanCmds(), [{ node: 'n1', stdout: r.stdout, stderr: r.stderr, code: r.code, durationMs: 1 }, { node: 'n1', stdout: '', stderr: '', code: 0, durationMs: 1 }]);
    expect(san.iscsi).toEqual([]);
  });
});
