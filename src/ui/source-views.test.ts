// The view registry: a source folder's view is a table view with its `:` commands, in the help,
// completion and keymap, without edits there. Fails when a registered view is left out anywhere.
import { describe, expect, it } from 'vitest';
import { COMMAND_ALIASES, COMMAND_NAMES, TABLE_VIEWS, resolveCommand, tableView } from './views.js';
import { KEYMAP, activeScopes, isTableView } from './keymap.js';
import { SOURCE_VIEWS } from './source-views.js';

describe('source views', () => {
  it('are registered', () => {
    expect(SOURCE_VIEWS.map((v) => v.id)).toContain('lvm');
  });
  for (const v of SOURCE_VIEWS) {
    describe(v.id, () => {
      it('is a table view with its columns, reached by each of its `:` commands', () => {
        const def = tableView(v.id);
        expect(def).toMatchObject({ id: v.id, title: v.title, columns: v.columns });
        for (const a of v.aliases) expect(resolveCommand(`:${a}`)).toBe(v.id);
        expect(isTableView(v.id)).toBe(true);
        expect(activeScopes({ view: v.id, hasReplay: false })).toEqual(['table', 'global']);
      });
      it('is listed in the help, completion and the command line binding', () => {
        expect(COMMAND_ALIASES).toContainEqual({ title: v.title, aliases: v.aliases });
        expect(COMMAND_NAMES).toContain(v.aliases[0]);
        expect(KEYMAP.find((b) => b.id === 'command')!.desc).toContain(`:${v.aliases[0]} `);
      });
    });
  }
  it('no `:` command names two views', () => {
    const all = [...TABLE_VIEWS.flatMap((t) => t.aliases), 'q', 'quit', 'q!', 'overview', 'home', 'ov', 'o'];
    expect(all.length).toBe(new Set(all).size);
  });
});
