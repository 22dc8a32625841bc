// `--from PATH` answers a command from a saved file (src/cli/saved-runner.ts). Each source says
// which file answers which of its commands (source.ts `saved`); these are the shared shapes.
import type { Cmd } from '../ssh/cmd.js';

export interface SavedFile {
  /** Path relative to PATH (cluster) or PATH/<node>. */
  file: string;
  scope: 'cluster' | 'node';
  /** `grep -r '' DIR` over a mirrored directory. */
  grepDir?: string;
}

/**
 * `cat /ABS` and `grep -r '' /ABS`: the file or directory mirrored under the node's directory,
 * as sosreport and crm_report keep them (never outside it: no '..').
 */
export function mirroredFile(c: Cmd): SavedFile | undefined {
  const [p0, p1, , a3] = c.argv;
  if (p0 === 'cat' && p1?.startsWith('/') && !p1.split('/').includes('..')) return { file: p1.slice(1), scope: 'node' };
  if (p0 === 'grep' && p1 === '-r' && a3?.startsWith('/') && !a3.split('/').includes('..')) return { file: a3.slice(1), scope: 'node', grepDir: a3 };
  return undefined;
}

/** virsh's words without `-c URI` and `-r`: the saved output is the same whatever the URI was. */
export function virshWords(c: Cmd): string[] | undefined {
  const a = c.argv;
  if (a[0] !== 'virsh') return undefined;
  return a.slice(1).filter((w, i, all) => w !== '-r' && w !== '-c' && all[i - 1] !== '-c');
}
