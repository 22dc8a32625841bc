// vitest globalSetup (main process, before the workers get the isolated env): notes the state
// of the user's real virtdeck files and fails the run if any test changed them.
import { readdirSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

/** What a run must never touch, from the env the run started with. */
export function realPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const homes = new Set([env.HOME || homedir()]);
  try {
    homes.add(userInfo().homedir);
  } catch {
    /* no passwd entry */
  }
  const out = new Set<string>();
  for (const h of homes) {
    out.add(join(env.XDG_STATE_HOME || join(h, '.local', 'state'), 'virtdeck'));
    out.add(join(env.XDG_CONFIG_HOME || join(h, '.config'), 'virtdeck'));
    out.add(join(h, '.ssh', 'known_hosts'));
  }
  return [...out];
}

/** path → "size mtime" for a file, or every file under a directory (two levels). */
export function snapshotPath(p: string, depth = 2): Record<string, string> {
  let st;
  try {
    st = statSync(p);
  } catch {
    return { [p]: 'absent' };
  }
  if (!st.isDirectory() || depth === 0) return { [p]: `${st.size} ${st.mtimeMs}` };
  const out: Record<string, string> = { [p]: 'dir' };
  for (const name of readdirSync(p)) Object.assign(out, snapshotPath(join(p, name), depth - 1));
  return out;
}

export function changedPaths(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => before[k] !== after[k]).map((k) => `${k}: ${before[k] ?? 'absent'} -> ${after[k] ?? 'absent'}`);
}

export default function setup(): () => void {
  const paths = realPaths();
  const take = () => Object.assign({}, ...paths.map((p) => snapshotPath(p))) as Record<string, string>;
  const before = take();
  return () => {
    const changed = changedPaths(before, take());
    if (changed.length === 0) return;
    // vitest 4 only logs a teardown error; the exit code is what CI sees.
    console.error(`\nFAIL: the test run wrote outside its temp dirs (a test bypassed test/setup/isolate.ts, or virtdeck ran beside the tests):\n  ${changed.join('\n  ')}\n`);
    process.exitCode = 1;
  };
}
