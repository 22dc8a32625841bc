// fence check's probes and fence node's what-if in the lab: real sshd, real crm_mon, and the real
// scheduler (crm_simulate --node-fail on a copy of the lab's CIB), the real sh listing sysfs
// watchdogs; the fencer and sbd are the lab's shims answering in the captured real formats
// (test/lab/answers.ts).
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { crmMonCmd } from '../../src/collectors/pacemaker/command.js';
import { parseCrmMon } from '../../src/collectors/pacemaker/parse.js';
import { flattenResources } from '../../src/model/pacemaker.js';
import { labAvailable, labContext, runCli, useLab } from './support.js';

describe.skipIf(!labAvailable)('fence check / fence node against the real tools', () => {
  const ctx = useLab({ addressBase: 41 });

  it('fence check NODE runs the probes over OpenSSH and says each answer with its time', async () => {
    const node = ctx.lab.nodes[1]!.name;
    const r = await runCli(['fence', 'check', node, ...labContext(ctx.lab)], { timeoutMs: 120_000 });
    expect(r.stdout).toContain('Probes (run now, read-only; times UTC):');
    expect(r.stdout).toMatch(/\n {2}\d\d:\d\d:\d\d OK fence-sbd: answers: its agent's status check succeeded \(asked lab-n\d's fencer\)/);
    expect(r.stdout).toMatch(new RegExp(`\\n {2}\\d\\d:\\d\\d:\\d\\d OK ${node}: sbd slot \\d+ on \\S+: clear`));
    // The watchdog listing is the real sh reading this machine's /sys/class/watchdog (the lab's
    // nodes are this machine): its answer depends on the host, so the expectation does too.
    const here = existsSync('/sys/class/watchdog') ? readdirSync('/sys/class/watchdog').filter((d) => /^watchdog\d+$/.test(d)) : [];
    if (here.length) {
      expect(r.stdout).toMatch(new RegExp(`\\n {2}\\d\\d:\\d\\d:\\d\\d OK ${node}: watchdog /dev/${here[0]}`));
      expect(r.stdout, r.stderr).toMatch(/done: all \d+ probe result\(s\) OK/);
    } else {
      expect(r.stdout).toMatch(new RegExp(`\\n {2}\\d\\d:\\d\\d:\\d\\d ERROR ${node}: no watchdog device: sbd cannot self-fence this node`));
      expect(r.stdout, r.stderr).toMatch(/failed: 1 of \d+ probe result\(s\) need attention/);
      expect(r.code).toBe(1);
    }
    expect(r.stdout).not.toMatch(new RegExp(`asked ${node}'s fencer`));
  }, 180_000);

  it('fence node (dry run): the real crm_simulate --node-fail says where each resource of the node restarts', async () => {
    const crm = parseCrmMon(ctx.lab.tool([...crmMonCmd().argv]), 'direct');
    const busy = crm.nodes.map((n) => n.name).find((n) => flattenResources(crm.resources).some((r) => r.kind === 'primitive' && r.active && r.nodes.includes(n)))!;
    expect(busy).toBeDefined();
    const victims = flattenResources(crm.resources).filter((r) => r.kind === 'primitive' && r.active && r.nodes.includes(busy));
    const r = await runCli(['fence', 'node', busy, '--reason', 'lab what-if', ...labContext(ctx.lab)], { timeoutMs: 120_000 });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`What-if \\(crm_simulate on lab-n\\d\\):\\n`));
    expect(r.stdout).toContain(`Note: killed with ${busy}:`);
    for (const v of victims) expect(r.stdout).toMatch(new RegExp(`\\n(INFO|WARNING)\\s+${v.id}( \\([^)]*\\))?: (dies with ${busy}|clone instance)`));
    // VMs are recovered elsewhere by the real scheduler (a Move, not a live migration).
    expect(r.stdout).toMatch(new RegExp(`INFO\\s+vm-\\S+ \\(VM \\S+\\): dies with ${busy}; Pacemaker restarts it on lab-n\\d \\(Move\\)`));
    expect(r.stdout).toContain('Dry run: nothing changed');
  }, 180_000);
});
