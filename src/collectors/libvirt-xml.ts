// Reading libvirt XML (`virsh capabilities`, `virsh dumpxml`) as fast-xml-parser gives it
// (attributes prefixed `@_`, text in `#text`), and libvirt's scaled integers.

export type XNode = Record<string, unknown>;

export const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
export const asNode = (v: unknown): XNode | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as XNode) : undefined);
export const attr = (v: unknown, name: string): string | undefined => {
  const a = asNode(v)?.[`@_${name}`];
  return typeof a === 'string' ? a : undefined;
};

const UNIT_KIB: Record<string, number> = {
  b: 1 / 1024, bytes: 1 / 1024, k: 1, kb: 1000 / 1024, kib: 1, m: 1024, mb: 1e6 / 1024, mib: 1024,
  g: 1024 ** 2, gb: 1e9 / 1024, gib: 1024 ** 2, t: 1024 ** 3, tb: 1e12 / 1024, tib: 1024 ** 3,
};

/** libvirt scaled integer (`<memory unit='MiB'>4</memory>`) → KiB; default unit KiB. */
export function toKib(value: string | undefined, unit: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  const u = (unit ?? 'KiB').toLowerCase();
  const f = Object.hasOwn(UNIT_KIB, u) ? UNIT_KIB[u] : undefined;
  if (f === undefined) return undefined;
  return Math.round(Number(value) * f);
}
