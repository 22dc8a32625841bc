// `W` in :logs: the rows the view shows (after every filter) written to a file, one entry per
// line as `journalctl -o short-iso` would, so grep and friends work on it. Never overwrites
// silently: a file that exists is refused here, and the screen asks before `overwrite: true`.
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { Row } from '../../table.js';

/** `~/x` and relative paths → absolute (relative to the console's working directory). */
export function savePath(input: string, cwd = process.cwd(), home = homedir()): string {
  const t = input.trim();
  return resolve(cwd, t === '~' ? home : t.startsWith('~/') ? `${home}${t.slice(1)}` : t);
}

const isoLocal = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  const off = -d.getTimezoneOffset();
  const tz = `${off >= 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}${p(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${tz}`;
};

/** logRows rows → text: time node unit priority: message (continuation lines indented). */
export function logRowsText(rows: readonly Row[]): string {
  return rows
    .map((r) => {
      const t = r.sortKeys?.[0];
      const head = `${typeof t === 'number' ? isoLocal(t) : (r.cells[0] ?? '')} ${r.cells[1] ?? ''} ${r.cells[2] || '-'} ${r.cells[3] ?? ''}:`;
      return `${head} ${(r.cells[4] ?? '').replace(/\n/g, '\n    ')}\n`;
    })
    .join('');
}

export type SaveResult = { ok: true; path: string; lines: number } | { ok: false; exists: true; path: string } | { ok: false; exists?: false; path: string; error: string };

const WHY: Record<string, string> = {
  ENOENT: 'the directory does not exist',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
};

export async function saveText(path: string, text: string, overwrite = false): Promise<SaveResult> {
  try {
    await writeFile(path, text, { flag: overwrite ? 'w' : 'wx', mode: 0o600 });
    return { ok: true, path, lines: text === '' ? 0 : text.split('\n').length - 1 };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return { ok: false, exists: true, path };
    return { ok: false, path, error: WHY[code] ?? (e instanceof Error ? e.message : String(e)) };
  }
}
