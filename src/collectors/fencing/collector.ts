// stonith (cluster-wide, one batch) and sbd (per node: config, then devices + watchdog).
import type { Cmd } from '../../ssh/cmd.js';
import type { SbdDevice, SbdStatus, StonithTargets } from '../../model/fencing.js';
import { isValid, devicePath, nodeName } from '../../model/names.js';
import type { CollectorContext } from '../context.js';
import { memberNodes } from '../pacemaker/collector.js';
import { CommandFailedError, errorMessage, okOutput } from '../section.js';
import { sbdActiveCmd, sbdConfigCmds, sbdDumpCmd, sbdListCmd, stonithRegisteredCmd, stonithTargetsCmd, watchdogCmd } from './command.js';
import { parseQueryWatchdog, parseSbdConfig, parseSbdDump, parseSbdList, parseStonithList, parseStonithRegistered } from './parse.js';

/** Nodes to ask `stonith_admin --list` about: crm_mon's members, else the configured nodes. */
function fenceTargets(ctx: CollectorContext): string[] {
  const s = ctx.store.getState();
  const names = s.cluster.crm ? memberNodes(s.cluster.crm) : s.nodeOrder;
  return names.filter((n) => isValid(nodeName, n));
}

export async function pollStonith(ctx: CollectorContext, via: string): Promise<void> {
  const targets = fenceTargets(ctx);
  const cmds: Cmd[] = [stonithRegisteredCmd(), ...targets.map((t) => stonithTargetsCmd(t))];
  const rs = await ctx.runner.runBatch(via, cmds);
  const registered = parseStonithRegistered(okOutput(via, cmds[0]!, rs[0], true), via);
  const stonithTargets: StonithTargets[] = [];
  targets.forEach((t, i) => {
    const r = rs[i + 1];
    // "No devices found" comes with a non-zero code on some versions: that is an empty list.
    if (r && r.code !== 0 && r.stdout.trim() === '') stonithTargets.push({ target: t, devices: [] });
    else stonithTargets.push(parseStonithList(okOutput(via, cmds[i + 1]!, r, true), t, via));
  });
  ctx.store.getState().setClusterData('stonith', via, { stonithDevices: registered.devices, stonithTargets });
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
  const wdCmd = watchdogCmd();
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
  const watchdog = wdR && wdR.stdout.trim() !== '' ? parseQueryWatchdog(wdR.stdout, node) : { present: false };
  const activeR = rs[cmds.length - 1];
  // systemctl always names a state (active, inactive, unknown…); silence means we learnt nothing.
  if (cfgText === undefined && (!activeR || activeR.stdout.trim() === '')) okOutput(node, activeCmd, activeR);
  const sbd: SbdStatus = { devices: out, watchdog };
  if (activeR && activeR.stdout.trim() !== '') sbd.serviceActive = activeR.stdout.trim() === 'active';
  if (cfg.watchdogDev && !sbd.watchdog.device) sbd.watchdog = { ...sbd.watchdog, device: cfg.watchdogDev };
  ctx.store.getState().setNodeData(node, 'sbd', { sbd });
}
