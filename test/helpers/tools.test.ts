// Keeps "a test that needs a system tool skips when it is missing" true: no test runs one of
// these tools by bare name (that fails with ENOENT/127 on a machine without it); tests find
// them with toolPath() and guard with skipWithout().
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { missingTools, skipWithout, toolPath } from './tools.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const SYSTEM_TOOLS = [
  'crm_mon', 'cibadmin', 'crm_simulate', 'crm_attribute', 'crm_resource', 'stonith_admin', 'virsh', 'libvirtd', 'virt-xml-validate',
  'xmllint', 'sshd', 'ssh', 'ssh-keygen', 'iostat', 'multipath', 'multipathd', 'sbd', 'tmux', 'visudo', 'sudo', 'ss',
];

function testFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) testFiles(p, out);
    else if (/\.test\.tsx?$/.test(name) || (/\.tsx?$/.test(name) && /\/test\/(helpers|lab)\//.test(p))) out.push(p);
  }
  return out;
}

describe('system tools in tests', () => {
  it('no test spawns a system tool by bare name (use toolPath + skipWithout)', () => {
    const tools = SYSTEM_TOOLS.map((t) => t.replace(/[-]/g, '\\-')).join('|');
    const bare = new RegExp(`\\b(?:execFileSync|execFile|spawnSync|spawn|execSync)\\(\\s*['"\`](?:${tools})['"\`]`, 'g');
    const offenders: string[] = [];
    for (const f of ['src', 'test', 'bench'].flatMap((d) => testFiles(join(root, d)))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(bare)) offenders.push(`${relative(root, f)}:${text.slice(0, m.index).split('\n').length}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  describe('VIRTDECK_TEST_HIDE_TOOLS', () => {
    const saved = process.env.VIRTDECK_TEST_HIDE_TOOLS;
    afterEach(() => {
      if (saved === undefined) delete process.env.VIRTDECK_TEST_HIDE_TOOLS;
      else process.env.VIRTDECK_TEST_HIDE_TOOLS = saved;
    });
    it('hides the named tools, and skipWithout then says which are missing', () => {
      process.env.VIRTDECK_TEST_HIDE_TOOLS = 'sh';
      expect(toolPath('sh')).toBeUndefined();
      expect(missingTools('sh')).toEqual(['sh']);
      const warned: string[] = [];
      const orig = console.warn;
      console.warn = (m: string) => warned.push(m);
      try {
        expect(skipWithout('a suite', ['sh'])).toBe(true);
      } finally {
        console.warn = orig;
      }
      expect(warned.join('')).toContain('SKIPPED a suite: missing sh');
      delete process.env.VIRTDECK_TEST_HIDE_TOOLS;
      expect(toolPath('sh')).toMatch(/\/sh$/);
    });
  });
});
