// Every path virtdeck would write by default resolves into this run's temp dir (test/setup/isolate.ts),
// never the user's real home: before it, each `npm test` appended to ~/.local/state/virtdeck/audit.jsonl.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, defaultAuditPath } from '../../src/actions/audit.js';
import { configPath } from '../../src/config/load.js';
import { crashDir } from '../../src/ui/terminal.js';
import { changedPaths, realPaths, snapshotPath } from './guard-real-paths.js';

const inTmp = (p: string) => p.startsWith(tmpdir() + sep);
const realHome = userInfo().homedir;

describe('tests never write to the real home', () => {
  it('HOME, the audit log, the config file and crash reports resolve into a temp dir', () => {
    for (const p of [homedir(), defaultAuditPath(), configPath(undefined, process.env), crashDir()]) {
      expect(inTmp(p), p).toBe(true);
      expect(p.startsWith(realHome + sep), p).toBe(false);
    }
    expect(process.env.VIRTDECK_CONFIG).toBeUndefined();
    expect(process.env.VIRTDECK_LOG).toBeUndefined();
  });

  it('a default AuditLog appends inside the temp dir', async () => {
    const a = new AuditLog();
    await a.append({ type: 'result', planId: 'p', when: new Date(0).toISOString(), status: 'done', message: 'isolation test' });
    expect(inTmp(a.path)).toBe(true);
  });

  it('the guard sees a change to a watched path (and only a change)', () => {
    const d = mkdtempSync(join(tmpdir(), 'vd-guard-'));
    try {
      const paths = realPaths({ HOME: d, XDG_STATE_HOME: join(d, 'st') });
      expect(paths).toContain(join(d, 'st', 'virtdeck'));
      expect(paths).toContain(join(d, '.ssh', 'known_hosts'));
      const take = () => Object.assign({}, ...paths.map((p) => snapshotPath(p))) as Record<string, string>;
      const before = take();
      expect(changedPaths(before, take())).toEqual([]);
      mkdtempSync(join(d, 'x')); // unwatched: no change
      expect(changedPaths(before, take())).toEqual([]);
      mkdirSync(join(d, 'st', 'virtdeck'), { recursive: true });
      writeFileSync(join(d, 'st', 'virtdeck', 'audit.jsonl'), '{}\n');
      expect(changedPaths(before, take()).map((l) => l.split(':')[0])).toEqual([join(d, 'st', 'virtdeck'), join(d, 'st', 'virtdeck', 'audit.jsonl')]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
