/** @jsxRuntime automatic */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import chalk from 'chalk';
import { collapseProgress, formLines } from './ActionDialog.js';
import { createForm, fenceForm, typeChar } from './form.js';
import { fixtureState } from '../../store/test-fixtures.js';
import { KEY, renderApp } from '../test/render.js';
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
