import { lunSeries } from '../store/history.js';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { RunError } from '../ssh/runner.js';
import type { ResolvedHost } from '../ssh/host.js';
import type { Cmd } from '../ssh/cmd.js';
import { createVdStore } from '../store/store.js';
import { startCollectors, type CollectorConfig } from './runtime.js';
import { fixture, fixtureResponder } from '../../test/support/collectors/test-support.js';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
});

function setup(nodes = ['n1', 'n2', 'n3', 'n4'], over?: Parameters<typeof fixtureResponder>[0], live = false, extra: Partial<CollectorConfig> = {}) {
  const runner = new FakeRunner({ nodes }).respond(fixtureResponder(over));
  const store = createVdStore({ clusterName: 'c1', nodes });
  const col = startCollectors({ runner, store, config: { live, intervals: live ? { pacemaker: 60_000, vms: 60_000 } : {}, ...extra } });
  stops.push(() => col.stop());
  return { runner, store, col };
}

const callsOf = (r: FakeRunner, argv0: string, node?: string) => r.calls.filter((c) => c.argv[0] === argv0 && (!node || c.node === node));

describe('collectOnce', () => {
  it('writes every source of every node into the store', async () => {
    const { store, col } = setup();
    await col.collectOnce();
    const s = store.getState();
    expect(s.cluster.crm?.nodes.map((n) => n.name)).toContain('n4');
    expect(s.cluster.fresh.pacemaker?.via).toBe('n1');
    expect(s.cluster.stonithDevices).toEqual(['fence-n1', 'fence-n2', 'fence-sbd']);
    expect(s.cluster.stonithTargets?.map((t) => `${t.target}<${t.via}`)).toEqual(['n1<n2', 'n2<n1', 'n3<n1', 'n4<n1']);
    for (const n of ['n1', 'n2', 'n3', 'n4']) {
      const ns = s.nodes[n]!;
      expect(ns.quorum?.quorate, n).toBe(true);
      expect(ns.corosyncLinks?.links.length, n).toBeGreaterThan(0);
      expect(ns.sbd?.devices.length, n).toBeGreaterThan(0);
      expect(ns.sbd?.serviceActive).toBe(true);
      expect(ns.multipath?.[0]?.name).toBe('mpatha');
      expect(ns.host?.mem.memTotalKb).toBeGreaterThan(0);
      // two /proc/stat samples in one round → CPU % exists
      expect(ns.host?.cpu).toBeDefined();
      expect(ns.nics?.length).toBeGreaterThan(0);
      expect(ns.bonds?.[0]?.name).toBe('bond0');
      expect(ns.capabilities?.cells).toBeDefined();
      expect(ns.vms?.map((v) => v.name)).toEqual(['test', 'web-01', 'db-02']);
      expect(ns.vms?.find((v) => v.name === 'db-02')?.autostart).toBe(true);
      const dm = ns.io?.find((d) => d.device === 'dm-0');
      expect(dm?.alias).toBe('mpatha');
      expect(dm?.rAwait).toBe(12.5);
      for (const src of ['corosync', 'sbd', 'multipath', 'host', 'network', 'capabilities', 'vms', 'iostat'] as const)
        expect(ns.fresh[src]?.lastOk, `${n} ${src}`).toBeDefined();
    }
  });

  it('takes cluster-wide sources from one node only', async () => {
    const { runner, col } = setup();
    await col.collectOnce();
    expect(callsOf(runner, 'crm_mon').map((c) => c.node)).toEqual(['n1']);
    // stonith: --list-registered + --list NODE for the other nodes in one batch on n1; n1's own
    // fencer cannot answer about n1 (its device is banned there), so n1 is asked on n2.
    expect(callsOf(runner, 'stonith_admin').every((c) => c.via === 'batch')).toBe(true);
    expect(callsOf(runner, 'stonith_admin', 'n1').map((c) => c.argv.slice(1))).toEqual([['--list-registered'], ['--list', 'n2'], ['--list', 'n3'], ['--list', 'n4']]);
    expect(callsOf(runner, 'stonith_admin', 'n2').map((c) => c.argv.slice(1))).toEqual([['--list', 'n1']]);
  });

  it('marks an error and keeps the old data when a source fails', async () => {
    let broken = false;
    const { store, col } = setup(['n1', 'n2'], (node, c) => (broken && node === 'n2' && c.argv[0] === 'corosync-quorumtool' ? { stdout: '', stderr: 'Cannot initialize QUORUM service', code: 1 } : undefined));
    await col.collectOnce();
    const before = store.getState().nodes.n2!.quorum;
    expect(before).toBeDefined();
    broken = true;
    await col.collectOnce();
    const n2 = store.getState().nodes.n2!;
    // batch sections carry no stderr (discarded per command), so the exit code is the message
    expect(n2.fresh.corosync?.error).toBe('n2: `corosync-quorumtool -s` exited 1');
    expect(n2.quorum).toEqual(before);
    expect(store.getState().nodes.n1!.fresh.corosync?.error).toBeUndefined();
  });

  it('a down node never blocks the others', async () => {
    const { store, col } = setup(['n1', 'n2'], (node) => (node === 'n2' ? new RunError('unreachable', 'n2', 'connection refused') : undefined));
    await col.collectOnce();
    const s = store.getState();
    expect(s.nodes.n1!.host).toBeDefined();
    expect(s.nodes.n2!.host).toBeUndefined();
    expect(s.nodes.n2!.fresh.host?.error).toMatch(/connection refused/);
    expect(s.nodes.n2!.fresh.vms?.error).toMatch(/connection refused/);
  });

  it('fails a cluster-wide source over to the next node', async () => {
    const { runner, store, col } = setup(['n1', 'n2', 'n3'], (node, c) =>
      node === 'n1' && c.argv[0] === 'crm_mon' ? new RunError('timeout', 'n1', 'command timed out after 20000 ms') : undefined,
    );
    await col.collectOnce();
    expect(store.getState().cluster.crm).toBeDefined();
    expect(store.getState().cluster.fresh.pacemaker?.via).toBe('n2');
    expect(store.getState().cluster.fresh.pacemaker?.error).toBeUndefined();
    // next round starts on the node that worked, not on the one that failed
    runner.calls.length = 0;
    await col.collectOnce();
    expect(callsOf(runner, 'crm_mon').map((c) => c.node)).toEqual(['n2']);
  });

  it('prefers connected nodes and skips down ones for cluster-wide sources', async () => {
    const { runner, store, col } = setup(['n1', 'n2', 'n3']);
    runner.setConnState('n1', { status: 'down', error: { kind: 'unreachable', message: 'no route to host' } });
    await col.collectOnce();
    expect(callsOf(runner, 'crm_mon').map((c) => c.node)).toEqual(['n2']);
    expect(store.getState().cluster.fresh.pacemaker?.via).toBe('n2');
  });

  it('marks the cluster-wide source when every node fails', async () => {
    const { store, col } = setup(['n1', 'n2'], (node, c) => (c.argv[0] === 'crm_mon' ? { stdout: '', stderr: 'crm_mon: Error: cluster is not available on this node', code: 102 } : undefined));
    await col.collectOnce();
    expect(store.getState().cluster.fresh.pacemaker?.error).toMatch(/failed on every node.*n1.*n2/);
  });

  it('falls back to multipath -ll when the JSON command fails, and stays on text', async () => {
    const { runner, store, col } = setup(['n1'], (_n, c) => (c.argv[0] === 'multipathd' ? { stdout: 'fail\n', code: 1 } : undefined));
    await col.collectOnce();
    expect(store.getState().nodes.n1!.multipath?.[0]?.sysfs).toBe('dm-0');
    expect(callsOf(runner, 'multipathd')).toHaveLength(1);
    expect(callsOf(runner, 'multipath')).toHaveLength(1);
    await col.collectOnce();
    expect(callsOf(runner, 'multipathd')).toHaveLength(1);
    expect(callsOf(runner, 'multipath')).toHaveLength(2);
  });

  const HOST_NET = ['cat /proc/stat', 'cat /proc/meminfo', 'cat /proc/loadavg', 'cat /proc/uptime', 'grep -r  /sys/kernel/mm/hugepages', 'cat /proc/net/dev', 'grep -r  /proc/net/bonding'];
  const VM_READS = ['virsh -c qemu:///system -r list --all', 'virsh -c qemu:///system -r domstats --state --cpu-total --block --nowait', 'virsh -c qemu:///system -r list --all --autostart --name'];
  const SIZES = 'virsh -c qemu:///system -r domstats --state --balloon --vcpu --nowait';
  const recordBatches = (runner: FakeRunner): string[][] => {
    const batches: string[][] = [];
    const orig = runner.runBatch.bind(runner);
    runner.runBatch = (node: string, cmds: readonly Cmd[]) => {
      batches.push(cmds.map((c) => c.argv.join(' ')));
      return orig(node, cmds);
    };
    return batches;
  };

  it('runs host, network and VM reads in one batch when their cadences match (the default)', async () => {
    const { runner, col } = setup(['n1']);
    const batches = recordBatches(runner);
    await col.collectOnce();
    const fast = batches.filter((b) => b.includes('cat /proc/stat'));
    // The sizes read (vCPUs, memory) only on the first poll: the second one knows every VM.
    expect(fast).toEqual([
      [...HOST_NET, ...VM_READS, SIZES],
      [...HOST_NET, ...VM_READS],
    ]);
    expect(batches.filter((b) => b.some((x) => x.includes('domstats')))).toHaveLength(2);
  });

  it('keeps host + network in one batch and VMs in another when the VM cadence differs', async () => {
    const { runner, col } = setup(['n1'], undefined, false, { intervals: { vms: 15_000 } });
    const batches = recordBatches(runner);
    await col.collectOnce();
    const hostnet = batches.filter((b) => b.includes('cat /proc/stat'));
    expect(hostnet).toHaveLength(2);
    for (const b of hostnet) expect(b).toEqual(HOST_NET);
    expect(batches.filter((b) => b.some((x) => x.includes('domstats')))).toEqual([[...VM_READS, SIZES]]);
  });

  it('any batchable sources due at the same cadence share one exec (VMs every 10 s join corosync + multipath)', async () => {
    const { runner, store, col } = setup(['n1'], undefined, false, { intervals: { vms: 10_000 }, sampleTwice: false });
    const batches = recordBatches(runner);
    await col.collectOnce();
    expect(batches.filter((b) => b.some((x) => x.includes('domstats')))).toEqual([['corosync-quorumtool -s', 'corosync-cfgtool -s', 'multipathd show maps json', ...VM_READS, SIZES]]);
    expect(batches.filter((b) => b.includes('cat /proc/stat'))).toEqual([HOST_NET]);
    expect(store.getState().nodes.n1!.vms?.length).toBeGreaterThan(0);
    expect(store.getState().nodes.n1!.quorum?.quorate).toBe(true);
  });

  it('a failing VM read in the shared batch marks only vms; host and network are written', async () => {
    const { store, col } = setup(['n1'], (_n, c) => (c.argv.includes('list') && !c.argv.includes('--name') ? { stdout: 'error: failed to connect\n', code: 1 } : undefined), false, { sampleTwice: false });
    await col.collectOnce();
    const f = store.getState().nodes.n1!.fresh;
    expect(f.vms?.error).toMatch(/exited 1/);
    expect(f.host?.error).toBeUndefined();
    expect(f.host?.lastOk).toBeDefined();
    expect(f.network?.lastOk).toBeDefined();
    expect(store.getState().nodes.n1!.host?.mem.memTotalKb).toBeGreaterThan(0);
  });

  it('a shared batch that times out (hung virsh) reads VMs apart until they succeed, so host and network keep arriving', async () => {
    let hung = true;
    const { runner, store, col } = setup(['n1'], (node, c) => (hung && c.argv.includes('domstats') ? new RunError('timeout', node, 'command timed out after 20000 ms') : undefined), false, { sampleTwice: false });
    const batches = recordBatches(runner);
    const vmBatch = (b: string[]) => b.some((x) => x.includes('domstats'));
    const kinds = () => batches.splice(0).filter((b) => b.includes('cat /proc/stat') || vmBatch(b)).map((b) => (b.includes('cat /proc/stat') ? (vmBatch(b) ? 'shared' : 'hostnet') : 'vms'));
    await col.collectOnce();
    let f = store.getState().nodes.n1!.fresh;
    expect(f.vms?.error).toMatch(/timed out/);
    expect(f.host?.error).toBeUndefined();
    expect(f.network?.error).toBeUndefined();
    expect(f.host?.lastOk).toBeDefined();
    expect(kinds()).toEqual(['shared', 'hostnet', 'vms']);
    await col.collectOnce(); // still hung: apart again
    expect(kinds()).toEqual(['hostnet', 'vms']);
    expect(store.getState().nodes.n1!.fresh.host?.error).toBeUndefined();
    hung = false;
    await col.collectOnce(); // VMs succeed apart…
    expect(kinds()).toEqual(['hostnet', 'vms']);
    f = store.getState().nodes.n1!.fresh;
    expect(f.vms?.error).toBeUndefined();
    expect(store.getState().nodes.n1!.vms?.length).toBeGreaterThan(0);
    await col.collectOnce(); // …so the next poll shares one exec again
    expect(kinds()).toEqual(['shared']);
  });

  const COROSYNC = ['corosync-quorumtool -s', 'corosync-cfgtool -s'];
  const MP_JSON = 'multipathd show maps json';
  const isCorosyncOrMp = (b: string[]) => b.includes(COROSYNC[0]!) || b.some((x) => x.startsWith('multipath'));

  it('reads corosync and multipath in one batch when their cadences match (the default), and apart otherwise', async () => {
    const { runner, col } = setup(['n1']);
    const batches = recordBatches(runner);
    await col.collectOnce();
    expect(batches.filter(isCorosyncOrMp)).toEqual([[...COROSYNC, MP_JSON]]);
    expect(callsOf(runner, 'multipathd').every((c) => c.via === 'batch')).toBe(true);

    const other = setup(['n1'], undefined, false, { intervals: { multipath: 20_000 } });
    const apart = recordBatches(other.runner);
    await other.col.collectOnce();
    expect(apart.filter(isCorosyncOrMp)).toEqual([COROSYNC]);
    expect(callsOf(other.runner, 'multipathd')).toHaveLength(1);
    expect(other.store.getState().nodes.n1!.multipath?.[0]?.name).toBe('mpatha');
  });

  it('a shared corosync + multipath read that times out (hung multipathd) reads them apart until both succeed, so quorum keeps arriving', async () => {
    let hung = true;
    const { runner, store, col } = setup(['n1'], (node, c) => (hung && c.argv[0] === 'multipathd' ? new RunError('timeout', node, 'command timed out after 10000 ms') : undefined), false, { sampleTwice: false });
    const batches = recordBatches(runner);
    const reads = () => {
      const b = batches.splice(0).filter(isCorosyncOrMp).map((x) => (x.includes(MP_JSON) ? 'shared' : 'corosync'));
      const single = callsOf(runner, 'multipathd').filter((c) => c.via !== 'batch').length;
      runner.calls.length = 0;
      return [...b, ...Array<string>(single).fill('multipath')];
    };
    await col.collectOnce();
    let f = store.getState().nodes.n1!.fresh;
    expect(f.multipath?.error).toMatch(/timed out/);
    expect(f.corosync?.error).toBeUndefined();
    expect(store.getState().nodes.n1!.quorum?.quorate).toBe(true);
    expect(reads()).toEqual(['shared', 'corosync', 'multipath']);
    await col.collectOnce(); // still hung: apart again
    expect(reads()).toEqual(['corosync', 'multipath']);
    expect(store.getState().nodes.n1!.fresh.corosync?.error).toBeUndefined();
    hung = false;
    await col.collectOnce(); // both succeed apart…
    expect(reads()).toEqual(['corosync', 'multipath']);
    f = store.getState().nodes.n1!.fresh;
    expect(f.multipath?.error).toBeUndefined();
    expect(store.getState().nodes.n1!.multipath?.[0]?.name).toBe('mpatha');
    await col.collectOnce(); // …so the next poll shares one exec again
    expect(reads()).toEqual(['shared']);
  });

  it('unreadable multipathd JSON in the shared read: multipath -ll is read at once, and inside the shared read from then on', async () => {
    const { runner, store, col } = setup(['n1'], (_n, c) => (c.argv[0] === 'multipathd' ? { stdout: '{"major_version": 0, "maps": [{"name": ' } : undefined), false, { sampleTwice: false });
    const batches = recordBatches(runner);
    await col.collectOnce();
    expect(store.getState().nodes.n1!.multipath?.[0]?.sysfs).toBe('dm-0');
    expect(store.getState().nodes.n1!.fresh.multipath?.error).toBeUndefined();
    expect(store.getState().nodes.n1!.quorum?.quorate).toBe(true);
    expect(callsOf(runner, 'multipath').map((c) => c.via === 'batch')).toEqual([false]);
    batches.length = 0;
    await col.collectOnce();
    expect(batches.filter(isCorosyncOrMp)).toEqual([[...COROSYNC, 'multipath -ll']]);
    expect(callsOf(runner, 'multipathd')).toHaveLength(1);
  });

  it('reads vCPUs and memory at a slow cadence, and again when a VM appears or changes state', async () => {
    let list = fixture('virsh', 'list-all.txt');
    const { runner, store, col } = setup(['n1'], (_n, c) => (c.argv.includes('list') && !c.argv.includes('--name') ? { stdout: list } : undefined), false, { sampleTwice: false });
    const batches = recordBatches(runner);
    const sizesReads = () => batches.splice(0).filter((b) => b.includes(SIZES)).length;
    await col.collectOnce();
    expect(sizesReads()).toBe(1);
    const vm = () => store.getState().nodes.n1!.vms!.find((v) => v.state === 'running')!;
    expect(vm().vcpus).toBeGreaterThan(0);
    expect(vm().memoryKb).toBeGreaterThan(0);
    await col.collectOnce();
    expect(sizesReads()).toBe(0);
    expect(vm().vcpus).toBeGreaterThan(0); // carried over from the sizes read
    const name = vm().name;
    list = list.replace(new RegExp(`(${name}\\s+)running`), '$1paused');
    expect(list).toMatch(/paused/);
    await col.collectOnce(); // sees the change: the next poll re-reads
    expect(sizesReads()).toBe(0);
    await col.collectOnce();
    expect(sizesReads()).toBe(1);
    await col.collectOnce();
    expect(sizesReads()).toBe(0);
  });

  it('derives VM CPU % and disk latency from consecutive domstats', async () => {
    let cpuTime = 424043980090;
    const { store, col } = setup(
      ['n1'],
      (_n, c) => {
        if (c.argv.includes('domstats')) {
          cpuTime += 1_000_000_000;
          return { stdout: fixture('virsh', 'domstats-qemu.txt').replace('cpu.time=424043980090', `cpu.time=${cpuTime}`) };
        }
        return undefined;
      },
      false,
      { sampleTwice: false },
    );
    await col.collectOnce();
    expect(store.getState().nodes.n1!.vms?.find((v) => v.name === 'web-01')?.cpuPct).toBeUndefined();
    await new Promise((r) => setTimeout(r, 20));
    await col.collectOnce();
    expect(store.getState().nodes.n1!.vms?.find((v) => v.name === 'web-01')?.cpuPct).toBeGreaterThan(0);
  });
});

describe('node discovery', () => {
  class AddingRunner extends FakeRunner {
    readonly added: string[] = [];
    override nodes(): string[] {
      return [...super.nodes(), ...this.added];
    }
    addHost(h: ResolvedHost): void {
      this.added.push(h.name);
    }
  }

  it('adds every crm_mon member node to the store and the runner, and collects from it', async () => {
    // a FakeRunner without a node list accepts any node; it starts with n1 only
    const runner = new AddingRunner().respond(fixtureResponder());
    runner.added.push('n1');
    const store = createVdStore({ clusterName: 'c1', nodes: ['n1'] });
    const resolved: string[] = [];
    const c = startCollectors({
      runner,
      store,
      config: {
        live: false,
        resolveHost: async (name) => {
          resolved.push(name);
          return { name, hostname: name, port: 22, user: 'root', identities: [], identitiesOnly: false, knownHostsFiles: [], strictHostKeyChecking: 'yes' };
        },
      },
    });
    stops.push(() => c.stop());
    await c.collectOnce();
    const s = store.getState();
    expect(s.nodeOrder).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(resolved).toEqual(['n2', 'n3', 'n4']);
    expect(runner.added).toEqual(['n1', 'n2', 'n3', 'n4']);
    // remote/guest nodes are not SSH targets
    expect(s.nodes.remote1).toBeUndefined();
    for (const n of ['n2', 'n3', 'n4']) expect(s.nodes[n]!.host, n).toBeDefined();
    expect(c.nodes()).toEqual(['n1', 'n2', 'n3', 'n4']);
  });

  it('without a way to connect, discovered nodes show why they have no data', async () => {
    const runner = new FakeRunner({ nodes: ['n1'] }).respond(fixtureResponder());
    const store = createVdStore({ clusterName: 'c1', nodes: ['n1'] });
    const c = startCollectors({ runner, store, config: { live: false } });
    stops.push(() => c.stop());
    await c.collectOnce();
    const s = store.getState();
    expect(s.nodeOrder).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(s.nodes.n3!.fresh.host?.error).toMatch(/no SSH target/);
    expect(runner.calls.every((x) => x.node === 'n1')).toBe(true);
  });
});

describe('live mode', () => {
  const until = async (f: () => boolean, ms = 3000) => {
    const t0 = Date.now();
    while (!f()) {
      if (Date.now() - t0 > ms) throw new Error('condition not reached');
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it('starts the streams and a virsh event triggers an immediate VM poll', async () => {
    const { runner, store } = setup(['n1'], undefined, true);
    await until(() => store.getState().nodes.n1!.vms !== undefined);
    expect(runner.openStreams().map((s) => s.argv[0]).sort()).toEqual(['iostat', 'journalctl', 'virsh']);
    const listCalls = () => runner.calls.filter((c) => c.argv.includes('list') && c.argv.includes('--all') && !c.argv.includes('--autostart')).length;
    const before = listCalls();
    runner.pushStream('n1', 'virsh', fixture('virsh', 'event-loop-timestamp.txt').split('\n')[1]! + '\n');
    await until(() => listCalls() > before);
  });

  it('with the default cadences a virsh event reads the VMs alone (no /proc reads)', async () => {
    const { runner, store } = setup(['n1'], undefined, true, { intervals: { pacemaker: 60_000, host: 60_000, network: 60_000, vms: 60_000 } });
    await until(() => store.getState().nodes.n1!.vms !== undefined && store.getState().nodes.n1!.host !== undefined);
    const mark = runner.calls.length;
    const since = () => runner.calls.slice(mark);
    runner.pushStream('n1', 'virsh', fixture('virsh', 'event-loop-timestamp.txt').split('\n')[1]! + '\n');
    await until(() => since().some((c) => c.argv.includes('list') && !c.argv.includes('--autostart')));
    await new Promise((r) => setTimeout(r, 20));
    expect(since().filter((c) => c.argv[0] === 'cat')).toEqual([]);
  });

  it('a multipathd path event in the journal reads multipath at once and alone; a storm of them reads it once more, not once each', async () => {
    const { runner, store } = setup(['n1'], undefined, true);
    await until(() => store.getState().nodes.n1!.multipath !== undefined && store.getState().nodes.n1!.fresh.corosync?.lastOk !== undefined);
    const jl = (ident: string, message: string) => `${JSON.stringify({ __REALTIME_TIMESTAMP: String(Date.now() * 1000), SYSLOG_IDENTIFIER: ident, _SYSTEMD_UNIT: `${ident}.service`, PRIORITY: '3', MESSAGE: message })}\n`;
    const mark = runner.calls.length;
    const since = () => runner.calls.slice(mark).filter((c) => c.via !== 'stream');
    const mpReads = () => since().filter((c) => c.argv[0] === 'multipathd' || c.argv[0] === 'multipath');
    // Other lines, even multipathd's, read nothing.
    runner.pushStream('n1', 'journalctl', jl('multipathd', 'mpatha: load table [0 2097152 multipath 1 queue_if_no_path 0 1 1 service-time 0 2 1 8:32 1 8:80 1]') + jl('pacemaker-controld', 'checker failed path 8:32 in map mpatha'));
    await new Promise((r) => setTimeout(r, 50));
    expect(mpReads()).toEqual([]);
    runner.pushStream('n1', 'journalctl', jl('multipathd', 'mpatha: sdc - tur checker reports path is down') + jl('multipathd', 'checker failed path 8:32 in map mpatha'));
    await until(() => mpReads().length === 1);
    // Alone: not the shared corosync + multipath read.
    expect(since().map((c) => `${c.via} ${c.argv.join(' ')}`)).toEqual(['run multipathd show maps json']);
    for (let i = 0; i < 30; i++) runner.pushStream('n1', 'journalctl', jl('multipathd', `mpatha: remaining active paths: ${i % 2}`));
    await new Promise((r) => setTimeout(r, 1300));
    expect(mpReads()).toHaveLength(2);
  });

  it('feeds iostat stream samples and journal entries into the store', async () => {
    const { runner, store } = setup(['n1'], undefined, true);
    await until(() => store.getState().nodes.n1!.multipath !== undefined);
    runner.pushStream('n1', 'iostat', fixture('iostat', 'iostat-dxy-json-1-stream.raw'));
    await until(() => (store.getState().nodes.n1!.io?.length ?? 0) > 0);
    // The multipath map's await lands in the session history (by alias when known).
    const dm = store.getState().nodes.n1!.io!.find((d) => d.device === 'dm-0')!;
    expect(store.getState().history!.has(lunSeries('n1', dm.alias ?? dm.device))).toBe(true);
    runner.pushStream('n1', 'journalctl', fixture('journal', 'journal-follow.raw'));
    await until(() => store.getState().logs.length > 0);
    expect(store.getState().logs[0]?.node).toBe('n1');
  });

  it('stream samples of several nodes arriving within the window are one store commit; stop() applies what is queued', async () => {
    const { runner, store, col: c } = setup(['n1', 'n2'], undefined, true, { streamCoalesceMs: 200 });
    await until(() => ['n1', 'n2'].every((n) => store.getState().nodes[n]!.multipath !== undefined && store.getState().nodes[n]!.io !== undefined));
    await new Promise((r) => setTimeout(r, 250));
    const commits: number[] = [];
    const unsub = store.subscribe(() => commits.push(Date.now()));
    const ioBefore = ['n1', 'n2'].map((n) => store.getState().nodes[n]!.io);
    runner.pushStream('n1', 'iostat', fixture('iostat', 'iostat-dxy-json-1-stream.raw'));
    runner.pushStream('n2', 'iostat', fixture('iostat', 'iostat-dxy-json-1-stream.raw'));
    // Queued, not yet applied.
    expect(['n1', 'n2'].map((n) => store.getState().nodes[n]!.io)).toEqual(ioBefore);
    await until(() => ['n1', 'n2'].every((n, i) => store.getState().nodes[n]!.io !== ioBefore[i]));
    unsub();
    expect(commits).toHaveLength(1);
    // What is still queued at stop() is not lost.
    runner.pushStream('n1', 'journalctl', fixture('journal', 'journal-follow.raw'));
    expect(store.getState().logs).toHaveLength(0);
    c.stop();
    expect(store.getState().logs.length).toBeGreaterThan(0);
  });

  it('stop() closes every stream', async () => {
    const { runner, col: c } = setup(['n1', 'n2'], undefined, true);
    expect(runner.openStreams()).toHaveLength(6);
    c.stop();
    expect(runner.openStreams()).toHaveLength(0);
  });
});
