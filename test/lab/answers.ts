// What the lab's shims print. Hardware and daemons the lab cannot run (multipath maps, corosync,
// the fencer, an sbd disk, systemd) answer with the collectors' captured real-format fixtures
// (src/collectors/*/fixtures, see the README next to each), with the fixtures' node names
// rewritten to the lab's. Each tool has named states the tests switch per node.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixturesDir = fileURLToPath(new URL('../../src/collectors/', import.meta.url));
const fx = (rel: string): string => readFileSync(fixturesDir + rel, 'utf8');

export interface Answer {
  stdout?: string;
  stderr?: string;
  code?: number;
}

/** tool → state → argv after the tool name (joined by spaces) → answer. */
export type ToolAnswers = Record<string, Record<string, Record<string, Answer>>>;

/** Tools the lab shims (the shim's file name in the node's PATH directory). */
export const SHIMMED_TOOLS = ['multipathd', 'multipath', 'corosync-quorumtool', 'corosync-cfgtool', 'stonith_admin', 'sbd', 'systemctl', 'cat'] as const;
export type ShimmedTool = (typeof SHIMMED_TOOLS)[number];

/** Real programs a shim falls through to when it has no answer (cat: every other file). */
export const PASSTHROUGH: Partial<Record<ShimmedTool, string>> = { cat: '/bin/cat' };

export const SBD_DEVICE = '/dev/disk/by-id/lab-sbd';

/** The fixture's n1…n4 → the lab's names (word boundaries, so "n1" inside other words stays). */
function renameNodes(text: string, nodes: readonly string[]): string {
  return text.replace(/\bn([1-9])\b/g, (m, d: string) => nodes[Number(d) - 1] ?? m);
}

/** `members` (node indices; default all) as seen from `self`: quorate when they hold a majority. */
function quorumHealthy(nodes: readonly string[], self: number, members: readonly number[] = nodes.map((_, i) => i)): string {
  const n = nodes.length;
  const quorum = Math.floor(n / 2) + 1;
  const base = fx('corosync/fixtures/quorumtool-healthy.txt');
  const head = base.slice(0, base.indexOf('    Nodeid'));
  const lines = members.map((i) => `${String(i + 1).padStart(10)} ${'1'.padStart(10)} ${nodes[i]}${i === self ? ' (local)' : ''}`).join('\n');
  return (
    head
      .replace(/^Nodes:( +)\d+/m, `Nodes:$1${members.length}`)
      .replace(/^Node ID:( +)\d+/m, `Node ID:$1${self + 1}`)
      .replace(/^Expected votes:( +)\d+/m, `Expected votes:$1${n}`)
      .replace(/^Highest expected:( +)\d+/m, `Highest expected:$1${n}`)
      .replace(/^Total votes:( +)\d+/m, `Total votes:$1${members.length}`)
      .replace(/^Quorum:( +)\d+/m, `Quorum:$1${quorum}`) +
    '    Nodeid      Votes Name\n' +
    lines +
    '\n'
  );
}

/**
 * `corosync-quorumtool -p` (machine-parsable; what ha_cluster_exporter runs): the membership gains
 * a Qdevice column on every cluster, "NR" (no qdevice registered) without one; `-s` prints that
 * column only on a qdevice cluster. Checked against real corosync 3.1.7 output
 * (src/prometheus/fixtures/quorumtool-p-*.txt, test/lab/answers.test.ts).
 */
function parsable(status: string): string {
  const at = status.indexOf('    Nodeid');
  if (at < 0) return status;
  return status.slice(0, at) + status.slice(at).replace('    Nodeid      Votes Name', '    Nodeid      Votes    Qdevice Name').replace(/^( +\d+ +\d+) /gm, `$1 ${'NR'.padStart(10)} `);
}

function quorumLost(nodes: readonly string[], self: number): string {
  const n = nodes.length;
  return fx('corosync/fixtures/quorumtool-no-quorum.txt')
    .replace(/^Node ID:( +)\d+/m, `Node ID:$1${self + 1}`)
    .replace(/^Expected votes:( +)\d+/m, `Expected votes:$1${n}`)
    .replace(/^Highest expected:( +)\d+/m, `Highest expected:$1${n}`)
    .replace(/^Quorum:( +)\d+/m, `Quorum:$1${Math.floor(n / 2) + 1}`)
    .replace(/^( +)\d+( +1) n\d \(local\)$/m, `$1${self + 1}$2 ${nodes[self]} (local)`);
}

/** corosync-cfgtool -s for knet, two links; `down` = these node ids are disconnected on every link. */
function cfgtool(nodes: readonly string[], self: number, down: ReadonlySet<number>): string {
  let out = `Local node ID ${self + 1}, transport knet\n`;
  for (const link of [0, 1]) {
    out += `LINK ID ${link} udp\n\taddr\t= 10.${link}.0.${self + 1}\n\tstatus:\n`;
    nodes.forEach((_, i) => {
      const st = i === self ? 'localhost' : down.has(i) ? 'disconnected' : 'connected';
      out += `\t\tnodeid: ${String(i + 1).padStart(10)}:\t${st}\n`;
    });
  }
  return out;
}

export function labAnswers(nodes: readonly string[], self: number): ToolAnswers {
  const others = nodes.filter((_, i) => i !== self);
  const partition = nodes.map((_, i) => i).filter((i) => i !== nodes.indexOf(others.at(-1) ?? ''));
  const listFor = (stdout: string, code = 0) => Object.fromEntries(nodes.map((t) => [`--list ${t}`, { stdout, code }]));
  const sbdConfig = fx('fencing/fixtures/sbd-config.debian-default.txt').replace('#SBD_DEVICE=""', `SBD_DEVICE="${SBD_DEVICE}"`);
  // The fixture's slots carry reset/off messages (sent by the capturing host "vm"): that is the
  // `messages` state; healthy is the same layout with every slot clear (empty sender, trailing tab).
  const sbdMessages = renameNodes(fx('fencing/fixtures/sbd-list.txt'), nodes).replace(/\bvm$/gm, nodes[0] ?? 'vm');
  const sbdClear = nodes.map((n, i) => `${i}\t${n}\tclear\t\n`).join('');
  const sbdDump = fx('fencing/fixtures/sbd-dump.txt').replaceAll('/dev/disk/by-id/dm-uuid-mpath-3600a0980sbd', SBD_DEVICE);
  const stonithAll = `fence-sbd\n1 fence devices found\n`;
  const noDm = fx('multipath/fixtures/ll-no-device-mapper.stderr.txt');
  return {
    multipathd: {
      healthy: { 'show maps json': { stdout: fx('multipath/fixtures/maps-healthy.json') } },
      degraded: { 'show maps json': { stdout: fx('multipath/fixtures/maps-degraded.json') } },
      critical: { 'show maps json': { stdout: fx('multipath/fixtures/maps-critical.json') } },
      // REAL behaviour with no daemon (multipath fixtures README): nothing, exit 1.
      down: { 'show maps json': { stdout: '', code: 1 } },
    },
    multipath: {
      healthy: { '-ll': { stdout: fx('multipath/fixtures/ll-healthy.txt') } },
      degraded: { '-ll': { stdout: fx('multipath/fixtures/ll-degraded.txt') } },
      critical: { '-ll': { stdout: fx('multipath/fixtures/ll-critical.txt') } },
      down: { '-ll': { stderr: noDm, code: 1 } },
    },
    'corosync-quorumtool': {
      healthy: { '-s': { stdout: quorumHealthy(nodes, self) }, '-p': { stdout: parsable(quorumHealthy(nodes, self)) } },
      // The last other node has left the membership; the rest keep quorum (3 nodes: 2 of 3).
      partitioned: { '-s': { stdout: quorumHealthy(nodes, self, partition) }, '-p': { stdout: parsable(quorumHealthy(nodes, self, partition)) } },
      'no-quorum': { '-s': { stdout: quorumLost(nodes, self), code: 2 }, '-p': { stdout: parsable(quorumLost(nodes, self)), code: 2 } },
      down: { '-s': { stderr: fx('corosync/fixtures/quorumtool-not-running.txt'), code: 1 }, '-p': { stderr: fx('corosync/fixtures/quorumtool-not-running.txt'), code: 1 } },
    },
    'corosync-cfgtool': {
      healthy: { '-s': { stdout: cfgtool(nodes, self, new Set()) } },
      // the last other node's links are down
      degraded: { '-s': { stdout: cfgtool(nodes, self, new Set([nodes.indexOf(others.at(-1) ?? '')])) } },
      down: { '-s': { stderr: fx('corosync/fixtures/cfgtool-not-running.txt'), code: 1 } },
    },
    stonith_admin: {
      // --query DEVICE (fence check's probe): real 2.1.5 prints nothing; the exit code is the answer
      // (src/actions/fence/fixtures/README.md).
      healthy: { '--list-registered': { stdout: stonithAll }, ...listFor(stonithAll), '--query fence-sbd': { stdout: '' } },
      none: { '--list-registered': { stdout: fx('fencing/fixtures/stonith-registered-none.txt') }, ...listFor(fx('fencing/fixtures/stonith-registered-none.txt')) },
      down: {
        '--list-registered': { stderr: fx('fencing/fixtures/stonith-registered-not-connected.txt'), code: 102 },
        '--query fence-sbd': { stderr: fx('../actions/fence/fixtures/stonith-query-not-connected.txt'), code: 102 },
        ...Object.fromEntries(nodes.map((t) => [`--list ${t}`, { stderr: fx('fencing/fixtures/stonith-registered-not-connected.txt'), code: 102 }])),
      },
    },
    sbd: {
      healthy: {
        [`-d ${SBD_DEVICE} list`]: { stdout: sbdClear },
        [`-d ${SBD_DEVICE} dump`]: { stdout: sbdDump },
      },
      messages: {
        [`-d ${SBD_DEVICE} list`]: { stdout: sbdMessages },
        [`-d ${SBD_DEVICE} dump`]: { stdout: sbdDump },
      },
      unreadable: {
        [`-d ${SBD_DEVICE} list`]: { stdout: fx('fencing/fixtures/sbd-list-unreadable.txt').replaceAll('/dev/disk/by-id/dm-uuid-mpath-3600a0980sbd', SBD_DEVICE), code: 1 },
        [`-d ${SBD_DEVICE} dump`]: { stdout: fx('fencing/fixtures/sbd-dump-unreadable.txt').replaceAll('/dev/disk/by-id/dm-uuid-mpath-3600a0980sbd', SBD_DEVICE), code: 1 },
      },
    },
    systemctl: {
      healthy: { 'is-active sbd': { stdout: 'active\n' } },
      degraded: { 'is-active sbd': { stdout: 'inactive\n', code: 3 } },
    },
    cat: {
      // The node's sbd configuration (Debian layout, the packaged file with SBD_DEVICE set);
      // every other file is the real /bin/cat.
      healthy: {
        '/etc/default/sbd': { stdout: sbdConfig },
        '/etc/sysconfig/sbd': { stderr: 'cat: /etc/sysconfig/sbd: No such file or directory\n', code: 1 },
      },
    },
  };
}

/** The file name an answer is stored under: the shim computes the same from "$*". */
export const answerKey = (args: string): string => args.replace(/%/g, '%25').replace(/\//g, '%2F').replace(/ /g, '%20') || '%00';
