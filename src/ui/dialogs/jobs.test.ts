import { describe, expect, it } from 'vitest';
import { JobDialogs } from './jobs.js';
import type { DialogState } from './plan.js';

const dialog = (ids: string[], phase: DialogState['phase'] = 'running'): DialogState => ({
  request: { kind: 'node.online', targets: ids },
  phase,
  typed: '',
  ackWarnings: false,
  plan: { title: 't', target: 'x', findings: [], steps: [], destructive: false, progressIds: ids, onConfirm: async () => {} },
});

describe('kept job dialogs', () => {
  it('one dialog under each of its plan ids; the result reaches it; finished jobs the store dropped are forgotten', () => {
    const k = new JobDialogs();
    const a = dialog(['a1', 'a2']);
    k.remember(a, []); // confirmed: a2 starts only after a1
    k.remember(dialog(['b1']), ['a1', 'b1']);
    expect(k.get('a2')?.request).toBe(a.request); // still running: its later target stays reachable
    k.update(a.request, (d) => ({ ...d, phase: 'done' }));
    expect(k.get('a1')?.phase).toBe('done');
    k.remember(dialog(['c1']), ['b1', 'c1']); // the store dropped a1 and a2 (bounded)
    expect(k.get('a1')).toBeUndefined();
    expect(k.get('b1')).toBeDefined();
    expect(k.size).toBe(2);
  });
});
