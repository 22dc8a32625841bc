import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shippedNodeFlags } from './build.js';

// The bench measures the console with the shebang's Node flags; `npm start` must run with the same.
describe('shipped Node flags', () => {
  it('npm start passes exactly the flags of the bin/virtdeck.js shebang', () => {
    const flags = shippedNodeFlags();
    expect(flags).toContain('--no-memory-reducer');
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['start']!;
    const m = /^node((?:\s+--[\w-]+(?:=\S+)?)*)\s+--import tsx /.exec(start);
    expect(m, start).not.toBeNull();
    expect(m![1]!.trim().split(/\s+/)).toEqual(flags);
  });

  it('this Node accepts every one of them', () => {
    expect(execFileSync(process.execPath, [...shippedNodeFlags(), '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' })).toBe('ok');
  });
});
