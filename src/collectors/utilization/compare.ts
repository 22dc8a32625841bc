// A VM resource's utilization against the VM's real size (vCPUs; memory in MiB as hv_memory is
// set by the VirtualDomain guides). Pure: the detail panes, `cluster validate` and `vm
// utilization` read the same answer.
import type { Utilization } from './parse.js';

export interface UtilizationGap {
  /** Attributes the resource lacks. */
  missing: ('cpu' | 'hv_memory')[];
  /** "cpu 2 ≠ 4 vCPUs" lines. */
  differs: string[];
}

export const memoryMiB = (memoryKb: number): number => Math.round(memoryKb / 1024);

export function utilizationGap(u: Utilization | undefined, vcpus: number | undefined, memoryKb: number | undefined): UtilizationGap {
  const out: UtilizationGap = { missing: [], differs: [] };
  if (u?.cpu === undefined) out.missing.push('cpu');
  else if (vcpus !== undefined && u.cpu !== vcpus) out.differs.push(`cpu ${u.cpu} ≠ ${vcpus} vCPUs`);
  if (u?.hvMemory === undefined) out.missing.push('hv_memory');
  else if (memoryKb !== undefined && u.hvMemory !== memoryMiB(memoryKb)) out.differs.push(`hv_memory ${u.hvMemory} ≠ ${memoryMiB(memoryKb)} MiB`);
  return out;
}
