/** @jsxRuntime automatic */
// O in a list opens a column picker (htop's F6); the config's column choice shows in the table.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KEY, renderApp } from '../../test/support/ui/render.js';
import { applySortPick, sortChoices } from './components/SortPicker.js';
import { VM_COLUMNS } from './panes/vms/rows.js';

afterEach(() => cleanup());
const lines = (f: string) => f.split('\n');

describe('sort column picker', () => {
  it('O lists the columns; Enter sorts by the picked one; the same again reverses; Esc leaves it', async () => {
    const a = renderApp({ columns: 160, rows: 40 });
    await a.type(':', 'v', 'm', 's', KEY.enter, 'O');
    let f = a.frame();
    expect(f).toContain('Sort by');
    expect(f).toMatch(/› \(natural order\) ▲ current/);
    expect(f).toContain('DISK LAT');
    // VM is the first column: one down
    await a.type('j', KEY.enter);
    f = a.frame();
    expect(f).not.toContain('Sort by (');
    expect(f).toContain('sort VM↑');
    const first = () => lines(a.frame()).find((l) => l.startsWith('›'))!;
    expect(first()).toMatch(/app1/);
    // the picker opens on the current column: Enter reverses it
    await a.type('O');
    expect(a.frame()).toMatch(/› VM ▲ current/);
    await a.type(KEY.enter);
    expect(a.frame()).toContain('sort VM↓');
    expect(first()).toMatch(/web2/);
    // Esc: nothing changes
    await a.type('O', 'j', 'j', KEY.esc);
    expect(a.frame()).toContain('sort VM↓');
    expect(a.frame()).not.toContain('Sort by (');
  });

  it('offers the configured columns in the configured order, and the table shows only those', async () => {
    const a = renderApp({ columns: 160, rows: 40, views: { vms: { columns: ['NODE', 'VM', 'CPU'] } } });
    await a.type(':', 'v', 'm', 's', KEY.enter);
    const header = lines(a.frame()).find((l) => l.includes('NODE') && l.includes('CPU'))!;
    expect(header).toMatch(/^\s+NODE\s+VM\s+CPU\s*$/);
    expect(header).not.toContain('STATE');
    await a.type('O');
    const picker = lines(a.frame()).filter((l) => /^[› ] \S/.test(l)).map((l) => l.slice(2).replace(/ ▲ current$/, ''));
    expect(picker).toEqual(['(natural order)', 'NODE', 'VM', 'CPU']);
  });

  it('applySortPick: natural order clears the column, the current one reverses, another sorts up', () => {
    expect(applySortPick({ sortCol: 2, sortRev: true }, undefined)).toEqual({ sortRev: false });
    expect(applySortPick({ sortCol: 2, sortRev: false }, 2)).toEqual({ sortCol: 2, sortRev: true });
    expect(applySortPick({ sortCol: 2, sortRev: true }, 3)).toEqual({ sortCol: 3, sortRev: false });
    expect(sortChoices(VM_COLUMNS, [2, 0])).toEqual([undefined, 2, 0]);
  });
});

describe('s cycles the shown columns only', () => {
  it('with configured columns, s goes through them in their order, then back to natural order', async () => {
    const a = renderApp({ columns: 160, rows: 40, views: { vms: { columns: ['NODE', 'CPU'] } } });
    await a.type(':', 'v', 'm', 's', KEY.enter, 's');
    expect(a.frame()).toContain('sort NODE↑');
    await a.type('s');
    expect(a.frame()).toContain('sort CPU↑');
    await a.type('s');
    expect(lines(a.frame())[2]!.trim()).toBe('VMs [1-21/21]');
  });
});
