// The LVM source is wired everywhere its declaration says: forgetting a piece fails here.
import { describe, expect, it } from 'vitest';
import { SOURCES } from '../registry.js';
import { ALERT_RULES } from '../../store/alerts/index.js';
import { DEFAULT_PATHS, readonlyCommands } from '../../actions/sudoers.js';
import { TOOLS } from '../../demo/tools/registry.js';
import { SOURCE_VIEWS } from '../../ui/source-views.js';
import { lvmCmds } from './collector.js';
import { lvmSource } from './source.js';
import { lvmView } from './view.js';

const words = { node: 'n1', device: '/dev/sdb', resource: 'r1', domain: 'web1', libvirtUri: 'qemu:///system' };

describe('lvm source', () => {
  it('is registered, with its view', () => {
    expect(SOURCES).toContain(lvmSource);
    expect(SOURCE_VIEWS).toContain(lvmView);
  });
  it('declares every command its collector runs; each reads as root through the sudoers read role', () => {
    const declared = lvmSource.commands(words).map((c) => c.argv.join(' '));
    expect(lvmCmds().map((c) => c.argv.join(' '))).toEqual(declared);
    const read = readonlyCommands().map((c) => c.argv.join(' '));
    for (const c of lvmSource.commands(words)) {
      expect(c.sudo).toBe(true);
      expect(DEFAULT_PATHS[c.argv[0]!]).toMatch(/^\/usr\/sbin\//);
      expect(read).toContain(c.argv.join(' '));
    }
  });
  it('has a saved file for each command (--from) and a demo tool for each program', () => {
    for (const c of lvmSource.commands(words)) {
      const f = lvmSource.saved!.fileFor(c);
      expect(f?.scope).toBe('node');
      expect(lvmSource.saved!.files).toContain(f!.file);
      expect(lvmSource.demoTools).toContain(c.argv[0]);
      expect(TOOLS.has(c.argv[0]!)).toBe(true);
    }
  });
  it('its alert rules are the engine’s', () => {
    for (const r of lvmSource.alerts ?? []) expect(ALERT_RULES).toContain(r);
  });
});
