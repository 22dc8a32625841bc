import { describe, expect, it } from 'vitest';
import { createSelectors } from '../store/selectors.js';
import { FIXTURE_NOW, fixtureState, mkVm } from '../../test/support/store/test-fixtures.js';
import { TABLE_VIEWS } from './views.js';

describe('view rows per store', () => {
  it("each store's selectors keep their own rows: reading another store in between rebuilds nothing", () => {
    for (const view of TABLE_VIEWS) {
      const a = fixtureState();
      const b = fixtureState();
      b.nodes['kvm-n1']!.vms = [mkVm('other', 'kvm-n1')];
      const [selA, selB] = [createSelectors(), createSelectors()];
      const env = { contexts: [] };
      const rowsA = view.rows(a, FIXTURE_NOW, env, selA);
      view.rows(b, FIXTURE_NOW, env, selB);
      expect(view.rows(a, FIXTURE_NOW, env, selA), view.id).toBe(rowsA);
    }
  });
});
