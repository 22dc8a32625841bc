import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from './schema.js';

const errorOf = (raw: unknown): string => {
  try {
    validateConfig(raw, '/x/config.json');
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return '';
};

describe('views.<view>.columns', () => {
  it('keeps the chosen columns (titles case-insensitive)', () => {
    const c = validateConfig({ views: { vms: { columns: ['VM', 'node', 'STATE'] } } }, 'f');
    expect(c.views).toEqual({ vms: { columns: ['VM', 'node', 'STATE'] } });
  });
  it('an unknown column names the view and the column', () => {
    const m = errorOf({ views: { vms: { columns: ['VM', 'FLAVOUR'] } } });
    expect(m).toContain('config error in /x/config.json: views.vms.columns: view "vms" has no column "FLAVOUR"');
    expect(m).toContain('columns: VM, STATE, NODE');
  });
  it('an unknown view is named with the known ones', () => {
    expect(errorOf({ views: { vmz: { columns: ['VM'] } } })).toContain('views.vmz: unknown view "vmz" (views: nodes, resources, vms');
  });
  it('refuses an empty list, a non-string, a repeated column and unknown keys', () => {
    expect(errorOf({ views: { vms: { columns: [] } } })).toContain('views.vms.columns must be a non-empty list of column titles');
    expect(errorOf({ views: { vms: { columns: [3] } } })).toContain('views.vms.columns must be');
    expect(errorOf({ views: { vms: { columns: ['VM', 'vm'] } } })).toContain('lists column "vm" twice');
    expect(errorOf({ views: { vms: { cols: ['VM'] } } })).toContain('views.vms.cols is not a known key');
  });
});
