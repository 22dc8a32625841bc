// The demo virsh's snapshot commands, in libvirt 9's formats (compared with real test-driver
// captures in src/collectors/virsh/fixtures/snapshot-*.txt): snapshot-list [--parent] [--tree],
// snapshot-current --name, snapshot-info, snapshot-create-as [--disk-only] [--quiesce],
// snapshot-revert, snapshot-delete; qemu-agent-command guest-ping. Changes persist in the sim.
import { byName, type SimSnapshot, type SimSnapshots } from '../sim/snapshots.js';
import type { SimVm } from '../sim/state.js';
import { hasFlag, optValue, type ToolCtx } from './types.js';

export const SNAPSHOT_COMMANDS = new Set(['snapshot-list', 'snapshot-current', 'snapshot-info', 'snapshot-create-as', 'snapshot-revert', 'snapshot-delete', 'qemu-agent-command']);
const MUTATING = new Set(['snapshot-create-as', 'snapshot-revert', 'snapshot-delete', 'qemu-agent-command']);
const WITH_VALUE = ['--domain', '--name', '--snapshotname', '--description', '--memspec', '--diskspec', '--timeout'];

/** Code points: how vshTable measures these names (no double-width characters in the demo). */
const width = (s: string) => [...s].length;

/** vshTable as virsh 9 prints it: every cell but the last padded, 3 spaces apart, trailing
 *  spaces kept; dashes for every column's width + 3. */
function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) => ` ${cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(w[i]! - width(c)) + '   ')).join('')}`;
  return `${[line(header), '-'.repeat(w.reduce((a, x) => a + x + 3, 0)), ...rows.map(line)].join('\n')}\n\n`;
}

const stamp = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} +0000`;

/** vshTreePrint: roots in name order, children as `+- name`, `|` while siblings follow. */
function tree(list: readonly SimSnapshot[]): string {
  const sorted = [...list].sort(byName);
  const out: string[] = [];
  const walk = (s: SimSnapshot, last: boolean, root: boolean, indent: string) => {
    out.push(`${indent}${root ? '' : '+- '}${s.name}`);
    const mine = root ? indent : `${indent}${last ? ' ' : '|'} `;
    const kids = sorted.filter((k) => k.parent === s.name);
    if (kids.length) out.push(`${mine}  |`);
    kids.forEach((k, i) => walk(k, i === kids.length - 1, false, `${mine}  `));
    if (!kids.length && last) out.push(mine);
  };
  for (const r of sorted.filter((s) => s.parent === undefined || !sorted.some((x) => x.name === s.parent))) walk(r, true, true, '');
  return `${out.join('\n')}\n\n`;
}

function words(rest: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i]!.startsWith('--')) {
      if (WITH_VALUE.includes(rest[i]!)) i++;
      continue;
    }
    out.push(rest[i]!);
  }
  return out;
}

const fail = (ctx: ToolCtx, msg: string): number => {
  ctx.io.err(`error: ${msg}\n`);
  return 1;
};

export function snapshotCommand(ctx: ToolCtx, sub: string, rest: string[], readonly: boolean, findVm: (name: string | undefined) => SimVm | undefined): number {
  const pos = words(rest);
  const name = optValue(rest, '--domain') ?? pos.shift();
  const vm = findVm(name);
  if (!vm) return fail(ctx, name ? `failed to get domain '${name}'` : 'command requires <domain> option');
  if (readonly && MUTATING.has(sub)) return fail(ctx, 'operation forbidden: read only access prevents virDomainSnapshotCreateXML');
  const snaps: SimSnapshots = (vm.snapshots ??= { list: [] });
  const find = (n: string | undefined) => snaps.list.find((s) => s.name === n);
  const notFound = (n: string | undefined) => fail(ctx, `Domain snapshot not found: no domain snapshot with matching name '${n ?? ''}'`);
  const running = vm.state === 'running' || vm.state === 'paused';
  switch (sub) {
    case 'snapshot-list': {
      if (hasFlag(rest, '--tree')) {
        ctx.io.out(snaps.list.length ? tree(snaps.list) : '\n');
        return 0;
      }
      const rows = [...snaps.list].sort(byName).map((s) => [s.name, stamp(s.createdAt), s.state, ...(hasFlag(rest, '--parent') ? [s.parent ?? ''] : [])]);
      ctx.io.out(table(['Name', 'Creation Time', 'State', ...(hasFlag(rest, '--parent') ? ['Parent'] : [])], rows));
      return 0;
    }
    case 'snapshot-current': {
      if (snaps.current === undefined) return fail(ctx, `domain '${vm.name}' has no current snapshot`);
      ctx.io.out(`${snaps.current}\n`);
      return 0;
    }
    case 'snapshot-info': {
      const s = hasFlag(rest, '--current') ? find(snaps.current) : find(optValue(rest, '--snapshotname') ?? pos[0]);
      if (!s) return notFound(optValue(rest, '--snapshotname') ?? pos[0]);
      const desc = (n: string): number => snaps.list.filter((k) => k.parent === n).reduce((a, k) => a + 1 + desc(k.name), 0);
      const kv = (k: string, v: string | number) => `${`${k}:`.padEnd(15)} ${v}`;
      ctx.io.out(
        `${[kv('Name', s.name), kv('Domain', vm.name), kv('Current', s.name === snaps.current ? 'yes' : 'no'), kv('State', s.state), kv('Location', s.state === 'disk-snapshot' ? 'external' : 'internal'), kv('Parent', s.parent ?? '-'), kv('Children', snaps.list.filter((k) => k.parent === s.name).length), kv('Descendants', desc(s.name)), kv('Metadata', 'yes')].join('\n')}\n\n`,
      );
      return 0;
    }
    case 'snapshot-create-as': {
      const snap = optValue(rest, '--name') ?? pos[0] ?? String(Math.floor(ctx.sim.clock.now() / 1000));
      if (find(snap)) return fail(ctx, `operation failed: domain moment ${snap} already exists`);
      const diskOnly = hasFlag(rest, '--disk-only');
      if (hasFlag(rest, '--quiesce')) {
        if (!diskOnly) return fail(ctx, 'argument unsupported: quiesce requires disk-only');
        if (!agentAnswers(vm)) return fail(ctx, running ? 'Guest agent is not responding: QEMU guest agent is not connected' : 'Requested operation is not valid: domain is not running');
      }
      const raw = vm.disks.find((d) => d.path.startsWith('/dev/'));
      if (!diskOnly && raw) return fail(ctx, `unsupported configuration: internal snapshot for disk ${raw.dev} unsupported for storage type raw`);
      snaps.list.push({ name: snap, ...(snaps.current !== undefined ? { parent: snaps.current } : {}), createdAt: Math.floor(ctx.sim.clock.now() / 1000) * 1000, state: diskOnly ? 'disk-snapshot' : running ? 'running' : 'shutoff' });
      snaps.current = snap;
      ctx.io.out(`Domain snapshot ${snap} created\n`);
      return 0;
    }
    case 'snapshot-revert': {
      const n = optValue(rest, '--snapshotname') ?? pos[0];
      const s = find(n);
      if (!s) return notFound(n);
      if (s.state === 'disk-snapshot') return fail(ctx, 'unsupported configuration: revert to external snapshot not supported yet');
      try {
        if (s.state === 'shutoff' && running) ctx.sim.stopVm(ctx.node, vm.name, 'Destroyed');
        else if (s.state !== 'shutoff' && !running) ctx.sim.startVm(ctx.node, vm.name);
      } catch (e) {
        ctx.io.err(`${(e as Error).message}\n`);
        return 1;
      }
      snaps.current = s.name;
      ctx.io.out(`Domain snapshot ${s.name} reverted\n\n`);
      return 0;
    }
    case 'snapshot-delete': {
      const n = optValue(rest, '--snapshotname') ?? pos[0];
      const s = find(n);
      if (!s) return notFound(n);
      // libvirt's default: the children move up to the deleted snapshot's parent (roots when none)
      for (const k of snaps.list.filter((x) => x.parent === s.name)) {
        if (s.parent !== undefined) k.parent = s.parent;
        else delete k.parent;
      }
      snaps.list = snaps.list.filter((x) => x !== s);
      if (snaps.current === s.name) {
        if (s.parent !== undefined) snaps.current = s.parent;
        else delete snaps.current;
      }
      ctx.io.out(`Domain snapshot ${s.name} deleted\n\n`);
      return 0;
    }
    case 'qemu-agent-command': {
      if (!running) return fail(ctx, 'Requested operation is not valid: domain is not running');
      if (!agentAnswers(vm)) return fail(ctx, 'Guest agent is not responding: QEMU guest agent is not connected');
      ctx.io.out('{"return":{}}\n\n');
      return 0;
    }
    default:
      return fail(ctx, `unknown command: '${sub}'`);
  }
}

/** The demo's guest agents: running VMs answer, except the cache VMs (no agent installed), so
 *  `--quiesce` can be seen refused. */
export const agentAnswers = (vm: SimVm): boolean => vm.state === 'running' && !vm.name.startsWith('cache');
