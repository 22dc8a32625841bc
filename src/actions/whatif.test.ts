import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTransitionSummary } from './whatif.js';

const fx = (n: string) => readFileSync(new URL(`./fixtures/${n}`, import.meta.url), 'utf8');

describe('parseTransitionSummary (real crm_simulate 2.1.5 output)', () => {
  it('standby: live migration and a move', () => {
    expect(parseTransitionSummary(fx('crm_simulate-standby.txt'))).toEqual([
      { resource: 'vm-web1', action: 'Migrate', from: 'node1', to: 'node2' },
      { resource: 'vm-db1', action: 'Move', from: 'node1', to: 'node3' },
    ]);
  });
  it('move constraint', () => {
    expect(parseTransitionSummary(fx('crm_simulate-move.txt'))).toEqual([{ resource: 'vm-web1', action: 'Migrate', from: 'node1', to: 'node2' }]);
  });
  it('stop keeps the reason', () => {
    expect(parseTransitionSummary(fx('crm_simulate-stop.txt'))).toEqual([
      { resource: 'vm-db1', action: 'Stop', from: 'node1', note: 'due to node availability' },
    ]);
  });
  it('start', () => {
    expect(parseTransitionSummary(fx('crm_simulate-start.txt'))).toEqual([{ resource: 'vm-db1', action: 'Start', to: 'node1' }]);
  });
  it('empty summary and missing section', () => {
    expect(parseTransitionSummary('Transition Summary:\n\nExecuting Cluster Transition:\n')).toEqual([]);
    expect(() => parseTransitionSummary('garbage')).toThrow(/Transition Summary/);
  });
});
