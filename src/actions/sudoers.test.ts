import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSudoers, sudoersLine } from './sudoers.js';
import { moveCmd } from './commands.js';
import { skipWithout, toolPath } from '../../test/helpers/tools.js';

const dir = mkdtempSync(join(tmpdir(), 'vd-sudoers-'));
const visudo = (text: string) => {
  const f = join(dir, `s${Math.random().toString(36).slice(2)}`);
  writeFileSync(f, text, { mode: 0o440 });
  return execFileSync(toolPath('visudo')!, ['-c', '-f', f], { encoding: 'utf8' });
};

describe('sudoers', () => {
  it.skipIf(skipWithout('sudoers through the real visudo -c', ['visudo']))('read-only and operator files pass visudo -c', () => {
    const ro = renderSudoers({ role: 'readonly', user: 'monitor' });
    const op = renderSudoers({ role: 'operator', user: '%virtdeck-ops' });
    expect(visudo(ro)).toMatch(/parsed OK/);
    expect(visudo(op)).toMatch(/parsed OK/);
    expect(ro).not.toContain('crm_attribute');
    expect(ro).toContain('/usr/sbin/crm_mon --one-shot --output-as\\=xml --inactive --fence-history\\=2 --include\\=all --exclude\\=operations,');
    expect(op).toContain('/usr/sbin/crm_attribute ^--node [A-Za-z0-9][A-Za-z0-9._-]* --name standby --update on$');
    expect(op).toContain('/usr/sbin/stonith_admin ^--fence [A-Za-z0-9][A-Za-z0-9._-]*$');
    expect(op).toContain('%virtdeck-ops ALL=(root) NOPASSWD: VIRTDECK_READ, VIRTDECK_OPERATE');
  });
  it('variable words become anchored patterns, literal words stay exact', () => {
    expect(sudoersLine(moveCmd('vdsentinelrsc', 'vdsentinelnode'))).toBe('/usr/sbin/crm_resource ^--move --resource [A-Za-z_][A-Za-z0-9_.-]* --node [A-Za-z0-9][A-Za-z0-9._-]*$');
  });
  it('rejects bad user names and unknown programs', () => {
    expect(() => renderSudoers({ role: 'readonly', user: 'a b' })).toThrow(/invalid user/);
    expect(() => sudoersLine({ argv: ['mystery'], sudo: true })).toThrow(/no absolute path known for "mystery"/);
  });
});
