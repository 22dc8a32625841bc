// Real virsh (libvirt's test driver) snapshot output: the fixtures under
// src/collectors/virsh/fixtures/snapshot-*.txt are this session's answers (creation times
// normalised), the parsers read them, and --tree and --parent agree on the tree. The test driver
// keeps snapshots per connection, so the whole scenario runs in one virsh invocation and each
// answer is cut out between `echo` markers. VIRTDECK_CAPTURE=1 rewrites the fixtures.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotCurrentCmd, snapshotListCmd, snapshotTreeCmd } from '../../src/collectors/virsh/snapshot-read.js';
import { parseSnapshotCurrent, parseSnapshotList, parseSnapshotTree, snapshotTree } from '../../src/collectors/virsh/snapshots.js';
import { guestPingCmd, snapshotCreateCmd, snapshotDeleteCmd, snapshotRevertCmd } from '../../src/actions/vm-snapshot/commands.js';
import type { Cmd } from '../../src/ssh/cmd.js';
import { skipWithout, toolPath } from '../helpers/tools.js';

const noVirsh = skipWithout('real virsh snapshots on the test driver (test/integration/virsh-snapshots.test.ts)', ['virsh']);
const DIR = join(__dirname, '../../src/collectors/virsh/fixtures');
const ENV = { ...process.env, LC_ALL: 'C.UTF-8' };

/** The scenario: an empty list, then a tree with odd names (spaces, shell metacharacters,
 *  unicode, a name that looks like an option) 4 levels deep, then a snapshot of a shut-off domain. */
const SESSION: [file: string | undefined, command: string][] = [
  ['snapshot-list-parent-empty.txt', 'snapshot-list --domain test --parent'],
  ['snapshot-list-tree-empty.txt', 'snapshot-list --domain test --tree'],
  [undefined, 'snapshot-create-as --domain test --name base --description first'],
  [undefined, 'snapshot-create-as --domain test --name "with space"'],
  [undefined, 'snapshot-create-as --domain test --name "ünï €"'],
  [undefined, 'snapshot-create-as --domain test --name "deep 3"'],
  [undefined, 'snapshot-revert --domain test --snapshotname base'],
  [undefined, 'snapshot-create-as --domain test --name "meta;&|$x \'q\'"'],
  [undefined, 'snapshot-create-as --domain test --name "--current"'],
  ['snapshot-list-parent.txt', 'snapshot-list --domain test --parent'],
  ['snapshot-list-tree.txt', 'snapshot-list --domain test --tree'],
  ['snapshot-current.txt', 'snapshot-current --domain test --name'],
  [undefined, 'destroy test'],
  [undefined, 'snapshot-create-as --domain test --name off'],
  ['snapshot-list-parent-shutoff.txt', 'snapshot-list --domain test --parent'],
];

const NORMAL_DATE = '2026-12-07 14:50:51 +0000';
const normal = (s: string) => s.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}/g, NORMAL_DATE);

function runSession(): Map<string, string> {
  const script = SESSION.map(([f, c]) => `echo @@${f ?? '-'}; ${c}`).join('; ') + '; echo @@end';
  const out = execFileSync(toolPath('virsh')!, ['-c', 'test:///default', script], { env: ENV, encoding: 'utf8' });
  const parts = new Map<string, string>();
  const chunks = out.split(/^@@/m).slice(1);
  for (const c of chunks) {
    const nl = c.indexOf('\n');
    const name = c.slice(0, nl);
    if (name !== '-' && name !== 'end') parts.set(name, normal(c.slice(nl + 1)));
  }
  return parts;
}

const read = (f: string) => readFileSync(join(DIR, f), 'utf8');

describe.skipIf(noVirsh)('real virsh snapshot-list on the test driver', () => {
  it('answers as the fixtures say (VIRTDECK_CAPTURE=1 rewrites them)', () => {
    const parts = runSession();
    const none = spawnSync(toolPath('virsh')!, ['-c', 'test:///default', 'snapshot-current', '--domain', 'test', '--name'], { env: ENV, encoding: 'utf8' });
    parts.set('snapshot-current-none.stderr.txt', none.stderr);
    expect(none.status).toBe(1);
    for (const [f, text] of parts) {
      if (process.env.VIRTDECK_CAPTURE === '1') writeFileSync(join(DIR, f), text);
      expect(text, f).toBe(read(f));
    }
  });
});

/** One of virtdeck's commands, argv and env as built, on a fresh test-driver connection. */
function runCmd(c: Cmd): { code: number | null; stdout: string; stderr: string } {
  const [prog, ...args] = c.argv;
  expect(prog).toBe('virsh');
  const r = spawnSync(toolPath('virsh')!, args, { env: { ...process.env, ...c.env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(noVirsh)("real virsh accepts virtdeck's snapshot argv (test driver, one command per connection)", () => {
  const U = 'test:///default';
  it('reads: list --parent, --tree, current (-r, C.UTF-8) parse', () => {
    expect(parseSnapshotList(runCmd(snapshotListCmd(U, 'test')).stdout)).toEqual([]);
    expect(parseSnapshotTree(runCmd(snapshotTreeCmd(U, 'test')).stdout)).toEqual([]);
    expect(parseSnapshotCurrent(runCmd(snapshotCurrentCmd(U, 'test')))).toBeUndefined();
  });
  it('create (--atomic, odd name) succeeds; revert/delete name the snapshot, not an option error', () => {
    expect(runCmd(snapshotCreateCmd(U, 'test', "a b;'c'", { diskOnly: false, quiesce: false }))).toMatchObject({ code: 0, stdout: "Domain snapshot a b;'c' created\n" });
    for (const c of [snapshotRevertCmd(U, 'test', '--x'), snapshotDeleteCmd(U, 'test', '--x')]) expect(runCmd(c)).toMatchObject({ code: 1, stderr: "error: Domain snapshot not found: no domain snapshot with matching name '--x'\n" });
    // the test driver has neither external snapshots nor a guest agent: the flags are parsed, then refused by the driver
    expect(runCmd(snapshotCreateCmd(U, 'test', 'q', { diskOnly: true, quiesce: true })).stderr).toMatch(/unsupported flags \(0x10\) in function testDomainSnapshotCreateXML/);
    expect(runCmd(guestPingCmd(U, 'test')).stderr).toMatch(/not supported by the connection driver: virDomainQemuAgentCommand/);
  });
});

describe('snapshot parsers on the captured fixtures', () => {
  it('an empty list: header only; --tree prints nothing; no current snapshot', () => {
    expect(parseSnapshotList(read('snapshot-list-parent-empty.txt'))).toEqual([]);
    expect(parseSnapshotTree(read('snapshot-list-tree-empty.txt'))).toEqual([]);
    expect(parseSnapshotCurrent({ code: 1, stdout: '', stderr: read('snapshot-current-none.stderr.txt') })).toBeUndefined();
    expect(() => parseSnapshotCurrent({ code: 1, stdout: '', stderr: "error: failed to get domain 'nope'" })).toThrow(/failed to get domain/);
  });

  it('odd names keep their spaces, metacharacters and unicode; parents and times come from --parent', () => {
    const rows = parseSnapshotList(read('snapshot-list-parent.txt'));
    expect(rows.map((r) => [r.name, r.state, r.parent])).toEqual([
      ['--current', 'running', "meta;&|$x 'q'"],
      ['base', 'running', undefined],
      ['deep 3', 'running', 'ünï €'],
      ["meta;&|$x 'q'", 'running', 'base'],
      ['with space', 'running', 'base'],
      ['ünï €', 'running', 'with space'],
    ]);
    expect(rows[0]!.created).toBe(NORMAL_DATE);
    expect(rows[0]!.createdAt).toBe(Date.UTC(2026, 11, 7, 14, 50, 51));
    expect(parseSnapshotList(read('snapshot-list-parent-shutoff.txt')).map((r) => [r.name, r.state])).toEqual([
      ['--current', 'running'],
      ['base', 'running'],
      ['deep 3', 'running'],
      ["meta;&|$x 'q'", 'running'],
      ['off', 'shutoff'],
      ['with space', 'running'],
      ['ünï €', 'running'],
    ]);
  });

  it('--tree gives the same parents and depths as --parent', () => {
    const fromTree = parseSnapshotTree(read('snapshot-list-tree.txt'));
    const current = parseSnapshotCurrent({ code: 0, stdout: read('snapshot-current.txt'), stderr: '' });
    expect(current).toBe('--current');
    const tree = snapshotTree(parseSnapshotList(read('snapshot-list-parent.txt')), current);
    const byName = (xs: { name: string; depth: number; parent?: string }[]) => xs.map((x) => [x.name, x.depth, x.parent]).sort();
    expect(byName(fromTree)).toEqual(byName(tree));
    expect(tree.find((s) => s.name === 'deep 3')!.depth).toBe(3);
    expect(tree.map((s) => s.name)).toEqual(['base', "meta;&|$x 'q'", '--current', 'with space', 'ünï €', 'deep 3']);
    expect(tree.filter((s) => s.current).map((s) => s.name)).toEqual(['--current']);
  });
});
