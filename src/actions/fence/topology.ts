// `cibadmin --query --scope fencing-topology` → levels per target. Pure.
import { XMLParser } from 'fast-xml-parser';
import { SAFE_XML_OPTIONS } from '../../collectors/xml-text.js';

export interface FenceLevel {
  id: string;
  target: string;
  index: number;
  devices: string[];
}

// No DOCTYPE entity expansion; &apos; and &#NN; in ids and targets decoded (xml-text.ts).
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'fencing-level', ...SAFE_XML_OPTIONS });

export function parseFencingTopology(xml: string): FenceLevel[] {
  if (xml.trim() === '') return [];
  const doc = parser.parse(xml) as Record<string, unknown>;
  const topo = doc['fencing-topology'];
  if (topo === undefined) throw new Error('cibadmin output has no <fencing-topology>');
  const levels = (topo && typeof topo === 'object' ? ((topo as Record<string, unknown>)['fencing-level'] as Record<string, string>[] | undefined) : undefined) ?? [];
  return levels.map((l) => ({ id: l['@id'] ?? '', target: l['@target'] ?? l['@target-pattern'] ?? '', index: Number(l['@index'] ?? 0), devices: (l['@devices'] ?? '').split(',').filter(Boolean) }));
}
