import { describe, expect, it } from 'vitest';
import { cluster } from '../../../test/support/actions/state.js';
import { validateReport, type ValidateFacts } from './guards.js';

const facts = (sizes: ValidateFacts['sizes']): ValidateFacts => ({ digests: {}, guests: {}, cliConstraints: [], errors: [], ...(sizes ? { sizes } : {}) });
const GiB = 1024 * 1024;
const util = (placementStrategy: string) => {
  const s = cluster();
  s.cluster.utilization = { nodes: {}, resources: { 'vm-web1': { cpu: 2, hvMemory: 4096 }, 'vm-db1': { cpu: 4 } }, placementStrategy };
  return s;
};
const lines = (r: { subject: string; message: string; level: string }[]) => r.filter((l) => /utilization/.test(l.message)).map((l) => `${l.level} ${l.subject}: ${l.message}`);

describe('cluster validate: utilization against the domain XML', () => {
  it('placement-strategy balanced: a missing attribute and a disagreement are warnings; a match says nothing', () => {
    const r = validateReport(util('balanced'), facts({ web1: { vcpus: 2, memoryKb: 4 * GiB }, db1: { vcpus: 8, memoryKb: 16 * GiB } }));
    expect(lines(r)).toEqual([
      'warning db1: vm-db1 has no utilization hv_memory but placement-strategy is balanced: Pacemaker counts it as needing none (virtdeck vm utilization db1)',
      "warning db1: vm-db1's utilization disagrees with its domain XML: cpu 4 ≠ 8 vCPUs (virtdeck vm utilization db1)",
    ]);
  });
  it("placement-strategy default ignores utilization: no warning", () => {
    expect(lines(validateReport(util('default'), facts({ db1: { vcpus: 8, memoryKb: 16 * GiB } })))).toEqual([]);
  });
});
