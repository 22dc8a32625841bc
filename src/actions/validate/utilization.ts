// cluster validate: with a placement-strategy other than 'default' Pacemaker places VMs by their
// utilization; a VM resource without it counts as needing nothing, one whose numbers are not
// its domain XML's (vCPUs vs cpu, memory MiB vs hv_memory) is placed by wrong sizes.
import { utilizationGap } from '../../collectors/utilization/compare.js';
import type { VdState } from '../../store/types.js';
import type { ReportLine } from '../types.js';

export interface VmSize {
  vcpus: number;
  memoryKb: number;
}

export function utilizationReport(s: VdState, vm: string, rsc: string, size: VmSize | undefined): ReportLine[] {
  const u = s.cluster.utilization;
  if (!u || u.placementStrategy === 'default') return [];
  const gap = utilizationGap(u.resources[rsc], size?.vcpus, size?.memoryKb);
  const out: ReportLine[] = [];
  if (gap.missing.length) out.push({ level: 'warning', subject: vm, message: `${rsc} has no utilization ${gap.missing.join(', ')} but placement-strategy is ${u.placementStrategy}: Pacemaker counts it as needing none (virtdeck vm utilization ${vm})` });
  if (gap.differs.length) out.push({ level: 'warning', subject: vm, message: `${rsc}'s utilization disagrees with its domain XML: ${gap.differs.join(', ')} (virtdeck vm utilization ${vm})` });
  return out;
}
