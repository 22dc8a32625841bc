// Renders templates/*.xml: each template is parsed as an XML document, the values and the
// profile's elements are set by element and attribute (xml-doc.ts), and the document is built
// back by fast-xml-parser's XMLBuilder, which escapes every value. Whatever else a user's
// template holds is kept.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { devicePath, domainName, resourceId } from '../model/names.js';
import { cpuList, type Pinning } from './numa.js';
import type { VmProfile } from './profiles.js';
import { append, attr, attrFirst, buildCompact, buildPretty, child, childrenOf, el, insert, parseTemplate, setAttr, setText, tagOf, walk, type XmlNode } from './xml-doc.js';

const TEMPLATE_DIRS = ['../../templates/', '../../../templates/'];

export function loadTemplate(name: string): string {
  for (const d of TEMPLATE_DIRS) {
    const p = fileURLToPath(new URL(d + name, import.meta.url));
    if (existsSync(p)) return readFileSync(p, 'utf8');
  }
  throw new Error(`template ${name} not found (looked in ${TEMPLATE_DIRS.join(', ')} relative to ${fileURLToPath(import.meta.url)})`);
}

export interface DomainSpec {
  name: string;
  vcpus: number;
  memoryMiB: number;
  disks: string[];
  bridges: string[];
  /** Fixed for reproducible output; default derived from the name. */
  uuid?: string;
}

const uuidFor = (name: string): string => {
  const h = createHash('sha256').update(`virtdeck:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Linux interface names (IFNAMSIZ − 1 characters) of the safe characters. */
const BRIDGE = /^[A-Za-z0-9_.:-]{1,15}$/;
export const isBridgeName = (name: string): boolean => BRIDGE.test(name);

/** A child the template must have, since virtdeck writes into it. */
function need(parent: XmlNode, tag: string, template: string): XmlNode {
  const c = child(parent, tag);
  if (!c) throw new Error(`template ${template}: <${tagOf(parent)}> has no <${tag}>, which virtdeck fills in`);
  return c;
}

/** What virtdeck writes from the profile, by parent element: a template holding one would get it twice. */
const GENERATED: Record<'domain' | 'features' | 'cpu' | 'clock' | 'devices', readonly string[]> = {
  domain: ['memoryBacking', 'iothreads', 'cputune', 'numatune'],
  features: ['hyperv', 'smm'],
  cpu: ['topology', 'numa'],
  clock: ['timer name="hypervclock"'],
  devices: ['tpm', 'memballoon'],
};
const described = (n: XmlNode): string => (tagOf(n) === 'timer' ? `timer name="${attr(n, 'name')}"` : tagOf(n)!);

function refuseGenerated(parent: XmlNode, template: string): void {
  const generated = GENERATED[tagOf(parent) as keyof typeof GENERATED];
  for (const c of childrenOf(parent))
    if (generated.includes(described(c)))
      throw new Error(`template ${template}: <${tagOf(parent)}> has <${described(c)}>, which virtdeck writes from the profile; remove it from the template`);
}

/** The domain document: templates/domain.xml filled in for this VM. */
export function renderDomainXml(spec: DomainSpec, profile: VmProfile, pinning?: Pinning, template = loadTemplate('domain.xml')): string {
  domainName(spec.name);
  if (!Number.isInteger(spec.vcpus) || spec.vcpus < 1 || spec.vcpus > 512) throw new Error(`invalid vCPU count ${spec.vcpus}`);
  if (!Number.isInteger(spec.memoryMiB) || spec.memoryMiB < 64) throw new Error(`invalid memory ${spec.memoryMiB} MiB`);
  spec.disks.forEach((d) => devicePath(d));
  for (const b of spec.bridges) if (!isBridgeName(b)) throw new Error(`invalid bridge name ${JSON.stringify(b)}`);
  if (profile.cpuPlacement === 'static' && !pinning) throw new Error(`profile ${profile.id} needs a NUMA pinning`);
  const memoryKb = spec.memoryMiB * 1024;
  const d = profile.disk;
  const scsi = d.bus === 'scsi';
  const iothread = d.iothread === true;

  const T = 'domain.xml';
  const dom = parseTemplate(template, T, 'domain');
  const [features, cpu, clock, devices] = (['features', 'cpu', 'clock', 'devices'] as const).map((t) => need(dom, t, T)) as [XmlNode, XmlNode, XmlNode, XmlNode];
  for (const parent of [dom, features, cpu, clock, devices]) refuseGenerated(parent, T);

  setText(need(dom, 'name', T), spec.name);
  setText(need(dom, 'uuid', T), spec.uuid ?? uuidFor(spec.name));
  setText(need(dom, 'title', T), `${spec.name} (virtdeck profile ${profile.id})`);
  for (const t of ['memory', 'currentMemory']) {
    const m = need(dom, t, T);
    setAttr(m, 'unit', 'KiB');
    setText(m, memoryKb);
  }
  const vcpu = need(dom, 'vcpu', T);
  setAttr(vcpu, 'placement', pinning ? 'static' : 'auto');
  setText(vcpu, spec.vcpus);
  setAttr(need(dom, 'os', T), 'firmware', profile.firmware === 'efi' ? 'efi' : undefined);
  setAttr(clock, 'offset', profile.hyperv ? 'localtime' : 'utc');

  if (profile.hugepageKb)
    insert(dom, 'currentMemory', [
      el('memoryBacking', {}, [el('hugepages', {}, [el('page', { size: profile.hugepageKb, unit: 'KiB', ...(pinning ? { nodeset: pinning.cell } : {}) })]), el('locked')]),
    ]);
  const emulatorCpus = pinning ? cpuList(pinning.emulatorCpus) : '';
  insert(dom, 'vcpu', [
    ...(iothread ? [el('iothreads', {}, ['1'])] : []),
    ...(pinning
      ? [
          el('cputune', {}, [
            ...pinning.cpus.map((c, i) => el('vcpupin', { vcpu: i, cpuset: c })),
            el('emulatorpin', { cpuset: emulatorCpus }),
            ...(iothread ? [el('iothreadpin', { iothread: 1, cpuset: emulatorCpus })] : []),
          ]),
          el('numatune', {}, [el('memory', { mode: 'strict', nodeset: pinning.cell })]),
        ]
      : []),
  ]);
  if (profile.hyperv) {
    const on = (t: string, more: Record<string, string> = {}) => el(t, { state: 'on', ...more });
    const hyperv = ['relaxed', 'vapic', 'spinlocks', 'vpindex', 'runtime', 'synic', 'stimer', 'frequencies'].map((t) => on(t, t === 'spinlocks' ? { retries: '8191' } : {}));
    append(features, [el('hyperv', { mode: 'custom' }, hyperv), on('smm')]);
    append(clock, [el('timer', { name: 'hypervclock', present: 'yes' })]);
  }
  if (pinning)
    append(cpu, [
      el('topology', { sockets: 1, dies: 1, cores: spec.vcpus, threads: 1 }),
      el('numa', {}, [el('cell', { id: 0, cpus: `0-${spec.vcpus - 1}`, memory: memoryKb, unit: 'KiB' })]),
    ]);

  const disks = spec.disks.map((src, i) =>
    el('disk', { type: 'block', device: 'disk' }, [
      el('driver', { name: 'qemu', type: 'raw', cache: d.cache, io: d.io, ...(d.discard ? { discard: d.discard } : {}), ...(!scsi && iothread ? { iothread: 1 } : {}) }),
      el('source', { dev: src }),
      el('target', { dev: `${scsi ? 'sd' : 'vd'}${String.fromCharCode(97 + i)}`, bus: scsi ? 'scsi' : 'virtio' }),
    ]),
  );
  insert(devices, undefined, [
    ...(scsi ? [el('controller', { type: 'scsi', index: 0, model: 'virtio-scsi' }, [el('driver', { queues: d.queuesPerVcpu ? spec.vcpus : 1, ...(iothread ? { iothread: 1 } : {}) })])] : []),
    ...disks,
    ...spec.bridges.map((b) => el('interface', { type: 'bridge' }, [el('source', { bridge: b }), el('model', { type: 'virtio' })])),
  ]);
  append(devices, [
    ...(profile.tpm ? [el('tpm', { model: 'tpm-crb' }, [el('backend', { type: 'emulator', version: '2.0' })])] : []),
    profile.balloon === 'off' ? el('memballoon', { model: 'none' }) : el('memballoon', { model: 'virtio' }, [el('stats', { period: 10 })]),
  ]);
  return buildPretty(dom);
}

export interface PrimitiveSpec {
  resourceId: string;
  configPath: string;
  hypervisor: string;
  allowMigrate: boolean;
  migrateTimeoutS?: number;
}

/** The element under `parent` whose attribute `name` is `value`; the template must have it. */
function named(parent: XmlNode, tag: string, value: string, template: string): XmlNode {
  const c = childrenOf(parent).find((x) => tagOf(x) === tag && attr(x, 'name') === value);
  if (!c) throw new Error(`template ${template}: <${tagOf(parent)}> has no <${tag} name="${value}">, which virtdeck fills in`);
  return c;
}

/** The VirtualDomain primitive, on one line (cibadmin --xml-text). */
export function renderPrimitiveXml(p: PrimitiveSpec, template = loadTemplate('virtualdomain-primitive.xml')): string {
  resourceId(p.resourceId);
  const T = 'virtualdomain-primitive.xml';
  const prim = parseTemplate(template, T, 'primitive');
  for (const n of walk(prim)) if (n !== prim && attr(n, 'id') !== undefined) setAttr(n, 'id', `${p.resourceId}-${attr(n, 'id')}`);
  setAttr(prim, 'id', p.resourceId);
  attrFirst(prim, 'id');
  const timeout = `${p.migrateTimeoutS ?? 600}s`;
  setAttr(named(need(prim, 'instance_attributes', T), 'nvpair', 'config', T), 'value', p.configPath);
  setAttr(named(need(prim, 'instance_attributes', T), 'nvpair', 'hypervisor', T), 'value', p.hypervisor);
  setAttr(named(need(prim, 'meta_attributes', T), 'nvpair', 'allow-migrate', T), 'value', p.allowMigrate ? 'true' : 'false');
  for (const op of ['migrate_to', 'migrate_from']) setAttr(named(need(prim, 'operations', T), 'op', op, T), 'timeout', timeout);
  return buildCompact(prim);
}
