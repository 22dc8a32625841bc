import { describe, expect, it } from 'vitest';
import type { ActionProgress } from '../../../store/types.js';
import { INTERRUPTED_PREFIX, jobRows } from './rows.js';

const job = (over: Partial<ActionProgress>): ActionProgress => ({ id: 'p1', title: 'Node standby kvm-n1', status: 'done', lines: [], startedAt: 1_000, ...over });

describe(':jobs rows', () => {
  it('running first, then finished newest first; step, latest line or result, audit id only when audited', () => {
    const rows = jobRows([
      job({ id: 'old', startedAt: 1_000, result: 'done: kvm-n1 is in standby', audited: true, step: { at: 2, of: 2 } }),
      job({ id: 'probe', title: 'Fence check', startedAt: 2_000, status: 'failed', result: 'failed: 1 of 3 probe result(s) need attention' }),
      job({ id: 'run', title: 'Migrate VM web1 → kvm-n2', startedAt: 500, status: 'running', audited: true, step: { at: 1, of: 3 }, lines: ['[1/3] kvm-n1: move', '  web1: live migration in progress, 40%'] }),
    ]);
    expect(rows.map((r) => r.id)).toEqual(['run', 'probe', 'old']);
    expect(rows[0]!.cells.slice(1)).toEqual(['Migrate VM web1 → kvm-n2', '⟳ running', '1/3', 'web1: live migration in progress, 40%', 'run']);
    expect(rows[1]!.cells[5]).toBe(''); // read-only probes write no audit records
    expect(rows[2]!.cells.slice(3)).toEqual(['2/2', 'done: kvm-n1 is in standby', 'old']);
  });

  it("an earlier run's unfinished action is an interrupted row with the steps that ran", () => {
    const [row] = jobRows([], [{ id: 'p-old', summary: 'interrupted: node.standby kvm-n1 …', detail: [], title: 'node.standby kvm-n1', when: '2026-12-07T10:00:00.000Z', ran: 1, steps: 2 }]);
    expect(row!.id).toBe(`${INTERRUPTED_PREFIX}p-old`);
    expect(row!.cells.slice(1)).toEqual(['node.standby kvm-n1', '⚠ interrupted', '1/2', 'interrupted: node.standby kvm-n1 …', 'p-old']);
  });
});
