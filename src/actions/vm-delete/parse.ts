// Pure parsers of vm delete's reads: which constraints name a resource (`cibadmin --query
// --scope constraints`) and whether a node's libvirt holds a persistent definition (`virsh dominfo`).
import { XMLParser } from 'fast-xml-parser';
import { SAFE_XML_OPTIONS } from '../../collectors/xml-text.js';
import { CONSTRAINT_TAGS, type ConstraintTag } from './commands.js';

export interface ConstraintRef {
  tag: ConstraintTag;
  id: string;
  /** Every resource it names (rsc, with-rsc, first, then, resource_set members). */
  resources: string[];
  /** Names resources inside a resource_set (deleting it changes the others' rules too). */
  sets: boolean;
}

type El = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => (CONSTRAINT_TAGS as readonly string[]).includes(n) || n === 'resource_set' || n === 'resource_ref', ...SAFE_XML_OPTIONS });
const list = (v: unknown): El[] => (Array.isArray(v) ? (v as El[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Every constraint of the section, with the resources it names. */
export function parseConstraints(xml: string): ConstraintRef[] {
  if (xml.trim() === '') return [];
  const doc = parser.parse(xml) as El;
  const root = doc['constraints'];
  if (root === undefined) throw new Error('cibadmin output holds no <constraints>');
  const section = typeof root === 'object' && root !== null ? (root as El) : {};
  const out: ConstraintRef[] = [];
  for (const tag of CONSTRAINT_TAGS) {
    for (const c of list(section[tag])) {
      const id = str(c['@id']);
      if (!id) continue;
      const sets = list(c['resource_set']);
      const named = [c['@rsc'], c['@with-rsc'], c['@first'], c['@then']].map(str).filter((x): x is string => x !== undefined);
      const members = sets.flatMap((s) => list(s['resource_ref']).map((r) => str(r['@id'])).filter((x): x is string => x !== undefined));
      out.push({ tag, id, resources: [...new Set([...named, ...members])], sets: sets.length > 0 });
    }
  }
  return out;
}

/** The constraints naming `rsc`. */
export const constraintsOf = (all: readonly ConstraintRef[], rsc: string): ConstraintRef[] => all.filter((c) => c.resources.includes(rsc));

/** `virsh dominfo`'s "Persistent:" line; undefined when absent. */
export function dominfoPersistent(text: string): boolean | undefined {
  const m = /^Persistent:\s*(\S+)\s*$/m.exec(text);
  return m ? m[1] === 'yes' : undefined;
}
