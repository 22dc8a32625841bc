import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { skipWithout, toolPath } from '../../test/helpers/tools.js';
import { getProfile, loadTemplate, profileIds, renderDomainXml, renderPrimitiveXml } from './index.js';

// fixtures/*.xml: the output of the former {{x}} template renderer for the same input.
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
/** The document as data: equal whatever the quoting, indentation and attribute order. */
const doc = (xml: string): unknown => new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false, parseAttributeValue: false, trimValues: true }).parse(xml);

const spec = { name: 'db-01', vcpus: 4, memoryMiB: 8192, disks: ['/dev/mapper/mpatha', '/dev/mapper/mpathb'], bridges: ['br0', 'br1'] };
const pinning = { cell: 1, cpus: [17, 18, 19, 20], emulatorCpus: [16, 21, 22, 23] };
const prim = { resourceId: 'vm-db-01', configPath: '/etc/libvirt/qemu/db-01.xml', hypervisor: 'qemu:///system', allowMigrate: true };
const dir = mkdtempSync(join(tmpdir(), 'vd-render-'));
const noVirsh = skipWithout('a user-edited domain template defined through the real virsh test driver', ['virsh']);

describe('domain XML from the template document: the same documents as the former renderer', () => {
  for (const id of profileIds) {
    const p = getProfile(id);
    if (p.cpuPlacement !== 'static')
      it(`${id}`, () => {
        expect(doc(renderDomainXml(spec, p))).toEqual(doc(fixture(`domain-${id}.xml`)));
      });
    it(`${id}, pinned to a NUMA cell`, () => {
      expect(doc(renderDomainXml(spec, p, pinning))).toEqual(doc(fixture(`domain-${id}-pinned.xml`)));
    });
  }
  it('the primitive: the same text', () => {
    expect(`${renderPrimitiveXml(prim)}\n`).toBe(fixture('primitive.xml'));
  });
});

describe('templates stay user-editable documents', () => {
  const edited = loadTemplate('domain.xml')
    .replace('\n  <devices>\n', "\n  <devices>\n    <!-- the operators' RNG -->\n    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>\n")
    .replace('</domain>', "  <metadata><app:note xmlns:app='https://example.org/app'>rack 4 &amp; row 2</app:note></metadata>\n</domain>");

  it('extra elements, attributes, text and comments are kept where the user put them', () => {
    const xml = renderDomainXml(spec, getProfile('dc'), undefined, edited);
    expect(xml).toContain('<!-- the operators\' RNG -->');
    expect(xml).toMatch(/<interface type="bridge">[\s\S]*<rng model="virtio">\s*<backend model="random">\/dev\/urandom<\/backend>\s*<\/rng>[\s\S]*<console/);
    expect(xml).toContain('<app:note xmlns:app="https://example.org/app">rack 4 &amp; row 2</app:note>');
    expect(xml.match(/<tpm /g)).toHaveLength(1);
  });
  it('an XML declaration at the top is allowed (the output is the domain element alone, as virsh dumpxml prints it)', () => {
    expect(renderDomainXml(spec, getProfile('generic'), undefined, `<?xml version="1.0" encoding="UTF-8"?>\n${edited}`)).toBe(renderDomainXml(spec, getProfile('generic'), undefined, edited));
  });
  it.skipIf(noVirsh)('and virsh -c test:///default defines the result', () => {
    const f = join(dir, 'edited.xml');
    writeFileSync(f, renderDomainXml(spec, getProfile('dc'), undefined, edited));
    expect(execFileSync(toolPath('virsh')!, ['-c', 'test:///default', 'define', f], { encoding: 'utf8' })).toMatch(/Domain 'db-01' defined/);
  });
  it('an element virtdeck writes from the profile may not be in the template (it would be there twice)', () => {
    const twice = edited.replace('</devices>', "  <memballoon model='none'/>\n  </devices>");
    expect(() => renderDomainXml(spec, getProfile('generic'), undefined, twice)).toThrow(
      'template domain.xml: <devices> has <memballoon>, which virtdeck writes from the profile; remove it from the template',
    );
    const clock = edited.replace("<timer name='hpet' present='no'/>", "<timer name='hpet' present='no'/><timer name='hypervclock' present='yes'/>");
    expect(() => renderDomainXml(spec, getProfile('generic'), undefined, clock)).toThrow('<clock> has <timer name="hypervclock">, which virtdeck writes');
  });
  it('a template that is not well-formed, or lacks what virtdeck fills in, is named with the place', () => {
    expect(() => renderDomainXml(spec, getProfile('generic'), undefined, "<domain type='kvm'>\n  <name/>\n  <devices>\n</domain>")).toThrow(
      /^template domain\.xml: not well-formed XML at line 4, column \d+: /,
    );
    expect(() => renderDomainXml(spec, getProfile('generic'), undefined, loadTemplate('domain.xml').replace('<uuid/>', ''))).toThrow(
      'template domain.xml: <domain> has no <uuid>, which virtdeck fills in',
    );
    expect(() => renderPrimitiveXml(prim, loadTemplate('virtualdomain-primitive.xml').replace(/<nvpair [^>]*name="hypervisor"\/>/, ''))).toThrow(
      'template virtualdomain-primitive.xml: <instance_attributes> has no <nvpair name="hypervisor">, which virtdeck fills in',
    );
  });
});

describe('values are escaped by the XML builder, in one place', () => {
  it('<&"\' in a value stay a value', () => {
    const hostile = `qemu+ssh://h/system?keyfile=/k&x='"<>/><evil/>`;
    const xml = renderPrimitiveXml({ ...prim, hypervisor: hostile, configPath: '/etc/a&b.xml' });
    expect(xml).not.toContain('<evil');
    const nv = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).primitive.instance_attributes.nvpair;
    expect(nv.map((n: { value: string }) => n.value)).toEqual(['/etc/a&b.xml', hostile, 'ssh']);
  });
  it('names and paths that could not be escaped into libvirt meaningfully are refused before', () => {
    expect(() => renderDomainXml({ ...spec, name: 'a;rm -rf /' }, getProfile('generic'))).toThrow(/invalid VM name/);
    expect(() => renderDomainXml({ ...spec, disks: ["/dev/x'y"] }, getProfile('generic'))).toThrow(/invalid device path/);
    expect(() => renderDomainXml({ ...spec, bridges: ['br0"/><x'] }, getProfile('generic'))).toThrow(/invalid bridge/);
    expect(() => renderPrimitiveXml({ ...prim, resourceId: 'vm"<x' })).toThrow(/invalid resource id/);
  });
});
