// The demo's `journalctl -o json` against the real capture (collectors/journal/fixtures): same
// field names and value types, and the collector's parser keeps each line's unit and priority.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DemoSim } from '../sim/sim.js';
import { journalJson } from './journal.js';
import { parseJournalLine } from '../../collectors/journal/parse.js';

const REAL = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'collectors', 'journal', 'fixtures', 'journal-n20.json'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Record<string, unknown>);
// Fields a service's line has that the capture (no systemd as PID 1) could not: systemd.journal-fields(7).
const UNIT_FIELDS = ['_SYSTEMD_UNIT', '_SYSTEMD_SLICE', '_SYSTEMD_CGROUP'];

describe('demo journalctl -o json', () => {
  const sim = new DemoSim({ seed: 7 });
  sim.log('kvm-n1', 'pacemaker', 'pacemaker-controld', 'demo probe line');
  const lines = ['kvm-n1', 'kvm-n2', 'kvm-n3', 'kvm-n4'].flatMap((n) => sim.journal(n).map((r) => journalJson(sim, r)));

  it('every field is one journalctl prints, every value a string; the trusted ones always there', () => {
    const known = new Set([...REAL.flatMap((o) => Object.keys(o)), ...UNIT_FIELDS]);
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) {
      const o = JSON.parse(l) as Record<string, unknown>;
      for (const [k, v] of Object.entries(o)) {
        expect(known.has(k), `${k} is not a journalctl field`).toBe(true);
        expect(typeof v, k).toBe('string');
      }
      for (const k of ['__CURSOR', '__REALTIME_TIMESTAMP', '__MONOTONIC_TIMESTAMP', '_BOOT_ID', 'PRIORITY', 'MESSAGE', '_TRANSPORT', '_HOSTNAME']) expect(o, k).toHaveProperty(k);
    }
  });

  it('parsed by the collector: unit and priority kept, the syslog identifier and pid too', () => {
    const l = lines.find((x) => x.includes('demo probe line'))!;
    expect(parseJournalLine(l, 'kvm-n1')).toMatchObject({ node: 'kvm-n1', unit: 'pacemaker.service', identifier: 'pacemaker-controld', message: 'demo probe line' });
    const prios = new Set(lines.map((x) => parseJournalLine(x, 'n')!.priority));
    expect(prios.size).toBeGreaterThan(1);
  });
});
