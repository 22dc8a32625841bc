// The scripted incident timeline `npm start` plays (sim time relative to start).
import type { DemoSim } from './sim.js';
import { lockspaceLoss, lockspaceRestart } from './lvm.js';

export interface IncidentStep {
  at: number;
  what: string;
  run: (sim: DemoSim) => void;
}

/** Node names by position, tolerant of small clusters (incidents needing a node that does not exist are skipped). */
export function incidentTimeline(sim: DemoSim): IncidentStep[] {
  const n = sim.nodes.map((x) => x.name);
  const n2 = n[1];
  const n3 = n[2];
  const n4 = n[3];
  const steps: IncidentStep[] = [];
  if (n2) {
    steps.push({ at: 30_000, what: `path sdc of mpatha fails on ${n2}`, run: (s) => s.failPath(n2, 'mpatha', 'sdc') });
    steps.push({ at: 80_000, what: `path sdc of mpatha recovers on ${n2}`, run: (s) => s.restorePath(n2, 'mpatha', 'sdc') });
  }
  if (n3) {
    steps.push({ at: 45_000, what: `latency spike on mpathb on ${n3}`, run: (s) => s.setLatency(n3, 'mpathb', 35) });
    steps.push({ at: 85_000, what: `latency on mpathb on ${n3} back to normal`, run: (s) => s.setLatency(n3, 'mpathb', 0) });
  }
  steps.push({
    at: 60_000,
    what: 'a VM crashes',
    run: (s) => {
      const victim = s.vms.find((v) => v.managed && v.state === 'running' && v.node !== n4 && v.name.startsWith('app')) ?? s.vms.find((v) => v.managed && v.state === 'running');
      if (victim) s.crashVm(victim.name);
    },
  });
  // lvmlockd restarted without its locks on a node running VMs on a shared VG: the lockspace stays
  // missing under them until someone runs vgchange --lock-start (the cluster LVM alert).
  steps.push({ at: 15_000, what: 'lvmlockd loses a shared VG lockspace under running VMs', run: (s) => lockspaceLoss(s, [n3, n2, ...n]) });
  steps.push({ at: 105_000, what: 'the lost lockspace is started again', run: (s) => lockspaceRestart(s) });
  // No DC for a while (as during cluster start or after the DC left): quorum is unknown, not lost.
  steps.push({ at: 150_000, what: 'DC election: no DC for 12 s', run: (s) => s.electDc(12_000) });
  if (n4) {
    steps.push({ at: 120_000, what: `${n4} is lost`, run: (s) => s.killNode(n4) });
    steps.push({ at: 180_000, what: `${n4} rejoins`, run: (s) => s.reviveNode(n4) });
  }
  return steps.sort((a, b) => a.at - b.at);
}

export function scheduleIncidents(sim: DemoSim): IncidentStep[] {
  const steps = incidentTimeline(sim);
  for (const st of steps) sim.scheduleAt(st.at, () => st.run(sim));
  return steps;
}
