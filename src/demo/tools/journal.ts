// journalctl -o json [-f] [-n N] [-u UNIT…]: one JSON object per line, all values strings.
import type { DemoSim } from '../sim/sim.js';
import type { JournalRecord } from '../sim/state.js';
import type { Tool } from './types.js';

export function journalJson(sim: DemoSim, r: JournalRecord): string {
  const n = sim.node(r.node);
  const us = r.at * 1000;
  // Uptime of the node when the entry was written.
  const mono = Math.max(0, Math.round((n.uptimeBaseS + (r.at - sim.clock.epochMs - n.bootAt) / 1000) * 1e6));
  const unit = r.unit === 'kernel' ? undefined : `${r.unit}.service`;
  const o: Record<string, string> = {
    __CURSOR: `s=${n.bootId};i=${r.seq.toString(16)};b=${n.bootId};m=${mono.toString(16)};t=${us.toString(16)};x=${(r.seq * 2654435761).toString(16).slice(-16)}`,
    __REALTIME_TIMESTAMP: String(us),
    __MONOTONIC_TIMESTAMP: String(mono),
    _BOOT_ID: n.bootId,
    PRIORITY: String(r.priority),
    SYSLOG_FACILITY: r.unit === 'kernel' ? '0' : '3',
    SYSLOG_IDENTIFIER: r.ident,
    _TRANSPORT: r.unit === 'kernel' ? 'kernel' : 'journal',
    _HOSTNAME: r.node,
    _MACHINE_ID: n.bootId.split('').reverse().join(''),
  };
  if (r.unit !== 'kernel') {
    o._PID = String(r.pid);
    o._UID = '0';
    o._GID = '0';
    o._COMM = r.ident;
    o._SYSTEMD_UNIT = unit!;
    o._SYSTEMD_SLICE = 'system.slice';
    o._SYSTEMD_CGROUP = `/system.slice/${unit}`;
  }
  o.MESSAGE = r.message;
  return JSON.stringify(o);
}

export const journalctl: Tool = (ctx, args) => {
  const follow = args.includes('-f') || args.includes('--follow');
  const oIdx = args.findIndex((a) => a === '-o' || a === '--output');
  const format = oIdx >= 0 ? args[oIdx + 1] : args.find((a) => a.startsWith('--output='))?.slice(9);
  if (format !== 'json') {
    ctx.io.err('journalctl: demo supports only -o json\n');
    return 1;
  }
  const units: string[] = [];
  let backlog = 10;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-u' || args[i] === '--unit') units.push(args[++i] ?? '');
    else if (args[i]!.startsWith('--unit=')) units.push(args[i]!.slice(7));
    else if (args[i] === '-n' || args[i] === '--lines') {
      const v = args[++i] ?? '';
      if (!/^\d+$/.test(v)) {
        ctx.io.err(`Failed to parse lines '${v}'\n`);
        return 1;
      }
      backlog = Number(v);
    }
  }
  const want = (r: JournalRecord) => units.length === 0 || units.some((u) => u === r.unit || u === `${r.unit}.service`);
  const past = ctx.sim.journal(ctx.node).filter(want);
  const start = Math.max(0, past.length - backlog);
  ctx.io.out(past.slice(start).map((r) => `${journalJson(ctx.sim, r)}\n`).join(''));
  if (!follow) return 0;
  return new Promise<number>((resolve) => {
    const off = ctx.sim.onJournal((r) => {
      if (r.node === ctx.node && want(r) && !ctx.io.closed) ctx.io.out(`${journalJson(ctx.sim, r)}\n`);
    });
    ctx.io.onClose(() => {
      off();
      resolve(0);
    });
  });
};
