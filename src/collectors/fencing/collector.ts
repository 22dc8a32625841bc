// stonith (cluster-wide: one batch on the chosen node, a target's own list from another node) and sbd (per node: config, then devices + the sysfs watchdog listing).
import type { Cmd } from '../../ssh/cmd.js';
import type { RunResult } from '../../ssh/runner.js';
import type { SbdDevice, SbdStatus, StonithTargets, WatchdogInfo } from '../../model/fencing.js';
import { isValid, devicePath, nodeName } from '../../model/names.js';
import type { CollectorContext } from '../context.js';
import { memberNodes } from '../pacemaker/collector.js';
import { CommandFailedError, errorMessage, okOutput } from '../section.js';
import { sbdActiveCmd, sbdConfigCmds, sbdDumpCmd, sbdListCmd, stonithRegisteredCmd, stonithTargetsCmd, watchdogSysfsCmd } from './command.js';
import { parseSbdConfig, parseSbdDump, parseSbdList, parseStonithList, parseStonithRegistered, parseWatchdogSysfs } from './parse.js';

/** Nodes to ask `stonith_admin --list` about: crm_mon's members, else the configured nodes. */
function fenceTargets(ctx: CollectorContext): string[] {
  const s = ctx.store.getState();
  const names = s.cluster.crm ? memberNodes(s.cluster.crm) : s.nodeOrder;
  return names.filter((n) => isValid(nodeName, n));
}

/** Pacemaker's exit code for "not connected" (CRM_EX_NOT_CONNECTED): the fencer is not running
 *  or not answering. 124 is a timeout waiting for it. */
const FENCER_DOWN_CODES = new Set([102, 124]);
/** What stonith_admin prints then (real capture: fixtures/stonith-list-not-connected.txt). */
const FENCER_DOWN_TEXT = /could not connect to fencer|not connected|timer expired|connection refused/i;

/** One stonith_admin answer that was not a device list. */
class FencerError extends Error {}

/**
 * stdout of a stonith_admin list, or a FencerError naming the node. Batch members lose their
 * stderr, so a failed one is run again alone (rare) to tell "the fencer is not answering" from
 * the empty list some versions report with a non-zero code and no output.
 */
async function listOutput(ctx: CollectorContext, node: string, c: Cmd, r: RunResult | undefined): Promise<string> {
  if (r && (r.code === 0 || r.stdout.trim() !== '')) return r.stdout;
  let again = r;
  if (r && r.code !== null && r.stderr.trim() === '') again = await ctx.runner.run(node, c);
  if (again && (again.code === 0 || again.stdout.trim() !== '')) return again.stdout;
  const code = again?.code ?? null;
  const err = (again?.stderr ?? '').trim().split('\n')[0]?.slice(0, 200) ?? '';
  if ((code !== null && FENCER_DOWN_CODES.has(code)) || FENCER_DOWN_TEXT.test(err))
    throw new FencerError(`fencer not answering on ${node}: ${err || `stonith_admin exited ${code}`}`);
  if (code !== null && err === '') return '0 fence devices found\n'; // "No devices found" with a non-zero code
  throw new FencerError(`stonith_admin on ${node} ${code === null ? 'ended by a signal' : `exited ${code}`}${err ? `: ${err}` : ''}`);
}

/**
 * Nodes to ask about targets, best first: `via` (already chosen for cluster-wide reads), then
 * the others online in Pacemaker, then the rest; nodes whose SSH is down go last.
 */
function askerOrder(ctx: CollectorContext, via: string, candidates: readonly string[]): string[] {
  const crm = ctx.store.getState().cluster.crm;
  const pcmk = new Map((crm?.nodes ?? []).map((n) => [n.name, n]));
  const rank = (n: string): number => {
    if (n === via) return 0;
    const p = pcmk.get(n);
    const down = ctx.runner.connState(n)?.status === 'down';
    return (down ? 4 : 0) + (p && p.online && !p.unclean ? 1 : p ? 3 : 2);
  };
  const all = [...new Set([via, ...candidates])];
  return all.map((n, i) => ({ n, r: rank(n), i })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.n);
}

/**
 * stonith_admin --list-registered on `via`, and --list T for every member T asked on a node
 * other than T: a fence device usually has a -INFINITY location on its own target, so T's own
 * fencer does not register it and would answer "0 fence devices" about T on a healthy cluster.
 * A target whose preferred node's fencer does not answer is asked on the next candidate; when
 * none answers it is stored with the reason (never as "no devices").
 */
export async function pollStonith(ctx: CollectorContext, via: string, candidates: readonly string[] = [via]): Promise<void> {
  const targets = fenceTargets(ctx);
  const order = askerOrder(ctx, via, candidates);
  // A one-node cluster has no other fencer: its own answer is all there is.
  const askers = new Map(targets.map((t) => [t, order.some((n) => n !== t) ? order.filter((n) => n !== t) : [t]]));
  const done = new Map<string, StonithTargets>();
  const errors = new Map<string, string[]>();
  const fail = (t: string, why: string) => errors.set(t, [...(errors.get(t) ?? []), why]);

  // First round on `via` with the registered list (its failure fails this poll: the runtime
  // moves to the next node); later rounds ask the next node for what is still open.
  const first = targets.filter((t) => askers.get(t)![0] === via);
  const cmds: Cmd[] = [stonithRegisteredCmd(), ...first.map((t) => stonithTargetsCmd(t))];
  const rs = await ctx.runner.runBatch(via, cmds);
  let registered: string[];
  try {
    registered = parseStonithRegistered(await listOutput(ctx, via, cmds[0]!, rs[0]), via).devices;
  } catch (e) {
    throw e instanceof FencerError ? new Error(e.message) : e;
  }
  const take = async (node: string, t: string, c: Cmd, r: RunResult | undefined) => {
    try {
      done.set(t, { ...parseStonithList(await listOutput(ctx, node, c, r), t, node), via: node });
    } catch (e) {
      fail(t, errorMessage(e)); // one target's bad answer costs only that target
    }
  };
  for (const [i, t] of first.entries()) await take(via, t, cmds[i + 1]!, rs[i + 1]);
  const tried = new Map(targets.map((t) => [t, new Set(first.includes(t) ? [via] : [])]));
  for (;;) {
    const byNode = new Map<string, string[]>();
    for (const t of targets) {
      if (done.has(t)) continue;
      const next = askers.get(t)!.find((n) => !tried.get(t)!.has(n));
      if (next === undefined) continue;
      tried.get(t)!.add(next);
      byNode.set(next, [...(byNode.get(next) ?? []), t]);
    }
    if (byNode.size === 0) break;
    await Promise.all(
      [...byNode].map(async ([node, ts]) => {
        const cs = ts.map((t) => stonithTargetsCmd(t));
        let out: RunResult[];
        try {
          out = await ctx.runner.runBatch(node, cs);
        } catch (e) {
          for (const t of ts) fail(t, `cannot ask ${node}: ${errorMessage(e)}`);
          return;
        }
        for (const [i, t] of ts.entries()) await take(node, t, cs[i]!, out[i]);
      }),
    );
  }
  const stonithTargets: StonithTargets[] = targets.map(
    (t) => done.get(t) ?? { target: t, devices: [], error: errors.get(t)?.join('; ') ?? `no node to ask about ${t}` },
  );
  // Registered on `via` plus what other fencers listed: `via`'s own device is banned there.
  const stonithDevices = [...new Set([...registered, ...stonithTargets.flatMap((t) => t.devices)])];
  ctx.store.getState().setClusterData('stonith', via, { stonithDevices, stonithTargets });
}

export async function pollSbd(ctx: CollectorContext, node: string): Promise<void> {
  const cfgCmds = sbdConfigCmds();
  const cfgRs = await ctx.runner.runBatch(node, cfgCmds);
  // SUSE/RHEL path first, Debian second: the first file that exists wins.
  const cfgText = cfgRs.find((r) => r.code === 0)?.stdout;
  const cfg: { devices: string[]; watchdogDev?: string } = cfgText !== undefined ? parseSbdConfig(cfgText, node) : { devices: [] };
  const devices = cfg.devices.filter((d) => isValid(devicePath, d));
  const cmds: Cmd[] = [];
  for (const d of devices) cmds.push(sbdListCmd(d), sbdDumpCmd(d));
  // sysfs, never `sbd query-watchdog`: that arms the watchdog and can reset the node (sbd(8)).
  const wdCmd = watchdogSysfsCmd();
  const activeCmd = sbdActiveCmd();
  cmds.push(wdCmd, activeCmd);
  const rs = await ctx.runner.runBatch(node, cmds);
  const out: SbdDevice[] = devices.map((path, i) => {
    const listR = rs[2 * i];
    const dumpR = rs[2 * i + 1];
    try {
      const slots = parseSbdList(okOutput(node, cmds[2 * i]!, listR), path, node);
      let header;
      try {
        header = parseSbdDump(okOutput(node, cmds[2 * i + 1]!, dumpR), path, node);
      } catch {
        header = undefined; // slots are what matters; a missing header is shown as unknown
      }
      return { path, readable: true, slots, ...(header ? { header } : {}) };
    } catch (e) {
      const msg = e instanceof CommandFailedError ? `sbd list exited ${e.code ?? 'by signal'}` : errorMessage(e);
      return { path, readable: false, error: msg, slots: [] };
    }
  });
  const wdR = rs[cmds.length - 2];
  // A listing that failed says nothing about the watchdog: unknown, never "missing".
  const watchdog: WatchdogInfo =
    !wdR || wdR.code !== 0
      ? { present: false, error: `watchdog listing failed${wdR ? ` (exit ${wdR.code ?? 'by signal'})${wdR.stderr.trim() ? `: ${wdR.stderr.trim().split('\n')[0]!.slice(0, 200)}` : ''}` : ': no answer'}` }
      : wdR.stdout.trim() !== ''
        ? parseWatchdogSysfs(wdR.stdout, node)
        : { present: false };
  const activeR = rs[cmds.length - 1];
  // systemctl always names a state (active, inactive, unknown…); silence means we learnt nothing.
  if (cfgText === undefined && (!activeR || activeR.stdout.trim() === '')) okOutput(node, activeCmd, activeR);
  const sbd: SbdStatus = { devices: out, watchdog };
  if (activeR && activeR.stdout.trim() !== '') sbd.serviceActive = activeR.stdout.trim() === 'active';
  if (cfg.watchdogDev && !sbd.watchdog.device) sbd.watchdog = { ...sbd.watchdog, device: cfg.watchdogDev };
  ctx.store.getState().setNodeData(node, 'sbd', { sbd });
}
