// "The action is refused": the plan is blocked by exactly these error codes, and executing it
// (even with every warning acknowledged) is refused before any command runs.
import { expect } from 'vitest';
import { executePlan } from '../../../src/actions/index.js';
import type { ActionCtx, Plan } from '../../../src/actions/types.js';
import type { FakeRunner } from '../ssh/fake-runner.js';

export const errorCodes = (p: { findings: { code: string; level: string }[] }): string[] => p.findings.filter((f) => f.level === 'error').map((f) => f.code);

export async function expectRefused(plan: Plan, ctx: ActionCtx, runner: FakeRunner, codes: string[]): Promise<void> {
  expect(errorCodes(plan)).toEqual(codes);
  expect(plan.blocked).toBe(true);
  const callsBefore = runner.calls.length;
  const res = await executePlan(plan, ctx, { ackWarnings: true });
  expect(res).toMatchObject({ ok: false, status: 'refused', steps: [] });
  // read-only is refused before the guards are looked at; anything else names the blocking findings
  if (!ctx.store.getState().readonly) expect(res.findings?.map((f) => f.code)).toEqual(codes);
  else expect(res.message).toMatch(/read-only/);
  // refused before the audit intent and the re-check: not one more command
  expect(runner.calls.length).toBe(callsBefore);
  expect(runner.mutations()).toEqual([]);
}
