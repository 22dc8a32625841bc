import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caps } from '../../test/support/actions/state.js';
import { skipWithout, toolPath } from '../../test/helpers/tools.js';
import { cpuList, getProfile, pinToCell, profileIds, renderDomainXml, renderPrimitiveXml } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'vd-prof-'));
const spec = { name: 'db-01', vcpus: 4, memoryMiB: 8192, disks: ['/dev/mapper/mpatha', '/dev/mapper/mpathb'], bridges: ['br0'] };

const noVirsh = skipWithout('profiles defined through the real virsh test driver', ['virsh']);

describe('profiles render valid libvirt domain XML (real virsh test driver)', () => {
  for (const id of profileIds) {
    it.skipIf(noVirsh)(`${id} defines with virsh -c test:///default`, () => {
      const p = getProfile(id);
      const pin = p.cpuPlacement === 'static' ? pinToCell(caps(), 4, 8192 * 1024, p.hugepageKb) : undefined;
      const xml = renderDomainXml(spec, p, pin?.ok ? pin.pinning : undefined);
      const f = join(dir, `${id}.xml`);
      writeFileSync(f, xml);
      const out = execFileSync(toolPath('virsh')!, ['-c', 'test:///default', 'define', f], { encoding: 'utf8' });
      expect(out).toMatch(/Domain 'db-01' defined/);
      expect(xml).toContain('<cpu mode="host-passthrough"');
      expect(xml).toContain('machine="q35"');
    });
  }
  it('profile specifics', () => {
    const db = getProfile('database');
    const pin = pinToCell(caps(), 4, 8192 * 1024, db.hugepageKb);
    expect(pin).toEqual({ ok: true, pinning: { cell: 0, cpus: [1, 2, 3, 4], emulatorCpus: [0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] } });
    const dbx = renderDomainXml(spec, db, pin.ok ? pin.pinning : undefined);
    // the emulator threads get the rest of the same cell (CPUs 0-15), never a vCPU's CPU
    expect(dbx).toContain('<emulatorpin cpuset="0,5-15"/>');
    expect(dbx).toContain('<page size="1048576" unit="KiB" nodeset="0"/>');
    expect(dbx).toContain('<memory mode="strict" nodeset="0"/>');
    expect(dbx).toContain('<vcpupin vcpu="3" cpuset="4"/>');
    expect(dbx).toContain('<memballoon model="none"/>');
    const io = renderDomainXml(spec, getProfile('iointensive'));
    expect(io).toContain('<controller type="scsi" index="0" model="virtio-scsi">\n      <driver queues="4" iothread="1"/>');
    expect(io).toContain('cache="none" io="native" discard="unmap"');
    expect(io).toContain('bus="scsi"');
    // one queue per vCPU, whatever the count; the disks run in the iothread
    expect(renderDomainXml({ ...spec, vcpus: 6 }, getProfile('iointensive'))).toContain('<driver queues="6" iothread="1"/>');
    expect(io).toContain('<iothreads>1</iothreads>');
    const dc = renderDomainXml(spec, getProfile('dc'));
    expect(dc).toContain('<os firmware="efi">');
    expect(dc).toContain('<tpm model="tpm-crb">');
    expect(dc).toContain('<hyperv mode=');
    expect(renderDomainXml(spec, getProfile('app'))).toContain('<page size="2048" unit="KiB"/>');
    expect(renderDomainXml(spec, getProfile('generic'))).not.toContain('hugepages');
  });
  it('pinning that does not fit one NUMA cell is refused with reasons', () => {
    const r = pinToCell(caps('X', 2, 8), 8, 1024 * 1024, 1048576);
    expect(r).toEqual({ ok: false, reason: 'cell 0: 8 free CPUs, need 8 + 1 for the emulator; cell 1: 8 free CPUs, need 8 + 1 for the emulator' });
    expect(pinToCell(undefined, 2, 1, undefined).ok).toBe(false);
  });
  it('CPUs other VMs pin are never handed out; the refusal counts them per cell', () => {
    // cell 0 = CPUs 0-3, cell 1 = CPUs 4-7
    expect(pinToCell(caps('X', 2, 4), 2, 1024, undefined, new Set([0, 1, 4]))).toEqual({ ok: true, pinning: { cell: 1, cpus: [6, 7], emulatorCpus: [5] } });
    expect(pinToCell(caps(), 2, 1024, undefined, new Set([0, 2]))).toEqual({ ok: true, pinning: { cell: 0, cpus: [3, 4], emulatorCpus: [1, ...Array.from({ length: 11 }, (_, i) => 5 + i)] } });
    expect(pinToCell(caps('X', 2, 4), 2, 1024, undefined, new Set([0, 1, 4, 5]))).toEqual({
      ok: false,
      reason: 'cell 0: 2 free CPUs (2 pinned by other VMs), need 2 + 1 for the emulator; cell 1: 2 free CPUs (2 pinned by other VMs), need 2 + 1 for the emulator',
    });
    expect(cpuList([5, 0, 1, 2, 7, 8])).toBe('0-2,5,7-8');
  });
  it("other VMs' emulator CPUs are taken for vCPUs only when nothing else is left; emulators share them", () => {
    // one cell, CPUs 0-7: 1-2 dedicated to other vCPUs, 3-4 run other VMs' emulator threads
    const one = caps('X', 1, 8);
    expect(pinToCell(one, 2, 1024, undefined, new Set([1, 2]), new Set([3, 4]))).toEqual({ ok: true, pinning: { cell: 0, cpus: [5, 6], emulatorCpus: [0, 3, 4, 7] } });
    expect(pinToCell(one, 4, 1024, undefined, new Set([1, 2]), new Set([3, 4]))).toEqual({ ok: true, pinning: { cell: 0, cpus: [3, 5, 6, 7], emulatorCpus: [0, 4] } });
    expect(pinToCell(one, 6, 1024, undefined, new Set([1, 2]), new Set([3, 4])).ok).toBe(false);
  });
  it.skipIf(skipWithout('the VirtualDomain primitive through the real cibadmin', ['cibadmin']))('the VirtualDomain primitive is accepted by cibadmin --create on a real CIB copy', () => {
    const cib = join(dir, 'cib.xml');
    copyFileSync(new URL('../actions/fixtures/cib-3node.xml', import.meta.url), cib);
    const xml = renderPrimitiveXml({ resourceId: 'vm-db-01', configPath: '/etc/libvirt/qemu/db-01.xml', hypervisor: 'qemu:///system', allowMigrate: false });
    execFileSync(toolPath('cibadmin')!, ['--create', '--scope', 'resources', '--xml-text', xml], { env: { ...process.env, CIB_file: cib } });
    const q = execFileSync(toolPath('cibadmin')!, ['--query', '--scope', 'resources'], { env: { ...process.env, CIB_file: cib }, encoding: 'utf8' });
    expect(q).toContain('id="vm-db-01"');
    expect(q).toContain('name="allow-migrate" value="false"');
    expect(q).toContain('name="target-role" value="Stopped"');
  });
});
