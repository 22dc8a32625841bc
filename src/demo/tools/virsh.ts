// virsh (libvirt 9 layouts): list, domstats, capabilities, dumpxml, dominfo, domjobinfo,
// domdisplay, event stream, migrate with --verbose progress, start/shutdown/destroy/define/autostart.
import { poolList, volList } from './san.js';
import type { DemoSim } from '../sim/sim.js';
import type { SimNode, SimVm } from '../sim/state.js';
import { setDomainXmlRenderer } from './host.js';
import { SNAPSHOT_COMMANDS, snapshotCommand } from './virsh-snapshots.js';
import { hasFlag, xmlEscape, type Tool, type ToolCtx } from './types.js';

const STATE_CODE: Record<SimVm['state'], [number, number]> = {
  running: [1, 1],
  paused: [3, 1],
  'shut off': [5, 1],
  crashed: [6, 1],
};

/** vshTable layout: leading space, columns padded to their widest cell, 3 spaces between. */
export function vshTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => ` ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('   ')}`.replace(/\s+$/, '');
  const dashes = '-'.repeat(widths.reduce((a, w) => a + w + 3, 0));
  return `${[line(header), dashes, ...rows.map(line)].join('\n')}\n\n`;
}

export function listOutput(vms: SimVm[], opts: { all: boolean; inactive: boolean; autostart: boolean; name: boolean; uuid: boolean }): string {
  let sel = vms.filter((v) => (opts.inactive ? v.state === 'shut off' : opts.all ? true : v.state !== 'shut off'));
  if (opts.autostart) sel = sel.filter((v) => v.autostart);
  // virsh sorts running domains by id, then inactive ones by name.
  sel.sort((a, b) => (a.domId < 0 ? 1 : 0) - (b.domId < 0 ? 1 : 0) || (a.domId >= 0 ? a.domId - b.domId : a.name.localeCompare(b.name)));
  if (opts.name) return `${sel.map((v) => `${v.name}\n`).join('')}\n`;
  if (opts.uuid) return `${sel.map((v) => `${v.uuid}\n`).join('')}\n`;
  return vshTable(
    ['Id', 'Name', 'State'],
    sel.map((v) => [v.domId >= 0 ? String(v.domId) : '-', v.name, v.state]),
  );
}

/** Stats group flags of `virsh domstats`; none given means all groups. */
const DOMSTATS_GROUPS: Readonly<Record<string, string[]>> = {
  '--state': ['state.'],
  '--cpu-total': ['cpu.'],
  '--balloon': ['balloon.'],
  '--vcpu': ['vcpu.'],
  '--interface': ['net.'],
  '--block': ['block.'],
};

export function domstatsOutput(vms: SimVm[], flags: readonly string[] = []): string {
  // Like virsh: only the requested groups' keys (all of them without a group flag).
  const prefixes = flags.flatMap((f) => DOMSTATS_GROUPS[f] ?? []);
  const wanted = (line: string) => prefixes.length === 0 || !line.startsWith('  ') || prefixes.some((p) => line.startsWith(p, 2));
  const out: string[] = [];
  for (const v of vms) {
    const [st, reason] = STATE_CODE[v.state];
    out.push(`Domain: '${v.name}'`, `  state.state=${st}`, `  state.reason=${reason}`);
    const active = v.state === 'running' || v.state === 'paused';
    if (active) {
      const cpu = Math.round(v.cpuNs);
      out.push(`  cpu.time=${cpu}`, `  cpu.user=${Math.round(cpu * 0.12)}`, `  cpu.system=${Math.round(cpu * 0.05)}`, '  cpu.cache.monitor.count=0');
      out.push(
        `  balloon.current=${v.memKiB}`,
        `  balloon.maximum=${v.memKiB}`,
        '  balloon.swap_in=0',
        '  balloon.swap_out=0',
        `  balloon.major_fault=${Math.round(v.memKiB / 4096)}`,
        `  balloon.minor_fault=${Math.round(v.cpuNs / 1e6) % 100000000}`,
        `  balloon.unused=${Math.round(v.memKiB * (0.7 - v.cpuUtil * 0.4))}`,
        `  balloon.available=${v.memKiB - 200_000}`,
        `  balloon.usable=${Math.round(v.memKiB * (0.75 - v.cpuUtil * 0.3))}`,
        `  balloon.last-update=${1764000000}`,
        `  balloon.disk_caches=${Math.round(v.memKiB * 0.08)}`,
        '  balloon.hugetlb_pgalloc=0',
        '  balloon.hugetlb_pgfail=0',
        `  balloon.rss=${Math.round(v.memKiB * (v.hugepages ? 0.02 : 0.6 + v.cpuUtil * 0.3))}`,
      );
      out.push(`  vcpu.current=${v.vcpus}`, `  vcpu.maximum=${v.vcpus}`);
      for (let i = 0; i < v.vcpus; i++) {
        out.push(`  vcpu.${i}.state=1`, `  vcpu.${i}.time=${Math.round((v.cpuNs / v.vcpus) * 0.83)}`, `  vcpu.${i}.wait=0`, `  vcpu.${i}.delay=${Math.round(v.cpuNs / v.vcpus / 400)}`);
      }
      out.push(`  net.count=${v.nics.length}`);
      v.nics.forEach((n, i) => {
        out.push(`  net.${i}.name=${n.dev}`, `  net.${i}.rx.bytes=${n.rxBytes}`, `  net.${i}.rx.pkts=${n.rxPkts}`, `  net.${i}.rx.errs=0`, `  net.${i}.rx.drop=0`, `  net.${i}.tx.bytes=${n.txBytes}`, `  net.${i}.tx.pkts=${n.txPkts}`, `  net.${i}.tx.errs=0`, `  net.${i}.tx.drop=0`);
      });
    } else {
      out.push(`  balloon.current=${v.memKiB}`, `  balloon.maximum=${v.memKiB}`, `  vcpu.current=${v.vcpus}`, `  vcpu.maximum=${v.vcpus}`, '  net.count=0');
    }
    out.push(`  block.count=${v.disks.length}`);
    v.disks.forEach((d, i) => {
      out.push(`  block.${i}.name=${d.dev}`, `  block.${i}.path=${d.path}`);
      if (active) {
        out.push(`  block.${i}.rd.reqs=${d.rdReqs}`, `  block.${i}.rd.bytes=${d.rdBytes}`, `  block.${i}.rd.times=${d.rdTimesNs}`, `  block.${i}.wr.reqs=${d.wrReqs}`, `  block.${i}.wr.bytes=${d.wrBytes}`, `  block.${i}.wr.times=${d.wrTimesNs}`, `  block.${i}.fl.reqs=${d.flReqs}`, `  block.${i}.fl.times=${d.flTimesNs}`);
      }
      out.push(`  block.${i}.allocation=${Math.round(d.capacity * 0.37)}`, `  block.${i}.capacity=${d.capacity}`, `  block.${i}.physical=${Math.round(d.capacity * 0.38)}`);
    });
    out.push('');
  }
  return `${out.filter(wanted).join('\n')}\n`;
}

export function capabilitiesXml(_sim: DemoSim, n: SimNode): string {
  const cells = 2;
  const perCell = n.cpus / cells;
  const o: string[] = ['<capabilities>', '', '  <host>', `    <uuid>${n.bootId.slice(0, 8)}-${n.bootId.slice(8, 12)}-${n.bootId.slice(12, 16)}-${n.bootId.slice(16, 20)}-${n.bootId.slice(20, 32)}</uuid>`, '    <cpu>', '      <arch>x86_64</arch>', '      <model>Icelake-Server-noTSX</model>', '      <vendor>Intel</vendor>', '      <microcode version=\'218104578\'/>', '      <signature family=\'6\' model=\'106\' stepping=\'6\'/>', `      <counter name='tsc' frequency='2800000000' scaling='no'/>`, `      <topology sockets='1' dies='1' cores='${perCell / 2}' threads='2'/>`, "      <maxphysaddr mode='emulate' bits='46'/>", "      <feature name='vmx'/>", "      <feature name='pdpe1gb'/>", "      <pages unit='KiB' size='4'/>", "      <pages unit='KiB' size='2048'/>", "      <pages unit='KiB' size='1048576'/>", '    </cpu>', '    <power_management>', '      <suspend_mem/>', '    </power_management>', "    <iommu support='yes'/>", '    <migration_features>', '      <live/>', '      <uri_transports>', '        <uri_transport>tcp</uri_transport>', '        <uri_transport>rdma</uri_transport>', '      </uri_transports>', '    </migration_features>', '    <topology>', `      <cells num='${cells}'>`];
  for (let c = 0; c < cells; c++) {
    const memKiB = n.memKiB / cells;
    o.push(`        <cell id='${c}'>`, `          <memory unit='KiB'>${memKiB}</memory>`);
    const p4k = memKiB / 4;
    o.push(`          <pages unit='KiB' size='4'>${p4k}</pages>`);
    for (const p of n.pools) o.push(`          <pages unit='KiB' size='${p.sizeKiB}'>${Math.floor(p.total / cells)}</pages>`);
    o.push('          <distances>');
    for (let d = 0; d < cells; d++) o.push(`            <sibling id='${d}' value='${d === c ? 10 : 21}'/>`);
    o.push('          </distances>', `          <cpus num='${perCell}'>`);
    const cores = perCell / 2;
    for (let i = 0; i < perCell; i++) {
      const core = i % cores;
      const id = c * cores + core + (i >= cores ? n.cpus / 2 : 0);
      const sib = [c * cores + core, c * cores + core + n.cpus / 2].join(',');
      o.push(`            <cpu id='${id}' socket_id='${c}' die_id='0' core_id='${core}' siblings='${sib}'/>`);
    }
    o.push('          </cpus>', '        </cell>');
  }
  o.push('      </cells>', '    </topology>', '    <cache>');
  for (let c = 0; c < cells; c++) o.push(`      <bank id='${c}' level='3' type='both' size='42' unit='MiB' cpus='${c * (perCell / 2)}-${(c + 1) * (perCell / 2) - 1},${n.cpus / 2 + c * (perCell / 2)}-${n.cpus / 2 + (c + 1) * (perCell / 2) - 1}'/>`);
  o.push('    </cache>', '    <secmodel>', '      <model>apparmor</model>', '      <doi>0</doi>', '    </secmodel>', '    <secmodel>', '      <model>dac</model>', '      <doi>0</doi>', "      <baselabel type='kvm'>+64055:+994</baselabel>", "      <baselabel type='qemu'>+64055:+994</baselabel>", '    </secmodel>', '  </host>', '');
  o.push('  <guest>', '    <os_type>hvm</os_type>', "    <arch name='x86_64'>", '      <wordsize>64</wordsize>', '      <emulator>/usr/bin/qemu-system-x86_64</emulator>', '      <machine maxCpus=\'288\'>pc-q35-7.2</machine>', "      <machine canonical='pc-q35-7.2' maxCpus='288'>q35</machine>", "      <domain type='qemu'/>", "      <domain type='kvm'/>", '    </arch>', '    <features>', '      <acpi default=\'on\' toggle=\'yes\'/>', '      <apic default=\'on\' toggle=\'no\'/>', '      <cpuselection/>', '      <deviceboot/>', "      <disksnapshot default='on' toggle='no'/>", '    </features>', '  </guest>', '', '</capabilities>', '');
  return o.join('\n');
}

export function domainXml(v: SimVm, node: SimNode | undefined): string {
  if (v.xml && v.state === 'shut off') return v.xml.endsWith('\n') ? v.xml : `${v.xml}\n`;
  const running = v.state !== 'shut off';
  const o = [running ? `<domain type='kvm' id='${v.domId}'>` : "<domain type='kvm'>", `  <name>${xmlEscape(v.name)}</name>`, `  <uuid>${v.uuid}</uuid>`, `  <memory unit='KiB'>${v.memKiB}</memory>`, `  <currentMemory unit='KiB'>${v.memKiB}</currentMemory>`];
  if (v.hugepages) o.push('  <memoryBacking>', '    <hugepages>', `      <page size='${v.hugepages === '1G' ? 1048576 : 2048}' unit='KiB'/>`, '    </hugepages>', '  </memoryBacking>');
  o.push(`  <vcpu placement='static'>${v.vcpus}</vcpu>`);
  if (v.hugepages === '1G') o.push('  <numatune>', "    <memory mode='strict' nodeset='0'/>", '  </numatune>');
  o.push('  <resource>', '    <partition>/machine</partition>', '  </resource>', '  <os>', "    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>", "    <boot dev='hd'/>", '  </os>', '  <features>', '    <acpi/>', '    <apic/>', '  </features>', "  <cpu mode='host-passthrough' check='none' migratable='on'/>", "  <clock offset='utc'>", "    <timer name='rtc' tickpolicy='catchup'/>", '  </clock>', '  <on_poweroff>destroy</on_poweroff>', '  <on_reboot>restart</on_reboot>', '  <on_crash>destroy</on_crash>', '  <devices>', '    <emulator>/usr/bin/qemu-system-x86_64</emulator>');
  for (const d of v.disks) {
    const block = d.path.startsWith('/dev/');
    o.push(`    <disk type='${block ? 'block' : 'file'}' device='disk'>`, `      <driver name='qemu' type='${block ? 'raw' : 'qcow2'}' cache='none' io='native'/>`, `      <source ${block ? 'dev' : 'file'}='${xmlEscape(d.path)}'${running ? " index='1'" : ''}/>`, `      <target dev='${d.dev}' bus='virtio'/>`, '    </disk>');
  }
  for (const n of v.nics) {
    o.push("    <interface type='bridge'>", `      <mac address='${n.mac}'/>`, `      <source bridge='${n.bridge}'/>`);
    if (running) o.push(`      <target dev='${n.dev}'/>`);
    o.push("      <model type='virtio'/>", '    </interface>');
  }
  o.push(running ? `    <graphics type='vnc' port='${v.vncPort}' autoport='yes' listen='${node?.ring0 ?? '127.0.0.1'}'>` : "    <graphics type='vnc' port='-1' autoport='yes' listen='0.0.0.0'>", `      <listen type='address' address='${running ? (node?.ring0 ?? '127.0.0.1') : '0.0.0.0'}'/>`, '    </graphics>', "    <memballoon model='virtio'/>", '  </devices>');
  if (running) o.push("  <seclabel type='dynamic' model='apparmor' relabel='yes'>", `    <label>libvirt-${v.uuid}</label>`, '  </seclabel>');
  o.push('</domain>', '');
  return o.join('\n');
}

setDomainXmlRenderer((sim, path) => {
  const name = /([^/]+)\.xml$/.exec(path)?.[1];
  const vm = name ? sim.vm(name) : undefined;
  if (!vm?.managed) return undefined;
  // The config file Pacemaker's VirtualDomain starts from: the inactive definition.
  return domainXml({ ...vm, state: 'shut off', xml: undefined }, undefined);
});

export function dominfo(v: SimVm): string {
  const rows: [string, string][] = [
    ['Id:', v.domId >= 0 ? String(v.domId) : '-'],
    ['Name:', v.name],
    ['UUID:', v.uuid],
    ['OS Type:', 'hvm'],
    ['State:', v.state],
    ['CPU(s):', String(v.vcpus)],
  ];
  if (v.state !== 'shut off') rows.push(['CPU time:', `${(v.cpuNs / 1e9).toFixed(1)}s`]);
  rows.push(['Max memory:', `${v.memKiB} KiB`], ['Used memory:', `${v.state === 'shut off' ? 0 : v.memKiB} KiB`], ['Persistent:', v.persistent ? 'yes' : 'no'], ['Autostart:', v.autostart ? 'enable' : 'disable'], ['Managed save:', 'no'], ['Security model:', 'apparmor'], ['Security DOI:', '0']);
  if (v.state !== 'shut off') rows.push(['Security label:', `libvirt-${v.uuid} (enforcing)`]);
  return `${rows.map(([k, val]) => `${k.padEnd(15)} ${val}`).join('\n')}\n\n`;
}

function fmtBytes(b: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = b;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(3)} ${units[i]}`;
}

function domjobinfo(sim: DemoSim, v: SimVm): string {
  const l = (k: string, val: string) => `${k.padEnd(17)} ${val}`;
  if (!v.migration) return `${l('Job type:', 'None'.padEnd(12))}\n\n`;
  const p = sim.migrationProgress(v);
  const total = v.memKiB * 1024;
  const elapsed = sim.clock.elapsed - v.migration.startedAt;
  const processed = Math.round(total * p);
  const bw = elapsed > 0 ? processed / (elapsed / 1000) : 0;
  return `${[
    l('Job type:', 'Unbounded'.padEnd(12)),
    l('Operation:', 'Outgoing migration'),
    l('Time elapsed:', `${String(elapsed).padEnd(12)} ms`),
    l('Data processed:', fmtBytes(processed)),
    l('Data remaining:', fmtBytes(total - processed)),
    l('Data total:', fmtBytes(total)),
    l('Memory processed:', fmtBytes(processed)),
    l('Memory remaining:', fmtBytes(total - processed)),
    l('Memory total:', fmtBytes(total)),
    l('Memory bandwidth:', `${fmtBytes(bw)}/s`),
    l('Dirty rate:', `${'0'.padEnd(12)} pages/s`),
    l('Page size:', `${'4096'.padEnd(12)} bytes`),
    l('Iteration:', '1'.padEnd(12)),
    l('Constant pages:', String(Math.round(processed / 4096 / 3)).padEnd(12)),
    l('Normal pages:', String(Math.round(processed / 4096)).padEnd(12)),
    l('Normal data:', fmtBytes(processed)),
    l('Expected downtime:', `${'300'.padEnd(12)} ms`),
    l('Setup time:', `${'14'.padEnd(12)} ms`),
  ].join('\n')}\n\n`;
}

const GLOBAL_WITH_VALUE = new Set(['-c', '--connect', '-d', '--debug', '-l', '--log', '-k', '--keepalive-interval', '-K', '--keepalive-count']);

/** Splits `virsh [global opts] CMD args…`. */
function splitVirsh(args: string[]): { sub?: string; rest: string[] } {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) {
    const a = args[i]!;
    i += GLOBAL_WITH_VALUE.has(a) ? 2 : 1;
  }
  return { sub: args[i], rest: args.slice(i + 1) };
}

function positional(rest: string[], withValue: string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a.startsWith('--')) {
      if (withValue.includes(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

function noDomain(ctx: ToolCtx, name: string | undefined): number {
  ctx.io.err(name ? `error: failed to get domain '${name}'\n` : 'error: command requires <domain> option\n');
  return 1;
}

function findVm(ctx: ToolCtx, name: string | undefined): SimVm | undefined {
  if (!name) return undefined;
  const vms = ctx.sim.vmsOn(ctx.node);
  return vms.find((v) => v.name === name || v.uuid === name || (v.domId >= 0 && String(v.domId) === name));
}

export const virsh: Tool = async (ctx, args) => {
  const sim = ctx.sim;
  const { sub, rest } = splitVirsh(args);
  const node = sim.node(ctx.node);
  const readonly = args.slice(0, args.indexOf(sub ?? '')).some((a) => a === '-r' || a === '--readonly');
  const mutating = new Set(['migrate', 'start', 'shutdown', 'destroy', 'define', 'undefine', 'autostart', 'domjobabort', 'vol-delete']);
  if (sub && readonly && mutating.has(sub)) {
    ctx.io.err('error: operation forbidden: read only access prevents virDomain operation\n');
    return 1;
  }
  switch (sub) {
    case undefined:
      ctx.io.err('error: demo virsh has no interactive shell\n');
      return 1;
    case 'list':
      ctx.io.out(listOutput(sim.vmsOn(ctx.node), { all: hasFlag(rest, '--all'), inactive: hasFlag(rest, '--inactive'), autostart: hasFlag(rest, '--autostart'), name: hasFlag(rest, '--name'), uuid: hasFlag(rest, '--uuid') }));
      return 0;
    case 'domstats': {
      const names = positional(rest);
      const vms = names.length > 0 ? names.map((n) => findVm(ctx, n)) : sim.vmsOn(ctx.node);
      if (vms.some((v) => !v)) return noDomain(ctx, names[vms.findIndex((v) => !v)]);
      ctx.io.out(domstatsOutput(vms as SimVm[], rest.filter((a) => a.startsWith('--'))));
      return 0;
    }
    case 'capabilities':
      ctx.io.out(capabilitiesXml(sim, node));
      return 0;
    case 'dumpxml': {
      const name = positional(rest)[0];
      const vm = findVm(ctx, name);
      if (!vm) return noDomain(ctx, name);
      // --inactive: the persistent definition (what the node would boot), no runtime parts.
      ctx.io.out(hasFlag(rest, '--inactive') ? domainXml({ ...vm, state: 'shut off' }, node) : domainXml(vm, node));
      return 0;
    }
    case 'dominfo': {
      const name = positional(rest)[0];
      const vm = findVm(ctx, name);
      if (!vm) return noDomain(ctx, name);
      ctx.io.out(dominfo(vm));
      return 0;
    }
    case 'domstate': {
      const name = positional(rest)[0];
      const vm = findVm(ctx, name);
      if (!vm) return noDomain(ctx, name);
      ctx.io.out(`${vm.state}\n\n`);
      return 0;
    }
    case 'domjobinfo': {
      const name = positional(rest)[0];
      const vm = findVm(ctx, name);
      if (!vm) return noDomain(ctx, name);
      ctx.io.out(domjobinfo(sim, vm));
      return 0;
    }
    case 'domjobabort': {
      const name = positional(rest)[0];
      const vm = findVm(ctx, name);
      if (!vm) return noDomain(ctx, name);
      if (!sim.abortJob(vm.name)) {
        ctx.io.err('error: Requested operation is not valid: no job is active on the domain\n');
        return 1;
      }
      return 0;
    }
    case 'domdisplay': {
      const name = positional(rest)[0];
      const vm = findVm(ctx, name);
      if (!vm) return noDomain(ctx, name);
      if (vm.state !== 'running' && vm.state !== 'paused') {
        ctx.io.err('error: Domain is not running\n');
        return 1;
      }
      ctx.io.out(`vnc://${node.ring0}:${vm.vncPort - 5900}\n\n`);
      return 0;
    }
    case 'event':
      return eventStream(ctx);
    case 'migrate':
      return migrate(ctx, rest);
    case 'start':
    case 'shutdown':
    case 'destroy': {
      const name = positional(rest)[0];
      const vm = findVm(ctx, name);
      if (!vm) return noDomain(ctx, name);
      try {
        if (sub === 'start') sim.startVm(ctx.node, vm.name);
        else sim.stopVm(ctx.node, vm.name, sub === 'shutdown' ? 'Shutdown' : 'Destroyed');
      } catch (e) {
        ctx.io.err(`${(e as Error).message}\n`);
        return 1;
      }
      ctx.io.out(sub === 'start' ? `Domain '${vm.name}' started\n\n` : sub === 'shutdown' ? `Domain '${vm.name}' is being shutdown\n\n` : `Domain '${vm.name}' destroyed\n\n`);
      return 0;
    }
    case 'autostart': {
      const name = positional(rest)[0];
      const vm = findVm(ctx, name);
      if (!vm) return noDomain(ctx, name);
      if (!vm.persistent) {
        ctx.io.err("error: Failed to mark domain as autostarted\nerror: Requested operation is not valid: cannot set autostart for transient domain\n");
        return 1;
      }
      const off = hasFlag(rest, '--disable');
      sim.setAutostart(ctx.node, vm.name, !off);
      ctx.io.out(off ? `Domain '${vm.name}' unmarked as autostarted\n\n` : `Domain '${vm.name}' marked as autostarted\n\n`);
      return 0;
    }
    case 'define':
      return define(ctx, rest);
    case 'pool-list':
      return poolList(ctx, rest);
    case 'vol-list':
      return volList(ctx, rest);
    case 'undefine': {
      const name = positional(rest)[0];
      if (!findVm(ctx, name)) return noDomain(ctx, name);
      try {
        ctx.sim.undefineVm(ctx.node, name!);
      } catch (e) {
        ctx.io.err(`${(e as Error).message}\n`);
        return 1;
      }
      ctx.io.out(`Domain '${name}' has been undefined\n\n`);
      return 0;
    }
    case 'vol-delete': {
      const vol = positional(rest, ['--pool'])[0];
      if (!vol || !ctx.sim.deleteVolume(vol)) {
        ctx.io.err(`error: failed to get vol '${vol ?? ''}', specifying --pool might help\nerror: Storage volume not found: no storage vol with matching path '${vol ?? ''}'\n`);
        return 1;
      }
      ctx.io.out(`Vol ${vol} deleted\n\n`);
      return 0;
    }
    default:
      if (SNAPSHOT_COMMANDS.has(sub)) return snapshotCommand(ctx, sub, rest, readonly, (name) => findVm(ctx, name));
      ctx.io.err(`error: unknown command: '${sub}'\n`);
      return 1;
  }
};

async function define(ctx: ToolCtx, rest: string[]): Promise<number> {
  const file = positional(rest)[0];
  if (!file) {
    ctx.io.err("error: command 'define' requires <file> option\n");
    return 1;
  }
  const xml = file === '/dev/stdin' || file === '-' ? await ctx.io.stdin() : ctx.sim.node(ctx.node).files.get(file);
  if (xml === undefined) {
    ctx.io.err(`error: Failed to open file '${file}': No such file or directory\n`);
    return 1;
  }
  const name = /<domain\b[\s\S]*?<name>([^<]*)<\/name>/.exec(xml)?.[1]?.trim();
  if (!/^\s*<domain\b/.test(xml) || !/<\/domain>\s*$/.test(xml)) {
    ctx.io.err(`error: Failed to define domain from ${file}\nerror: (domain_definition):1: Start tag expected, '<' not found\n`);
    return 1;
  }
  if (!name || !/^[A-Za-z0-9][A-Za-z0-9_.+-]*$/.test(name)) {
    ctx.io.err(`error: Failed to define domain from ${file}\nerror: XML error: ${name ? `name '${name}' is not valid` : 'missing domain name information'}\n`);
    return 1;
  }
  try {
    const uuid = /<uuid>([0-9a-f-]{36})<\/uuid>/.exec(xml)?.[1];
    ctx.sim.defineVm(ctx.node, name, xml, uuid);
  } catch (e) {
    ctx.io.err(`error: Failed to define domain from ${file}\n${(e as Error).message}\n`);
    return 1;
  }
  ctx.io.out(`Domain '${name}' defined from ${file}\n\n`);
  return 0;
}

async function migrate(ctx: ToolCtx, rest: string[]): Promise<number> {
  const sim = ctx.sim;
  const pos = positional(rest, ['--domain', '--desturi', '--migrateuri', '--timeout', '--bandwidth', '--listen-address', '--migrate-disks', '--dname', '--xml', '--persistent-xml']);
  const name = rest.includes('--domain') ? rest[rest.indexOf('--domain') + 1] : pos.shift();
  const uri = rest.includes('--desturi') ? rest[rest.indexOf('--desturi') + 1] : pos.shift();
  if (!name || !uri) {
    ctx.io.err(`error: command 'migrate' requires <${name ? 'desturi' : 'domain'}> option\n`);
    return 1;
  }
  const vm = findVm(ctx, name);
  if (!vm) return noDomain(ctx, name);
  const m = /^qemu\+(ssh|tcp|tls):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/system$/.exec(uri);
  if (!m) {
    ctx.io.err(`error: invalid argument: Unable to parse URI ${uri}\n`);
    return 1;
  }
  const target = sim.nodes.find((n) => n.name === m[2] || n.ring0 === m[2]);
  if (!target) {
    ctx.io.err(`error: Cannot recv data: ssh: Could not resolve hostname ${m[2]}: Name or service not known: Connection reset by peer\n`);
    return 1;
  }
  if (target.name === ctx.node) {
    ctx.io.err('error: Requested operation is not valid: domain is already active on this host\n');
    return 1;
  }
  if (!hasFlag(rest, '--live') && !hasFlag(rest, '--offline')) {
    // Non-live migration pauses the guest; still allowed.
  }
  const verbose = hasFlag(rest, '--verbose');
  let done: Promise<boolean>;
  try {
    done = sim.migrateVm(vm.name, ctx.node, target.name, { persistent: hasFlag(rest, '--persistent'), undefineSource: hasFlag(rest, '--undefinesource') });
  } catch (e) {
    ctx.io.err(`${(e as Error).message}\n`);
    return 1;
  }
  let finished = false;
  const timer = setInterval(() => {
    if (finished || ctx.io.closed) return;
    if (verbose) ctx.io.err(`\rMigration: [${String(Math.floor(sim.migrationProgress(vm) * 100)).padStart(3)} %]`);
  }, Math.max(50, sim.clock.toReal(500)));
  ctx.io.onClose(() => {
    if (!finished) sim.abortJob(vm.name);
  });
  let ok: boolean;
  try {
    ok = await done;
  } catch (e) {
    ok = false;
    ctx.io.err(`${(e as Error).message}\n`);
  } finally {
    finished = true;
    clearInterval(timer);
  }
  if (!ok) {
    ctx.io.err('\nerror: operation aborted: migration out job: canceled by client\n');
    return 1;
  }
  if (verbose) ctx.io.err('\rMigration: [100 %]\n');
  ctx.io.out('\n');
  return 0;
}

function eventStream(ctx: ToolCtx): Promise<number> {
  return new Promise<number>((resolve) => {
    const off = ctx.sim.onVirshEvent((e) => {
      if (e.node === ctx.node && !ctx.io.closed) ctx.io.out(e.line);
    });
    ctx.io.onClose(() => {
      off();
      resolve(0);
    });
  });
}
