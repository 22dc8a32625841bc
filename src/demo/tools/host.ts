// /proc and /sys files (cat, grep -r '' …) in the kernel's formats; files written with tee.
import type { DemoSim } from '../sim/sim.js';
import type { SimNode } from '../sim/state.js';
import { SBD_DEVICE } from '../sim/build.js';
import type { Tool } from './types.js';

export function hugeUsage(sim: DemoSim, node: string): Map<number, number> {
  const used = new Map<number, number>();
  for (const vm of sim.vms) {
    if (vm.node !== node || vm.state !== 'running' || !vm.hugepages) continue;
    const size = vm.hugepages === '1G' ? 1048576 : 2048;
    used.set(size, (used.get(size) ?? 0) + Math.ceil(vm.memKiB / size));
  }
  return used;
}

export function procStat(sim: DemoSim, n: SimNode): string {
  const sum = new Float64Array(10);
  const lines: string[] = [];
  n.cpuTicks.forEach((t, i) => {
    for (let k = 0; k < 10; k++) sum[k] = sum[k]! + Math.floor(t[k]!);
    lines.push(`cpu${i} ${Array.from(t, (v) => Math.floor(v)).join(' ')}`);
  });
  const running = sim.vms.filter((v) => v.node === n.name && v.state === 'running').length;
  return [
    `cpu  ${Array.from(sum).join(' ')}`,
    ...lines,
    `intr ${n.intr} 0 9 0 0 0 0 0 0 0 1 0 0 156 0 0 0`,
    `ctxt ${n.ctxt}`,
    `btime ${Math.floor((sim.clock.now() - sim.uptimeS(n) * 1000) / 1000)}`,
    `processes ${n.processes}`,
    `procs_running ${1 + Math.round(n.load[0])}`,
    `procs_blocked ${running > 0 ? 0 : 0}`,
    `softirq ${n.intr * 2} 0 ${n.intr} 12 ${n.intr >> 3} 0 0 ${n.intr >> 2} ${n.intr >> 1} 0 ${n.intr >> 2}`,
    '',
  ].join('\n');
}

export function meminfo(sim: DemoSim, n: SimNode): string {
  let vmKiB = 0;
  for (const vm of sim.vms) if (vm.node === n.name && vm.state === 'running' && !vm.hugepages) vmKiB += vm.memKiB;
  const used = hugeUsage(sim, n.name);
  const hugeKiB = n.pools.reduce((a, p) => a + p.total * p.sizeKiB, 0);
  const p2m = n.pools.find((p) => p.sizeKiB === 2048)!;
  const total = n.memKiB;
  const host = 6 * 1024 * 1024;
  const cached = Math.round(total * 0.04);
  const free = Math.max(0, total - hugeKiB - vmKiB - host - cached);
  const rows: [string, number, boolean?][] = [
    ['MemTotal', total],
    ['MemFree', free],
    ['MemAvailable', free + Math.round(cached * 0.8)],
    ['Buffers', 412_332],
    ['Cached', cached],
    ['SwapCached', 0],
    ['Active', Math.round(vmKiB * 0.9 + cached * 0.5)],
    ['Inactive', Math.round(cached * 0.5)],
    ['Active(anon)', Math.round(vmKiB * 0.9)],
    ['Inactive(anon)', 10_240],
    ['Active(file)', Math.round(cached * 0.5)],
    ['Inactive(file)', Math.round(cached * 0.5)],
    ['Unevictable', 24_576],
    ['Mlocked', 24_576],
    ['SwapTotal', 8_388_604],
    ['SwapFree', 8_388_604],
    ['Zswap', 0],
    ['Zswapped', 0],
    ['Dirty', 1_204],
    ['Writeback', 0],
    ['AnonPages', Math.round(vmKiB * 0.92)],
    ['Mapped', 181_220],
    ['Shmem', 52_480],
    ['KReclaimable', 690_112],
    ['Slab', 1_420_556],
    ['SReclaimable', 690_112],
    ['SUnreclaim', 730_444],
    ['KernelStack', 28_640],
    ['PageTables', Math.round(vmKiB / 500) + 20_000],
    ['SecPageTables', 0],
    ['NFS_Unstable', 0],
    ['Bounce', 0],
    ['WritebackTmp', 0],
    ['CommitLimit', Math.round((total - hugeKiB) / 2) + 8_388_604],
    ['Committed_AS', vmKiB + host],
    ['VmallocTotal', 34_359_738_367],
    ['VmallocUsed', 301_212],
    ['VmallocChunk', 0],
    ['Percpu', 61_440],
    ['HardwareCorrupted', 0],
    ['AnonHugePages', Math.round(vmKiB * 0.6 / 2048) * 2048],
    ['ShmemHugePages', 0],
    ['ShmemPmdMapped', 0],
    ['FileHugePages', 0],
    ['FilePmdMapped', 0],
    ['HugePages_Total', p2m.total, true],
    ['HugePages_Free', Math.max(0, p2m.total - (used.get(2048) ?? 0)), true],
    ['HugePages_Rsvd', 0, true],
    ['HugePages_Surp', 0, true],
    ['Hugepagesize', 2048],
    ['Hugetlb', hugeKiB],
    ['DirectMap4k', 1_046_328],
    ['DirectMap2M', 38_701_056],
    ['DirectMap1G', Math.max(0, total - 38_701_056 - 1_046_328)],
  ];
  return rows.map(([k, v, bare]) => `${`${k}:`.padEnd(16)}${String(v).padStart(8)}${bare ? '' : ' kB'}\n`).join('');
}

export function loadavg(sim: DemoSim, n: SimNode): string {
  const running = 1 + Math.round(n.load[0]);
  return `${n.load.map((l) => l.toFixed(2)).join(' ')} ${running}/${1400 + sim.vms.filter((v) => v.node === n.name).length * 12} ${n.processes % 4194304}\n`;
}

export function uptime(sim: DemoSim, n: SimNode): string {
  const up = sim.uptimeS(n);
  const idle = n.cpuTicks.reduce((a, t) => a + t[3]!, 0) / 100;
  return `${up.toFixed(2)} ${idle.toFixed(2)}\n`;
}

export function procNetDev(sim: DemoSim, n: SimNode): string {
  const lines = [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
  ];
  const row = (name: string, rb: number, rp: number, re: number, rd: number, tb: number, tp: number) =>
    `${name.padStart(6)}:${String(rb).padStart(8)} ${String(rp).padStart(7)} ${String(re).padStart(4)} ${String(rd).padStart(4)} ${'0'.padStart(4)} ${'0'.padStart(5)} ${'0'.padStart(10)} ${'0'.padStart(9)} ${String(tb).padStart(8)} ${String(tp).padStart(7)} ${'0'.padStart(4)} ${'0'.padStart(4)} ${'0'.padStart(4)} ${'0'.padStart(5)} ${'0'.padStart(7)} ${'0'.padStart(10)}`;
  lines.push(row('lo', 91_230_112, 310_442, 0, 0, 91_230_112, 310_442));
  for (const nic of n.nics) lines.push(row(nic.name, nic.rxBytes, nic.rxPackets, nic.errs, nic.drops, nic.txBytes, nic.txPackets));
  // Guest taps: host rx is guest tx.
  for (const vm of sim.vms) {
    if (vm.node !== n.name || vm.state !== 'running') continue;
    for (const v of vm.nics) lines.push(row(v.dev, v.txBytes, v.txPkts, 0, 0, v.rxBytes, v.rxPkts));
  }
  return `${lines.join('\n')}\n`;
}

function bondFile(n: SimNode, b: SimNode['bonds'][number]): string[] {
  const macOf = (s: string) => n.nics.find((x) => x.name === s)?.mac ?? '52:54:00:00:00:00';
  const up = b.slaves.some((s) => !b.downSlaves.has(s));
  const out = [`Ethernet Channel Bonding Driver: v${n.kernel}`, ''];
  if (b.mode === 'ieee8023ad') {
    out.push('Bonding Mode: IEEE 802.3ad Dynamic link aggregation', 'Transmit Hash Policy: layer3+4 (1)');
  } else {
    out.push('Bonding Mode: fault-tolerance (active-backup)', 'Primary Slave: None', `Currently Active Slave: ${b.active ?? 'None'}`);
  }
  out.push(`MII Status: ${up ? 'up' : 'down'}`, 'MII Polling Interval (ms): 100', 'Up Delay (ms): 0', 'Down Delay (ms): 0', 'Peer Notification Delay (ms): 0');
  if (b.mode === 'ieee8023ad') {
    out.push(
      '',
      '802.3ad info',
      'LACP active: on',
      'LACP rate: fast',
      'Min links: 0',
      'Aggregator selection policy (ad_select): stable',
      'System priority: 65535',
      `System MAC address: ${macOf(b.slaves[0]!)}`,
      'Active Aggregator Info:',
      '\tAggregator ID: 1',
      `\tNumber of ports: ${b.slaves.filter((s) => !b.downSlaves.has(s)).length}`,
      '\tActor Key: 21',
      '\tPartner Key: 32769',
      '\tPartner Mac Address: 00:1c:73:4e:21:0a',
    );
  }
  for (const s of b.slaves) {
    const sUp = !b.downSlaves.has(s);
    out.push('', `Slave Interface: ${s}`, `MII Status: ${sUp ? 'up' : 'down'}`, `Speed: ${sUp ? (b.mode === 'ieee8023ad' ? '10000 Mbps' : '25000 Mbps') : 'Unknown'}`, `Duplex: ${sUp ? 'full' : 'unknown'}`, `Link Failure Count: ${sUp ? 0 : 1}`, `Permanent HW addr: ${macOf(s)}`, 'Slave queue ID: 0');
    if (b.mode === 'ieee8023ad') out.push('Aggregator ID: 1', 'Actor Churn State: none', 'Partner Churn State: none', 'Actor Churned Count: 0', 'Partner Churned Count: 0');
  }
  return out;
}

function readFile(sim: DemoSim, n: SimNode, path: string): string | undefined {
  switch (path) {
    case '/proc/stat':
      return procStat(sim, n);
    case '/proc/meminfo':
      return meminfo(sim, n);
    case '/proc/loadavg':
      return loadavg(sim, n);
    case '/proc/uptime':
      return uptime(sim, n);
    case '/proc/net/dev':
      return procNetDev(sim, n);
    case '/etc/sysconfig/sbd':
      return `# Generated by the demo cluster\nSBD_DEVICE="${SBD_DEVICE}"\nSBD_PACEMAKER=yes\nSBD_STARTMODE=always\nSBD_DELAY_START=no\nSBD_WATCHDOG_DEV=/dev/watchdog\nSBD_WATCHDOG_TIMEOUT=15\nSBD_TIMEOUT_ACTION=flush,reboot\nSBD_MOVE_TO_ROOT_CGROUP=auto\nSBD_OPTS=\n`;
    case '/etc/hostname':
      return `${n.name}\n`;
  }
  const m = /^\/etc\/libvirt\/qemu\/([^/]+)\.xml$/.exec(path);
  if (m) {
    const vm = sim.vm(m[1]!);
    if (vm && (vm.managed || vm.node === n.name)) return vm.xml ?? undefined;
  }
  return n.files.get(path);
}

export const cat: Tool = (ctx, args) => {
  const n = ctx.sim.node(ctx.node);
  let rc = 0;
  const files = args.filter((a) => a !== '--');
  if (files.length === 0) {
    return ctx.io.stdin().then((s) => {
      ctx.io.out(s);
      return 0;
    });
  }
  for (const f of files) {
    const content = readFile(ctx.sim, n, f) ?? (/^\/etc\/libvirt\/qemu\/([^/]+)\.xml$/.test(f) ? domainXmlFor(ctx.sim, f) : undefined);
    if (content === undefined) {
      ctx.io.err(`cat: ${f}: No such file or directory\n`);
      rc = 1;
    } else ctx.io.out(content);
  }
  return rc;
};

let domainXmlFor: (sim: DemoSim, path: string) => string | undefined = () => undefined;
/** virsh.ts registers the dumpxml renderer so `cat /etc/libvirt/qemu/X.xml` works. */
export function setDomainXmlRenderer(fn: (sim: DemoSim, path: string) => string | undefined): void {
  domainXmlFor = fn;
}

export function hugepagesGrep(sim: DemoSim, n: SimNode): string {
  const used = hugeUsage(sim, n.name);
  const out: string[] = [];
  for (const p of [...n.pools].sort((a, b) => b.sizeKiB - a.sizeKiB)) {
    const d = `/sys/kernel/mm/hugepages/hugepages-${p.sizeKiB}kB`;
    const free = Math.max(0, p.total - (used.get(p.sizeKiB) ?? 0));
    out.push(`${d}/free_hugepages:${free}`, `${d}/resv_hugepages:0`, `${d}/surplus_hugepages:0`, `${d}/nr_hugepages_mempolicy:${p.total}`, `${d}/nr_hugepages:${p.total}`, `${d}/nr_overcommit_hugepages:0`);
  }
  return `${out.join('\n')}\n`;
}

/** What `cat` shows for a path: a file, or a domain's config (/etc/libvirt/qemu/X.xml). */
const fileOrDomain = (sim: DemoSim, n: SimNode, path: string): string | undefined =>
  readFile(sim, n, path) ?? (/^\/etc\/libvirt\/qemu\/([^/]+)\.xml$/.test(path) ? domainXmlFor(sim, path) : undefined);

export const grep: Tool = (ctx, args) => {
  const n = ctx.sim.node(ctx.node);
  const rec = args.some((a) => /^-[a-zA-Z]*r/.test(a) || a === '--recursive');
  const rest = args.filter((a) => !a.startsWith('-') || a === '');
  const [pattern, ...paths] = rest;
  // -E: the POSIX classes virtdeck sends ([[:space:]]) as JS regex; else a fixed string.
  const re = args.includes('-E') && pattern !== undefined ? new RegExp(pattern.replace(/\[\[:space:\]\]/g, '\\s')) : undefined;
  const hit = (l: string): boolean => (re ? re.test(l) : l.includes(pattern!));
  if (pattern === undefined || paths.length === 0) {
    ctx.io.err('Usage: grep [OPTION]... PATTERNS [FILE]...\nTry \'grep --help\' for more information.\n');
    return 2;
  }
  let out = '';
  let rc = 1;
  for (const p of paths) {
    const clean = p.replace(/\/+$/, '');
    if (clean === '/sys/kernel/mm/hugepages' && rec) out += hugepagesGrep(ctx.sim, n);
    else if (clean === '/proc/net/bonding' && rec) {
      for (const b of n.bonds) out += bondFile(n, b).map((l) => `/proc/net/bonding/${b.name}:${l}\n`).join('');
    } else if (!rec && fileOrDomain(ctx.sim, n, clean) !== undefined) {
      out += fileOrDomain(ctx.sim, n, clean)!
        .split('\n')
        .filter((l, i, a) => (i < a.length - 1 || l !== '') && hit(l))
        .map((l) => `${paths.length > 1 ? `${clean}:` : ''}${l}\n`)
        .join('');
    } else {
      ctx.io.err(`grep: ${p}: ${rec || fileOrDomain(ctx.sim, n, clean) === undefined ? 'No such file or directory' : 'Is a directory'}\n`);
      rc = 2;
      continue;
    }
  }
  const filtered = pattern === '' ? out : out.split('\n').filter((l) => hit(l)).map((l) => `${l}\n`).join('');
  if (filtered.length > 0 && rc !== 2) rc = 0;
  ctx.io.out(filtered);
  return rc;
};

export const tee: Tool = async (ctx, args) => {
  const files = args.filter((a) => !a.startsWith('-'));
  const data = await ctx.io.stdin();
  const n = ctx.sim.node(ctx.node);
  for (const f of files) {
    if (!f.startsWith('/')) {
      ctx.io.err(`tee: ${f}: Permission denied\n`);
      return 1;
    }
    n.files.set(f, hasAppend(args) ? (n.files.get(f) ?? '') + data : data);
  }
  ctx.io.out(data);
  return 0;
};
const hasAppend = (args: string[]) => args.includes('-a') || args.includes('--append');

export const rm: Tool = (ctx, args) => {
  const n = ctx.sim.node(ctx.node);
  const force = args.some((a) => /^-[a-zA-Z]*f/.test(a) || a === '--force');
  let rc = 0;
  for (const f of args.filter((a) => !a.startsWith('-'))) {
    if (!n.files.delete(f) && !force) {
      ctx.io.err(`rm: cannot remove '${f}': No such file or directory\n`);
      rc = 1;
    }
  }
  return rc;
};

/** mktemp [TEMPLATE]: trailing X's (at least 3) become random characters; the file is created. */
export const mktemp: Tool = (ctx, args) => {
  const n = ctx.sim.node(ctx.node);
  const template = args.filter((a) => !a.startsWith('-'))[0] ?? 'tmp.XXXXXXXXXX';
  const xs = /X*$/.exec(template)![0].length;
  if (xs < 3) {
    ctx.io.err(`mktemp: too few X's in template \u2018${template}\u2019\n`);
    return 1;
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const base = template.includes('/') ? template : `/tmp/${template}`;
  for (let tries = 0; tries < 100; tries++) {
    let rnd = '';
    for (let i = 0; i < xs; i++) rnd += alphabet[ctx.sim.rng.int(0, alphabet.length - 1)];
    const path = base.slice(0, base.length - xs) + rnd;
    if (n.files.has(path)) continue;
    n.files.set(path, '');
    ctx.io.out(`${path}\n`);
    return 0;
  }
  ctx.io.err(`mktemp: failed to create file via template \u2018${template}\u2019: File exists\n`);
  return 1;
};
