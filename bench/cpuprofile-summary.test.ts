import { describe, expect, it } from 'vitest';
import { categorize, summarizeProfile, type CpuProfile } from './cpuprofile-summary.js';

const cf = (functionName: string, url = 'file:///x/src/store/a.js', lineNumber = 0) => ({ functionName, url, lineNumber });

describe('summarizeProfile', () => {
  it('splits self and inclusive time, ignores idle, counts recursion once', () => {
    const prof: CpuProfile = {
      nodes: [
        { id: 1, callFrame: cf('(root)', ''), children: [2, 5] },
        { id: 2, callFrame: cf('outer'), hitCount: 1, children: [3] },
        { id: 3, callFrame: cf('inner'), hitCount: 2, children: [4] },
        { id: 4, callFrame: cf('inner'), hitCount: 1 },
        { id: 5, callFrame: cf('(idle)', ''), hitCount: 100 },
      ],
    };
    const s = summarizeProfile(prof);
    expect(s.busySamples).toBe(4);
    expect(s.totalSamples).toBe(104);
    const get = (name: string) => s.fns.find((f) => f.fn.startsWith(`${name} `));
    expect(get('outer')).toMatchObject({ selfPct: 25, totalPct: 100 });
    expect(get('inner')).toMatchObject({ selfPct: 75, totalPct: 75 });
    expect(get('inner')!.fn).toBe('inner src/store/a.js:1');
    expect(get('(idle)')).toBeUndefined();
  });
});

describe('categorize', () => {
  it('files a sample under the innermost store, collector or ssh frame on its stack', () => {
    const u = (p: string) => `file:///x/${p}`;
    const prof: CpuProfile = {
      nodes: [
        { id: 1, callFrame: cf('(root)', ''), children: [2, 6, 7] },
        { id: 2, callFrame: cf('onData', u('node_modules/ssh2/lib/client.js')), hitCount: 1, children: [3] },
        { id: 3, callFrame: cf('poll', u('src/collectors/virsh/collector.js')), hitCount: 1, children: [4] },
        { id: 4, callFrame: cf('setNodeData', u('src/store/store.js')), hitCount: 1, children: [5] },
        { id: 5, callFrame: cf('(garbage collector)', ''), hitCount: 1 },
        { id: 6, callFrame: cf('(idle)', ''), hitCount: 50 },
        { id: 7, callFrame: cf('emit', 'node:events'), hitCount: 1 },
      ],
    };
    expect(categorize(prof)).toEqual({ ssh: 20, 'collectors (parse)': 20, store: 20, gc: 20, 'node internals': 20 });
  });
});
