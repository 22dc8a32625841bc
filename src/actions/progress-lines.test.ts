import { describe, expect, it } from 'vitest';
import { appendLine, NO_PROGRESS, replaceLive, type ProgressLines } from './progress-lines.js';

const poll = (p: ProgressLines, ...block: string[]) => replaceLive(p, block);

describe('progress lines: polls update in place', () => {
  it('each poll replaces the previous poll: one line per resource being drained, not one per poll', () => {
    let p = appendLine(NO_PROGRESS, '[2/2] n1: wait until 3 resource(s) left n1');
    p = poll(p, '  draining a: Started on n1', '  draining b: Started on n1', '  draining c: Started on n1');
    p = poll(p, '  draining a: Started on n1', '  draining b: Started on n1', '  draining c: Started on n1');
    p = poll(p, '  draining a: Migrating on n1', '  draining c: Started on n1');
    expect(p.lines).toEqual(['[2/2] n1: wait until 3 resource(s) left n1', '  draining a: Migrating on n1', '  draining c: Started on n1']);
    // Nothing left to drain: the block goes, the log stays.
    expect(poll(p).lines).toEqual(['[2/2] n1: wait until 3 resource(s) left n1']);
  });

  it('a log line after a poll keeps that poll as it last was; the next poll starts a new block', () => {
    let p = poll(appendLine(NO_PROGRESS, 'step 1'), '  web1: live migration in progress, 10%');
    p = poll(p, '  web1: live migration in progress, 80%');
    p = appendLine(p, 'step 2');
    p = poll(p, '  still: failed monitor');
    expect(p.lines).toEqual(['step 1', '  web1: live migration in progress, 80%', 'step 2', '  still: failed monitor']);
    expect(p.live).toBe(1);
  });

  it('100 polls of a stuck migration leave one line', () => {
    let p = appendLine(NO_PROGRESS, 'migrate');
    for (let i = 0; i < 100; i++) p = poll(p, `  web1: live migration in progress, ${i}%`);
    expect(p.lines).toEqual(['migrate', '  web1: live migration in progress, 99%']);
  });
});
