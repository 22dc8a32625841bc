// Top functions of a V8 .cpuprofile by self and by total (inclusive) time, idle excluded. Pure.

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
}
export interface FnCost {
  fn: string;
  selfPct: number;
  totalPct: number;
}

const IDLE = new Set(['(idle)']);

/** `name file:line` with the path shortened to node_modules/<pkg>/…, src/…, bench/…. */
export function frameKey(cf: ProfileNode['callFrame']): string {
  const url = cf.url.replace(/^.*?\/(node_modules\/(?:@[^/]+\/)?[^/]+|src|bench)\//, '$1/');
  return `${cf.functionName || '(anon)'} ${url}:${cf.lineNumber + 1}`;
}

/** Percentages are of the busy samples (everything but idle). */
export function summarizeProfile(prof: CpuProfile): { busySamples: number; totalSamples: number; fns: FnCost[] } {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const hasParent = new Set(prof.nodes.flatMap((n) => n.children ?? []));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let busy = 0;
  let all = 0;
  // Each sample counts once for every distinct function on its stack (recursion counted once).
  const walk = (id: number, stack: Map<string, number>): void => {
    const n = byId.get(id);
    if (!n) return;
    const k = frameKey(n.callFrame);
    stack.set(k, (stack.get(k) ?? 0) + 1);
    const hits = n.hitCount ?? 0;
    all += hits;
    if (hits > 0 && !IDLE.has(n.callFrame.functionName)) {
      busy += hits;
      self.set(k, (self.get(k) ?? 0) + hits);
      for (const f of stack.keys()) total.set(f, (total.get(f) ?? 0) + hits);
    }
    for (const c of n.children ?? []) walk(c, stack);
    const left = stack.get(k)! - 1;
    if (left === 0) stack.delete(k);
    else stack.set(k, left);
  };
  for (const n of prof.nodes) if (!hasParent.has(n.id)) walk(n.id, new Map());
  const pct = (v: number) => (busy ? (100 * v) / busy : 0);
  const fns = [...total.keys()]
    .filter((k) => !k.startsWith('(root)'))
    .map((fn) => ({ fn, selfPct: pct(self.get(fn) ?? 0), totalPct: pct(total.get(fn) ?? 0) }));
  return { busySamples: busy, totalSamples: all, fns };
}

/**
 * Busy samples by what they were doing: the innermost frame of the store (src/store), else of
 * the collectors (src/collectors: parsing), else of the SSH layer (src/ssh, ssh2), else GC,
 * else the Node/V8 internals. Percent of busy samples.
 */
export function categorize(prof: CpuProfile): Record<string, number> {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const cat = (id: number): string => {
    const seen: string[] = [];
    for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) seen.push(byId.get(p)!.callFrame.url);
    const has = (re: RegExp) => seen.some((u) => re.test(u));
    const leaf = byId.get(id)!.callFrame.functionName;
    if (leaf === '(garbage collector)') return 'gc';
    if (has(/\/src\/store\//)) return 'store';
    if (has(/\/src\/collectors\//)) return 'collectors (parse)';
    if (has(/\/src\/ssh\/|\/node_modules\/ssh2\//)) return 'ssh';
    if (has(/\/bench\//)) return 'bench harness';
    return leaf.startsWith('(') ? leaf : 'node internals';
  };
  const out: Record<string, number> = {};
  let busy = 0;
  for (const n of prof.nodes) {
    if (!n.hitCount || n.callFrame.functionName === '(idle)') continue;
    busy += n.hitCount;
    const c = cat(n.id);
    out[c] = (out[c] ?? 0) + n.hitCount;
  }
  for (const k of Object.keys(out)) out[k] = Math.round((1000 * out[k]!) / busy) / 10;
  return out;
}
