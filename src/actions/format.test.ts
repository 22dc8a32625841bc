import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDomjobinfo } from '../collectors/virsh/parse.js';
import { fmtBytes, formatJob } from './format.js';

const fx = (n: string) => readFileSync(new URL(`../collectors/virsh/fixtures/${n}`, import.meta.url), 'utf8');

describe('formatJob: a migration in words, not libvirt job types', () => {
  it('a running outgoing migration (real domjobinfo output)', () => {
    const line = formatJob('app01', parseDomjobinfo(fx('domjobinfo-migration.txt'), 'n1'));
    expect(line).toBe('app01: live migration in progress, 25% (512 MiB of 2 GiB copied)');
    expect(line).not.toMatch(/Unbounded|job/);
  });
  it('completed, none, and a job without sizes', () => {
    expect(formatJob('app01', parseDomjobinfo(fx('domjobinfo-completed.txt'), 'n1'))).toMatch(/^app01: live migration completed \(/);
    expect(formatJob('app01', parseDomjobinfo(fx('domjobinfo-none.txt'), 'n1'))).toBe('app01: no job running');
    expect(formatJob('app01', { type: 'Unbounded' })).toBe('app01: live migration in progress');
  });
  it('sizes: one decimal below 10 of a unit', () => {
    expect(fmtBytes(1.2 * 1024 ** 3)).toBe('1.2 GiB');
    expect(fmtBytes(4 * 1024 ** 3)).toBe('4 GiB');
    expect(fmtBytes(420 * 1024 ** 2)).toBe('420 MiB');
  });
});
