// fence check's probes: read-only commands run fresh on Enter (TUI) or by `virtdeck fence check`,
// each answer turned into report lines. Formats: ./fixtures/README.md (real captures).
import { sbdListCmd, watchdogSysfsCmd } from '../../collectors/fencing/command.js';
import { parseSbdList } from '../../collectors/fencing/parse.js';
import { resourceId } from '../../model/names.js';
import { cmd, type Cmd } from '../../ssh/cmd.js';
import type { VdState } from '../../store/types.js';
import { errorText } from '../error-text.js';
import { isReachable, usableFenceDevices } from '../state.js';
import type { CmdStep, ReportLine } from '../types.js';

/** The device's status: the fencer runs the agent's monitor action (falling back to its list
 *  action). Non-destructive. The answer is the exit code; nothing is printed on success. */
export const stonithQueryCmd = (device: string): Cmd => cmd('stonith_admin', '--query', resourceId(device)).sudo().timeout(150_000).done();

type Answer = { code: number | null; stdout: string; stderr: string };
const firstLine = (r: Answer): string => (r.stderr.trim() || r.stdout.trim()).split('\n')[0]?.slice(0, 200) ?? '';

/** `stonith_admin --query DEVICE` on `via`. Exit codes from pacemaker 2.1.5 (fixtures/README.md). */
export function stonithQueryVerdict(r: Answer, device: string, via: string): ReportLine {
  const subject = device;
  const why = firstLine(r);
  switch (r.code) {
    case 0:
      return { level: 'ok', subject, message: `answers: its agent's status check succeeded (asked ${via}'s fencer)` };
    case 1:
      return { level: 'error', subject, message: `status check FAILED: the agent's monitor and list actions failed (the fencer's log on ${via} names the agent's error)` };
    case 105:
      return { level: 'error', subject, message: `not registered with ${via}'s fencer (a location constraint, or the device is not configured)` };
    case 102:
      return { level: 'error', subject, message: `fencer not answering on ${via}${why ? `: ${why}` : ''}` };
    case 124:
      return { level: 'error', subject, message: `status check timed out on ${via}${why ? `: ${why}` : ''}` };
    case 127:
      return { level: 'error', subject, message: `stonith_admin is not installed on ${via}` };
    default:
      return { level: 'error', subject, message: `stonith_admin --query on ${via} ${r.code === null ? 'ended by a signal' : `exited ${r.code}`}${why ? `: ${why}` : ''}` };
  }
}

/** `sbd -d DEV list` read on `on`: each target's slot. */
export function sbdListVerdict(r: Answer, dev: string, on: string, targets: readonly string[]): ReportLine[] {
  if (r.code !== 0) {
    const why = firstLine(r);
    return targets.map((t) => ({ level: 'error', subject: t, message: `sbd device ${dev} unreadable from ${on}${r.code === 127 ? ': sbd not installed' : why ? `: ${why}` : ` (exit ${r.code})`}` }));
  }
  let slots;
  try {
    slots = parseSbdList(r.stdout, dev, on);
  } catch (e) {
    return targets.map((t) => ({ level: 'error', subject: t, message: `sbd list ${dev} on ${on}: ${errorText(e)}` }));
  }
  return targets.map((t): ReportLine => {
    const s = slots.find((x) => x.node === t);
    if (!s) return { level: 'error', subject: t, message: `no sbd slot on ${dev}: sbd cannot fence it through this device` };
    if (s.message === 'clear') return { level: 'ok', subject: t, message: `sbd slot ${s.slot} on ${dev}: clear` };
    return { level: 'warning', subject: t, message: `sbd slot ${s.slot} on ${dev} holds "${s.message}"${s.sender ? ` from ${s.sender}` : ''}` };
  });
}

/** The sysfs listing on the node itself. Missing is an error only where sbd is used. */
export function watchdogVerdict(r: Answer, node: string, usesSbd: boolean): ReportLine {
  const missing = (why: string): ReportLine => ({ level: usesSbd ? 'error' : 'info', subject: node, message: `${why}${usesSbd ? ': sbd cannot self-fence this node' : ' (sbd not used here)'}` });
  if (r.code !== 0) return missing(`cannot list /sys/class/watchdog${firstLine(r) ? `: ${firstLine(r)}` : ` (exit ${r.code})`}`);
  const devs = r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [name = '', identity = '', state = ''] = l.split('\t');
      return { name: name.trim(), identity: identity.trim(), state: state.trim() };
    })
    .filter((d) => /^watchdog\d+$/.test(d.name));
  if (devs.length === 0) return missing('no watchdog device');
  const text = devs.map((d) => `/dev/${d.name}${d.identity || d.state ? ` (${[d.identity, d.state].filter(Boolean).join(', ')})` : ''}`).join(', ');
  // sbd feeds its watchdog: where sbd runs, none active means sbd is not using one.
  if (usesSbd && devs.every((d) => d.state === 'inactive')) return { level: 'warning', subject: node, message: `watchdog ${text}: none active, so nothing (sbd) is feeding it` };
  return { level: 'ok', subject: node, message: `watchdog ${text}` };
}

const usesSbd = (s: VdState, n: string): boolean => (s.nodes[n]?.sbd?.devices.length ?? 0) > 0 || s.nodes[n]?.sbd?.serviceActive === true;

/** A reachable node other than `target` (stonith_admin must not ask the target's own fencer). */
function otherNode(s: VdState, target: string): string | undefined {
  return s.nodeOrder.find((n) => n !== target && isReachable(s, n));
}

/**
 * The probes for `targets`, in order: each fence device able to fence them (once per device,
 * asked on the node whose fencer listed it: never the target), each sbd device they use (once:
 * one list shows every slot), then each reachable target's watchdog.
 */
export function fenceProbes(s: VdState, targets: readonly string[]): { steps: CmdStep[]; notes: string[] } {
  const steps: CmdStep[] = [];
  const notes: string[] = [];
  const devices = new Map<string, { via: string; targets: string[] }>();
  for (const t of targets) {
    const u = usableFenceDevices(s, t);
    if (u.unknown !== undefined) {
      notes.push(`${t}: its fence devices are unknown (${u.unknown}): no device to probe`);
      continue;
    }
    const via = u.via !== undefined && u.via !== t ? u.via : otherNode(s, t);
    for (const d of u.all) {
      const seen = devices.get(d);
      if (seen) seen.targets.push(t);
      else if (via) devices.set(d, { via, targets: [t] });
      else notes.push(`${t}: no reachable node other than ${t} to ask about ${d}`);
    }
  }
  for (const [d, { via, targets: ts }] of devices) {
    steps.push({ kind: 'cmd', node: via, cmd: stonithQueryCmd(d), purpose: `status of fence device ${d} (fences ${ts.join(', ')}), asked on ${via}`, probe: (r) => [stonithQueryVerdict(r, d, via)] });
  }
  const sbdDevs = new Map<string, string[]>();
  for (const t of targets) for (const d of s.nodes[t]?.sbd?.devices ?? []) sbdDevs.set(d.path, [...(sbdDevs.get(d.path) ?? []), t]);
  for (const [path, ts] of sbdDevs) {
    // The device is shared: read it on a target itself when reachable, else on any node using it.
    const on = ts.find((t) => isReachable(s, t)) ?? s.nodeOrder.find((n) => isReachable(s, n) && s.nodes[n]?.sbd?.devices.some((d) => d.path === path));
    if (!on) {
      notes.push(`sbd device ${path}: no reachable node to read it on`);
      continue;
    }
    steps.push({ kind: 'cmd', node: on, cmd: sbdListCmd(path), purpose: `sbd slots on ${path} (${ts.join(', ')})`, probe: (r) => sbdListVerdict(r, path, on, ts) });
  }
  for (const t of targets) {
    if (!isReachable(s, t)) {
      notes.push(`${t}: not reachable over SSH: its watchdog is not probed`);
      continue;
    }
    const sbd = usesSbd(s, t);
    steps.push({ kind: 'cmd', node: t, cmd: watchdogSysfsCmd(), purpose: `watchdog device on ${t} (sysfs)`, probe: (r) => [watchdogVerdict(r, t, sbd)] });
  }
  return { steps, notes };
}
