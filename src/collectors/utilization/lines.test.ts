import { describe, expect, it } from 'vitest';
import { cluster, NOW } from '../../../test/support/actions/state.js';
import { nodeDetailLines, vmDetailLines } from '../../ui/panes/detail/lines.js';

const withUtil = (placementStrategy: string, lastOk = NOW - 1_000) => {
  const s = cluster();
  s.cluster.utilization = { nodes: { n1: { cpu: 32, hvMemory: 262144 } }, resources: { 'vm-web1': { cpu: 2, hvMemory: 4096 }, 'vm-db1': { cpu: 4 } }, placementStrategy };
  s.cluster.fresh.utilization = { lastOk, lastAttempt: lastOk, intervalMs: 30_000 };
  return s;
};
const line = (ls: { text: string; tone?: string }[]) => ls.find((l) => l.text.trim().startsWith('utilization'));

describe('utilization in the detail panes', () => {
  it('node: capacity and placement-strategy, with the age of the read', () => {
    expect(line(nodeDetailLines(withUtil('balanced'), 'n1', NOW))).toEqual({ text: '  utilization    cpu 32 · hv_memory 262144 MiB (placement-strategy balanced) 1s' });
    expect(line(nodeDetailLines(withUtil('balanced'), 'n2', NOW))).toMatchObject({ text: expect.stringContaining('none set'), tone: 'warn' });
  });
  it('VM: beside its vCPUs and memory; a gap is a warning only when the strategy uses utilization', () => {
    expect(line(vmDetailLines(withUtil('balanced'), 'web1@n1', NOW))).toEqual({ text: '  utilization    cpu 2 · hv_memory 4096 MiB (matches the VM) 1s' });
    expect(line(vmDetailLines(withUtil('balanced'), 'db1@n2', NOW))).toEqual({ text: '  utilization    cpu 4 — cpu 4 ≠ 8 vCPUs, no hv_memory 1s', tone: 'warn' });
    expect(line(vmDetailLines(withUtil('default'), 'db1@n2', NOW))?.tone).toBeUndefined();
    expect(line(vmDetailLines(withUtil('balanced', NOW - 600_000), 'web1@n1', NOW))).toMatchObject({ tone: 'stale', text: expect.stringMatching(/stale/) });
    expect(line(vmDetailLines(cluster(), 'web1@n1', NOW))).toBeUndefined();
  });
});
