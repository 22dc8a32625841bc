// Renders templates/*.xml. Every substituted value is XML-escaped; fragments ({{{x}}}) are built
// here from escaped values only, so no user input reaches the XML unescaped.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { devicePath, domainName, resourceId } from '../model/names.js';
import { cpuList, type Pinning } from './numa.js';
import type { VmProfile } from './profiles.js';

export const xmlEscape = (v: string | number): string =>
  String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

const TEMPLATE_DIRS = ['../../templates/', '../../../templates/'];

export function loadTemplate(name: string): string {
  for (const d of TEMPLATE_DIRS) {
    const p = fileURLToPath(new URL(d + name, import.meta.url));
    if (existsSync(p)) return readFileSync(p, 'utf8');
  }
  throw new Error(`template ${name} not found (looked in ${TEMPLATE_DIRS.join(', ')} relative to ${fileURLToPath(import.meta.url)})`);
}

/** {{x}} → escaped value, {{{x}}} → fragment. Unknown or missing placeholders are errors. */
export function fillTemplate(name: string, tpl: string, values: Record<string, string | number>, fragments: Record<string, string> = {}): string {
  const stripped = tpl.replace(/^<!--[\s\S]*?-->\n/, '');
  return stripped.replace(/\{\{\{(\w+)\}\}\}|\{\{(\w+)\}\}/g, (_m, frag: string | undefined, val: string | undefined) => {
    if (frag !== undefined) {
      const f = fragments[frag];
      if (f === undefined) throw new Error(`template ${name}: no fragment for {{{${frag}}}}`);
      return f;
    }
    const v = values[val!];
    if (v === undefined) throw new Error(`template ${name}: no value for {{${val}}}`);
    return xmlEscape(v);
  }).replace(/^\s*\n/gm, '');
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
const e = xmlEscape;

export function renderDomainXml(spec: DomainSpec, profile: VmProfile, pinning?: Pinning): string {
  domainName(spec.name);
  if (!Number.isInteger(spec.vcpus) || spec.vcpus < 1 || spec.vcpus > 512) throw new Error(`invalid vCPU count ${spec.vcpus}`);
  if (!Number.isInteger(spec.memoryMiB) || spec.memoryMiB < 64) throw new Error(`invalid memory ${spec.memoryMiB} MiB`);
  spec.disks.forEach((d) => devicePath(d));
  for (const b of spec.bridges) if (!isBridgeName(b)) throw new Error(`invalid bridge name ${JSON.stringify(b)}`);
  if (profile.cpuPlacement === 'static' && !pinning) throw new Error(`profile ${profile.id} needs a NUMA pinning`);
  const memoryKb = spec.memoryMiB * 1024;
  const d = profile.disk;
  const scsi = d.bus === 'scsi';
  const iothread = d.iothread ? 1 : 0;

  const memoryBacking = profile.hugepageKb
    ? `  <memoryBacking>\n    <hugepages>\n      <page size='${e(profile.hugepageKb)}' unit='KiB'${pinning ? ` nodeset='${e(pinning.cell)}'` : ''}/>\n    </hugepages>\n    <locked/>\n  </memoryBacking>`
    : '';
  const cputune = pinning
    ? `  <cputune>\n${pinning.cpus.map((c, i) => `    <vcpupin vcpu='${e(i)}' cpuset='${e(c)}'/>`).join('\n')}\n    <emulatorpin cpuset='${e(cpuList(pinning.emulatorCpus))}'/>${iothread ? `\n    <iothreadpin iothread='1' cpuset='${e(cpuList(pinning.emulatorCpus))}'/>` : ''}\n  </cputune>`
    : '';
  const numatune = pinning ? `  <numatune>\n    <memory mode='strict' nodeset='${e(pinning.cell)}'/>\n  </numatune>` : '';
  const cpuNuma = pinning ? `    <topology sockets='1' dies='1' cores='${e(spec.vcpus)}' threads='1'/>\n    <numa>\n      <cell id='0' cpus='0-${e(spec.vcpus - 1)}' memory='${e(memoryKb)}' unit='KiB'/>\n    </numa>` : '';
  const hyperv = profile.hyperv
    ? `    <hyperv mode='custom'>\n      <relaxed state='on'/>\n      <vapic state='on'/>\n      <spinlocks state='on' retries='8191'/>\n      <vpindex state='on'/>\n      <runtime state='on'/>\n      <synic state='on'/>\n      <stimer state='on'/>\n      <frequencies state='on'/>\n    </hyperv>\n    <smm state='on'/>`
    : '';
  const timers = profile.hyperv
    ? `    <timer name='rtc' tickpolicy='catchup'/>\n    <timer name='pit' tickpolicy='delay'/>\n    <timer name='hpet' present='no'/>\n    <timer name='hypervclock' present='yes'/>`
    : `    <timer name='rtc' tickpolicy='catchup'/>\n    <timer name='pit' tickpolicy='delay'/>\n    <timer name='hpet' present='no'/>`;
  const controllers = scsi
    ? `    <controller type='scsi' index='0' model='virtio-scsi'>\n      <driver queues='${e(d.queuesPerVcpu ? spec.vcpus : 1)}'${iothread ? " iothread='1'" : ''}/>\n    </controller>`
    : '';
  const disks = spec.disks
    .map((src, i) => {
      const target = scsi ? `sd${String.fromCharCode(97 + i)}` : `vd${String.fromCharCode(97 + i)}`;
      const driver = `<driver name='qemu' type='raw' cache='${e(d.cache)}' io='${e(d.io)}'${d.discard ? ` discard='${e(d.discard)}'` : ''}${!scsi && iothread ? " iothread='1'" : ''}/>`;
      return `    <disk type='block' device='disk'>\n      ${driver}\n      <source dev='${e(src)}'/>\n      <target dev='${e(target)}' bus='${scsi ? 'scsi' : 'virtio'}'/>\n    </disk>`;
    })
    .join('\n');
  const interfaces = spec.bridges.map((b) => `    <interface type='bridge'>\n      <source bridge='${e(b)}'/>\n      <model type='virtio'/>\n    </interface>`).join('\n');
  const tpm = profile.tpm ? `    <tpm model='tpm-crb'>\n      <backend type='emulator' version='2.0'/>\n    </tpm>` : '';
  const memballoon = profile.balloon === 'off' ? `    <memballoon model='none'/>` : `    <memballoon model='virtio'>\n      <stats period='10'/>\n    </memballoon>`;

  return fillTemplate(
    'domain.xml',
    loadTemplate('domain.xml'),
    {
      name: spec.name,
      uuid: spec.uuid ?? uuidFor(spec.name),
      title: `${spec.name} (virtdeck profile ${profile.id})`,
      memoryKb,
      vcpus: spec.vcpus,
      vcpuPlacement: pinning ? 'static' : 'auto',
      clockOffset: profile.hyperv ? 'localtime' : 'utc',
    },
    {
      memoryBacking,
      iothreads: iothread ? `  <iothreads>${iothread}</iothreads>` : '',
      cputune,
      numatune,
      osFirmware: profile.firmware === 'efi' ? " firmware='efi'" : '',
      hyperv,
      cpuNuma,
      timers,
      controllers,
      disks,
      interfaces,
      tpm,
      memballoon,
    },
  );
}

export interface PrimitiveSpec {
  resourceId: string;
  configPath: string;
  hypervisor: string;
  allowMigrate: boolean;
  migrateTimeoutS?: number;
}

export function renderPrimitiveXml(p: PrimitiveSpec): string {
  resourceId(p.resourceId);
  return fillTemplate('virtualdomain-primitive.xml', loadTemplate('virtualdomain-primitive.xml'), {
    id: p.resourceId,
    config: p.configPath,
    hypervisor: p.hypervisor,
    allowMigrate: p.allowMigrate ? 'true' : 'false',
    migrateTimeout: `${p.migrateTimeoutS ?? 600}s`,
  })
    .replace(/\n\s*/g, '')
    .trim();
}
