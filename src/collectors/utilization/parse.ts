// Pure parsers of the CIB's utilization attributes (cibadmin output, see fixtures/).
import { XMLParser } from 'fast-xml-parser';
import { SAFE_XML_OPTIONS } from '../xml-text.js';

/** The attributes the placement strategies weigh VMs by (Pacemaker utilization names). */
export interface Utilization {
  cpu?: number;
  /** MiB, by convention of the VirtualDomain guides. */
  hvMemory?: number;
  /** Other utilization attributes, as written. */
  other?: Record<string, string>;
}

export interface UtilizationStatus {
  /** Node uname → its utilization (capacity); nodes without any are absent. */
  nodes: Record<string, Utilization>;
  /** VirtualDomain resource id → its utilization; present (maybe empty) for every VM primitive. */
  resources: Record<string, Utilization>;
  /** crm_config placement-strategy ('default' when unset). */
  placementStrategy: string;
}

type El = Record<string, unknown>;
const ARRAYS = new Set(['node', 'primitive', 'utilization', 'nvpair', 'cluster_property_set']);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => ARRAYS.has(n), ...SAFE_XML_OPTIONS });
const list = (v: unknown): El[] => (Array.isArray(v) ? (v as El[]) : []);
const obj = (v: unknown): El => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as El) : {});

function utilizationOf(el: El): Utilization {
  const u: Utilization = {};
  for (const set of list(el['utilization'])) {
    for (const nv of list(set['nvpair'])) {
      const name = nv['@name'];
      const value = nv['@value'];
      if (typeof name !== 'string' || typeof value !== 'string') continue;
      const n = /^\d+$/.test(value) ? Number(value) : undefined;
      if (name === 'cpu' && n !== undefined) u.cpu = n;
      else if (name === 'hv_memory' && n !== undefined) u.hvMemory = n;
      else (u.other ??= {})[name] = value;
    }
  }
  return u;
}

/** `cibadmin --query --scope nodes`. */
export function parseNodeUtilization(xml: string): Record<string, Utilization> {
  const out: Record<string, Utilization> = {};
  const doc = parser.parse(xml) as El;
  if (!('nodes' in doc)) throw new Error('cibadmin output holds no <nodes>');
  for (const n of list(obj(doc['nodes'])['node'])) {
    const uname = n['@uname'];
    const u = utilizationOf(n);
    if (typeof uname === 'string' && Object.keys(u).length) out[uname] = u;
  }
  return out;
}

/** `cibadmin --query --xpath //primitive[…VirtualDomain]`: one <primitive>, several inside
 *  <xpath-query>, or empty output with exit 105 (none). */
export function parseResourceUtilization(xml: string): Record<string, Utilization> {
  const out: Record<string, Utilization> = {};
  if (xml.trim() === '') return out;
  const doc = parser.parse(xml) as El;
  const prims = 'xpath-query' in doc ? list(obj(doc['xpath-query'])['primitive']) : list(doc['primitive']);
  if (!prims.length && !('xpath-query' in doc)) throw new Error('cibadmin output holds no <primitive>');
  for (const p of prims) if (typeof p['@id'] === 'string') out[p['@id']] = utilizationOf(p);
  return out;
}

/** `cibadmin --query --scope crm_config` → placement-strategy (Pacemaker's default: 'default'). */
export function parsePlacementStrategy(xml: string): string {
  const doc = parser.parse(xml) as El;
  for (const set of list(obj(doc['crm_config'])['cluster_property_set']))
    for (const nv of list(set['nvpair'])) if (nv['@name'] === 'placement-strategy' && typeof nv['@value'] === 'string') return nv['@value'];
  return 'default';
}
