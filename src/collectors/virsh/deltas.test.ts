// The VM poll's per-VM deltas (CPU %, disk latency) and disk paths over a sequence of polls, held
// to what the previous sample and the pre-rewrite vmDiskLatency (parse.reference.ts) give: the
// collector now updates its private counters in place and compares paths before allocating.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createVdStore } from '../../store/store.js';
import type { RunResult } from '../../ssh/runner.js';
import type { DomStats } from '../../model/vm.js';
import type { CollectorContext } from '../context.js';
import { VmCollector } from './collector.js';
import { parseDomstats, vmCpuPct, vmDiskLatency } from './parse.js';
import { vmDiskLatencyReference } from '../../../test/support/collectors/virsh/parse.reference.js';

const HEAD = ' Id   Name                 State\n-----------------------------------------\n';
const r = (stdout: string): RunResult => ({ node: 'n1', stdout, stderr: '', code: 0, durationMs: 1 });

const disk = fc.record({
  name: fc.constantFrom('vda', 'vdb', 'sda', 'sdb', ''),
  path: fc.option(fc.constantFrom('/dev/vg/a', '/dev/vg/b', '/var/lib/libvirt/images/c.qcow2', '/dev/mapper/mpatha-part1'), { nil: undefined }),
  rd: fc.tuple(fc.nat(50), fc.nat(10_000_000)),
  wr: fc.tuple(fc.nat(50), fc.nat(10_000_000)),
});
/** Mostly one of a few disk layouts (the same disks poll after poll, new counters), sometimes any. */
const layout = fc.constantFrom<string[]>([], ['vda'], ['vda', 'vdb'], ['vdb', 'vda'], ['', 'vda']);
const disks = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(layout, fc.array(disk, { minLength: 2, maxLength: 2 })).map(([names, ds]) => names.map((name, i) => ({ ...ds[i]!, name }))) },
  { weight: 1, arbitrary: fc.array(disk, { maxLength: 4 }) },
);
const vm = fc.record({ cpu: fc.option(fc.nat(1e12), { nil: undefined }), disks });
/** One poll: which of four VMs exist, and their samples. */
const poll = fc.record({ a: fc.option(vm, { nil: undefined }), b: fc.option(vm, { nil: undefined }), c: fc.option(vm, { nil: undefined }), d: fc.option(vm, { nil: undefined }), dt: fc.integer({ min: 0, max: 10_000 }) });

function outputs(p: Record<string, unknown>): { list: string; stats: string } {
  const names = (['a', 'b', 'c', 'd'] as const).filter((k) => p[k]);
  const list = HEAD + names.map((k, i) => ` ${String(i + 1).padEnd(5)}${`vm-${k}`.padEnd(21)}running\n`).join('') + '\n';
  const stats = names
    .map((k) => {
      const v = p[k] as { cpu?: number; disks: { name: string; path?: string; rd: [number, number]; wr: [number, number] }[] };
      const lines = [`Domain: 'vm-${k}'`, '  state.state=1', '  state.reason=1', ...(v.cpu === undefined ? [] : [`  cpu.time=${v.cpu}`])];
      v.disks.forEach((d, i) => {
        lines.push(`  block.${i}.name=${d.name}`);
        if (d.path) lines.push(`  block.${i}.path=${d.path}`);
        lines.push(`  block.${i}.rd.reqs=${d.rd[0]}`, `  block.${i}.rd.times=${d.rd[1]}`, `  block.${i}.wr.reqs=${d.wr[0]}`, `  block.${i}.wr.times=${d.wr[1]}`);
      });
      return lines.join('\n') + '\n';
    })
    .join('\n');
  return { list, stats };
}

describe('VM poll deltas over a sequence of polls', () => {
  it('vmDiskLatency equals the Map-based original, repeated and unnamed disks included', () => {
    const sample = fc.record({ name: fc.constantFrom('x', 'y'), block: fc.array(fc.record({ name: fc.constantFrom('vda', 'vdb', ''), rdReqs: fc.nat(9), rdTimesNs: fc.nat(99), wrReqs: fc.nat(9), wrTimesNs: fc.nat(99) }), { maxLength: 20 }) });
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        expect(vmDiskLatency(a, b)).toStrictEqual(vmDiskLatencyReference(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('CPU %, worst disk latency and disk paths of every poll follow from that poll and the one before', () => {
    fc.assert(
      fc.property(fc.array(poll, { minLength: 2, maxLength: 6 }), (polls) => {
        const clock = { now: 1_000_000 };
        const store = createVdStore({ clusterName: 'c1', nodes: ['n1'], now: () => clock.now });
        const ctx: CollectorContext = { runner: undefined as never, store, now: () => clock.now, libvirtUri: 'qemu:///system' };
        const c = new VmCollector();
        let prev: { at: number; byName: Map<string, DomStats> } | undefined;
        let lastDisks = new Map<string, readonly string[] | undefined>();
        for (const p of polls) {
          clock.now += p.dt;
          const o = outputs(p);
          const cmds = c.cmds(ctx.libvirtUri, 'n1', clock.now);
          c.apply(ctx, 'n1', cmds, [r(o.list), r(o.stats), r('\n'), ...(cmds.length > 3 ? [r(o.stats)] : [])]);
          const samples = parseDomstats(o.stats);
          const dt = prev ? clock.now - prev.at : 0;
          const disks = new Map<string, readonly string[] | undefined>();
          for (const got of store.getState().nodes['n1']!.vms!) {
            const cur = samples.find((d) => d.name === got.name)!;
            const before = prev?.byName.get(got.name);
            const paths = cur.block.flatMap((b) => (b.path ? [b.path] : []));
            const want: Record<string, unknown> = { disks: paths.length ? paths : undefined };
            if (before && dt > 0) {
              want.cpuPct = vmCpuPct(before, cur, dt);
              const lat = vmDiskLatencyReference(before, cur);
              want.diskReadLatencyMs = lat.readMs;
              want.diskWriteLatencyMs = lat.writeMs;
            }
            expect({ cpuPct: got.cpuPct, diskReadLatencyMs: got.diskReadLatencyMs, diskWriteLatencyMs: got.diskWriteLatencyMs, disks: got.disks }).toEqual({
              cpuPct: want.cpuPct,
              diskReadLatencyMs: want.diskReadLatencyMs,
              diskWriteLatencyMs: want.diskWriteLatencyMs,
              disks: want.disks,
            });
            // An unchanged path list stays the same array (what the store keeps one object for).
            const last = lastDisks.get(got.name);
            if (got.disks && last && last.join('\n') === got.disks.join('\n') && last.length === got.disks.length) expect(got.disks).toBe(last);
            disks.set(got.name, got.disks);
          }
          lastDisks = disks;
          // (The generated polls list exactly the VMs domstats reports, so every poll is the next one's base.)
          prev = { at: clock.now, byName: new Map(samples.map((d) => [d.name, d])) };
        }
      }),
      { numRuns: 400 },
    );
  });
});
