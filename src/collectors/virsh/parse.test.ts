import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ParseError } from '../parse-error.js';
import { assertOnlyParseError, expectOnlyParseError, fixturesOf, splicedSeeds } from '../../../test/support/collectors/parse-test-helpers.js';
import { expectSameOutcome, mutated } from '../../../test/support/collectors/parse-equivalence.js';
import {
  MAX_EVENT_LINE,
  VirshEventParser,
  parseAutostartNames,
  parseCpuset,
  parseDomdisplay,
  parseDomjobinfo,
  parseDomstats,
  parseDumpxml,
  parseVirshEventLine,
  parseVirshList,
  vmCpuPct,
  vmDiskLatency,
} from './parse.js';
import { parseDomstatsReference as referenceLf } from '../../../test/support/collectors/virsh/parse.reference.js';

/** The replaced parser rejected CRLF line ends that every other parser accepts; the new one reads "\r\n" as "\n". */
const parseDomstatsReference = (text: string, node?: string): DomStats[] => referenceLf(text.replace(/\r\n/g, '\n'), node);
import type { DomStats } from '../../model/vm.js';

const fx = fixturesOf('virsh');

describe('parseVirshList', () => {
  it('real `virsh list --all` (test driver: paused, running, shut off)', () => {
    expect(parseVirshList(fx('list-all.txt'), 'n1')).toEqual([
      { id: 1, name: 'test', state: 'paused' },
      { id: 2, name: 'web-01', state: 'running' },
      { name: 'db-02', state: 'shut off' },
    ]);
  });

  it('empty table, multi-word states, names with spaces do not crash; an unknown state is no row', () => {
    expect(parseVirshList(' Id   Name   State\n--------------------\n\n')).toEqual([]);
    const t = ' Id   Name          State\n------------------------------\n 3    a b c         in shutdown\n -    odd name      no state\n';
    expect(parseVirshList(t)).toEqual([
      { id: 3, name: 'a b c', state: 'in shutdown' },
      { name: 'odd name', state: 'no state' },
    ]);
    // virsh prints a closed set of states (virshDomainStateToString): anything else is not a row
    expect(() => parseVirshList(`${t} 4    x             weird\n`)).toThrow(/unparseable row: no known state/);
  });

  it('degraded: empty, error text, garbage row → ParseError', () => {
    expect(() => parseVirshList('', 'n1')).toThrow(/^virsh-list@n1: no " Id {3}Name {3}State" header/);
    expect(() => parseVirshList('error: failed to connect to the hypervisor\n')).toThrow(ParseError);
    expect(() => parseVirshList(' Id   Name   State\n----\n garbage\n')).toThrow(/unparseable row/);
  });
});

describe('parseDomstats', () => {
  it('real test-driver capture (state only: the test driver reports no other groups)', () => {
    expect(parseDomstats(fx('domstats-test-driver.txt'), 'n1')).toEqual([
      { name: 'web-01', state: 1, reason: 1, block: [], net: [] },
      { name: 'test', state: 3, reason: 1, block: [], net: [] },
      { name: 'db-02', state: 5, reason: 0, block: [], net: [] },
    ]);
  });

  it('QEMU-driver format: cpu, balloon, vcpu, block, net; shut-off domain without counters', () => {
    const [web, db] = parseDomstats(fx('domstats-qemu.txt'));
    expect(web).toEqual({
      name: 'web-01',
      state: 1,
      reason: 1,
      cpuTimeNs: 424043980090,
      cpuUserNs: 9480000000,
      cpuSystemNs: 109090000000,
      balloonCurrentKb: 4194304,
      balloonMaximumKb: 4194304,
      balloonRssKb: 2054652,
      vcpuCurrent: 4,
      vcpuMaximum: 4,
      block: [
        {
          name: 'vda',
          path: '/dev/mapper/mpatha',
          rdReqs: 16985,
          rdBytes: 760085504,
          rdTimesNs: 17530146045,
          wrReqs: 31367,
          wrBytes: 296035328,
          wrTimesNs: 25167012713,
          flReqs: 6563,
          flTimesNs: 13134814826,
          allocation: 16070279168,
          capacity: 68719476736,
          physical: 68719476736,
        },
        { name: 'sda', rdReqs: 59, rdBytes: 1142, rdTimesNs: 320299, wrReqs: 0, wrBytes: 0, wrTimesNs: 0, flReqs: 0, flTimesNs: 0 },
      ],
      net: [{ name: 'vnet0', rxBytes: 52001937, rxPkts: 39684, rxErrs: 0, rxDrop: 3, txBytes: 530633, txPkts: 8129, txErrs: 0, txDrop: 0 }],
    });
    expect(db).toMatchObject({ name: 'db-02', state: 5, reason: 2, balloonMaximumKb: 2097152, vcpuCurrent: 2, net: [] });
    expect(db!.cpuTimeNs).toBeUndefined();
    expect(db!.block[0]).toMatchObject({ name: 'vda', rdReqs: 0, capacity: 12884901888 });
  });

  it('empty output = no domains; degraded input → ParseError', () => {
    expect(parseDomstats('')).toEqual([]);
    expect(() => parseDomstats("Domain: 'x'\n  state.reason=1\n", 'n1')).toThrow(/^domstats@n1: domain 'x': no state.state/);
    expect(() => parseDomstats('  state.state=1\n')).toThrow(ParseError);
    expect(() => parseDomstats('error: internal error\n')).toThrow(ParseError);
    // Truncated mid-block: the complete keys are kept.
    const t = fx('domstats-qemu.txt');
    const cut = parseDomstats(t.slice(0, t.indexOf('block.0.wr.reqs')));
    expect(cut[0]!.block[0]).toMatchObject({ rdReqs: 16985, wrReqs: 0 });
  });
});

describe('vmDiskLatency / vmCpuPct', () => {
  const base = parseDomstats(fx('domstats-qemu.txt'))[0]!;
  const later = (f: (d: DomStats) => void): DomStats => {
    const d = structuredClone(base);
    f(d);
    return d;
  };

  it('Δtimes / Δreqs in ms, worst disk wins', () => {
    const next = later((d) => {
      d.block[0]!.rdReqs += 100; // 100 reads, 200 ms total → 2 ms
      d.block[0]!.rdTimesNs += 200e6;
      d.block[0]!.wrReqs += 10; // 10 writes, 50 ms → 5 ms
      d.block[0]!.wrTimesNs += 50e6;
      d.block[1]!.rdReqs += 1; // 1 read, 30 ms → 30 ms (worst)
      d.block[1]!.rdTimesNs += 30e6;
    });
    expect(vmDiskLatency(base, next)).toEqual({ readMs: 30, writeMs: 5 });
  });

  it('no ops → undefined; counter reset → undefined; other VM → {}', () => {
    expect(vmDiskLatency(base, base)).toEqual({});
    const reset = later((d) => {
      d.block[0]!.rdReqs = 5;
      d.block[0]!.rdTimesNs = 1e6;
    });
    expect(vmDiskLatency(base, reset)).toEqual({});
    expect(vmDiskLatency(base, later((d) => (d.name = 'other')))).toEqual({});
  });

  it('vmCpuPct is % of one host CPU', () => {
    const next = later((d) => (d.cpuTimeNs! += 3e9)); // 3 s of CPU in 2 s
    expect(vmCpuPct(base, next, 2000)).toBe(150);
    expect(vmCpuPct(base, later((d) => (d.cpuTimeNs = 1)), 2000)).toBeUndefined();
    expect(vmCpuPct(base, next, 0)).toBeUndefined();
    expect(vmCpuPct(base, later((d) => delete d.cpuTimeNs), 1000)).toBeUndefined();
  });
});

describe('virsh event stream', () => {
  const real = fx('event-loop-timestamp.txt');

  it('real lifecycle lines from `virsh event --all --loop --timestamp`', () => {
    const evs = new VirshEventParser('n1').feed(real);
    expect(evs).toHaveLength(8);
    expect(evs[0]).toEqual({ timestamp: '2026-11-24 07:45:39.651+0000', event: 'lifecycle', domain: 'web-01', detail: 'Defined Added' });
    expect(evs.map((e) => `${e.domain} ${e.detail}`)).toEqual([
      'web-01 Defined Added',
      'web-01 Started Booted',
      'test Suspended Paused',
      'test Resumed Unpaused',
      'web-01 Stopped Shutdown',
      'test Stopped Destroyed',
      'test Started Booted',
      'web-01 Undefined Removed',
    ]);
  });

  it('other event formats from tools/virsh-domain-event.c; continuation and summary lines skipped', () => {
    const evs = new VirshEventParser().feed(fx('event-extra-formats.txt'));
    expect(evs.map((e) => [e.event, e.detail])).toEqual([
      ['reboot', ''],
      ['io-error', '/dev/mapper/mpatha (virtio-disk0) pause due to enospc'],
      ['tray-change', 'disk sata0-0-0: opened'],
      ['job-completed', ''],
      ['agent-lifecycle', "state: 'connected' reason: 'channel event'"],
      ['lifecycle', 'Stopped Migrated'],
    ]);
    expect(parseVirshEventLine("event 'lifecycle' for domain 'x': Crashed Panicked")).toEqual({ event: 'lifecycle', domain: 'x', detail: 'Crashed Panicked' });
    expect(parseVirshEventLine('events received: 6')).toBeUndefined();
    expect(parseVirshEventLine('\tdata_total: 2147483648')).toBeUndefined();
  });

  it('every split point gives the same events; partial line waits for its newline', () => {
    const want = new VirshEventParser().feed(real);
    for (let i = 0; i <= real.length; i++) {
      const p = new VirshEventParser();
      expect([...p.feed(real.slice(0, i)), ...p.feed(real.slice(i))]).toEqual(want);
    }
    const p = new VirshEventParser();
    expect(p.feed(real.slice(0, -1))).toHaveLength(7);
    expect(p.feed('\n')).toHaveLength(1);
  });

  it('overlong line is dropped and counted, the stream goes on', () => {
    const p = new VirshEventParser('n1');
    p.feed('x'.repeat(MAX_EVENT_LINE));
    p.feed('y'.repeat(100));
    expect(p.errors).toBe(1);
    expect(p.feed(`tail\n${real}`)).toHaveLength(8);
    expect(p.lastError).toBeInstanceOf(ParseError);
    const q = new VirshEventParser();
    expect(q.feed(`${'z'.repeat(MAX_EVENT_LINE + 1)}\n${real}`)).toHaveLength(8);
    expect(q.errors).toBe(1);
  });
});

describe('parseDomdisplay / parseAutostartNames', () => {
  it('display URIs', () => {
    expect(parseDomdisplay('vnc://127.0.0.1:0\n\n')).toBe('vnc://127.0.0.1:0');
    expect(parseDomdisplay('spice://10.0.0.5:5900?tls-port=5901\n')).toBe('spice://10.0.0.5:5900?tls-port=5901');
    expect(parseDomdisplay('')).toBeUndefined();
    expect(parseDomdisplay('error: No graphical display found\n')).toBeUndefined();
    // Real test-driver output: autoport never assigned → unusable.
    expect(parseDomdisplay(fx('domdisplay-test-driver.txt'))).toBeUndefined();
  });

  it('autostart names (real captures)', () => {
    expect(parseAutostartNames(fx('autostart-names.txt'))).toEqual(['db-02']);
    expect(parseAutostartNames(fx('autostart-names-empty.txt'))).toEqual([]);
  });
});

describe('parseDumpxml', () => {
  const web = fx('dumpxml-web-01.xml');

  it('real test-driver dumpxml of a defined+started domain', () => {
    const d = parseDumpxml(web, 'n1');
    expect(d).toMatchObject({
      name: 'web-01',
      memoryKb: 4194304,
      currentMemoryKb: 4194304,
      vcpus: 4,
      cpuMode: 'host-passthrough',
      machine: 'pc-q35-7.2',
      hugepages: true,
      disks: [
        { device: 'disk', target: 'vda', bus: 'virtio', source: '/dev/mapper/mpatha', driverCache: 'none', driverIo: 'native' },
        { device: 'cdrom', target: 'sda', bus: 'sata', source: '/iso/install.iso' },
      ],
      interfaces: [{ type: 'bridge', source: 'br0', mac: '52:54:00:12:34:56', model: 'virtio', target: 'testnet0' }],
      graphics: [{ type: 'vnc', listen: '127.0.0.1' }],
    });
    expect(d.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(d.digest).toMatch(/^[0-9a-f]{64}$/);
    const t = parseDumpxml(fx('dumpxml-test.xml'));
    expect(t).toMatchObject({ name: 'test', memoryKb: 8388608, currentMemoryKb: 2097152, vcpus: 2, hugepages: false, graphics: [] });
    expect(t.interfaces[0]).toEqual({ type: 'network', source: 'default', mac: 'aa:bb:cc:dd:ee:ff', target: 'testnet0' });
    expect(t.cpuMode).toBeUndefined();
  });

  it('memory units and vcpu current', () => {
    const x = "<domain type='kvm'><name>a</name><memory unit='GiB'>2</memory><currentMemory unit='MiB'>1024</currentMemory><vcpu current='2'>8</vcpu><cpu><model>Skylake</model></cpu></domain>";
    expect(parseDumpxml(x)).toMatchObject({ memoryKb: 2097152, currentMemoryKb: 1048576, vcpus: 2, cpuMode: 'custom' });
    expect(parseDumpxml(x.replace("unit='GiB'>2", '>512')).memoryKb).toBe(512);
  });

  it('digest of dumpxml --inactive copies: generated parts ignored, configured ones (currentMemory, seclabel, ua- aliases, backingStore) count', () => {
    const inactive = web.replace(" id='2'", '').replace("<target dev='testnet0'/>", "<target dev='vnet0'/>");
    const vda = "<target dev='vda' bus='virtio'/>";
    const dyn = "\n  <seclabel type='dynamic' model='selinux' relabel='yes'/>";
    const withDyn = inactive.replace('</devices>', `</devices>${dyn}`);
    const a = parseDumpxml(inactive).digest;
    // what libvirt generates: domain id, vnetN, autoport port, its own aliases, detected backing chains, dynamic labels
    const generated = inactive
      .replace('<domain ', "<domain id='17' ")
      .replace("<target dev='vnet0'/>", "<target dev='vnet12'/>\n      <alias name='net0'/>")
      .replace("port='-1' autoport='yes'", "port='5903' autoport='yes'")
      .replace(vda, `${vda}\n      <alias name='virtio-disk0'/>\n      <backingStore type='file' index='1'><format type='raw'/><source file='/base.img'/><backingStore/></backingStore>`);
    expect(parseDumpxml(generated).digest).toBe(a);
    const labelled = withDyn.replace("relabel='yes'/>", "relabel='yes'>\n    <label>system_u:system_r:svirt_t:s0:c1,c2</label>\n    <imagelabel>system_u:object_r:svirt_image_t:s0:c1,c2</imagelabel>\n  </seclabel>");
    expect(parseDumpxml(labelled).digest).toBe(parseDumpxml(withDyn).digest);
    // configuration: every one of these is drift
    const drift = [
      inactive.replace('4194304</memory>', '8388608</memory>'),
      inactive.replace("cache='none'", "cache='writeback'"),
      inactive.replace("<currentMemory unit='KiB'>4194304</currentMemory>", "<currentMemory unit='KiB'>3145728</currentMemory>"),
      withDyn,
      inactive.replace('</devices>', "</devices>\n  <seclabel type='static' model='selinux' relabel='yes'><label>system_u:system_r:svirt_t:s0:c5,c9</label></seclabel>"),
      inactive.replace(vda, `${vda}\n      <alias name='ua-data'/>`),
      inactive.replace(vda, `${vda}\n      <backingStore type='file'><format type='qcow2'/><source file='/images/base.qcow2'/></backingStore>`),
    ];
    for (const x of drift) expect(parseDumpxml(x).digest, x).not.toBe(a);
    expect(parseDumpxml(inactive.replace(vda, `${vda}\n      <alias name='ua-data'/>`)).digest).not.toBe(parseDumpxml(inactive.replace(vda, `${vda}\n      <alias name='ua-logs'/>`)).digest);
    const fixedPort = inactive.replace("port='-1' autoport='yes'", "port='5901' autoport='no'");
    expect(parseDumpxml(fixedPort).digest).not.toBe(parseDumpxml(fixedPort.replace("'5901'", "'5902'")).digest);
  });

  it('real pinned database domain: hugepage size, vcpupin and emulatorpin cpusets, network disk', () => {
    const d = parseDumpxml(fx('dumpxml-db-03-pinned.xml'), 'n2');
    expect(d).toMatchObject({ name: 'db-03', memoryKb: 8388608, vcpus: 4, hugepages: true, hugepageKb: 1048576, emulatorPin: [1] });
    expect(d.vcpuPins).toEqual([
      { vcpu: 0, cpus: [2] },
      { vcpu: 1, cpus: [3] },
      { vcpu: 2, cpus: [4] },
      { vcpu: 3, cpus: [6, 7] },
    ]);
    expect(d.disks.map((x) => x.source)).toEqual(['/dev/mapper/mpathc', 'pool/db-03-data']);
    // Default-size hugepages and unpinned domains leave the fields out.
    const web = parseDumpxml(fx('dumpxml-web-01.xml'));
    expect(web.hugepages).toBe(true);
    expect(web.hugepageKb).toBeUndefined();
    expect(web.vcpuPins).toBeUndefined();
    expect(web.emulatorPin).toBeUndefined();
    const mib = "<domain><name>a</name><memory>1</memory><memoryBacking><hugepages><page size='2' unit='M'/></hugepages></memoryBacking></domain>";
    expect(parseDumpxml(mib).hugepageKb).toBe(2048);
  });

  it('bad cputune costs only that field: left out, named in problems with the domain and the element', () => {
    const x = (pin: string) => `<domain><name>db</name><memory>1</memory><cputune>${pin}</cputune></domain>`;
    const p = (pin: string) => {
      const d = parseDumpxml(x(pin), 'n1');
      expect(d).toMatchObject({ name: 'db', memoryKb: 1 });
      return d.problems;
    };
    expect(p("<vcpupin vcpu='0' cpuset='3-1'/><vcpupin vcpu='1' cpuset='2'/>")).toEqual([`domain 'db': <vcpupin vcpu='0'>: cpuset "3-1": range 3-1 runs backwards`]);
    expect(parseDumpxml(x("<vcpupin vcpu='0' cpuset='3-1'/><vcpupin vcpu='1' cpuset='2'/>")).vcpuPins).toEqual([{ vcpu: 1, cpus: [2] }]);
    expect(p("<vcpupin vcpu='0' cpuset='99999'/>")).toEqual([`domain 'db': <vcpupin vcpu='0'>: cpuset "99999": bad item "99999"`]);
    expect(p("<vcpupin cpuset='1'/>")).toEqual([`domain 'db': <vcpupin vcpu='?'>: needs vcpu and cpuset`]);
    expect(p("<emulatorpin cpuset='a'/>")).toEqual([`domain 'db': <emulatorpin>: cpuset "a": bad item "a"`]);
  });

  it('degraded: empty, not a domain, no name, no memory, truncated → ParseError', () => {
    expect(() => parseDumpxml('', 'n1')).toThrow(/^dumpxml@n1: empty output/);
    expect(() => parseDumpxml('<capabilities/>')).toThrow(/no <domain>/);
    expect(() => parseDumpxml('<domain><memory>1</memory></domain>')).toThrow(/without <name>/);
    expect(() => parseDumpxml('<domain><name>x</name></domain>')).toThrow(/domain 'x': no valid <memory>/);
    expect(() => parseDumpxml(web.slice(0, 300))).toThrow(ParseError);
  });
});

describe('parseCpuset (libvirt cpuset syntax)', () => {
  it('ranges, singles, exclusions, spaces; sorted and deduplicated', () => {
    expect(parseCpuset('0-3,^2,8')).toEqual([0, 1, 3, 8]);
    expect(parseCpuset('6-7')).toEqual([6, 7]);
    expect(parseCpuset(' 5 , 1-2 ,2')).toEqual([1, 2, 5]);
  });
  it('bad items throw naming the item; ids bounded by the libvirt mask length', () => {
    expect(() => parseCpuset('0-1,^0-1')).toThrow(/bad item "\^0-1"/); // "^" takes one CPU, as in virBitmapParse
    expect(() => parseCpuset('')).toThrow(/bad item ""/);
    expect(parseCpuset('8190-8191')).toEqual([8190, 8191]);
    // libvirt 9.0 defines cpuset='0,16383' and refuses '0,16384' ("Failed to parse bitmap")
    expect(parseCpuset('0,16383')).toEqual([0, 16383]);
    expect(() => parseCpuset('0-16384')).toThrow(/bad item "0-16384"/);
  });
});

describe('parseDomjobinfo (format from virsh 9.0 cmdDomjobinfo)', () => {
  it('running outgoing migration with percent', () => {
    expect(parseDomjobinfo(fx('domjobinfo-migration.txt'))).toEqual({
      type: 'Unbounded',
      operation: 'Outgoing migration',
      timeElapsedMs: 1234,
      dataProcessedBytes: 536870912,
      dataRemainingBytes: 1610612736,
      dataTotalBytes: 2147483648,
      memoryProcessedBytes: 536870912,
      memoryRemainingBytes: 1610612736,
      memoryTotalBytes: 2147483648,
      percent: 25,
    });
  });

  it('completed and none', () => {
    const c = parseDomjobinfo(fx('domjobinfo-completed.txt'));
    expect(c).toMatchObject({ type: 'Completed', timeElapsedMs: 9650, dataRemainingBytes: 0, dataTotalBytes: 2147483648, percent: 100 });
    expect(c.dataProcessedBytes).toBe(Math.round(2.011 * 1024 ** 3));
    expect(parseDomjobinfo(fx('domjobinfo-none.txt'))).toEqual({ type: 'None' });
  });

  it('decimal comma (run without LC_ALL=C) still reads sizes', () => {
    expect(parseDomjobinfo('Job type:         Unbounded\nData processed:   1,500 GiB\nData total:       3,000 GiB\n')).toMatchObject({
      dataProcessedBytes: 1.5 * 1024 ** 3,
      percent: 50,
    });
  });

  it('degraded → ParseError', () => {
    expect(() => parseDomjobinfo('', 'n1')).toThrow(/^domjobinfo@n1: no "Job type:" line/);
    expect(() => parseDomjobinfo('garbage\n')).toThrow(ParseError);
  });
});

describe('fuzz: only ParseError escapes', () => {
  const seeds = [fx('list-all.txt'), fx('domstats-qemu.txt'), fx('dumpxml-web-01.xml'), fx('dumpxml-db-03-pinned.xml'), fx('domjobinfo-migration.txt'), fx('event-extra-formats.txt')];
  const parsers: ((t: string) => unknown)[] = [parseVirshList, parseDomstats, parseDumpxml, parseDomjobinfo, parseDomdisplay, parseAutostartNames, parseVirshEventLine, (t) => new VirshEventParser().feed(t)];
  it('random strings and mutated captures', () => {
    assertOnlyParseError(fc.oneof(fc.string(), splicedSeeds(seeds, 5000, 40)), parsers, { numRuns: 300 });
  });
});

describe('bounded work on hostile input', () => {
  it('long lines and adversarial XML end quickly with a result or a ParseError', () => {
    const spaces = `1 ${' '.repeat(200_000)}x`;
    expect(() => parseVirshList(` Id   Name   State\n${spaces}\n`)).toThrow(ParseError);
    expect(parseDomjobinfo(`Job type: None\n${' '.repeat(200_000)}:\n`)).toEqual({ type: 'None' });
    for (const x of [
      '<domain><name>x</name><memory unit="constructor">1</memory></domain>',
      '<domain><name>x</name><memory>1</memory><__proto__><a/></__proto__><constructor/></domain>',
      `${'<a>'.repeat(20_000)}`,
      '<domain><name>x</name><memory>1</memory><devices><disk><source/></disk><disk/></devices></domain>',
    ]) {
      expectOnlyParseError(() => parseDumpxml(x));
    }
  });
});

describe('parseDomstats matches the parser it replaced (parse.reference.ts)', () => {
  const counter = fc.oneof(
    fc.maxSafeNat().map(String),
    fc.nat(1000).map(String),
    fc.bigInt({ min: 0n, max: 10n ** 22n }).map(String), // past 2^53: Number()'s rounding
    fc.integer().map(String),
    fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}.${b}`),
    fc.constantFrom('007', '-0', '0', '0000000000000000000012', '1e3', '1.', '.5', '+1', '0x10', 'NaN', '', '-', '1.2.3', '٣', '１'),
  );
  const name = fc.oneof(fc.constantFrom('web-01', "it's", "'", "''", 'a b', 'ü', '日本', '😀', '/dev/mapper/mpatha', 'a=b'), fc.string({ unit: 'binary', maxLength: 12 }));
  const value = fc.oneof({ weight: 3, arbitrary: counter }, { weight: 1, arbitrary: name });
  const index = fc.oneof(fc.nat(4).map(String), fc.maxSafeNat().map(String), fc.constantFrom('00', '01', '1'.repeat(20), '9'.repeat(400)));
  const blockField = fc.constantFrom('name', 'path', 'rd.reqs', 'rd.bytes', 'rd.times', 'wr.reqs', 'wr.bytes', 'wr.times', 'fl.reqs', 'fl.times', 'allocation', 'capacity', 'physical', 'backingIndex', 'threshold', 'rd.reqsx', 'Name', 'rd');
  const netField = fc.constantFrom('name', 'path', 'rx.bytes', 'rx.pkts', 'rx.errs', 'rx.drop', 'tx.bytes', 'tx.pkts', 'tx.errs', 'tx.drop', 'rx.bytes.x', 'rx');
  const otherKey = fc.constantFrom('state.state', 'state.reason', 'cpu.time', 'cpu.user', 'cpu.system', 'balloon.current', 'balloon.maximum', 'balloon.rss', 'vcpu.current', 'vcpu.maximum',
    'cpu.cache.monitor.count', 'balloon.last-update', 'vcpu.0.time', 'net.count', 'block.count', 'state.stateX', 'cpu.timex', 'state', 'block', 'net.', 'block.x.name', 'block.0.', 'block..name', 'net.1', 'constructor', '__proto__');
  const key = fc.oneof(
    otherKey,
    fc.tuple(index, blockField).map(([i, f]) => `block.${i}.${f}`),
    fc.tuple(index, netField).map(([i, f]) => `net.${i}.${f}`),
  );
  const lead = fc.constantFrom('  ', '  ', ' ', '\t', ' \t', '\u00a0', '\u3000', '\v', '\ufeff', '\r ', '\u2028');
  const tail = fc.constantFrom('', '', '', ' ', '\t', ' \u00a0', '\u3000', '\r');
  const kv = fc.tuple(lead, key, fc.constantFrom('', '', ' ', '\t'), value, tail).map(([l, k, sp, v, t]) => `${l}${k}=${sp}${v}${t}`);
  const domain = fc
    .tuple(name, tail, fc.option(fc.nat(7), { freq: 8 }), fc.array(fc.oneof({ weight: 8, arbitrary: kv }, { weight: 1, arbitrary: fc.constantFrom('', '  ', '\t') }), { maxLength: 30 }))
    .map(([n, t, st, lines]) => [`Domain: '${n}'${t}`, ...(st === null ? [] : [`  state.state=${st}`]), ...lines].join('\n'));
  const output = fc.tuple(fc.array(domain, { maxLength: 4 }), fc.constantFrom('\n', '\n\n', '')).map(([ds, end]) => ds.join('\n') + end);

  it('generated outputs (names with quotes and unicode, any device indices, counters up to and past 2^53)', () => {
    let returned = 0;
    fc.assert(fc.property(output, (t) => void (returned += expectSameOutcome(parseDomstats, parseDomstatsReference, t, 'n1') ? 1 : 0)), { numRuns: 1500 });
    expect(returned).toBeGreaterThan(300); // most inputs are valid: the values are compared, not only the errors
  });

  it('mutated outputs and captures: the same result or the same ParseError', () => {
    const seeds = fc.constantFrom(fx('domstats-qemu.txt'), fx('domstats-test-driver.txt'));
    fc.assert(fc.property(mutated(fc.oneof(output, seeds)), (t) => void expectSameOutcome(parseDomstats, parseDomstatsReference, t)), { numRuns: 1500 });
  });

  it('devices out of order, repeated, and more than the fast path holds', () => {
    const keys = (ids: number[]) => ["Domain: 'x'", '  state.state=1', ...ids.flatMap((i) => [`  block.${i}.name=d${i}`, `  net.${i}.rx.bytes=${i}`, `  block.${i}.rd.reqs=${i * 3}`])].join('\n');
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.nat(40), { maxLength: 10 }), fc.array(fc.nat(40), { minLength: 20, maxLength: 60 })), (ids) => {
        expectSameOutcome(parseDomstats, parseDomstatsReference, keys(ids));
      }),
      { numRuns: 300 },
    );
    expect(parseDomstats(keys([3, 1, 2, 1]))[0]!.block.map((b) => b.name)).toEqual(['d1', 'd2', 'd3']);
  });
});
