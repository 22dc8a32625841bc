import { describe, expect, it } from 'vitest';
import { fixturesOf } from '../../../test/support/collectors/parse-test-helpers.js';
import type { RunResult } from '../../ssh/runner.js';
import { createVdStore } from '../../store/store.js';
import type { CollectorContext } from '../context.js';
import { applyLvm, lvmCmds } from './collector.js';
import { LvInterner } from './lv-interner.js';
import { ParseReuse } from '../reuse.js';
import type { LvmLv, LvmVg } from './model.js';

const fx = fixturesOf('lvm');
const ok = (stdout: string): RunResult => ({ node: 'n1', stdout, stderr: '', code: 0, durationMs: 1 });
const lv = (name: string, activeLocally: boolean): LvmLv => ({ vg: 'vg_vms', name, uuid: `u-${name}`, path: `/dev/vg_vms/${name}`, activeLocally, open: activeLocally, sizeBytes: 1024 });
const vg = (lvs: LvmLv[]): LvmVg => ({ name: 'vg_vms', shared: true, lockType: 'dlm', lvs });

describe('LvInterner', () => {
  it('gives equal rows of two nodes one object, and a row that differs (activation) its own', () => {
    const i = new LvInterner();
    const [a] = i.intern('n1', [vg([lv('a', false), lv('b', true)])]);
    const [b] = i.intern('n2', [vg([lv('a', false), lv('b', false)])]);
    expect(b!.lvs[0]).toBe(a!.lvs[0]);
    expect(b!.lvs[1]).not.toBe(a!.lvs[1]);
    expect(b!.lvs[1]).toEqual(lv('b', false));
    // Every field counts: a different size or path is another row.
    const [c] = i.intern('n1', [vg([{ ...lv('a', false), sizeBytes: 2048 }, { ...lv('a', false), path: '/dev/x/a' }])]);
    expect(c!.lvs[0]).not.toBe(a!.lvs[0]);
    expect(c!.lvs[1]).not.toBe(a!.lvs[0]);
    expect(c!.lvs[0]!.sizeBytes).toBe(2048);
  });
  it('stays bounded while rows come and go, and keeps the rows still reported', () => {
    const i = new LvInterner();
    const kept = i.intern('n1', [vg([lv('kept', false)])])[0]!.lvs[0];
    for (let round = 0; round < 200; round++) {
      const rows = Array.from({ length: 500 }, (_, k) => lv(`r${round}-${k}`, false));
      i.intern('n1', [vg([...rows, lv('kept', false)])]);
      expect(i.intern('n1', [vg([lv('kept', false)])])[0]!.lvs[0]).toBe(kept);
    }
    // 100,000 distinct rows went through; at most two generations are held.
    expect(i.size).toBeLessThan(20_000);
  });
});

describe('applyLvm', () => {
  it('stores one object per LV row that two nodes report alike', () => {
    const store = createVdStore({ clusterName: 'c', nodes: ['n1', 'n2'] });
    const ctx = { store, runner: undefined as never, now: Date.now, libvirtUri: 'qemu:///system' } satisfies CollectorContext;
    const rs = [ok(fx('lvmlockctl-info-started.txt')), ok(fx('dlm-ls-healthy.txt')), ok(fx('lvs-active.json'))];
    applyLvm(ctx, 'n1', lvmCmds(), rs);
    applyLvm(ctx, 'n2', lvmCmds(), rs.map((r) => ({ ...r, node: 'n2' })));
    const one = store.getState().nodes['n1']!.lvm!.vgs[0]!.lvs;
    const two = store.getState().nodes['n2']!.lvm!.vgs[0]!.lvs;
    expect(one.length).toBe(2);
    one.forEach((x, k) => expect(two[k]).toBe(x));
  });
  it('with the runtime\'s ParseReuse, a node\'s unchanged report keeps its VGs as they were (not parsed again)', () => {
    const store = createVdStore({ clusterName: 'c', nodes: ['n1'] });
    const parsed: string[] = [];
    class Counting extends ParseReuse {
      override parse<T>(key: string, text: string, parse: (text: string) => T): T {
        return super.parse(key, text, (t) => (parsed.push(key), parse(t)));
      }
    }
    const ctx = { store, runner: undefined as never, now: Date.now, libvirtUri: 'qemu:///system', reuse: new Counting() } satisfies CollectorContext;
    const rs = [ok(fx('lvmlockctl-info-started.txt')), ok(fx('dlm-ls-healthy.txt')), ok(fx('lvs-active.json'))];
    applyLvm(ctx, 'n1', lvmCmds(), rs);
    const before = store.getState().nodes['n1']!.lvm!.vgs;
    applyLvm(ctx, 'n1', lvmCmds(), rs.map((r) => ({ ...r, stdout: `${r.stdout}` })));
    expect(store.getState().nodes['n1']!.lvm!.vgs).toBe(before);
    expect(parsed).toEqual(['n1\0lvs']);
  });
});
