// System tools a test runs (xmllint, virsh, visudo, ssh-keygen, ...): one place that finds them
// and one loud skip when they are missing, so `npm test` passes on a machine with only Node and
// npm while CI (.ci/run installs the tools) runs everything. Base POSIX tools (sh, cat, grep,
// base64) are assumed present.
//
// VIRTDECK_TEST_HIDE_TOOLS=xmllint,virsh (or "all") makes tools look missing, to check the skip
// paths on a machine that has them.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** sbin directories: non-root users often lack them on PATH, but visudo/sshd/crm_mon live there. */
export const SBIN_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

const hidden = (name: string): boolean => {
  const h = (process.env.VIRTDECK_TEST_HIDE_TOOLS ?? '').split(',').map((s) => s.trim());
  return h.includes('all') || h.includes(name);
};

const cache = new Map<string, string | undefined>();

/** Absolute path of an executable on PATH or in the sbin dirs, or undefined. */
export function toolPath(name: string): string | undefined {
  if (hidden(name)) return undefined;
  if (cache.has(name)) return cache.get(name);
  let found: string | undefined;
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SBIN_DIRS];
  for (const d of dirs) {
    const p = join(d, name);
    try {
      if (!statSync(p).isFile()) continue;
      accessSync(p, constants.X_OK);
      found = p;
      break;
    } catch {
      /* not here */
    }
  }
  cache.set(name, found);
  return found;
}

/** The tools of the list that are missing (empty: all present). */
export const missingTools = (...names: string[]): string[] => names.filter((n) => toolPath(n) === undefined);

/** PATH plus the sbin dirs, for child processes that run the tools by name. */
export const pathWithSbin = (): string => [process.env.PATH ?? '', ...SBIN_DIRS].filter(Boolean).join(delimiter);

const warned = new Set<string>();

/**
 * For `describe.skipIf(...)` / `it.skipIf(...)`: true when any tool is missing, and then prints
 * once which suite is skipped and why. `extra` adds a non-tool reason (e.g. a missing schema dir).
 */
export function skipWithout(what: string, tools: string[], extra?: string): boolean {
  const missing = missingTools(...tools);
  const reasons = [...(missing.length ? [`missing ${missing.join(', ')}`] : []), ...(extra ? [extra] : [])];
  if (reasons.length === 0) return false;
  const line = `SKIPPED ${what}: ${reasons.join('; ')} (CI installs them: .ci/run)`;
  if (!warned.has(line)) {
    warned.add(line);
    console.warn(`\n!! ${line}\n`);
  }
  return true;
}
