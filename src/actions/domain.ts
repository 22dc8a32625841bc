// What the guards need from a VM's domain XML (the store keeps runtime data only): disks, NICs,
// hugepages, vCPUs. Read with `virsh -r dumpxml` during gather; parsing is pure.
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { Runner } from '../ssh/runner.js';
import { dumpxmlCmd } from '../collectors/virsh/command.js';

export interface DomainFacts {
  name: string;
  memoryKb: number;
  vcpus: number;
  /** Hugepage size in kB when the domain is backed by hugepages (default size → 2048). */
  hugepageKb?: number;
  cpuMode?: string;
  disks: { source: string; target?: string }[];
  interfaces: { type: string; source?: string }[];
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => ['disk', 'interface', 'page'].includes(n) });

type Node = Record<string, unknown>;
const obj = (v: unknown): Node => (v && typeof v === 'object' ? (v as Node) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : typeof obj(v)['#text'] !== 'undefined' ? String(obj(v)['#text']) : undefined);
const arr = (v: unknown): Node[] => (Array.isArray(v) ? v.map(obj) : v === undefined ? [] : [obj(v)]);

const toKb = (value: number, unit: string | undefined): number => {
  const u = (unit ?? 'KiB').toLowerCase();
  const f: Record<string, number> = { b: 1 / 1024, bytes: 1 / 1024, k: 1, kib: 1, kb: 1000 / 1024, m: 1024, mib: 1024, mb: 1e6 / 1024, g: 1024 ** 2, gib: 1024 ** 2, gb: 1e9 / 1024 };
  return Math.round(value * (f[u] ?? 1));
};

export function parseDomainFacts(xml: string, where = 'domain XML'): DomainFacts {
  let doc: Node;
  try {
    doc = obj(parser.parse(xml));
  } catch (e) {
    throw new Error(`${where}: not XML (${e instanceof Error ? e.message : String(e)})`);
  }
  const d = obj(doc['domain']);
  const name = text(d['name']);
  if (!name) throw new Error(`${where}: no <domain><name>`);
  const mem = obj(d['memory']);
  const memoryKb = toKb(Number(text(d['memory']) ?? 0), mem['@unit'] as string | undefined);
  const vcpus = Number(text(d['vcpu']) ?? 1);
  const facts: DomainFacts = { name, memoryKb, vcpus, disks: [], interfaces: [] };
  const backing = obj(d['memoryBacking']);
  if ('hugepages' in backing) {
    const page = arr(obj(backing['hugepages'])['page'])[0];
    facts.hugepageKb = page ? toKb(Number(page['@size']), page['@unit'] as string | undefined) : 2048;
  }
  const cpuMode = obj(d['cpu'])['@mode'];
  if (typeof cpuMode === 'string') facts.cpuMode = cpuMode;
  const devices = obj(d['devices']);
  for (const disk of arr(devices['disk'])) {
    const src = obj(disk['source']);
    const s = (src['@dev'] ?? src['@file'] ?? src['@name']) as string | undefined;
    if (s) facts.disks.push({ source: s, ...(typeof obj(disk['target'])['@dev'] === 'string' ? { target: obj(disk['target'])['@dev'] as string } : {}) });
  }
  for (const nic of arr(devices['interface'])) {
    const src = obj(nic['source']);
    const s = (src['@bridge'] ?? src['@network'] ?? src['@dev']) as string | undefined;
    facts.interfaces.push({ type: String(nic['@type'] ?? 'unknown'), ...(s ? { source: s } : {}) });
  }
  return facts;
}

/** Digest of a domain's configuration for drift checks: whitespace-insensitive. */
export const xmlDigest = (xml: string): string =>
  createHash('sha256')
    .update(xml.split('\n').map((l) => l.trim()).filter(Boolean).join('\n'))
    .digest('hex');

/** dumpxml of each VM on a node; VMs whose XML cannot be read are reported, not fatal. */
export async function readDomains(runner: Runner, uri: string, node: string, vms: readonly string[]): Promise<{ facts: Record<string, DomainFacts>; errors: string[] }> {
  const out: Record<string, DomainFacts> = {};
  const errors: string[] = [];
  for (const vm of vms) {
    try {
      const r = await runner.run(node, dumpxmlCmd(uri, vm));
      if (r.code !== 0) errors.push(`${node}: virsh dumpxml ${vm}: exit ${r.code}`);
      else out[vm] = parseDomainFacts(r.stdout, `${node}: dumpxml ${vm}`);
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  return { facts: out, errors };
}
