// The human title of each action (the action definitions' `title`), for a dialog shown before the
// plan exists (the migrate destination picker). The UI does not load src/actions for this; a test
// keeps both lists equal.
import type { ActionKind } from './plan.js';

export const ACTION_TITLES: Record<ActionKind, string> = {
  'node.standby': 'Node standby',
  'node.online': 'Node online',
  'node.evacuate': 'Evacuate node',
  'vm.migrate': 'Migrate VM',
  'vm.start': 'Start VM',
  'vm.stop': 'Stop VM',
  'vm.create': 'Create VM',
  'fence.check': 'Fence check',
  'fence.node': 'Fence node',
  'cluster.validate': 'Validate cluster',
  'cluster.balance': 'Balance cluster',
  'cluster.maintenance': 'Cluster maintenance',
  'node.maintenance': 'Node maintenance',
  'resource.cleanup': 'Resource cleanup',
  'resource.refresh': 'Resource refresh',
  'resource.maintenance': 'Resource maintenance',
  'resource.move': 'Move resource',
  'resource.ban': 'Ban resource',
  'resource.clear': 'Clear resource constraints',
  'resource.start': 'Start resource',
  'resource.stop': 'Stop resource',
};
