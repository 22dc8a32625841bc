// Actions against the real tools in the lab: the CIB changes are checked with the real
// crm_attribute/cibadmin, created domains with the real libvirt, sudoers with the real visudo.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getProfile, renderDomainXml, renderPrimitiveXml } from '../../src/profiles/index.js';
import { labAvailable, labContext, runCli, useLab } from './support.js';
import { pathWithSbin, skipWithout, toolPath } from '../helpers/tools.js';

const hasVisudo = !skipWithout('`virtdeck sudoers` through the real visudo', ['visudo']);

describe.skipIf(!labAvailable)('actions against the real tools', () => {
  const ctx = useLab({ addressBase: 31, controller: true });

  const standbyValue = (node: string): string => {
    const r = spawnSync(toolPath('crm_attribute') ?? 'crm_attribute', ['--node', node, '--name', 'standby', '--query', '--quiet'], { env: ctx.lab.toolEnv(), encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : `(none: exit ${r.status})`;
  };
  const constraints = (): string => ctx.lab.tool(['cibadmin', '--query', '--scope', 'constraints']);

  it.skipIf(!hasVisudo)('`virtdeck sudoers` output passes visudo -c -f (both roles)', async () => {
    for (const role of ['readonly', 'operator']) {
      const r = await runCli(['sudoers', '--role', role, '--user', '%virtdeck']);
      expect(r.code, r.stderr).toBe(0);
      const f = join(ctx.lab.dir, `sudoers.${role}`);
      writeFileSync(f, r.stdout, { mode: 0o440 });
      const v = spawnSync(toolPath('visudo')!, ['-c', '-f', f], { encoding: 'utf8', env: { ...process.env, PATH: pathWithSbin() } });
      expect(v.status, `${role}: ${v.stdout}${v.stderr}`).toBe(0);
    }
  }, 120_000);

  it('a created VM: the rendered domain is accepted by the real libvirt, its primitive by the real CIB', () => {
    const lab = ctx.lab;
    const xml = renderDomainXml({ name: 'new1', vcpus: 2, memoryMiB: 1024, disks: ['/dev/mapper/mpatha'], bridges: ['br0'] }, getProfile('generic'));
    const f = join(lab.dir, 'new1.xml');
    writeFileSync(f, xml);
    // The test driver validates the document against libvirt's schema and parses every device.
    lab.virsh('lab-n1', 'define', '--validate', f);
    expect(lab.virsh('lab-n1', 'list', '--all', '--name')).toMatch(/^new1$/m);
    lab.virsh('lab-n1', 'undefine', 'new1');
    const prim = renderPrimitiveXml({ resourceId: 'vm-new1', configPath: '/etc/libvirt/qemu/new1.xml', hypervisor: 'qemu:///system', allowMigrate: true });
    lab.tool(['cibadmin', '--create', '--scope', 'resources', '--xml-text', prim]);
    const q = lab.tool(['cibadmin', '--query', '--scope', 'resources']);
    expect(q).toContain('id="vm-new1"');
    // the whole CIB still validates, and the scheduler takes it (created Stopped: stays stopped)
    lab.tool(['crm_verify', '--xml-file', lab.cibFile]);
    const sim = lab.tool(['crm_simulate', '-x', lab.cibFile, '-S']);
    expect(sim).toMatch(/vm-new1\s+\(ocf:heartbeat:VirtualDomain\):\s+Stopped/);
    lab.tool(['cibadmin', '--delete', '--scope', 'resources', '--xml-text', '<primitive id="vm-new1"/>']);
  }, 60_000);

  it('guards read the real crm_mon: fencing disabled, then no quorum, refuse node standby; the CIB keeps the node online', async () => {
    const lab = ctx.lab;
    const standby = () => runCli(['node', 'standby', 'lab-n2', '--yes', '--ack-warnings', ...labContext(lab)], { timeoutMs: 120_000 });
    lab.tool(['crm_attribute', '--type', 'crm_config', '--name', 'stonith-enabled', '--update', 'false']);
    try {
      const r = await standby();
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(1);
      expect(r.stdout).toMatch(/ERROR \[stonith-disabled\] stonith-enabled is false/);
      expect(r.stderr).toMatch(/refused: 1 guard error/);
    } finally {
      lab.tool(['crm_attribute', '--type', 'crm_config', '--name', 'stonith-enabled', '--update', 'true']);
    }
    lab.tool(['cibadmin', '--modify', '--xml-text', '<cib have-quorum="0"/>']);
    try {
      const r = await standby();
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(1);
      expect(r.stdout).toMatch(/ERROR \[no-quorum\] the cluster partition is not quorate/);
    } finally {
      lab.tool(['cibadmin', '--modify', '--xml-text', '<cib have-quorum="1"/>']);
    }
    expect(standbyValue('lab-n2')).not.toBe('on');
  }, 300_000);

  it('node standby/online change the CIB (crm_attribute --query)', async () => {
    expect(standbyValue('lab-n3')).not.toBe('on');
    const s = await runCli(['node', 'standby', 'lab-n3', '--yes', '--ack-warnings', ...labContext(ctx.lab)], { timeoutMs: 120_000 });
    expect(s.code, `${s.stdout}\n${s.stderr}`).toBe(0);
    expect(standbyValue('lab-n3')).toBe('on');
    // the lab's controller ran the real scheduler: app1 left lab-n3 in libvirt too
    expect(ctx.lab.virsh('lab-n3', 'list', '--all', '--name').trim()).toBe('');
    const o = await runCli(['node', 'online', 'lab-n3', '--yes', '--ack-warnings', ...labContext(ctx.lab)], { timeoutMs: 120_000 });
    expect(o.code, `${o.stdout}\n${o.stderr}`).toBe(0);
    expect(standbyValue('lab-n3')).not.toBe('on');
  }, 300_000);

  it('the what-if of a move comes from the real crm_simulate (dry run changes nothing)', async () => {
    const before = constraints();
    const r = await runCli(['vm', 'migrate', 'web1', 'lab-n2', ...labContext(ctx.lab)], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    // crm_simulate's own transition summary for the resource (Pacemaker 2.1: "Migrate vm-web1 ( lab-n1 -> lab-n2 )")
    expect(r.stdout).toMatch(/What-if \(crm_simulate on lab-n\d\):\n\s+Migrate vm-web1 \(lab-n1 (->|→) lab-n2\)/);
    expect(constraints()).toBe(before);
  }, 180_000);

  it('vm migrate writes the cli-prefer constraint and then clears it', async () => {
    const r = await runCli(['vm', 'migrate', 'web1', 'lab-n2', '--yes', '--ack-warnings', ...labContext(ctx.lab)], { timeoutMs: 240_000 });
    const log = `${r.stdout}\n${r.stderr}`;
    expect(r.code, log).toBe(0);
    // the move constraint was written (crm_resource --move) and is gone afterwards
    expect(log).toMatch(/crm_resource --move --resource vm-web1 --node lab-n2/);
    expect(constraints()).not.toContain('cli-prefer-vm-web1');
    // the real scheduler moved it, and libvirt followed (lab controller)
    expect(ctx.lab.virsh('lab-n2', 'list', '--all', '--name')).toMatch(/^web1$/m);
    expect(ctx.lab.virsh('lab-n1', 'list', '--all', '--name')).not.toMatch(/^web1$/m);
  }, 300_000);
});
