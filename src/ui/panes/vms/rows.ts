// VMs view: every domain on every node, joined with its Pacemaker resource.
import type { VdState } from '../../../store/types.js';
import type { VmRuntime } from '../../../model/vm.js';
import type { VmRow } from '../../../store/selectors.js';
import { fmtKb, fmtMs, fmtPct } from '../../format.js';
import type { Column, Row } from '../../table.js';
import { SYM, type Tone } from '../../theme.js';
import { nodeSourceCell } from '../fresh.js';
import { lostText } from '../../../store/vm-loss.js';
import type { MetricHistory } from '../../../store/history.js';
import { METRICS, TREND_WIDTH, trendCell } from '../trend.js';

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
  // The store's CPU history of the VM (by name: it follows a migration); blank = no data then.
  { title: 'CPU TREND', width: TREND_WIDTH, priority: 3 },
];

export const vmRowId = (vm: Pick<VmRuntime, 'name' | 'node'>): string => `${vm.name}@${vm.node}`;

function vmStateText(state: string): { text: string; tone: Tone } {
  if (state === 'running') return { text: `${SYM.ok} running`, tone: 'ok' };
  if (state === 'crashed') return { text: `${SYM.down} crashed`, tone: 'crit' };
  if (state === 'paused' || state === 'in shutdown' || state === 'pmsuspended') return { text: `${SYM.warn} ${state}`, tone: 'warn' };
  return { text: state, tone: 'muted' };
}

type FreshCell = ReturnType<typeof nodeSourceCell>;

/** What a VM's row shows apart from its node's freshness (which changes every second): one per
 *  VM row object (baseOf), so the per-second age update only swaps two cells. Running VMs get a
 *  new row every poll (their CPU % moves) but only rows on screen, under a filter or a sort are
 *  read: the cells and sort keys are made on first read, the state (for the row's tone) at once. */
class VmBase {
  readonly st: { text: string; tone: Tone };
  readonly off: boolean;
  private made?: { cells: string[]; cellTones: (Tone | undefined)[]; sortKeys: (string | number | undefined)[] };
  private idText?: string;
  /** Its node was fenced after this was read: dead data, shown as such (no "running?"). */
  readonly lost: boolean;
  constructor(
    private readonly vm: VmRow,
    private readonly awaitWarnMs: number,
  ) {
    this.lost = vm.lost !== undefined;
    this.st = vm.lost ? { text: `${SYM.down} ${lostText(vm.lost)}`, tone: 'muted' } : vmStateText(vm.state);
    this.off = vm.state === 'shut off' || this.lost;
  }
  get id(): string {
    return (this.idText ??= vmRowId(this.vm));
  }
  get name(): string {
    return this.vm.name;
  }
  get cells(): string[] {
    return this.make().cells;
  }
  get cellTones(): (Tone | undefined)[] {
    return this.make().cellTones;
  }
  get sortKeys(): (string | number | undefined)[] {
    return this.make().sortKeys;
  }
  private make(): NonNullable<VmBase['made']> {
    if (this.made) return this.made;
    const { vm, st } = this;
    const resource = vm.resource;
    const lat = Math.max(vm.diskReadLatencyMs ?? -1, vm.diskWriteLatencyMs ?? -1);
    const latV = lat < 0 || vm.lost ? undefined : lat; // a lost VM's last figures are history
    const roleHere = resource ? (resource.nodes.includes(vm.node) ? resource.role : resource.nodes.length ? `on ${resource.nodes.join(',')}` : resource.role) : '';
    return (this.made = {
      cells: [vm.name, st.text, vm.node, resource?.id ?? '(unmanaged)', roleHere, vm.vcpus === undefined ? '-' : String(vm.vcpus), fmtKb(vm.memoryKb), fmtPct(vm.lost ? undefined : vm.cpuPct), fmtMs(latV), vm.display ?? '', '', ''],
      cellTones: [undefined, st.tone, undefined, resource ? undefined : 'muted', undefined, undefined, undefined, undefined, latV !== undefined && latV >= this.awaitWarnMs ? 'warn' : undefined, 'muted', undefined, 'info'],
      sortKeys: [vm.name, vm.lost ? 'lost' : vm.state, vm.node, resource?.id, roleHere, vm.vcpus ?? -1, vm.memoryKb ?? -1, vm.cpuPct ?? -1, latV ?? -1, vm.display, 0, vm.lost ? -1 : (vm.cpuPct ?? -1)],
    });
  }
}

/**
 * A VM's row as of one freshness cell. The age cell changes every second for every VM of a node,
 * so these are made for all VMs each second, but only the rows on screen (or under a filter)
 * are ever read: their cells are made on first read. Before, the copied cell arrays of ~1,000
 * rows lived just long enough to be promoted, and were most of what the old generation churned.
 */
class VmTableRow implements Row {
  private made?: { cells: string[]; cellTones: (Tone | undefined)[] };
  readonly tone: Tone;
  constructor(
    private readonly b: VmBase,
    private readonly fc: FreshCell,
    private readonly now: number,
    private readonly history: MetricHistory | undefined,
  ) {
    this.tone = b.lost ? 'muted' : !fc.live ? 'stale' : b.st.tone === 'crit' ? 'crit' : b.off ? 'muted' : 'normal';
  }
  get id(): string {
    return this.b.id;
  }
  get sortKeys(): (string | number | undefined)[] {
    return this.b.sortKeys;
  }
  private make(): { cells: string[]; cellTones: (Tone | undefined)[] } {
    if (this.made) return this.made;
    const { b, fc } = this;
    const cells = b.cells.slice();
    cells[1] = fc.live || b.lost ? b.st.text : `${b.st.text}?`;
    cells[10] = fc.text;
    const cellTones = b.cellTones.slice();
    cellTones[10] = fc.tone;
    // Where it runs only: a shut-off definition elsewhere, or a lost copy, is not its curve.
    if (!b.off) cells[11] = trendCell(this.history, METRICS.vmCpu(b.name), this.now);
    return (this.made = { cells, cellTones });
  }
  get cells(): string[] {
    return this.make().cells;
  }
  get cellTones(): (Tone | undefined)[] {
    return this.make().cellTones;
  }
}

const vmRow = (b: VmBase, fc: FreshCell, now: number, history: MetricHistory | undefined): Row => new VmTableRow(b, fc, now, history);

const sameCell = (a: FreshCell, b: FreshCell): boolean => a.text === b.text && a.tone === b.tone && a.live === b.live;

/** vmBase per row object: rows of VMs that did not change keep their object (vmsByNode). */
const bases = new WeakMap<VmRow, { warn: number; base: VmBase }>();
function baseOf(vm: VmRow, awaitWarnMs: number): VmBase {
  const hit = bases.get(vm);
  if (hit && hit.warn === awaitWarnMs) return hit.base;
  const base = new VmBase(vm, awaitWarnMs);
  bases.set(vm, { warn: awaitWarnMs, base });
  return base;
}

/** Rows for the store's allVms(state) (each VM on every node joined with its resource). */
export function vmRows(vms: readonly VmRow[], nodes: VdState['nodes'], now: number, awaitWarnMs = 10, history?: MetricHistory): Row[] {
  const cellCache = new Map<string, FreshCell>();
  return vms.map((vm) => {
    let fc = cellCache.get(vm.node);
    if (!fc) cellCache.set(vm.node, (fc = nodeSourceCell(nodes[vm.node], 'vms', now)));
    return vmRow(baseOf(vm, awaitWarnMs), fc, now, history);
  });
}

/** The last rows built for one node's VMs and what they were built from. */
const nodeRowsCache = new WeakMap<readonly VmRow[], { fc: FreshCell; warn: number; now: number; history: MetricHistory | undefined; bases: VmBase[]; rows: Row[] }>();

/** vmRows over vmsByNode(state): a node's rows are rebuilt only when its VMs or its freshness cell
 *  changed, so one node's report does not reshape the VMs of every other node. */
export function vmRowsByNode(groups: readonly (readonly VmRow[])[], nodes: VdState['nodes'], now: number, awaitWarnMs = 10, history?: MetricHistory): Row[] {
  const out: Row[] = [];
  for (const g of groups) {
    if (!g.length) continue;
    const fc = nodeSourceCell(nodes[g[0]!.node], 'vms', now);
    let hit = nodeRowsCache.get(g);
    if (!hit || hit.warn !== awaitWarnMs) {
      const made = g.map((vm) => baseOf(vm, awaitWarnMs));
      hit = { fc, warn: awaitWarnMs, now, history, bases: made, rows: made.map((b) => vmRow(b, fc, now, history)) };
      nodeRowsCache.set(g, hit);
    } else if (!sameCell(hit.fc, fc) || hit.now !== now || hit.history !== history) {
      // A new second moves the trend cells too (a stale node's curve turns into a gap).
      const bases = hit.bases;
      hit = { fc, warn: awaitWarnMs, now, history, bases, rows: bases.map((b) => vmRow(b, fc, now, history)) };
      nodeRowsCache.set(g, hit);
    }
    for (const r of hit.rows) out.push(r);
  }
  return out;
}

/** Ready-to-paste console commands for a VM on `node` (ssh user if known). */
export function consoleCommands(vm: Pick<VmRuntime, 'name' | 'node'>, user?: string): string[] {
  const target = user ? `${user}@${vm.node}` : vm.node;
  return [`virt-viewer -c qemu+ssh://${target}/system ${vm.name}`, `ssh -t ${target} virsh console ${vm.name}`];
}
