// `virtdeck vm snapshot list VM`: a read (no plan, no audit): the VM's snapshot tree with
// creation time, state and the current one, from the node where the VM's snapshots are.
import { readSnapshots } from '../../collectors/virsh/snapshot-read.js';
import { formatSnapshotTree, type VmSnapshot } from '../../collectors/virsh/snapshots.js';
import { actionOptions } from '../engine.js';
import { isReachable } from '../state.js';
import { UsageError, type ActionCtx } from '../types.js';
import { domainName } from '../../model/names.js';
import { errorText } from '../error-text.js';
import { snapshotNode } from './snapshot.js';

export const SNAPSHOT_LIST_USAGE = 'usage: vm snapshot list VM';

export async function listSnapshots(ctx: ActionCtx, vm: string): Promise<{ node: string; snapshots: VmSnapshot[] }> {
  const s = ctx.store.getState();
  const where = snapshotNode(s, vm);
  if (!('node' in where)) throw new Error(where.finding.message);
  if (!isReachable(s, where.node)) throw new Error(`${where.node} (where ${vm}'s snapshots are) is unreachable`);
  const r = await readSnapshots(ctx.runner, where.node, actionOptions(ctx).libvirtUri, vm);
  return { node: where.node, snapshots: r.snapshots };
}

/** argv after `vm snapshot list`. Exit 0, 1 when the snapshots could not be read, 2 on usage. */
export async function runSnapshotList(args: readonly string[], ctx: ActionCtx, out: (l: string) => void, err: (l: string) => void): Promise<number> {
  const words = args;
  if (words.length !== 1 || words[0]!.startsWith('--')) throw new UsageError(SNAPSHOT_LIST_USAGE);
  const vm = words[0]!;
  try {
    domainName(vm);
  } catch (e) {
    throw new UsageError(`${errorText(e)}\n${SNAPSHOT_LIST_USAGE}`);
  }
  try {
    const { node, snapshots } = await listSnapshots(ctx, vm);
    [...formatSnapshotTree(vm, snapshots), `(on ${node})`].forEach((l) => out(l));
    return 0;
  } catch (e) {
    err(`error: ${errorText(e)}`);
    return 1;
  }
}
