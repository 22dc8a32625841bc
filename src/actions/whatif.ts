// What-if for Pacemaker changes: apply the change to a private copy of the live CIB on a healthy
// node and let the real scheduler (crm_simulate) say what it would do.
import { cmd, type Cmd } from '../ssh/cmd.js';
import { filePath, nodeName } from '../model/names.js';
import type { Runner } from '../ssh/runner.js';
import { cibDumpToCmd, mktempCmd, onCibCopy, rmCmd, simulateCmd } from './commands.js';
import { errorText } from './error-text.js';
import type { WhatIf, WhatIfChange } from './types.js';

// "  * Migrate    vm-web1     ( node1 -> node2 )" / "  * Start vm-db1 ( node1 )  due to …"
const LINE = /^\s*\*\s+(\S+)\s+(\S+)\s+\(\s*([^)]*?)\s*\)\s*(.*)$/;

/** Parses the "Transition Summary:" block of `crm_simulate -S` output. */
export function parseTransitionSummary(text: string): WhatIfChange[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === 'Transition Summary:');
  if (start < 0) throw new Error('crm_simulate output has no "Transition Summary:" section');
  const out: WhatIfChange[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    const m = LINE.exec(line);
    if (!m) {
      if (/^\S/.test(line)) break; // next section header
      continue;
    }
    const [, action, resource, where, rest] = m as unknown as [string, string, string, string, string];
    const change: WhatIfChange = { resource, action };
    // Roles may precede the node: "( Unpromoted -> Promoted node1 )"; keep the node names.
    const parts = where.split('->').map((p) => p.trim().split(/\s+/).pop() ?? '');
    if (parts.length === 2) {
      change.from = parts[0];
      change.to = parts[1];
    } else if (/^(Stop|Demote)$/.test(action)) change.from = parts[0];
    else change.to = parts[0];
    if (rest.trim()) change.note = rest.trim();
    out.push(change);
  }
  return out;
}

export const formatChange = (c: WhatIfChange): string =>
  `${c.action} ${c.resource}${c.from && c.to ? ` (${c.from} → ${c.to})` : c.from ? ` (on ${c.from})` : c.to ? ` (on ${c.to})` : ''}${c.note ? ` ${c.note}` : ''}`;

/** crm_simulate with nodes failed (fence node's what-if): the scheduler recovers what ran there
 *  elsewhere (real 2.1.5 output: ./fence/fixtures/crm_simulate-node-fail.txt). */
export const simulateNodeFailCmd = (path: string, nodes: readonly string[]): Cmd =>
  cmd('crm_simulate', '-S', '-x', filePath(path), ...nodes.flatMap((n) => ['--node-fail', nodeName(n)])).timeout(60_000).done();

/** The exact command sequence of a what-if (before the temp path is known, path = PATH). */
export function whatIfSteps(changes: readonly Cmd[], path: string, nodeFail: readonly string[] = []): Cmd[] {
  return [cibDumpToCmd(path), ...changes.map((c) => onCibCopy(c, path)), nodeFail.length ? simulateNodeFailCmd(path, nodeFail) : simulateCmd(path)];
}

export async function runWhatIf(runner: Runner, node: string, changes: readonly Cmd[], nodeFail: readonly string[] = []): Promise<WhatIf> {
  const tmp = await runner.run(node, mktempCmd());
  const path = tmp.stdout.trim();
  if (tmp.code !== 0 || !path.startsWith('/tmp/virtdeck-cib.')) {
    return { node, changes: [], error: `mktemp failed on ${node}: ${tmp.stderr.trim() || `exit ${tmp.code}`}` };
  }
  try {
    const steps = whatIfSteps(changes, path, nodeFail);
    let sim = '';
    for (const c of steps) {
      const r = await runner.run(node, c);
      if (r.code !== 0) return { node, changes: [], error: `${c.argv[0]} failed on ${node} (exit ${r.code}): ${r.stderr.trim().split('\n')[0] ?? ''}` };
      sim = r.stdout;
    }
    return { node, changes: parseTransitionSummary(sim) };
  } catch (e) {
    return { node, changes: [], error: errorText(e) };
  } finally {
    await runner.run(node, rmCmd(path)).catch(() => undefined);
  }
}
