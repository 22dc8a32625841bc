// vm snapshot create / revert / delete: gather (the domain's disks, its snapshot tree, the guest
// agent when quiescing), pure guards and the plan. Snapshots are libvirt metadata of the host
// that made them, so every command runs on the node where the VM runs (or, shut off, the one
// node that defines it).
import { readSnapshots } from '../../collectors/virsh/snapshot-read.js';
import { chainDepth, type VmSnapshot } from '../../collectors/virsh/snapshots.js';
import { dumpxmlCmd } from '../../collectors/virsh/command.js';
import type { VdState } from '../../store/types.js';
import { cleanupCmd } from '../resource-cleanup/commands.js';
import { errorText } from '../error-text.js';
import { isReachable, nodesDefining, nodesRunning, resourceForVm, staleFindings } from '../state.js';
import type { ActionCtx, ActionOptions, Finding, GuardInput, PlanBody, PlanStep } from '../types.js';
import { vmResourceFindings } from '../vm-resource.js';
import { guestPingCmd, snapshotCreateCmd, snapshotDeleteCmd, snapshotRevertCmd } from './commands.js';
import { snapshotDisks, type SnapshotDisk } from './disks.js';

export type SnapshotOp = 'create' | 'revert' | 'delete';

export interface SnapshotTarget {
  op: SnapshotOp;
  vm: string;
  /** create without --name: named from the plan's time (snapshotNameAt). */
  snapshot?: string;
  diskOnly: boolean;
  quiesce: boolean;
}

export interface SnapshotFacts {
  node?: string;
  disks?: SnapshotDisk[];
  snapshots?: VmSnapshot[];
  current?: string;
  /** create --quiesce: does the guest agent answer guest-ping (and if not, what virsh said). */
  agent?: { ok: boolean; reason?: string };
  problems: string[];
}

/** The name virtdeck gives a snapshot created without --name: its UTC time, as sortable text. */
export const snapshotNameAt = (now: number): string => `snap-${new Date(now).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`;

export const snapshotLabel = (t: SnapshotTarget): string => `${t.vm}: ${t.op} snapshot${t.snapshot !== undefined ? ` ${JSON.stringify(t.snapshot)}` : ''}`;

/** Where the VM's snapshots live: its running node, else the one node defining it. */
export function snapshotNode(s: VdState, vm: string): { node: string } | { finding: Finding } {
  const running = nodesRunning(s, vm);
  if (running.length > 1) return { finding: { level: 'error', code: 'vm-duplicate', message: `${vm} is running on ${running.join(' and ')}; resolve that first` } };
  if (running.length === 1) return { node: running[0]! };
  const defined = nodesDefining(s, vm);
  if (defined.length === 1) return { node: defined[0]! };
  if (defined.length === 0) return { finding: { level: 'error', code: 'vm-not-defined', message: `${vm} is not defined on any reachable node` } };
  return {
    finding: { level: 'error', code: 'ambiguous-node', message: `${vm} is shut off and defined on ${defined.join(', ')}: snapshot metadata belongs to one host; start it (or undefine the stale copies) first` },
  };
}

export async function gatherSnapshotFacts(t: SnapshotTarget, ctx: ActionCtx, opts: ActionOptions): Promise<SnapshotFacts> {
  const where = snapshotNode(ctx.store.getState(), t.vm);
  if (!('node' in where) || !isReachable(ctx.store.getState(), where.node)) return { problems: [] };
  const node = where.node;
  const uri = opts.libvirtUri;
  const quiesce = t.op === 'create' && t.quiesce;
  const out: SnapshotFacts = { node, problems: [] };
  try {
    // run, not runBatch: a batch member's stderr is dropped, and virsh's reason is the finding
    const [xml, ping] = await Promise.all([ctx.runner.run(node, dumpxmlCmd(uri, t.vm)), quiesce ? ctx.runner.run(node, guestPingCmd(uri, t.vm)) : undefined]);
    if (xml.code === 0) out.disks = snapshotDisks(xml.stdout);
    else out.problems.push(failure(node, 'virsh dumpxml', xml));
    if (ping) out.agent = ping.code === 0 ? { ok: true } : { ok: false, reason: ping.stderr.trim().split('\n')[0] || `exit ${ping.code}` };
    Object.assign(out, await readSnapshots(ctx.runner, node, uri, t.vm));
  } catch (e) {
    out.problems.push(`${node}: ${errorText(e)}`);
  }
  return out;
}

const failure = (node: string, what: string, r: { code: number | null; stderr: string }) => `${node}: ${what}: exit ${r.code}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''}`;

/** Disk source path → the other VMs (any node) that have it open, from domstats' block paths. */
function diskUsers(s: VdState, vm: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of s.nodeOrder) for (const v of s.nodes[n]?.vms ?? []) if (v.name !== vm) for (const p of v.disks ?? []) out.set(p, [...new Set([...(out.get(p) ?? []), v.name])]);
  return out;
}

/** Pacemaker will not fight a revert: the resource is to stay stopped, or hands off. */
function pacemakerTold(s: VdState, rsc: { targetRole?: string; managed: boolean }): boolean {
  return rsc.targetRole === 'Stopped' || !rsc.managed || !!s.cluster.crm?.summary.maintenanceMode;
}

export function snapshotGuards({ state: s, target: t, facts: f, now, opts }: GuardInput<SnapshotTarget, SnapshotFacts>): Finding[] {
  const out: Finding[] = [...vmResourceFindings(s, t.vm)];
  const where = snapshotNode(s, t.vm);
  if (!('node' in where)) return [...out, where.finding];
  const node = where.node;
  if (!isReachable(s, node)) return [...out, { level: 'error', code: 'node-unreachable', node, message: `${node} (where ${t.vm}'s snapshots are) is unreachable` }];
  out.push(...staleFindings(s, [node], now));
  for (const p of f.problems) out.push({ level: 'error', code: 'snapshot-facts', node, message: p });
  if (f.node !== undefined && f.node !== node) out.push({ level: 'error', code: 'vm-moved', node, message: `${t.vm} is on ${node} now, its snapshots were read on ${f.node}; plan again` });
  if (!f.snapshots || !f.disks) return out;
  const running = nodesRunning(s, t.vm).length > 0;
  const snap = t.snapshot === undefined ? undefined : f.snapshots.find((x) => x.name === t.snapshot);
  if (t.op === 'create') {
    if (snap) out.push({ level: 'error', code: 'snapshot-exists', message: `${t.vm} already has a snapshot ${JSON.stringify(t.snapshot)}` });
    const users = diskUsers(s, t.vm);
    for (const d of f.disks) {
      const also = d.source !== undefined && !d.readonly ? users.get(d.source) : undefined;
      if (d.shareable) out.push({ level: 'error', code: 'disk-shared', message: `${t.vm}'s disk ${d.target} (${d.source ?? 'no source'}) is shareable: other VMs write it, libvirt cannot snapshot it consistently` });
      else if (also) out.push({ level: 'error', code: 'disk-shared', message: `${t.vm}'s disk ${d.target} (${d.source}) is also a disk of ${also.join(', ')}: a snapshot would capture, or fork, their writes` });
      else if (!t.diskOnly && !d.readonly && d.format !== 'qcow2')
        out.push({ level: 'error', code: 'disk-raw', message: `${t.vm}'s disk ${d.target} (${d.source ?? 'no source'}) is ${d.format ?? 'of unknown format'}: internal snapshots need qcow2 (use --disk-only for an external snapshot)` });
    }
    if (t.quiesce && !running) out.push({ level: 'error', code: 'quiesce-not-running', message: `--quiesce needs ${t.vm} running (its guest agent freezes the file systems)` });
    else if (t.quiesce && !f.agent?.ok)
      out.push({ level: 'error', code: 'quiesce-no-agent', message: `--quiesce: ${t.vm}'s guest agent does not answer guest-ping (${f.agent?.reason ?? 'not asked'}); install/start qemu-guest-agent or snapshot without --quiesce` });
    const depth = chainDepth(f.snapshots, f.current);
    const limit = opts.snapshotDepthWarn;
    if (depth > limit)
      out.push({ level: 'warning', code: 'snapshot-chain-deep', message: `the new snapshot would be ${depth} deep (${f.current ?? ''} and ${depth - 2} above it; limit snapshotDepthWarn = ${limit}): long chains slow the disks and every revert/delete` });
    return out;
  }
  if (!snap) {
    out.push({ level: 'error', code: 'snapshot-unknown', message: `${t.vm} has no snapshot ${JSON.stringify(t.snapshot)} (it has: ${f.snapshots.map((x) => JSON.stringify(x.name)).join(', ') || 'none'})` });
    return out;
  }
  const rsc = resourceForVm(s, t.vm);
  if (t.op === 'revert' && rsc && running && !pacemakerTold(s, rsc))
    out.push({
      level: 'error',
      code: 'managed-running',
      message: `${t.vm} is running as Pacemaker resource ${rsc.id}: tell Pacemaker first (\`virtdeck vm stop ${t.vm}\` for target-role Stopped, or \`virtdeck resource maintenance on ${rsc.id}\`), or it recovers the VM mid-revert`,
    });
  else if (t.op === 'revert' && rsc && rsc.managed && rsc.targetRole === 'Stopped' && !s.cluster.crm?.summary.maintenanceMode && snap.state !== 'shutoff' && snap.state !== 'disk-snapshot')
    out.push({ level: 'warning', code: 'revert-starts-stopped', message: `snapshot ${JSON.stringify(snap.name)} was taken ${snap.state}: the revert starts ${t.vm}, and Pacemaker (target-role Stopped) stops it again` });
  return out;
}

export function snapshotPlan({ state: s, target: t, facts: f, now, opts }: GuardInput<SnapshotTarget, SnapshotFacts>): PlanBody {
  const where = snapshotNode(s, t.vm);
  const node = 'node' in where ? where.node : (f.node ?? '?');
  const uri = opts.libvirtUri;
  const name = t.snapshot ?? snapshotNameAt(now);
  const running = nodesRunning(s, t.vm).length > 0;
  const snaps = f.snapshots ?? [];
  const steps: PlanStep[] = [];
  const summary: string[] = [];
  if (t.op === 'create') {
    steps.push({ kind: 'cmd', node, cmd: snapshotCreateCmd(uri, t.vm, name, t), purpose: `create snapshot ${JSON.stringify(name)} of ${t.vm}` });
    summary.push(
      t.diskOnly
        ? `External disk-only snapshot: libvirt puts a new qcow2 overlay on each disk (${(f.disks ?? []).map((d) => d.target).join(', ') || 'none read'}); no memory state.`
        : `Internal snapshot inside the qcow2 images${running ? ', with the memory state (the VM pauses while it is written)' : ' (disks only: the VM is shut off)'}.`,
    );
    if (t.quiesce) summary.push('The guest agent freezes the file systems while the overlays are made.');
    summary.push(`Parent: ${f.current !== undefined ? JSON.stringify(f.current) : 'none (a new root)'}; depth ${chainDepth(snaps, f.current)}.`);
  } else if (t.op === 'revert') {
    const snap = snaps.find((x) => x.name === name);
    steps.push({ kind: 'cmd', node, cmd: snapshotRevertCmd(uri, t.vm, name), purpose: `revert ${t.vm} to ${JSON.stringify(name)}` });
    summary.push(`${t.vm} returns to ${JSON.stringify(name)}${snap ? ` (${snap.created}, ${snap.state})` : ''}: everything written since is lost.`);
    const rsc = resourceForVm(s, t.vm);
    if (rsc) {
      steps.push({ kind: 'cmd', node, cmd: cleanupCmd('refresh', rsc.id, node), purpose: `re-probe ${rsc.id} on ${node}: Pacemaker learns the state the revert left` });
      summary.push(`Pacemaker resource ${rsc.id} is re-probed afterwards.`);
    }
  } else {
    const snap = snaps.find((x) => x.name === name);
    steps.push({ kind: 'cmd', node, cmd: snapshotDeleteCmd(uri, t.vm, name), purpose: `delete snapshot ${JSON.stringify(name)} of ${t.vm}` });
    if (snap?.children) summary.push(`Its ${snap.children} child snapshot(s) move under ${snap.parent !== undefined ? JSON.stringify(snap.parent) : 'the root'}.`);
    if (snap?.current) summary.push(`It is the current snapshot: ${snap.parent !== undefined ? JSON.stringify(snap.parent) : 'none'} becomes current.`);
  }
  summary.push(`Runs on ${node}, where ${t.vm}'s snapshot metadata is.`);
  return { steps, summary };
}
