// VMs view: every domain on every node, joined with its Pacemaker resource.
import type { VdState } from '../../../store/types.js';
import type { VmRuntime } from '../../../model/vm.js';
import type { VmRow } from '../../../store/selectors.js';
import { fmtKb, fmtMs, fmtPct } from '../../format.js';
import type { Column, Row } from '../../table.js';
import { SYM, type Tone } from '../../theme.js';
import { nodeSourceCell } from '../fresh.js';

export const VM_COLUMNS: Column[] = [
  { title: 'VM', width: 10, priority: 0, grow: true },
  { title: 'STATE', width: 11, priority: 0 },
  { title: 'NODE', width: 8, priority: 0 },
  { title: 'RESOURCE', width: 10, priority: 3 },
  { title: 'ROLE', width: 9, priority: 2 },
  { title: 'VCPU', width: 4, priority: 4, align: 'right' },
  { title: 'MEM', width: 5, priority: 4, align: 'right' },
  { title: 'CPU', width: 5, priority: 1, align: 'right' },
  { title: 'DISK LAT', width: 8, priority: 1, align: 'right' },
  { title: 'DISPLAY', width: 22, priority: 6 },
  { title: 'AGE', width: 10, priority: 2 },
];

export const vmRowId = (vm: Pick<VmRuntime, 'name' | 'node'>): string => `${vm.name}@${vm.node}`;

function vmStateText(state: string): { text: string; tone: Tone } {
  if (state === 'running') return { text: `${SYM.ok} running`, tone: 'ok' };
  if (state === 'crashed') return { text: `${SYM.down} crashed`, tone: 'crit' };
  if (state === 'paused' || state === 'in shutdown' || state === 'pmsuspended') return { text: `${SYM.warn} ${state}`, tone: 'warn' };
  return { text: state, tone: 'muted' };
}

/** Rows for the store's allVms(state) (each VM on every node joined with its resource). */
export function vmRows(vms: readonly VmRow[], nodes: VdState['nodes'], now: number, awaitWarnMs = 10): Row[] {
  const cellCache = new Map<string, ReturnType<typeof nodeSourceCell>>();
  return vms.map((vm) => {
    const resource = vm.resource;
    let fc = cellCache.get(vm.node);
    if (!fc) cellCache.set(vm.node, (fc = nodeSourceCell(nodes[vm.node], 'vms', now)));
    const st = vmStateText(vm.state);
    const lat = Math.max(vm.diskReadLatencyMs ?? -1, vm.diskWriteLatencyMs ?? -1);
    const latV = lat < 0 ? undefined : lat;
    const roleHere = resource ? (resource.nodes.includes(vm.node) ? resource.role : resource.nodes.length ? `on ${resource.nodes.join(',')}` : resource.role) : '';
    const tone: Tone = !fc.live ? 'stale' : st.tone === 'crit' ? 'crit' : vm.state === 'shut off' ? 'muted' : 'normal';
    return {
      id: vmRowId(vm),
      cells: [
        vm.name,
        fc.live ? st.text : `${st.text}?`,
        vm.node,
        resource?.id ?? '(unmanaged)',
        roleHere,
        vm.vcpus === undefined ? '-' : String(vm.vcpus),
        fmtKb(vm.memoryKb),
        fmtPct(vm.cpuPct),
        fmtMs(latV),
        vm.display ?? '',
        fc.text,
      ],
      tone,
      cellTones: [undefined, st.tone, undefined, resource ? undefined : 'muted', undefined, undefined, undefined, undefined, latV !== undefined && latV >= awaitWarnMs ? 'warn' : undefined, 'muted', fc.tone],
      sortKeys: [vm.name, vm.state, vm.node, resource?.id, roleHere, vm.vcpus ?? -1, vm.memoryKb ?? -1, vm.cpuPct ?? -1, latV ?? -1, vm.display, 0],
    };
  });
}

/** Ready-to-paste console commands for a VM on `node` (ssh user if known). */
export function consoleCommands(vm: Pick<VmRuntime, 'name' | 'node'>, user?: string): string[] {
  const target = user ? `${user}@${vm.node}` : vm.node;
  return [`virt-viewer -c qemu+ssh://${target}/system ${vm.name}`, `ssh -t ${target} virsh console ${vm.name}`];
}
