// multipath -ll, multipathd show maps json (multipath-tools 0.9.4 layout), iostat -dxy -o JSON.
import type { DemoSim } from '../sim/sim.js';
import type { SimMap, SimNode } from '../sim/state.js';
import type { Tool } from './types.js';

const VENDOR = 'LIO-ORG';

function sizeStr(g: number): string {
  return g >= 1024 ? `${(g / 1024).toFixed(1)}T` : `${g}G`;
}

function groupState(m: SimMap, g: number): { status: string; prio: number } {
  const activeGroup = m.paths.some((p) => p.group === 0 && !p.failed) ? 0 : 1;
  return { status: g === activeGroup ? 'active' : 'enabled', prio: g === 0 ? 50 : 10 };
}

export function multipathLl(n: SimNode): string {
  const out: string[] = [];
  for (const m of n.maps) {
    out.push(`${m.alias} (${m.wwid}) ${m.dm} ${VENDOR},demo-${m.alias}`, `size=${sizeStr(m.sizeG)} features='1 queue_if_no_path' hwhandler='1 alua' wp=rw`);
    const groups = [0, 1];
    groups.forEach((g, gi) => {
      const last = gi === groups.length - 1;
      const st = groupState(m, g);
      out.push(`${last ? '`' : '|'}-+- policy='service-time 0' prio=${st.prio} status=${st.status}`);
      const paths = m.paths.filter((p) => p.group === g);
      paths.forEach((p, pi) => {
        const pl = pi === paths.length - 1;
        out.push(`${last ? ' ' : '|'} ${pl ? '`' : '|'}- ${p.hctl} ${p.dev} ${p.devT} ${p.failed ? 'failed faulty running' : 'active ready running'}`);
      });
    });
  }
  return `${out.join('\n')}\n`;
}

export function multipathdJson(n: SimNode): string {
  const maps = n.maps.map((m) => {
    const groups = [0, 1].map((g) => {
      const st = groupState(m, g);
      const paths = m.paths
        .filter((p) => p.group === g)
        .map((p, i) =>
          [
            '{',
            `            "dev" : "${p.dev}",`,
            `            "dev_t" : "${p.devT}",`,
            `            "dm_st" : "${p.failed ? 'failed' : 'active'}",`,
            `            "dev_st" : "running",`,
            `            "chk_st" : "${p.failed ? 'faulty' : 'ready'}",`,
            `            "checker" : "tur",`,
            `            "pri" : ${st.prio},`,
            `            "host_wwnn" : "[undef]",`,
            `            "target_wwnn" : "iqn.2003-01.org.linux-iscsi.san${i + 1}:${m.alias}",`,
            `            "host_wwpn" : "[undef]",`,
            `            "target_wwpn" : "[undef]",`,
            `            "host_adapter" : "${p.hostAdapter}",`,
            `            "lun_hex" : "0x000${n.maps.indexOf(m)}000000000000",`,
            `            "marginal_st" : "normal"`,
            '         }',
          ].join('\n'),
        );
      return [
        '{',
        `         "selector" : "service-time 0",`,
        `         "pri" : ${st.prio},`,
        `         "dm_st" : "${st.status}",`,
        `         "marginal_st" : "normal",`,
        `         "group" : ${g + 1},`,
        `         "paths": [${paths.join(',')}]`,
        '      }',
      ].join('\n');
    });
    return [
      '{',
      `      "name" : "${m.alias}",`,
      `      "uuid" : "${m.wwid}",`,
      `      "sysfs" : "${m.dm}",`,
      `      "failback" : "immediate",`,
      `      "queueing" : "on",`,
      `      "paths" : ${m.paths.length},`,
      `      "write_prot" : "rw",`,
      `      "dm_st" : "active",`,
      `      "features" : "1 queue_if_no_path",`,
      `      "hwhandler" : "1 alua",`,
      `      "action" : "",`,
      `      "path_faults" : ${m.pathFaults},`,
      `      "vend" : "${VENDOR}",`,
      `      "prod" : "demo-${m.alias}",`,
      `      "rev" : "4.0",`,
      `      "switch_grp" : 0,`,
      `      "map_loads" : 1,`,
      `      "total_q_time" : 0,`,
      `      "q_timeouts" : 0,`,
      `      "path_groups": [${groups.join(',')}]`,
      '   }',
    ].join('\n');
  });
  return `{\n   "major_version": 0,\n   "minor_version": 1,\n   "maps": [${maps.join(',')}]\n}\n`;
}

export const multipath: Tool = (ctx, args) => {
  if (!args.includes('-ll') && !(args.includes('-l') && args.includes('-l'))) {
    ctx.io.err('multipath: demo supports only -ll\n');
    return 1;
  }
  ctx.io.out(multipathLl(ctx.sim.node(ctx.node)));
  return 0;
};

export const multipathd: Tool = (ctx, args) => {
  const words = args.join(' ');
  const n = ctx.sim.node(ctx.node);
  if (/^(show|list) (maps|multipaths|topology) json$/.test(words)) {
    ctx.io.out(multipathdJson(n));
    return 0;
  }
  if (/^(show|list) (maps|topology)$/.test(words)) {
    ctx.io.out(`name   sysfs uuid\n${n.maps.map((m) => `${m.alias} ${m.dm}  ${m.wwid}`).join('\n')}\n`);
    return 0;
  }
  ctx.io.err(`multipathd: unknown command '${words}'\n`);
  return 1;
};

// ---- iostat ----

interface DevStat {
  name: string;
  rps: number;
  wps: number;
  rawait: number;
  wawait: number;
}

function devStats(sim: DemoSim, n: SimNode): DevStat[] {
  const rng = sim.rng;
  const load = new Map<string, number>();
  for (const vm of sim.vms) {
    if (vm.node !== n.name || vm.state !== 'running') continue;
    for (const d of vm.disks) load.set(d.map, (load.get(d.map) ?? 0) + vm.ioBase * (0.5 + vm.cpuUtil) * (d.ioShare ?? 1 / vm.disks.length));
  }
  const out: DevStat[] = [{ name: n.localDisk, rps: 2 + rng.next() * 5, wps: 10 + rng.next() * 20, rawait: 0.3 + rng.next() * 0.4, wawait: 0.5 + rng.next() * 0.6 }];
  const dms: DevStat[] = [];
  for (const m of n.maps) {
    const iops = (load.get(m.alias) ?? 0) + 3;
    const base = m.baseAwaitMs + m.extraLatencyMs;
    const active = m.paths.filter((p) => !p.failed && p.group === (m.paths.some((x) => x.group === 0 && !x.failed) ? 0 : 1));
    for (const p of m.paths) {
      const share = active.includes(p) ? iops / active.length : 0;
      const jit = 1 + rng.jitter(0.25);
      out.push({ name: p.dev, rps: share * 0.6 * jit, wps: share * 0.4 * jit, rawait: share > 0 ? base * jit : 0, wawait: share > 0 ? base * 1.3 * jit : 0 });
    }
    const jit = 1 + rng.jitter(0.2);
    dms.push({ name: m.dm, rps: iops * 0.6 * jit, wps: iops * 0.4 * jit, rawait: (base + 0.05) * jit, wawait: (base + 0.05) * 1.3 * jit });
  }
  return [...out, ...dms];
}

const f2 = (v: number) => v.toFixed(2);

function diskJson(d: DevStat): string {
  const rkb = d.rps * 16;
  const wkb = d.wps * 8;
  const aqu = (d.rps * d.rawait + d.wps * d.wawait) / 1000;
  const util = Math.min(100, (d.rps + d.wps) * 0.05 + aqu * 20);
  return `{"disk_device": "${d.name}", "r/s": ${f2(d.rps)}, "w/s": ${f2(d.wps)}, "d/s": 0.00, "f/s": ${f2(d.wps / 20)}, "rkB/s": ${f2(rkb)}, "wkB/s": ${f2(wkb)}, "dkB/s": 0.00, "rrqm/s": 0.00, "wrqm/s": ${f2(d.wps * 0.1)}, "drqm/s": 0.00, "rrqm": 0.00, "wrqm": ${f2(d.wps > 0 ? 9.09 : 0)}, "drqm": 0.00, "r_await": ${f2(d.rawait)}, "w_await": ${f2(d.wawait)}, "d_await": 0.00, "f_await": ${f2(d.wps > 0 ? 0.3 : 0)}, "rareq-sz": ${f2(d.rps > 0 ? 16 : 0)}, "wareq-sz": ${f2(d.wps > 0 ? 8 : 0)}, "dareq-sz": 0.00, "aqu-sz": ${f2(aqu)}, "util": ${f2(util)}}`;
}

export function iostatHeader(sim: DemoSim, n: SimNode): string {
  const d = new Date(sim.clock.now());
  const date = `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCFullYear() % 100).padStart(2, '0')}`;
  return `{"sysstat": {\n\t"hosts": [\n\t\t{\n\t\t\t"nodename": "${n.name}",\n\t\t\t"sysname": "Linux",\n\t\t\t"release": "${n.kernel}",\n\t\t\t"machine": "x86_64",\n\t\t\t"number-of-cpus": ${n.cpus},\n\t\t\t"date": "${date}",\n\t\t\t"statistics": [\n`;
}

export function iostatSample(sim: DemoSim, n: SimNode, first: boolean): string {
  const rows = devStats(sim, n).map((d) => `\t\t\t\t\t\t${diskJson(d)}`);
  return `${first ? '\n' : ',\n'}\t\t\t\t{\n\t\t\t\t\t"disk": [\n${rows.join(',\n')}\n\t\t\t\t\t]\n\t\t\t\t}`;
}

export const IOSTAT_FOOTER = '\n\t\t\t]\n\t\t}\n\t]\n}}\n';

export const iostat: Tool = (ctx, args) => {
  const nums = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const jsonIdx = args.indexOf('-o');
  if (jsonIdx < 0 || args[jsonIdx + 1] !== 'JSON' || !args.some((a) => /^-[a-z]*d/.test(a) && a.includes('x'))) {
    ctx.io.err('Usage: iostat [ options ] [ <interval> [ <count> ] ]\ndemo supports: iostat -dxy -o JSON <interval> [<count>]\n');
    return 1;
  }
  const interval = nums[0];
  const count = nums[1];
  const n = ctx.sim.node(ctx.node);
  ctx.io.out(iostatHeader(ctx.sim, n));
  if (interval === undefined || interval <= 0) {
    ctx.io.out(iostatSample(ctx.sim, n, true) + IOSTAT_FOOTER);
    return 0;
  }
  return new Promise<number>((resolve) => {
    let sent = 0;
    const realMs = Math.max(20, ctx.sim.clock.toReal(interval * 1000));
    const timer = setInterval(() => {
      if (ctx.io.closed) return;
      ctx.io.out(iostatSample(ctx.sim, n, sent === 0));
      sent++;
      if (count !== undefined && sent >= count) {
        clearInterval(timer);
        ctx.io.out(IOSTAT_FOOTER);
        resolve(0);
      }
    }, realMs);
    ctx.io.onClose(() => {
      clearInterval(timer);
      resolve(0);
    });
  });
};
