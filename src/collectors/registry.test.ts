// The registry is the one place a source is declared: these checks make a missing piece (sudo
// path, --from file, demo tool, collector part, an undeclared command) a failing test.
import { describe, expect, it } from 'vitest';
import type { Cmd } from '../ssh/cmd.js';
import { FakeRunner } from '../../test/support/ssh/fake-runner.js';
import { createVdStore } from '../store/store.js';
import { DEFAULT_INTERVAL_MS, EVENT_STREAMS } from '../store/freshness.js';
import { readonlyCommands, sudoersLine } from '../actions/sudoers.js';
import { savedFileFor } from '../cli/saved-runner.js';
import { TOOLS } from '../demo/tools/registry.js';
import { SOURCES, type SourceId } from './registry.js';
import { DEFAULT_INTERVALS, INTERVAL_KEYS, UNCONFIGURABLE_SOURCES } from './intervals.js';
import { startCollectors, sharedReads } from './runtime.js';
import type { ArgWords, SourceDef, SourceServices } from './source.js';
import { fixtureResponder } from '../../test/support/collectors/test-support.js';

const WORDS: ArgWords = { node: 'vdwordnode', device: '/dev/disk/by-id/vdworddev', resource: 'vdwordrsc', domain: 'vdworddom', libvirtUri: 'qemu:///system' };
const VARIABLE = new Set(Object.values(WORDS));

const svc: SourceServices = { trigger: () => {}, log: () => {}, intervalMs: () => 1000, journalUnits: ['pacemaker'] };

/** `<word>` parts of a declared file name stand for any one path segment part. */
const fileMatches = (pattern: string, file: string): boolean => {
  const norm = (s: string) => s.replace(/\/$/, '');
  const re = new RegExp(`^${norm(pattern).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<[a-z]+>/g, '[^/]+')}$`);
  return re.test(norm(file));
};

/** Everything a source must declare, as readable problems (empty: complete). */
function problems(defs: readonly SourceDef<string, string>[]): string[] {
  const out: string[] = [];
  const ids = defs.map((d) => d.id);
  for (const d of defs) {
    const p = (msg: string) => out.push(`${d.id}: ${msg}`);
    if (ids.filter((x) => x === d.id).length > 1) p('id registered twice');
    if (!(d.intervalMs > 0)) p('no default interval');
    for (const a of d.after ?? []) if (!defs.some((x) => x.id === a && x.scope === d.scope)) p(`after names ${a}, not a ${d.scope} source`);
    const cmds = d.commands(WORDS);
    if (cmds.length === 0) p('declares no commands');
    for (const c of cmds) {
      const tool = c.argv[0]!;
      if (!d.demoTools.includes(tool)) p(`runs ${tool}, not among its demo tools`);
      if (!c.sudo) continue;
      // The read role is every sudo() command of the registry: each must make a sudoers rule.
      try {
        sudoersLine(c);
      } catch (e) {
        p(`sudo ${c.argv.join(' ')}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    for (const t of d.demoTools) if (!TOOLS.has(t)) p(`demo tool ${t} is not in src/demo/tools/registry.ts`);
    if (d.freshness === 'interval') {
      // Polled data can come from saved files (--from): every declared file answers a command and back.
      if (!d.saved || d.saved.files.length === 0) p('polled, but declares no --from files');
      else {
        const answered = cmds.flatMap((c) => {
          const f = d.saved!.fileFor(c);
          return f ? [f.file] : [];
        });
        if (answered.length === 0) p('--from answers none of its commands');
        for (const f of answered) if (!d.saved.files.some((pat) => fileMatches(pat, f))) p(`--from file ${f} not among its declared files`);
        for (const pat of d.saved.files) if (!answered.some((f) => fileMatches(pat, f))) p(`--from file ${pat} answers none of its commands`);
      }
    }
    if (d.scope === 'node') {
      const c = d.collector(svc);
      if (!c.poll && !c.batch && !c.stream) p('collects nothing (no poll, batch or stream)');
      if (d.batchable && !c.batch) p('batchable without batch cmds/apply');
      if (d.streamed && !(c.stream && c.poll)) p('streamed needs a stream and a one-sample poll');
      if (d.freshness === 'event' && !c.stream) p("freshness 'event' without a stream");
      if (c.followUp && !(c.followUp.key in (d.extraIntervals ?? {}))) p(`follow-up ${c.followUp.key} has no interval (extraIntervals)`);
    }
  }
  return out;
}

describe('source registry', () => {
  it('every registered source declares every piece', () => {
    expect(problems(SOURCES)).toEqual([]);
  });

  it('a source missing pieces is reported, piece by piece', () => {
    const broken: SourceDef<'broken'> = {
      id: 'broken',
      scope: 'node',
      intervalMs: 1000,
      freshness: 'interval',
      batchable: true,
      commands: () => [{ argv: ['drbdsetup', 'status', '--json'], sudo: true } as Cmd],
      demoTools: [],
      collector: () => ({ poll: async () => {} }),
    };
    expect(problems([broken])).toEqual([
      'broken: runs drbdsetup, not among its demo tools',
      'broken: sudo drbdsetup status --json: no absolute path known for "drbdsetup" (pass it in paths)',
      'broken: polled, but declares no --from files',
      'broken: batchable without batch cmds/apply',
    ]);
  });

  it('the sudoers read role holds every sudo command of every source', () => {
    const read = readonlyCommands().map((c) => c.argv[0]);
    for (const s of SOURCES) for (const c of s.commands(WORDS)) if (c.sudo) expect(read, `${s.id}: ${c.argv[0]}`).toContain(c.argv[0]);
    expect(new Set(read)).toEqual(new Set(['stonith_admin', 'cibadmin', 'grep', 'crm_mon', 'corosync-cmapctl', 'corosync-quorumtool', 'corosync-cfgtool', 'sbd', 'multipathd', 'multipath', 'journalctl', 'lvmlockctl', 'dlm_tool', 'lvs']));
  });

  it('derives one interval table (the runtime\'s cadences) for loops, config keys and freshness', () => {
    for (const s of SOURCES) expect(DEFAULT_INTERVAL_MS[s.id], s.id).toBe(s.intervalMs);
    expect(DEFAULT_INTERVALS).toMatchObject({ stonith: 30_000, iostat: 5_000, domdisplay: 60_000 });
    // Event streams have no cadence to configure.
    expect(INTERVAL_KEYS).toEqual(['pacemaker', 'stonith', 'corosync', 'sbd', 'multipath', 'host', 'network', 'capabilities', 'vms', 'domdisplay', 'iostat', 'lvm']);
    expect([...EVENT_STREAMS]).toEqual(['vmevents', 'journal']);
    // The config's type (ConfigIntervalKey) leaves out exactly the defs that say configurable: false.
    expect(SOURCES.filter((s) => s.configurable === false).map((s) => s.id).sort()).toEqual([...UNCONFIGURABLE_SOURCES].sort());
  });

  it('groups batchable node sources by cadence into shared reads', () => {
    const nodeDefs = SOURCES.filter((s) => s.scope === 'node');
    expect(sharedReads(nodeDefs, DEFAULT_INTERVALS).map((g) => g.key)).toEqual(['corosync+multipath', 'host+network+vms']);
    expect(sharedReads(nodeDefs, { ...DEFAULT_INTERVALS, network: 7_000, vms: 7_000 }).map((g) => g.key)).toEqual(['corosync+multipath', 'network+vms']);
  });

  it('a round sends only commands its sources declare, and --from can answer each polled one', async () => {
    const nodes = ['n1', 'n2'];
    const runner = new FakeRunner({ nodes }).respond(fixtureResponder());
    const store = createVdStore({ clusterName: 'c1', nodes });
    const col = startCollectors({ runner, store, config: { live: false } });
    await col.collectOnce();
    col.stop();
    const shapes = SOURCES.flatMap((s) => s.commands(WORDS).map((c) => ({ id: s.id as SourceId, argv: c.argv })));
    const owner = (argv: readonly string[]) => shapes.find((x) => x.argv.length === argv.length && x.argv.every((w, i) => w === argv[i] || VARIABLE.has(w)))?.id;
    const undeclared = runner.calls.filter((c) => owner(c.argv) === undefined).map((c) => c.argv.join(' '));
    expect(undeclared).toEqual([]);
    // Console addresses are best effort and not part of saved data.
    const unanswered = runner.calls.filter((c) => !c.argv.includes('domdisplay') && !savedFileFor(c.cmd)).map((c) => c.argv.join(' '));
    expect(unanswered).toEqual([]);
  });
});
