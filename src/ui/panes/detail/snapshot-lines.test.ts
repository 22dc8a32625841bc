import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSnapshotList, snapshotTree } from '../../../collectors/virsh/snapshots.js';
import { fixtureState } from '../../../../test/support/store/test-fixtures.js';
import { vmDetailLines } from './lines.js';
import { snapshotLines } from './snapshot-lines.js';

const TREE = readFileSync(join(__dirname, '../../../collectors/virsh/fixtures/snapshot-list-parent.txt'), 'utf8');

describe('VM detail: Snapshots section', () => {
  it('the tree indented, creation time, state, the current one marked; then the keys', () => {
    const lines = snapshotLines('web1', { snapshots: snapshotTree(parseSnapshotList(TREE), '--current') });
    expect(lines.map((l) => l.text)).toEqual([
      'Snapshots (6)',
      '  base             2026-12-07 14:50:51 +0000  running',
      "    meta;&|$x 'q'  2026-12-07 14:50:51 +0000  running",
      '      --current    2026-12-07 14:50:51 +0000  running  (current)',
      '    with space     2026-12-07 14:50:51 +0000  running',
      '      ünï €        2026-12-07 14:50:51 +0000  running',
      '        deep 3     2026-12-07 14:50:51 +0000  running',
      '  T: take a snapshot; revert/delete: virtdeck vm snapshot revert|delete web1 NAME',
    ]);
    expect(lines[3]!.tone).toBe('info');
  });

  it('a session whose actions are refused says why instead of offering T (wrapped to the screen)', () => {
    const why = 'read from Prometheus (details over SSH on demand): actions run from the live SSH console (L in :fleet, :ctx with its context, or virtdeck without --prometheus)';
    const text = snapshotLines('web1', { snapshots: [] }, Date.now(), 80, why).map((l) => l.text);
    expect(text.join('\n')).not.toContain('T: take');
    expect(text.slice(2).map((t) => t.trim()).join(' ')).toBe(`snapshots cannot be taken, reverted or deleted here: ${why}`);
    expect(Math.max(...text.map((t) => t.length))).toBeLessThanOrEqual(80);
  });

  it('loading, failure and none; nothing before the read starts', () => {
    expect(snapshotLines('v', undefined)).toEqual([]);
    expect(snapshotLines('v', { loading: true })[1]!.text).toMatch(/loading/);
    expect(snapshotLines('v', { error: 'exit 1' })[1]).toMatchObject({ tone: 'crit' });
    expect(snapshotLines('v', { snapshots: [] }).map((l) => l.text).slice(0, 2)).toEqual(['Snapshots (0)', '  none']);
  });

  it('vmDetailLines places it last, after Display / console (the console commands stay on the first screen)', () => {
    const s = fixtureState();
    const vm = Object.values(s.nodes).flatMap((n) => n?.vms ?? [])[0]!;
    const text = vmDetailLines(s, `${vm.name}@${vm.node}`, Date.now(), undefined, undefined, 80, undefined, { snapshots: [] }).map((l) => l.text);
    expect(text.indexOf('Snapshots (0)')).toBeGreaterThan(0);
    expect(text.indexOf('Snapshots (0)')).toBeGreaterThan(text.indexOf('Display / console'));
    expect(text.at(-1)).toMatch(/^  T: take a snapshot/);
  });
});
