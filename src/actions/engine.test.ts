import { describe, expect, it } from 'vitest';
import { executePlanWith, preparePlanWith } from './engine.js';
import { testCtx } from '../../test/support/actions/ctx.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { cluster } from '../../test/support/actions/state.js';
import type { EngineDef } from './types.js';

const def = (plan: EngineDef<Record<string, never>, undefined>['plan']): EngineDef<Record<string, never>, undefined> => ({
  id: 'test.action',
  title: 'Test action',
  destructive: false,
  mutates: true,
  targetLabel: () => 'x',
  guards: () => [],
  plan,
});

describe('engine', () => {
  it('a plan that cannot be built is a blocking finding (no-plan) and is refused', async () => {
    const r = new FakeRunner({ ordered: true });
    const { ctx } = testCtx(cluster(), r);
    const d = def(() => {
      throw new Error('no healthy node to run crm_resource on');
    });
    const p = await preparePlanWith(d, {}, ctx);
    expect(p.findings).toEqual([{ level: 'error', code: 'no-plan', message: 'no healthy node to run crm_resource on' }]);
    expect(p.blocked).toBe(true);
    expect(await executePlanWith(d, p, ctx, { ackWarnings: true })).toMatchObject({ ok: false, status: 'refused', findings: [{ code: 'no-plan' }] });
    expect(r.calls).toEqual([]);
  });
});
