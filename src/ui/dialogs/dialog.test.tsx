/** @jsxRuntime automatic */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import chalk from 'chalk';
import { collapseProgress, formLines } from './ActionDialog.js';
import { createForm, fenceForm, typeChar } from './form.js';
import { fixtureState } from '../../../test/support/store/test-fixtures.js';
import { KEY, renderApp, waitFor } from '../../../test/support/ui/render.js';
import type { ActionPlanView, ActionRequest } from './plan.js';

afterEach(() => cleanup());

describe('progress lines', () => {
  it('consecutive status lines of one subject collapse to the latest; steps and other subjects stay', () => {
    const lines = ['[1/3] kvm-n2: move', '  db02: job 5%', '  db02: job 40%', '  db02: job 90%', '[2/3] kvm-n2: clear', '  web1: job 1%', 'db02: top level', 'done: db02 runs on kvm-n3'];
    expect(collapseProgress(lines)).toEqual(['[1/3] kvm-n2: move', '  db02: job 90%', '[2/3] kvm-n2: clear', '  web1: job 1%', 'db02: top level', 'done: db02 runs on kvm-n3']);
  });
});

describe('form lines', () => {
  it('marks the focused field, shows choices as ‹ value ›, puts the error under its field', () => {
    const f = { ...typeChar(createForm(fixtureState(), 'kvm-n2'), 'x'), error: { field: 'name', message: 'invalid VM name "x"' } };
    const text = formLines(f).map((l) => l.text);
    const at = text.findIndex((t) => t.startsWith('› Name'));
    expect(text[at]).toBe('› Name        x');
    expect(text[at + 1]).toBe('    ✖ invalid VM name "x"');
    expect(text).toContain('  Profile     ‹ generic ›');
    expect(formLines(f).find((l) => l.text.startsWith('› Name'))).toMatchObject({ cursor: true, tone: 'accent' });
    const g = { ...fenceForm('kvm-n3'), error: { message: 'the whole form' } };
    expect(formLines(g).map((l) => l.text).slice(-1)).toEqual(['✖ the whole form']);
    for (const l of formLines(g)) expect([...l.text].length, l.text).toBeLessThanOrEqual(76);
  });
});

describe('the form on screen', () => {
  const planAction = async (req: ActionRequest): Promise<ActionPlanView> => ({ title: `plan for ${req.kind}`, target: 'x', findings: [], steps: [], destructive: false, onConfirm: async () => {} });

  it('no colour: the cursor is "_" and there is no escape code; 80×24 and 200×60 fit', async () => {
    for (const [columns, rows] of [[80, 24], [200, 60]] as const) {
      const a = renderApp({ planAction, columns, rows, color: false });
      await a.type(':', 'v', 'm', 's', KEY.enter, 'n', 'w', 'e', 'b');
      const f = a.frame();
      expect(f).not.toMatch(/\x1b\[/);
      expect(f).toMatch(/› Name\s+web_/);
      expect(f).toContain('[Enter] check and plan');
      expect(f.split('\n').length).toBeLessThanOrEqual(rows - 1);
      for (const l of f.split('\n')) expect([...l].length).toBeLessThanOrEqual(columns);
      cleanup();
    }
  });

  it('colour: the cursor is an inverse cell', async () => {
    const level = chalk.level;
    chalk.level = 1;
    try {
      const a = renderApp({ planAction, columns: 120, rows: 40, color: true });
      await a.type(':', 'v', 'm', 's', KEY.enter, 'n', 'w');
      expect(a.frame()).toContain('\x1b[7m \x1b[27m');
      expect(a.frame()).not.toMatch(/web_|w_/);
    } finally {
      chalk.level = level;
    }
  });
});

describe('a long plan while reviewing', () => {
  const steps = Array.from({ length: 30 }, (_, i) => ({ node: 'kvm-n1', display: `step command ${i + 1}` }));
  const planAction = async (): Promise<ActionPlanView> => ({ title: 'Validate cluster', target: 'cluster', findings: [], steps, whatIf: ['crm_simulate on kvm-n1:', '  no resource changes'], destructive: false, onConfirm: async () => {} });

  it('scrolls with ↓/↑ and PgDn/PgUp at 80×24 so every command and the what-if can be read, clamped at both ends', async () => {
    const a = renderApp({ planAction, columns: 80, rows: 24, color: false });
    await a.type('V');
    await waitFor(a.frame, (f) => f.includes('step command 1'), 3000, 'the plan');
    expect(a.frame()).not.toContain('no resource changes');
    expect(a.frame()).toMatch(/lines 1-\d+ of 36, \d+ more below {2}↑\/↓ PgUp\/PgDn scroll/);
    await a.type(KEY.pgdn, KEY.pgdn, KEY.pgdn, KEY.down, KEY.down);
    expect(a.frame()).toContain('  no resource changes');
    expect(a.frame()).not.toContain('more below');
    expect(a.frame()).not.toContain('step command 1 ');
    // clamped: one ↑ after overscrolling moves the view at once
    const bottom = a.frame();
    await a.type(KEY.up);
    expect(a.frame()).not.toBe(bottom);
    await a.type(KEY.pgup, KEY.pgup, KEY.pgup, KEY.pgup);
    expect(a.frame()).toContain('1. [kvm-n1] step command 1');
  });
});
