// The `resource …` and maintenance actions against the real Pacemaker CLI in the lab: the CIB
// changes are read back with the real crm_attribute/crm_resource/cibadmin, and each action's
// verify read the real crm_mon. crm_resource --cleanup refuses a CIB_file (and crashes), so the
// cleanup runs here as a dry run only: the real crm_mon's fail counts and the what-if through the
// real cibadmin --delete-all and crm_simulate.
import { describe, expect, it } from 'vitest';
import { labAvailable, labContext, runCli, useLab } from './support.js';

describe.skipIf(!labAvailable)('resource and maintenance actions against the real tools', () => {
  const ctx = useLab({ addressBase: 51, controller: true });
  const cli = (args: string[]) => runCli([...args, ...labContext(ctx.lab)], { timeoutMs: 180_000 });
  const out = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;
  const q = (args: string[]): string => {
    try {
      return ctx.lab.tool(args).trim();
    } catch (e) {
      return `(failed: ${(e as Error).message.split('\n')[0]})`;
    }
  };
  const where = (rsc: string) => q(['crm_resource', '--locate', '--resource', rsc]);

  it('cluster, node and resource maintenance on/off: the real CIB holds the value, crm_mon shows it', async () => {
    let r = await cli(['cluster', 'maintenance', 'on', '--yes', '--ack-warnings']);
    expect(r.code, out(r)).toBe(0);
    expect(r.stdout).toMatch(/done: cluster is in maintenance/);
    expect(q(['crm_attribute', '--type', 'crm_config', '--name', 'maintenance-mode', '--query', '--quiet'])).toBe('true');
    r = await cli(['cluster', 'maintenance', 'off', '--yes', '--ack-warnings']);
    expect(r.code, out(r)).toBe(0);
    expect(q(['crm_attribute', '--type', 'crm_config', '--name', 'maintenance-mode', '--query', '--quiet'])).toBe('false');

    r = await cli(['node', 'maintenance', 'on', 'lab-n2', '--yes', '--ack-warnings']);
    expect(r.code, out(r)).toBe(0);
    expect(q(['crm_attribute', '--node', 'lab-n2', '--name', 'maintenance', '--query', '--quiet'])).toBe('true');
    r = await cli(['node', 'maintenance', 'off', 'lab-n2', '--yes', '--ack-warnings']);
    expect(r.code, out(r)).toBe(0);

    r = await cli(['resource', 'maintenance', 'on', 'vm-db1', '--yes', '--ack-warnings']);
    expect(r.code, out(r)).toBe(0);
    expect(r.stdout).toMatch(/done: vm-db1 is in maintenance/);
    expect(q(['crm_resource', '--resource', 'vm-db1', '--meta', '--get-parameter', 'maintenance'])).toBe('true');
    r = await cli(['resource', 'maintenance', 'off', 'vm-db1', '--yes', '--ack-warnings']);
    expect(r.code, out(r)).toBe(0);
  }, 600_000);

  it('resource move ends on the target with no cli-prefer left; ban then clear; stop then start', async () => {
    const before = where('vm-web1');
    const to = before.includes('lab-n3') ? 'lab-n2' : 'lab-n3';
    let r = await cli(['resource', 'move', 'vm-web1', to, '--yes', '--ack-warnings']);
    expect(r.code, out(r)).toBe(0);
    expect(where('vm-web1')).toContain(to);
    expect(q(['cibadmin', '--query', '--scope', 'constraints'])).not.toContain('cli-prefer-vm-web1');

    r = await cli(['resource', 'ban', 'vm-web1', to, '--yes', '--ack-warnings']);
    expect(r.code, out(r)).toBe(0);
    expect(q(['cibadmin', '--query', '--scope', 'constraints'])).toContain(`cli-ban-vm-web1-on-${to}`);
    expect(where('vm-web1')).not.toContain(to);
    r = await cli(['resource', 'clear', 'vm-web1', '--yes', '--ack-warnings']);
    expect(r.code, out(r)).toBe(0);
    expect(q(['cibadmin', '--query', '--scope', 'constraints'])).not.toContain('cli-ban-vm-web1');

    r = await cli(['resource', 'stop', 'vm-app1', '--yes', '--ack-warnings']);
    expect(r.code, out(r)).toBe(0);
    // crm_resource --locate says "NOT running" on stderr; stdout has no node
    expect(where('vm-app1')).not.toMatch(/is running on/);
    r = await cli(['resource', 'start', 'vm-app1', '--yes', '--ack-warnings']);
    expect(r.code, out(r)).toBe(0);
    expect(where('vm-app1')).toMatch(/is running on/);
  }, 600_000);

  it('resource cleanup (dry run): the real fail count and failed operation, and a what-if from the real tools', async () => {
    const lab = ctx.lab;
    const node = where('vm-db1').match(/running on: (\S+)/)![1]!;
    // A failed monitor recorded by the real scheduler into the lab's CIB.
    lab.tool(['crm_simulate', '-x', lab.cibFile, '-O', lab.cibFile, '--op-inject', `vm-db1_monitor_10000@${node}=7`]);
    const r = await cli(['resource', 'cleanup', 'vm-db1', '--node', node]);
    expect(r.code, out(r)).toBe(0);
    expect(r.stdout).toContain(`crm_resource --cleanup --resource vm-db1 --node ${node}`);
    expect(r.stdout).toMatch(new RegExp(`fail count 1 of vm-db1 on ${node}`));
    expect(r.stdout).toMatch(new RegExp(`failed vm-db1_monitor_10000 on ${node}: not running`));
    expect(r.stdout).toMatch(/What-if \(crm_simulate on lab-n\d\):/);
    expect(r.stdout).not.toMatch(/what-if failed|could not/i);
    expect(r.stdout).toContain('Dry run: nothing changed');
  }, 300_000);
});
