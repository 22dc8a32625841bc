// `virtdeck vm snapshot create|revert|delete VM [NAME] [--name NAME] [--disk-only] [--quiesce]`
// and `T` in :vms (create, named from the time): one declaration. `vm snapshot list VM` is a read
// (list.ts), answered before the action path. Revert and delete ask for the typed VM name.
import { snapshotName } from '../../collectors/virsh/snapshots.js';
import { cleanupCmd } from '../resource-cleanup/commands.js';
import { defineAction } from '../define.js';
import { fieldError, need, str, type ActionValues } from '../grammar.js';
import { errorText } from '../error-text.js';
import { gatherSnapshotFacts, snapshotGuards, snapshotLabel, snapshotPlan, type SnapshotOp, type SnapshotTarget } from './snapshot.js';

export const SNAPSHOT_OPS = ['create', 'revert', 'delete', 'list'] as const;

function checkedName(field: string, v: string): string {
  try {
    return snapshotName(v);
  } catch (e) {
    throw fieldError(field, errorText(e));
  }
}

function target(v: ActionValues): SnapshotTarget {
  const op = need(v, 'op', 'create|revert|delete');
  const vm = need(v, 'vm', 'VM');
  const positional = str(v, 'snapshot');
  const named = str(v, 'name');
  const diskOnly = v['diskOnly'] === true;
  const quiesce = v['quiesce'] === true;
  if (op === 'list') throw fieldError('op', '`vm snapshot list VM` is a read, not an action');
  if (op === 'create') {
    if (positional !== undefined) throw fieldError('snapshot', 'create takes its name as --name NAME');
    if (quiesce && !diskOnly) throw fieldError('quiesce', '--quiesce needs --disk-only (libvirt freezes the guest only for external disk snapshots)');
    return { op, vm, ...(named !== undefined ? { snapshot: checkedName('name', named) } : {}), diskOnly, quiesce };
  }
  if (named !== undefined || diskOnly || quiesce) throw fieldError(named !== undefined ? 'name' : diskOnly ? 'diskOnly' : 'quiesce', `${op} takes the snapshot's NAME after the VM, and no --name/--disk-only/--quiesce`);
  if (positional === undefined) throw fieldError('snapshot', `${op} needs the snapshot's NAME`);
  return { op: op as SnapshotOp, vm, snapshot: checkedName('snapshot', positional), diskOnly: false, quiesce: false };
}

export const snapshotAction = defineAction({
  title: 'VM snapshot',
  summary: 'Create (internal, or external --disk-only), revert to, or delete a snapshot of the VM, with virsh on the node where it runs; refused on raw or shareable disks, and reverting a running cluster VM before Pacemaker is told.',
  cli: {
    group: 'vm',
    verb: 'snapshot',
    args: [
      { name: 'op', meta: 'create|revert|delete|list', type: 'text', choices: SNAPSHOT_OPS },
      { name: 'vm', meta: 'VM', type: 'vm' },
      { name: 'snapshot', meta: 'NAME', type: 'text', optional: true, help: 'revert, delete: the snapshot' },
    ],
    options: [
      { name: 'name', flag: '--name', meta: 'NAME', help: "create: the new snapshot's name (default snap-YYYYMMDD-HHMMSS, UTC)" },
      { name: 'diskOnly', flag: '--disk-only', help: 'create: external snapshot, a qcow2 overlay per disk, no memory state' },
      { name: 'quiesce', flag: '--quiesce', help: 'create --disk-only: freeze the guest file systems first (needs the guest agent)' },
    ],
  },
  ui: {
    bindings: [{ scope: 'vms', key: 'T', desc: 'Take a snapshot of the VM (internal, named from the time)', hint: 'snap' }],
    takes: 'rows',
    values: (row) => ({ op: 'create', vm: row?.name }),
  },
  target,
  destructive: true,
  // a revert loses what was written since, a delete loses the snapshot; a create loses nothing
  destructiveFor: (t: SnapshotTarget) => t.op !== 'create',
  mutates: true,
  targetLabel: snapshotLabel,
  confirmWords: (t: SnapshotTarget) => [t.vm],
  gather: gatherSnapshotFacts,
  guards: snapshotGuards,
  plan: snapshotPlan,
  // virsh runs as the operator (libvirt group); the one root command: the re-probe after a revert of a cluster VM.
  sudo: (p) => [cleanupCmd('refresh', p.resource, p.node)],
});
