// The snapshot parsers on what is not a clean answer: garbage, a truncated table, an odd
// current-snapshot failure; and the tree helpers (depth, orphans, format). The real shapes are
// checked in test/integration/virsh-snapshots.test.ts on the captured fixtures.
import { describe, expect, it } from 'vitest';
import { chainDepth, formatSnapshotTree, parseSnapshotCurrent, parseSnapshotList, parseSnapshotTree, snapshotName, snapshotTree } from './snapshots.js';

const HEAD = ' Name   Creation Time               State     Parent\n------------------------------------------------------\n';

describe('snapshot parsers: degraded input', () => {
  it('garbage or a missing header throws naming the command', () => {
    expect(() => parseSnapshotList('error: failed to connect to the hypervisor\n')).toThrow(/snapshot-list: no "Name Creation Time State" header/);
    expect(() => parseSnapshotList('')).toThrow(/no "Name Creation Time State" header/);
  });
  it('a row cut before its state throws rather than inventing one', () => {
    expect(() => parseSnapshotList(`${HEAD} off1   2026-12-07 14:5`)).toThrow(/unreadable row/);
  });
  it('a table cut after a complete row keeps that row', () => {
    expect(parseSnapshotList(`${HEAD} off1   2026-12-07 14:51:00 +0000   shutoff   `)).toEqual([{ name: 'off1', created: '2026-12-07 14:51:00 +0000', createdAt: Date.UTC(2026, 11, 7, 14, 51), state: 'shutoff' }]);
  });
  it('a non-UTC offset is read as such', () => {
    expect(parseSnapshotList(`${HEAD} a      2026-12-07 15:51:00 +0100   running   `)[0]!.createdAt).toBe(Date.UTC(2026, 11, 7, 14, 51));
  });
  it('--tree: a line indented where no parent is throws', () => {
    expect(() => parseSnapshotTree('      +- orphan\n')).toThrow(/unreadable line/);
  });
  it('snapshot-current: success, none, other failures', () => {
    expect(parseSnapshotCurrent({ code: 0, stdout: 'a b\n', stderr: '' })).toBe('a b');
    expect(parseSnapshotCurrent({ code: 1, stdout: '', stderr: "error: domain 'x' has no current snapshot\n" })).toBeUndefined();
    expect(() => parseSnapshotCurrent({ code: null, stdout: '', stderr: '' })).toThrow(/exit null/);
  });
  it('snapshot names: no empty, newline or slash', () => {
    expect(snapshotName('ok name;$')).toBe('ok name;$');
    for (const bad of ['', 'a\nb', 'a/b']) expect(() => snapshotName(bad)).toThrow(/invalid snapshot name/);
  });
});

describe('snapshot tree helpers', () => {
  const rows = parseSnapshotList(`${HEAD} a      2026-12-07 14:51:00 +0000   running   \n b      2026-12-07 14:52:00 +0000   running   a\n c      2026-12-07 14:53:00 +0000   running   gone\n\n`);
  it('a parent missing from the list makes a root; depth and children counted', () => {
    const t = snapshotTree(rows, 'b');
    expect(t.map((s) => [s.name, s.depth, s.children, s.current])).toEqual([
      ['a', 0, 1, false],
      ['b', 1, 0, true],
      ['c', 0, 0, false],
    ]);
    expect(chainDepth(t, 'b')).toBe(3);
    expect(chainDepth(t, undefined)).toBe(1);
  });
  it('format: no snapshots, none current', () => {
    expect(formatSnapshotTree('vm', [])).toEqual(['vm: no snapshots']);
    expect(formatSnapshotTree('vm', snapshotTree(rows, undefined))[0]).toBe('vm: 3 snapshot(s), none current');
  });
});
