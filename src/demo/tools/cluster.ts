// stonith_admin, sbd, systemctl is-active, corosync-quorumtool, corosync-cfgtool.
import { SBD_DEVICE } from '../sim/build.js';
import { fenceDeviceIds } from './pacemaker-xml.js';
import { ctimeUtc, hasFlag, optValue, type Tool, type ToolCtx } from './types.js';

const SBD_UUID = '7c2f5a1e-93b4-4d0e-b1f8-5e6a2c9d0f31';

/** Not a member: no fencer to connect to. Real stonith_admin prints this on stderr, exit 102
 *  (src/collectors/fencing/fixtures/stonith-list-not-connected.txt). */
function fencedUp(ctx: ToolCtx): boolean {
  if (ctx.sim.node(ctx.node).member === 'online') return true;
  ctx.io.err('Could not connect to fencer: Transport endpoint is not connected\n');
  return false;
}

function deviceList(ids: string[]): string {
  return `${ids.map((i) => ` ${i}\n`).join('')}${ids.length} fence device${ids.length === 1 ? '' : 's'} found\n`;
}

export const stonithAdmin: Tool = (ctx, args) => {
  const sim = ctx.sim;
  // A node's fencer registers only devices not banned from it (fence-ipmi-X has a -INFINITY
  // location on X), so X's own fencer lists nothing of X's IPMI device, like the real one.
  const local = () => fenceDeviceIds(sim).filter((f) => f.bannedFrom !== ctx.node);
  if (hasFlag(args, '--list-registered', '-L')) {
    if (!fencedUp(ctx)) return 102;
    ctx.io.out(deviceList(local().map((f) => f.id)));
    return 0;
  }
  const target = optValue(args, '--list', '-l');
  if (target !== undefined) {
    if (!fencedUp(ctx)) return 102;
    if (!sim.hasNode(target)) {
      ctx.io.out(deviceList([]));
      return 0;
    }
    ctx.io.out(deviceList(local().filter((f) => !f.target || f.target === target).map((f) => f.id)));
    return 0;
  }
  // --query DEVICE: the fencer runs the device's monitor action (list as fallback). Real 2.1.5
  // prints nothing either way: exit 0 answered, 1 failed, 105 not registered with this node's
  // fencer (src/actions/fence/fixtures/README.md). The demo's devices always answer.
  const query = optValue(args, '--query', '-Q');
  if (query !== undefined) {
    if (!fencedUp(ctx)) return 102;
    return local().some((f) => f.id === query) ? 0 : 105;
  }
  const hist = optValue(args, '--history', '-H');
  if (hist !== undefined) {
    if (!fencedUp(ctx)) return 102;
    const evs = sim.fenceHistory.filter((e) => hist === '*' || e.target === hist).reverse();
    for (const e of evs) {
      ctx.io.out(`${e.action} of ${e.target} successful: delegate=${e.delegate}, client=${e.client}, origin=${e.origin}, completed='${new Date(e.at).toISOString().slice(0, 19).replace('T', ' ')} +00:00'\n`);
    }
    return 0;
  }
  const off = optValue(args, '--fence', '-F');
  const reboot = optValue(args, '--reboot', '-B');
  const unfence = optValue(args, '--unfence', '-U');
  const fenceTarget = off ?? reboot ?? unfence;
  if (fenceTarget !== undefined) {
    if (!fencedUp(ctx)) return 102;
    if (!sim.hasNode(fenceTarget)) {
      ctx.io.err(`Command failed: No such device\n`);
      return 105;
    }
    if (unfence !== undefined) return 0;
    // Blocks until the fencer reports the result, like the real tool.
    return sim.fenceNodeAsync(fenceTarget, off !== undefined ? 'off' : 'reboot', 'stonith_admin').then((ok) => {
      if (ok) return 0;
      ctx.io.err('Command failed: Timer expired\n');
      return 124;
    });
  }
  const unknown = args.find((a) => a.startsWith('-'));
  if (unknown) {
    ctx.io.err(`stonith_admin: unrecognized option '${unknown}'\nUsage: stonith_admin <command> [<options>]\n`);
    return 64;
  }
  ctx.io.err('stonith_admin: Please specify a valid command\nUsage: stonith_admin <command> [<options>]\n');
  return 64;
};

/** The sim's sbd header timeouts (s), as `sbd dump` prints them. */
export const SBD_TIMEOUTS = { watchdog: 15, msgwait: 30 } as const;

export const sbd: Tool = (ctx, args) => {
  const sim = ctx.sim;
  if (args[0] === 'query-watchdog') {
    ctx.io.out('\nDiscovered 1 watchdog devices:\n\n[1] /dev/watchdog\nIdentity: Software Watchdog\nDriver: softdog\nCAUTION: Not recommended for use with sbd.\n');
    return 0;
  }
  const dev = optValue(args, '-d');
  const cmd = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-d')[0];
  if (!dev || !cmd) {
    ctx.io.err('sbd: Usage: sbd <options> <command> <cmdarguments>\n');
    return 1;
  }
  if (dev !== SBD_DEVICE) {
    ctx.io.err(`== disk ${dev} unreadable!\n`);
    return 1;
  }
  if (cmd === 'list') {
    const lines = sim.nodes.map((n, i) => {
      const ev = sim.fenceHistory.filter((e) => e.target === n.name).at(-1);
      const pending = ev && n.member !== 'online';
      return `${i}\t${n.name}\t${pending ? 'reset' : 'clear'}\t${pending ? ev.origin : ''}\n`;
    });
    ctx.io.out(lines.join(''));
    return 0;
  }
  if (cmd === 'dump') {
    ctx.io.out(
      `==Dumping header on disk ${dev}\nHeader version     : 2.1\nUUID               : ${SBD_UUID}\nNumber of slots    : 255\nSector size        : 512\nTimeout (watchdog) : ${SBD_TIMEOUTS.watchdog}\nTimeout (allocate) : 2\nTimeout (loop)     : 1\nTimeout (msgwait)  : ${SBD_TIMEOUTS.msgwait}\n==Header on disk ${dev} is dumped\n`,
    );
    return 0;
  }
  ctx.io.err(`sbd: Unknown command: ${cmd}\n`);
  return 1;
};

const UNITS = new Set(['sbd', 'pacemaker', 'corosync', 'libvirtd', 'multipathd', 'libvirt-guests']);
/** Enabled at boot on the demo nodes (libvirt-guests stays off: Pacemaker owns the guests). */
const ENABLED = new Set(['sbd', 'pacemaker', 'corosync', 'libvirtd', 'multipathd']);
const unitName = (u: string) => u.replace(/\.service$/, '');

export const systemctl: Tool = (ctx, args) => {
  const verb = args[0];
  const units = args.slice(1).filter((a) => !a.startsWith('-'));
  if (verb !== 'is-active' && verb !== 'is-enabled') {
    ctx.io.err(verb ? `Unknown command verb ${verb}.\n` : 'Too few arguments.\n');
    return 1;
  }
  if (units.length === 0) {
    ctx.io.err('Too few arguments.\n');
    return 1;
  }
  const member = ctx.sim.node(ctx.node).member === 'online';
  let rc = 0;
  for (const u of units) {
    const name = unitName(u);
    if (verb === 'is-enabled') {
      if (!UNITS.has(name)) {
        ctx.io.err(`Failed to get unit file state for ${name}.service: No such file or directory\n`);
        rc = 1;
      } else if (ENABLED.has(name)) ctx.io.out('enabled\n');
      else {
        ctx.io.out('disabled\n');
        rc = 1;
      }
      continue;
    }
    if (!UNITS.has(name) || name === 'libvirt-guests') {
      ctx.io.out('inactive\n');
      rc = 3;
    } else if (!member && /^(pacemaker|corosync)/.test(name)) {
      ctx.io.out('activating\n');
      rc = 3;
    } else ctx.io.out('active\n');
  }
  return rc;
};

export const corosyncQuorumtool: Tool = (ctx, args) => {
  if (!hasFlag(args, '-s', '--status') && args.length > 0 && !hasFlag(args, '-l')) {
    ctx.io.err('usage: corosync-quorumtool <options>\n');
    return 1;
  }
  const sim = ctx.sim;
  const self = sim.node(ctx.node);
  if (self.member !== 'online') {
    ctx.io.err('Cannot initialize QUORUM service\n');
    return 1;
  }
  const q = sim.quorum();
  const members = sim.nodes.filter((n) => n.member === 'online');
  const ringSeq = (0x20 + sim.fenceHistory.length * 2 + members.length).toString(16);
  const out = [
    'Quorum information',
    '------------------',
    `Date:             ${ctimeUtc(sim.clock.now())}`,
    'Quorum provider:  corosync_votequorum',
    `Nodes:            ${members.length}`,
    `Node ID:          ${self.id}`,
    `Ring ID:          ${members[0]?.id ?? self.id}.${ringSeq}`,
    `Quorate:          ${q.quorate ? 'Yes' : 'No'}`,
    '',
    'Votequorum information',
    '----------------------',
    `Expected votes:   ${q.expected}`,
    `Highest expected: ${q.expected}`,
    `Total votes:      ${q.total}`,
    `Quorum:           ${q.needed}  ${q.quorate ? '' : 'Activity blocked'}`,
    `Flags:            ${q.quorate ? 'Quorate ' : ''}`,
    '',
    'Membership information',
    '----------------------',
    '    Nodeid      Votes Name',
  ];
  for (const n of members) out.push(`${String(n.id).padStart(10)} ${String(1).padStart(10)} ${n.name}${n === self ? ' (local)' : ''}`);
  ctx.io.out(`${out.join('\n')}\n`);
  return 0;
};

/** `corosync-cmapctl -g totem.cluster_name` (the cluster-name read when the CIB names none); other keys do not exist here. */
export const corosyncCmapctl: Tool = (ctx, args) => {
  const key = args[0] === '-g' ? args[1] : undefined;
  if (key !== 'totem.cluster_name') {
    ctx.io.err(`Can't get key ${key ?? ''}. Error CS_ERR_NOT_EXIST\n`);
    return 1;
  }
  ctx.io.out(`totem.cluster_name (str) = ${ctx.sim.clusterName}\n`);
  return 0;
};

export const corosyncCfgtool: Tool = (ctx, args) => {
  if (!hasFlag(args, '-s', '-n', '-a') && args.length > 0) {
    ctx.io.err('usage: corosync-cfgtool [[-i IP_address] [-b] [-s] [-n] [-R] [-L] [-k nodeid] [-a nodeid] [-h] [-H]\n');
    return 1;
  }
  const sim = ctx.sim;
  const self = sim.node(ctx.node);
  if (self.member !== 'online') {
    ctx.io.err('Could not initialize corosync configuration API error 2\n');
    return 1;
  }
  const out = [`Local node ID ${self.id}, transport knet`];
  for (const link of [0, 1]) {
    out.push(`LINK ID ${link} udp`, `\taddr\t= ${link === 0 ? self.ring0 : self.ring1}`, '\tstatus:');
    for (const n of sim.nodes) {
      const state = n === self ? 'localhost' : n.member === 'online' ? 'connected' : 'disconnected';
      out.push(`\t\tnodeid: ${String(n.id).padStart(10)}:\t${state}`);
    }
  }
  ctx.io.out(`${out.join('\n')}\n`);
  return 0;
};
