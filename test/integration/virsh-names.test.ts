// Real virsh on libvirt's test driver, fed to virtdeck's parsers and VM collector: domains with
// odd names (non-ASCII, apostrophes, "&", "<", edge spaces, 200 characters, a state word as a
// name) in every state virsh can print. Invariants: every domain appears once with its exact
// name and state, joins with its domstats and its dumpxml, and one broken domain (renamed with a
// newline) costs only itself. Skips with a printed reason when virsh (or libvirtd, for the event
// stream) is missing.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autostartNamesCmd, domSizesCmd, domstatsCmd, eventStreamCmd, listAllCmd, VIRSH_ENV } from '../../src/collectors/virsh/command.js';
import { VirshEventParser, parseDomstats, parseDumpxml, parseVirshList, readVirshList } from '../../src/collectors/virsh/parse.js';
import { VmCollector } from '../../src/collectors/virsh/collector.js';
import type { CollectorContext } from '../../src/collectors/context.js';
import { DOMAIN_STATE_NAMES, type VirshEvent } from '../../src/model/vm.js';
import type { Cmd } from '../../src/ssh/cmd.js';
import { FakeRunner } from '../support/ssh/fake-runner.js';
import { createVdStore } from '../../src/store/store.js';
import { pathWithSbin, skipWithout, toolPath } from '../helpers/tools.js';

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const noVirsh = skipWithout('real virsh on the test driver (test/integration/virsh-names.test.ts)', ['virsh']);
const noDaemon = noVirsh || skipWithout('virsh event stream on a test-driver libvirtd (test/integration/virsh-names.test.ts)', ['libvirtd', ...(isRoot ? ['setpriv'] : [])]);

/** Name and test-driver run state (virDomainState: 0 no state … 7 pmsuspended). */
const DOMAINS: readonly (readonly [name: string, runstate: number])[] = [
  ['café-vm', 1],
  ["it's & co", 3],
  [' sp ace ', 5],
  ['x'.repeat(200), 6],
  ['wide漢字', 7],
  ['<tag> & "q"', 2],
  ['in shutdown', 4],
  ['vm running', 5],
  ['nostate', 0],
  ['plain-01', 1],
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
/** The probe domain's name and uuid index (outside DOMAINS' and r2's). */
const PROBE = 'vd-stream-probe';
const PROBE_INDEX = 98;
const uuidOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const domainXml = (name: string, i: number, runstate?: number) =>
  `<domain type='test'${runstate === undefined ? '' : " xmlns:test='http://libvirt.org/schemas/domain/test/1.0'"}><name>${esc(name)}</name><uuid>${uuidOf(i)}</uuid>` +
  `<memory unit='KiB'>1048576</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices><disk type='file' device='disk'>` +
  `<source file='/img/${esc(name)}.qcow2'/><target dev='vda'/></disk></devices>${runstate === undefined ? '' : `<test:runstate>${runstate}</test:runstate>`}</domain>`;

let dir = '';
let nodeFile = '';
const uri = () => `test://${nodeFile}`;

/** Runs one of virtdeck's virsh commands (argv and env as built by command.ts) against `uri`. */
function run(c: Cmd, env: Readonly<Record<string, string>> = c.env ?? {}): string {
  const [prog, ...args] = c.argv;
  expect(prog).toBe('virsh');
  return execFileSync(toolPath('virsh')!, args, { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function collect(outputs: string[], cmds: Cmd[]) {
  const store = createVdStore({ clusterName: 'c1', nodes: ['n1'] });
  const ctx: CollectorContext = { runner: new FakeRunner({ nodes: ['n1'] }), store, now: () => 1_000, libvirtUri: uri() };
  new VmCollector().apply(ctx, 'n1', cmds, outputs.map((stdout) => ({ node: 'n1', stdout, stderr: '', code: 0, durationMs: 1 })));
  return store.getState();
}

describe.skipIf(noVirsh)('real virsh (test driver): odd names in every state', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vd-virsh-names-'));
    nodeFile = join(dir, 'node.xml');
    const doms = DOMAINS.map(([n, st], i) => domainXml(n, i, st)).join('\n');
    writeFileSync(nodeFile, `<node>\n${doms}\n${domainXml('r2', 99, 5)}\n</node>\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const names = DOMAINS.map(([n]) => n).concat('r2');
  const stateOf = (n: string) => DOMAIN_STATE_NAMES[n === 'r2' ? 5 : DOMAINS.find(([d]) => d === n)![1]];

  it('list, domstats, sizes: every domain once, exact name and state, joined with its stats (C.UTF-8)', () => {
    const cmds = [listAllCmd(uri()), domstatsCmd(uri()), autostartNamesCmd(uri()), domSizesCmd(uri())];
    const out = cmds.map((c) => run(c));
    // the strict parsers read the real outputs without a bad row or block
    expect(readVirshList(out[0]!).bad).toEqual([]);
    const listed = parseVirshList(out[0]!);
    expect(listed.map((e) => e.state).sort()).toEqual(names.map(stateOf).sort());
    const stats = parseDomstats(out[1]!);
    expect(stats.map((d) => d.name).sort()).toEqual([...names].sort());
    for (const d of stats) expect(DOMAIN_STATE_NAMES[d.state], d.name).toBe(stateOf(d.name));

    const s = collect(out, cmds);
    const vms = s.nodes['n1']!.vms!;
    expect(vms.map((v) => v.name).sort()).toEqual([...names].sort());
    for (const v of vms) expect(v.state, JSON.stringify(v.name)).toBe(stateOf(v.name));
    expect(s.nodes['n1']!.vmProblems).toEqual([]);
    expect(s.alerts.filter((a) => a.rule === 'vm-record')).toEqual([]);
  });

  it('in the C locale (hosts without C.UTF-8) names still join: each VM once, under its real name', () => {
    const cmds = [listAllCmd(uri()), domstatsCmd(uri()), autostartNamesCmd(uri()), domSizesCmd(uri())];
    const out = cmds.map((c) => run(c, { LC_ALL: 'C' }));
    expect(out[0]).toContain('caf\\x'); // what plain C makes of café-vm
    const vms = collect(out, cmds).nodes['n1']!.vms!;
    expect(vms.map((v) => v.name).sort()).toEqual([...names].sort());
    for (const v of vms) expect(v.state, JSON.stringify(v.name)).toBe(stateOf(v.name));
  });

  it('dumpxml of each: exact name, entities in the disk path decoded', () => {
    for (const [i, name] of names.entries()) {
      const c = listAllCmd(uri());
      const xml = run({ ...c, argv: ['virsh', '-c', uri(), '-r', 'dumpxml', name === 'r2' ? uuidOf(99) : uuidOf(i)] }, VIRSH_ENV);
      const d = parseDumpxml(xml, 'n1');
      expect(d.name).toBe(name);
      expect(d.disks[0]!.source).toBe(`/img/${name}.qcow2`);
      expect(d.problems).toBeUndefined();
    }
  });

  it("a domain renamed with a newline costs only itself: the others stay, a warning names it", () => {
    // One virsh session (the test driver keeps a rename only for its connection): rename, then
    // the same list and domstats reads the collector runs, split at echo markers.
    const list = listAllCmd(uri()).argv.slice(4).join(' ');
    const stats = domstatsCmd(uri()).argv.slice(4).join(' ');
    const outAll = execFileSync(toolPath('virsh')!, ['-c', uri(), `domrename r2 'nl\ninjected' ; echo @@SPLIT@@ ; ${list} ; echo @@SPLIT@@ ; ${stats}`], {
      env: { ...process.env, ...VIRSH_ENV },
      encoding: 'utf8',
    });
    const [, listOut, statsOut] = outAll.split('@@SPLIT@@\n');
    expect(statsOut).toContain("Domain: 'nl\ninjected'");
    expect(() => parseDomstats(statsOut!)).toThrow(); // the whole-output parser would have lost every VM
    const cmds = [listAllCmd(uri()), domstatsCmd(uri()), autostartNamesCmd(uri())];
    const s = collect([listOut!, statsOut!, '\n'], cmds);
    const vms = s.nodes['n1']!.vms!;
    const others = names.filter((n) => n !== 'r2');
    expect(vms.filter((v) => others.includes(v.name)).map((v) => v.name).sort()).toEqual([...others].sort());
    expect(vms.find((v) => v.name === 'nl\\x0ainjected')?.state).toBe('shut off');
    const warn = s.alerts.filter((a) => a.rule === 'vm-record');
    expect(warn.map((a) => [a.severity, a.subject])).toEqual([['warning', '"nl\\ninjected"']]);
  });
});

describe.skipIf(noDaemon)('real virsh event stream (test-driver libvirtd): odd names in event lines', () => {
  let lvDir = '';
  let daemon: ChildProcess | undefined;
  let holder: ChildProcess | undefined;
  let sockUri = '';

  beforeAll(async () => {
    lvDir = mkdtempSync(join(tmpdir(), 'vd-virsh-events-'));
    chmodSync(lvDir, 0o755);
    for (const d of ['run', 'home', 'cfg', 'cache']) mkdirSync(join(lvDir, d), { mode: 0o700 });
    if (isRoot) for (const d of ['', 'run', 'home', 'cfg', 'cache']) chownSync(join(lvDir, d), NOBODY, NOBODY);
    const sock = join(lvDir, 'run', 'libvirt', 'libvirt-sock');
    sockUri = `test+unix:///default?socket=${sock}`;
    const env = { HOME: join(lvDir, 'home'), XDG_RUNTIME_DIR: join(lvDir, 'run'), XDG_CONFIG_HOME: join(lvDir, 'cfg'), XDG_CACHE_HOME: join(lvDir, 'cache'), PATH: pathWithSbin() };
    const argv = isRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', 'libvirtd'] : ['libvirtd'];
    daemon = spawn(argv[0]!, argv.slice(1), { env, stdio: 'ignore' });
    const until = Date.now() + 15_000;
    while (!existsSync(sock) || spawnSync(toolPath('virsh')!, ['-c', sockUri, 'list', '--all', '--name'], { encoding: 'utf8' }).status !== 0) {
      if (Date.now() > until || daemon.exitCode !== null) throw new Error(`libvirtd (test driver) did not come up: exit ${daemon.exitCode}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // the test driver's state lives as long as a connection does
    holder = spawn(toolPath('virsh')!, ['-c', sockUri, 'event', '--all', '--loop'], { stdio: 'ignore' });
    // The domains, and a probe whose events only tell that an event stream is listening (see the
    // test). Defined again until a fresh connection sees them all: a define made before the holder
    // connected (a busy machine) dies with its own connection.
    const defs = [...DOMAINS.map(([name], i) => [name, i] as const), [PROBE, PROBE_INDEX] as const].map(([name, i]) => {
      const f = join(lvDir, `d${i}.xml`);
      writeFileSync(f, domainXml(name, i));
      chmodSync(f, 0o644);
      return { uuid: uuidOf(i), file: f };
    });
    const defined = () => new Set(execFileSync(toolPath('virsh')!, ['-c', sockUri, 'list', '--all', '--uuid'], { encoding: 'utf8' }).split('\n').map((l) => l.trim()));
    for (const until = Date.now() + 15_000; ; ) {
      const have = defined();
      const missing = defs.filter((d) => !have.has(d.uuid));
      if (missing.length === 0) break;
      if (Date.now() > until) throw new Error(`test driver lost the defined domains: ${missing.map((d) => d.uuid).join(', ')}`);
      for (const d of missing) execFileSync(toolPath('virsh')!, ['-c', sockUri, 'define', d.file], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 30_000);

  afterAll(async () => {
    for (const p of [holder, daemon]) {
      if (!p || p.exitCode !== null || !p.pid) continue;
      const gone = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      await gone;
    }
    if (lvDir) rmSync(lvDir, { recursive: true, force: true });
  }, 20_000);

  it("every lifecycle event names its domain exactly (apostrophes, &, <, spaces, 200 characters)", async () => {
    const c = eventStreamCmd(sockUri);
    const stream = spawn(toolPath('virsh')!, c.argv.slice(1), { env: { ...process.env, ...c.env }, stdio: ['ignore', 'pipe', 'ignore'] });
    const parser = new VirshEventParser('n1');
    const events: VirshEvent[] = [];
    stream.stdout!.setEncoding('utf8');
    stream.stdout!.on('data', (d: string) => events.push(...parser.feed(d)));
    // The stream registers its callbacks some time after it starts (longer on a busy machine): start
    // and stop the probe domain until the stream reports it, then run the commands under test.
    const probeUuid = uuidOf(PROBE_INDEX);
    for (const until = Date.now() + 15_000; !events.some((e) => e.domain === PROBE) && Date.now() < until; ) {
      execFileSync(toolPath('virsh')!, ['-c', sockUri, `start ${probeUuid} ; destroy ${probeUuid}`], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(events.some((e) => e.domain === PROBE), 'the event stream never reported the probe domain').toBe(true);
    const ids = DOMAINS.map((_, i) => uuidOf(i));
    const cmds = ids.flatMap((u) => [`start ${u}`, `suspend ${u}`, `resume ${u}`, `destroy ${u}`]).join(' ; ');
    // virsh exits with the last command's status: keep what it said about the others.
    const ran = spawnSync(toolPath('virsh')!, ['-c', sockUri, cmds], { encoding: 'utf8' });
    const want = DOMAINS.length * 4;
    const until = Date.now() + 10_000;
    while (events.filter((e) => e.event === 'lifecycle' && e.domain !== PROBE).length < want && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    stream.kill('SIGTERM');
    expect(parser.errors).toBe(0);
    const life = events.filter((e) => e.event === 'lifecycle' && e.domain !== PROBE);
    const seen = (name: string) => life.filter((e) => e.domain === name).map((e) => e.detail.split(' ')[0]);
    expect(life, `virsh said: ${ran.stderr.trim()}; events per domain: ${JSON.stringify(DOMAINS.map(([name]) => [name.slice(0, 20), seen(name)]))}`).toHaveLength(want);
    for (const [name] of DOMAINS) {
      expect(life.filter((e) => e.domain === name).map((e) => e.detail.split(' ')[0]), JSON.stringify(name)).toEqual(['Started', 'Suspended', 'Resumed', 'Stopped']);
    }
  }, 30_000);
});
