// What a snapshot needs to know of the domain's disks, from its live XML: the image format
// (internal snapshots live inside qcow2 images; raw has no room for them) and whether a disk is
// shareable (written by more than one VM: a snapshot of it would capture, or fork, another VM's
// writes, and libvirt refuses to snapshot it).
import { XMLParser } from 'fast-xml-parser';
import { SAFE_XML_OPTIONS } from '../../collectors/xml-text.js';

export interface SnapshotDisk {
  target: string;
  source?: string;
  /** driver type: qcow2, raw … (undefined: not said; libvirt then probes nothing and treats it as raw). */
  format?: string;
  shareable: boolean;
  readonly: boolean;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'disk', ...SAFE_XML_OPTIONS });
type El = Record<string, unknown>;
const el = (v: unknown): El | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as El) : v === '' ? {} : undefined);
const attr = (v: unknown, k: string): string | undefined => {
  const a = el(v)?.[`@${k}`];
  return typeof a === 'string' ? a : undefined;
};

/** The domain's writable disks (cdroms and floppies are not snapshotted). */
export function snapshotDisks(xml: string): SnapshotDisk[] {
  const doc = parser.parse(xml) as El;
  const dom = el(doc['domain']);
  if (!dom) throw new Error('dumpxml: no <domain> element');
  const disks = (el(dom['devices'])?.['disk'] as unknown[] | undefined) ?? [];
  return disks
    .map(el)
    .filter((d): d is El => !!d && (attr(d, 'device') ?? 'disk') === 'disk')
    .map((d) => {
      const src = d['source'];
      const source = attr(src, 'file') ?? attr(src, 'dev') ?? attr(src, 'name') ?? attr(src, 'volume');
      const format = attr(d['driver'], 'type');
      return { target: attr(d['target'], 'dev') ?? '?', ...(source ? { source } : {}), ...(format ? { format } : {}), shareable: 'shareable' in d, readonly: 'readonly' in d };
    });
}
