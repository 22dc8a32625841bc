// The reads of a VM's snapshots, read on demand (not a polled source): the action's gather,
// `vm snapshot list` and the TUI's VM detail. Domain names go through --domain so a name such
// as "--current" is never read as an option; read-only connection, C.UTF-8 like every virsh read.
import { domainName } from '../../model/names.js';
import { cmd, type Cmd } from '../../ssh/cmd.js';
import type { Runner } from '../../ssh/runner.js';
import { VIRSH_ENV } from './command.js';
import { parseSnapshotCurrent, parseSnapshotList, snapshotTree, type VmSnapshot } from './snapshots.js';

const virsh = (uri: string, ...args: string[]) => cmd('virsh', '-c', uri, ...args).env(VIRSH_ENV);

export const snapshotListCmd = (uri: string, vm: string): Cmd => virsh(uri, '-r', 'snapshot-list', '--domain', domainName(vm), '--parent').done();
export const snapshotTreeCmd = (uri: string, vm: string): Cmd => virsh(uri, '-r', 'snapshot-list', '--domain', domainName(vm), '--tree').done();
export const snapshotCurrentCmd = (uri: string, vm: string): Cmd => virsh(uri, '-r', 'snapshot-current', '--domain', domainName(vm), '--name').done();

/** The VM's snapshot tree and current snapshot on `node`: two reads, each with its own stderr
 *  (not a batch: "has no current snapshot" is told apart from a failure by it). Throws when
 *  virsh fails. The action's gather, `vm snapshot list` and the TUI's VM detail use it. */
export async function readSnapshots(runner: Runner, node: string, uri: string, vm: string): Promise<{ snapshots: VmSnapshot[]; current?: string }> {
  const [list, current] = await Promise.all([runner.run(node, snapshotListCmd(uri, vm)), runner.run(node, snapshotCurrentCmd(uri, vm))]);
  if (list.code !== 0) throw new Error(`${node}: virsh snapshot-list: exit ${list.code}${list.stderr.trim() ? `: ${list.stderr.trim().split('\n')[0]}` : ''}`);
  const cur = parseSnapshotCurrent(current);
  return { snapshots: snapshotTree(parseSnapshotList(list.stdout), cur), ...(cur !== undefined ? { current: cur } : {}) };
}
