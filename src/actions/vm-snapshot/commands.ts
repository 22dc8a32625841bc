// The commands of vm snapshot create / revert / delete as argv data (plan, gather, demo tests).
// virsh runs as the operator (libvirt group), in C.UTF-8 like the collectors' reads; names go
// through --domain / --name / --snapshotname so a name such as "--current" is never an option.
import { VIRSH_ENV } from '../../collectors/virsh/command.js';
import { snapshotName } from '../../collectors/virsh/snapshots.js';
import { domainName } from '../../model/names.js';
import { cmd, type Cmd } from '../../ssh/cmd.js';

const virsh = (uri: string, ...args: string[]) => cmd('virsh', '-c', uri, ...args).env(VIRSH_ENV);

export interface CreateMode {
  /** External: a new qcow2 overlay per disk, no memory state. */
  diskOnly: boolean;
  /** Freeze the guest's file systems first (needs the guest agent). */
  quiesce: boolean;
}

/** --atomic: all disks or none. An internal snapshot of a running VM includes its memory. */
export const snapshotCreateCmd = (uri: string, vm: string, name: string, m: CreateMode): Cmd =>
  virsh(uri, 'snapshot-create-as', '--domain', domainName(vm), '--name', snapshotName(name), '--atomic')
    .argIf(m.diskOnly, '--disk-only')
    .argIf(m.quiesce, '--quiesce')
    .mutating()
    .timeout(10 * 60_000)
    .done();

export const snapshotRevertCmd = (uri: string, vm: string, name: string): Cmd =>
  virsh(uri, 'snapshot-revert', '--domain', domainName(vm), '--snapshotname', snapshotName(name)).mutating().timeout(10 * 60_000).done();

/** Children of a deleted snapshot are re-parented to its parent (virsh's default). */
export const snapshotDeleteCmd = (uri: string, vm: string, name: string): Cmd =>
  virsh(uri, 'snapshot-delete', '--domain', domainName(vm), '--snapshotname', snapshotName(name)).mutating().timeout(10 * 60_000).done();

/** Does the guest agent answer? (needed for --quiesce). Read-only for the guest; not -r: libvirt
 *  refuses agent commands on a read-only connection. */
export const guestPingCmd = (uri: string, vm: string): Cmd =>
  virsh(uri, 'qemu-agent-command', '--domain', domainName(vm), '{"execute":"guest-ping"}').timeout(15_000).done();
