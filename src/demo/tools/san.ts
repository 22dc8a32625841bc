// virsh pool-list / vol-list (vshTable layout, as virsh 9 prints them: src/collectors/storage/fixtures),
// iscsiadm -m session -P 3 (open-iscsi 2.1.8 layout) and the SAN sysfs read, from sim/san.ts.
import { fcPorts, hostDisks, iscsiSessions, ISCSI_TARGET, lunQueue, simPools, type SimPool } from '../sim/san.js';
import { hasFlag, optValue, type Tool, type ToolCtx } from './types.js';

/** vshTable: a leading space, every column but the last padded, 3-space gaps, dashes over all columns' widths + 3 each. */
export function vshTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => ` ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('   ')}`;
  return `${[line(header), '-'.repeat(widths.reduce((a, w) => a + w + 3, 0)), ...rows.map(line)].join('\n')}\n\n`;
}

/** vshPrettyCapacity: "%.2f %s". */
export function pretty(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(2)} ${units[u]}`;
}

const allocated = (p: SimPool) => p.volumes.reduce((a, v) => a + v.allocation, 0);

export function poolList(ctx: ToolCtx, rest: string[]): number {
  const pools = simPools(ctx.sim, ctx.node);
  const type = optValue(rest, '--type');
  if (hasFlag(rest, '--name')) {
    const names = pools.filter((p) => !type || type.split(',').includes(p.type)).map((p) => p.name);
    ctx.io.out(`${names.map((n) => `${n.padEnd(20)}\n`).join('')}\n`);
    return 0;
  }
  const rows = pools.map((p) => [p.name, 'running', 'yes', 'yes', pretty(p.capacity), pretty(allocated(p)), pretty(p.capacity - allocated(p))]);
  ctx.io.out(vshTable(['Name', 'State', 'Autostart', 'Persistent', 'Capacity', 'Allocation', 'Available'], rows));
  return 0;
}

export function volList(ctx: ToolCtx, rest: string[]): number {
  const name = optValue(rest, '--pool') ?? rest.find((a) => !a.startsWith('-'));
  const pool = simPools(ctx.sim, ctx.node).find((p) => p.name === name);
  if (!pool) {
    ctx.io.err(`error: failed to get pool '${name ?? ''}'\nerror: Storage pool not found: no storage pool with matching name '${name ?? ''}'\n`);
    return 1;
  }
  ctx.io.out(vshTable(['Name', 'Path', 'Type', 'Capacity', 'Allocation'], pool.volumes.map((v) => [v.name, v.path, v.type, pretty(v.capacity), pretty(v.allocation)])));
  return 0;
}

export const iscsiadm: Tool = (ctx, args) => {
  if (optValue(args, '-m', '--mode') !== 'session' || optValue(args, '-P', '--print') !== '3') {
    ctx.io.err('demo iscsiadm: only -m session -P 3\n');
    return 7;
  }
  const out = ['iSCSI Transport Class version 2.0-870', 'version 2.1.8', `Target: ${ISCSI_TARGET} (non-flash)`];
  for (const s of iscsiSessions(ctx.sim, ctx.node)) {
    const up = s.state === 'LOGGED_IN';
    out.push(
      `\tCurrent Portal: ${s.portal}`,
      `\tPersistent Portal: ${s.portal}`,
      '\t\t**********',
      '\t\tInterface:',
      '\t\t**********',
      '\t\tIface Name: default',
      '\t\tIface Transport: tcp',
      `\t\tIface Initiatorname: iqn.1993-08.org.debian:01:${ctx.node}`,
      `\t\tIface IPaddress: ${s.ifaceIp}`,
      '\t\tIface HWaddress: default',
      '\t\tIface Netdev: default',
      `\t\tSID: ${s.sid}`,
      `\t\tiSCSI Connection State: ${up ? 'LOGGED IN' : 'TRANSPORT WAIT'}`,
      `\t\tiSCSI Session State: ${s.state}`,
      `\t\tInternal iscsid Session State: ${up ? 'NO CHANGE' : 'REOPEN'}`,
      '\t\t************************',
      '\t\tAttached SCSI devices:',
      '\t\t************************',
      `\t\tHost Number: ${s.host}\tState: running`,
    );
    for (const d of hostDisks(ctx.sim, ctx.node, s.host)) out.push(`\t\tscsi${s.host} Channel 00 Id 0 Lun: ${d.lun}`, `\t\t\tAttached scsi disk ${d.dev}\t\tState: ${up ? 'running' : 'blocked'}`);
  }
  ctx.io.out(`${out.join('\n')}\n`);
  return 0;
};

/** The SAN sysfs script's output for `fcDir` and `blockDir` as the real sysfs would give it. */
export function sanSysfs(ctx: ToolCtx, fcDir: string | undefined, blockDir: string | undefined): void {
  const lines: string[] = [];
  if (fcDir === '/sys/class/fc_host')
    for (const p of fcPorts(ctx.sim, ctx.node)) lines.push(`fc\thost${p.host}\t${p.wwpn}\t${p.state}\t${p.state === 'Online' ? '16 Gbit' : 'unknown'}`);
  if (blockDir === '/sys/block')
    for (const m of ctx.sim.node(ctx.node).maps)
      for (const p of m.paths) {
        const q = lunQueue(p.hctl);
        const all = ['mq-deadline', 'kyber', 'bfq', 'none'].map((s) => (s === q.scheduler ? `[${s}]` : s)).join(' ');
        lines.push(`lun\t${p.dev}\t${q.depth}\t${all}`);
      }
  lines.sort((a, b) => (a.startsWith('fc') === b.startsWith('fc') ? a.localeCompare(b, 'en') : a.startsWith('fc') ? -1 : 1));
  ctx.io.out(lines.map((l) => `${l}\n`).join(''));
}
