/** @jsxRuntime automatic */
// :logs, :alerts, :timeline — Enter shows the whole entry; the logs view's wrap, follow, save and
// node/unit/priority filters; the `/` prompt's shell-like editing and history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEY, renderApp, waitFor } from '../../test/support/ui/render.js';
import { fixtureStore } from '../../test/support/store/test-fixtures.js';
import type { JournalEntry } from '../model/journal.js';

afterEach(() => cleanup());

const LONG = 'pacemaker-controld[1234]: notice: Result of monitor operation for vm-web01 on kvm-n1: not running (the domain disappeared) ' + 'x'.repeat(60) + ' END-OF-LINE';

function logStore(extra: JournalEntry[] = []) {
  const f = fixtureStore();
  const t = f.clock.now - 60_000;
  f.store.getState().pushLogs([
    { time: t, node: 'kvm-n1', unit: 'pacemaker.service', identifier: 'pacemaker-controld', pid: 1234, priority: 3, message: LONG },
    { time: t + 1000, node: 'kvm-n2', unit: 'corosync.service', identifier: 'corosync', priority: 6, message: 'link up' },
    { time: t + 2000, node: 'kvm-n1', unit: 'libvirtd.service', identifier: 'libvirtd', priority: 4, message: 'slow disk' },
    { time: t + 3000, node: 'kvm-n2', unit: 'pacemaker.service', identifier: 'pacemaker-fenced', priority: 7, message: 'debug chatter' },
    ...extra,
  ]);
  return f;
}

async function openLogs(columns = 80, rows = 24) {
  const f = logStore();
  const a = renderApp({ store: f.store, now: () => f.clock.now, columns, rows });
  await a.settle();
  await a.type(':', 'l', 'o', 'g', 's', KEY.enter);
  return a;
}

/** The table under its title line (the header's node strip names every node). */
const body = (f: string) => f.split('\n').slice(f.split('\n').findIndex((l) => l.startsWith('Logs [')) + 1, -1).join('\n');

describe('Enter shows the whole entry', () => {
  it('a log line: every field and the whole message, wrapped to the screen (80 columns)', async () => {
    const a = await openLogs();
    expect(a.frame()).not.toContain('END-OF-LINE');
    await a.type(KEY.enter);
    const f = a.frame();
    expect(f).not.toContain('no detail');
    expect(f).toContain('logs entry');
    expect(f).toMatch(/unit\s+pacemaker\.service/);
    expect(f).toMatch(/identifier\s+pacemaker-controld\[1234\]/);
    expect(f).toMatch(/priority\s+3 err/);
    expect(f).toContain('END-OF-LINE');
    for (const l of f.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
    await a.type(KEY.esc);
    expect(a.frame()).toContain('Logs [');
  });

  it('an alert row and a timeline row', async () => {
    const { store, clock } = fixtureStore();
    store.getState().setConn({ node: 'kvm-n4', status: 'down', since: clock.now, attempts: 1, openChannels: 0, queued: 0, error: { kind: 'unreachable', message: 'connection refused by the host at 192.0.2.14 port 22' } });
    store.getState().pushTimeline({ time: clock.now, node: 'kvm-n2', source: 'pacemaker', kind: 'resource-moved', severity: 'warning', subject: 'vm-db01', message: 'vm-db01 moved from kvm-n1 to kvm-n2 after a failed monitor; the whole story ends here: TIMELINE-END' });
    const a = renderApp({ store, now: () => clock.now, columns: 80, rows: 24 });
    await a.settle();
    await a.type(':', 'a', 'l', 'e', 'r', 't', 's', KEY.enter, KEY.enter);
    let f = a.frame();
    expect(f).toContain('alerts entry');
    expect(f).toMatch(/severity\s+critical/);
    expect(f).toMatch(/node\s+kvm-n4/);
    expect(f).toContain('192.0.2.14 port 22');
    await a.type(':', 't', 'l', KEY.enter, KEY.enter);
    f = a.frame();
    expect(f).toContain('timeline entry');
    expect(f).toContain('TIMELINE-END');
    expect(f).toMatch(/kind\s+resource-moved/);
  });
});

describe(':logs keys', () => {
  it('n, u and P filter by the selected line\'s node, unit and by priority; again: all', async () => {
    const a = await openLogs(120, 24);
    expect(a.frame()).toContain('[1-4/4]');
    await a.type('n');
    expect(a.frame()).toContain('node=kvm-n1');
    expect(a.frame()).toContain('2 of 4');
    expect(body(a.frame())).not.toContain('kvm-n2');
    await a.type('n');
    expect(a.frame()).not.toContain('node=');
    await a.type('G', 'u');
    expect(a.frame()).toContain('unit=pacemaker.service');
    expect(a.frame()).toContain('2 of 4');
    await a.type('u', 'P');
    expect(a.frame()).toContain('pri≤info');
    expect(a.frame()).toContain('3 of 4');
    await a.type('P', 'P');
    expect(a.frame()).toContain('pri≤warning');
    expect(body(a.frame())).toContain('slow disk');
    expect(body(a.frame())).not.toContain('link up');
    await a.type('P', 'P');
    expect(a.frame()).not.toContain('pri≤');
  });

  it('f follows new lines (the newest stays selected); a move up stops it', async () => {
    const f = logStore();
    const a = renderApp({ store: f.store, now: () => f.clock.now, columns: 120, rows: 24 });
    await a.settle();
    const title = () => a.frame().split('\n').find((l) => l.startsWith('Logs ['))!;
    await a.type(':', 'l', 'o', 'g', 's', KEY.enter, 'f');
    expect(title()).toContain('follow');
    f.store.getState().pushLogs([{ time: f.clock.now, node: 'kvm-n3', unit: 'sbd.service', priority: 5, message: 'NEWEST' }]);
    await a.settle();
    const sel = () => a.frame().split('\n').find((l) => l.startsWith('›'));
    expect(sel()).toContain('NEWEST');
    await a.type('k');
    expect(title()).not.toContain('follow');
    expect(sel()).toContain('debug chatter');
    f.store.getState().pushLogs([{ time: f.clock.now + 1, node: 'kvm-n3', unit: 'sbd.service', priority: 5, message: 'LATER' }]);
    await a.settle();
    expect(sel()).not.toContain('LATER');
  });

  it('w wraps long messages onto the next lines (80x24), and again cuts them', async () => {
    const a = await openLogs(80, 24);
    expect(a.frame()).not.toContain('END-OF-LINE');
    await a.type('w');
    expect(a.frame()).toContain('END-OF-LINE');
    expect(a.frame()).toContain('link up');
    for (const l of a.frame().split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
    await a.type('w');
    expect(a.frame()).not.toContain('END-OF-LINE');
  });
});

describe('W saves the filtered view', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vd-logsave-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const typeStr = async (a: Awaited<ReturnType<typeof openLogs>>, s: string) => {
    for (const ch of s) await a.type(ch);
  };

  it('writes what the view shows, asks before overwriting, names the path on failure', async () => {
    const a = await openLogs(120, 24);
    await a.type('n', 'W');
    expect(a.frame()).toContain('save to file:');
    const path = join(dir, 'n1.log');
    await typeStr(a, path);
    await a.type(KEY.enter);
    // the write is asynchronous: wait for its message (bounded), not a fixed time
    await waitFor(a.frame, (f) => f.includes(`saved 2 log lines to ${path}`), 10_000, 'the saved message');
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(2);
    expect(text).toContain('kvm-n1 pacemaker.service err: pacemaker-controld[1234]');
    expect(text).toContain('END-OF-LINE');
    expect(text).not.toContain('kvm-n2');
    // exists: asked, "n" keeps the file
    writeFileSync(path, 'KEEP ME\n');
    await a.type('W');
    await typeStr(a, path);
    await a.type(KEY.enter);
    await waitFor(a.frame, (f) => f.includes(`${path} exists. Overwrite it? y/N`), 10_000, 'the overwrite question');
    await a.type('n');
    expect(readFileSync(path, 'utf8')).toBe('KEEP ME\n');
    // and "y" overwrites
    await a.type('W');
    await typeStr(a, path);
    await a.type(KEY.enter);
    await waitFor(a.frame, (f) => f.includes('Overwrite it?'), 10_000, 'the overwrite question');
    await a.type('y');
    await waitFor(a.frame, (f) => f.includes(`saved 2 log lines to ${path}`), 10_000, 'the saved message after y');
    expect(readFileSync(path, 'utf8')).toContain('END-OF-LINE');
    // a directory that does not exist: the path and why
    const bad = join(dir, 'nope', 'x.log');
    await a.type('W');
    await typeStr(a, bad);
    await a.type(KEY.enter);
    await waitFor(a.frame, (f) => f.includes(`could not save to ${bad}: the directory does not exist`), 10_000, 'the error naming the path');
  });
});

describe('the / prompt edits like a shell line', () => {
  it('opens with the current filter selected: typing replaces it, → keeps it; Ctrl-U, Ctrl-W, ↑/↓ history', async () => {
    const a = await openLogs(120, 24);
    await a.type('/', 'd', 'i', 's', 'k', KEY.enter);
    expect(a.frame()).toContain('filter /disk/');
    await a.type('/');
    expect(a.frame()).toContain('/disk');
    await a.type('l', 'i', 'n', 'k', KEY.enter);
    expect(a.frame()).toContain('filter /link/');
    // → keeps the selected text and appends
    await a.type('/', '\x1b[C', ' ', 'u', 'p', KEY.enter);
    expect(a.frame()).toContain('filter /link up/');
    // Ctrl-W deletes the last word, Ctrl-U the line
    await a.type('/', '\x1b[C', '\x17');
    expect(a.frame().split('\n').at(-1)).toMatch(/^\/link \s/);
    await a.type('\x15');
    expect(a.frame().split('\n').at(-1)).toMatch(/^\/\s+regex/);
    // ↑ walks back through the filters applied this session, ↓ forward to the typed line
    await a.type('z', KEY.up);
    expect(a.frame().split('\n').at(-1)).toMatch(/^\/link up\s/);
    await a.type(KEY.up, KEY.up);
    expect(a.frame().split('\n').at(-1)).toMatch(/^\/disk\s/);
    await a.type(KEY.down, KEY.down, KEY.down);
    expect(a.frame().split('\n').at(-1)).toMatch(/^\/z\s/);
    await a.type(KEY.esc);
    expect(a.frame()).toContain('filter /link up/');
  });
});
