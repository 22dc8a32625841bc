// A small element tree on top of fast-xml-parser. Pacemaker's XML is attribute-heavy and its
// element order matters (crm_mon lists resources in CIB order, mixing <resource>, <group>,
// <clone> and <bundle>), so the parser runs in preserveOrder mode: every element is kept, in
// document order, and repeated elements are always arrays.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeXmlText } from '../xml-text.js';

export interface XmlElement {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated text content directly inside the element (entities decoded). */
  readonly text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  // No entity expansion at all (no DOCTYPE entities, no HTML entities): the five predefined
  // XML entities and character references are decoded below (decodeXmlText), in attribute
  // values and text.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
});

export { decodeXmlText };

type RawNode = Record<string, unknown>;

function textOf(raw: unknown): string {
  if (!Array.isArray(raw)) return '';
  return decodeXmlText(
    (raw as RawNode[])
      .map((i) => (i && typeof i === 'object' && '#text' in i ? String(i['#text']) : ''))
      .join(''),
  );
}

function toElements(raw: unknown, depth: number): XmlElement[] {
  if (!Array.isArray(raw)) return [];
  if (depth > 64) throw new Error('XML nested deeper than 64 levels');
  const out: XmlElement[] = [];
  for (const item of raw as RawNode[]) {
    if (item === null || typeof item !== 'object') continue;
    for (const key of Object.keys(item)) {
      if (key === ':@' || key === '#text') continue;
      const rawAttrs = item[':@'];
      const attrs: Record<string, string> = {};
      if (rawAttrs && typeof rawAttrs === 'object') {
        for (const [k, v] of Object.entries(rawAttrs as Record<string, unknown>)) {
          attrs[k] = typeof v === 'string' ? decodeXmlText(v) : v === true ? 'true' : String(v);
        }
      }
      out.push({ tag: key, attrs, children: toElements(item[key], depth + 1), text: textOf(item[key]) });
    }
  }
  return out;
}

/**
 * Parses a whole document. Returns the single root element, or an error message for
 * malformed / truncated input (fast-xml-parser's parser alone is lenient about unclosed tags).
 */
export function parseXmlDocument(xml: string): XmlElement | string {
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: true });
  if (valid !== true) return `malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`;
  const roots = toElements(parser.parse(xml), 0);
  if (roots.length === 0) return 'no XML element found';
  if (roots.length > 1) return `more than one root element (<${roots[0]?.tag}>, <${roots[1]?.tag}>)`;
  return roots[0] as XmlElement;
}

export const childrenNamed = (el: XmlElement | undefined, tag: string): XmlElement[] =>
  el ? el.children.filter((c) => c.tag === tag) : [];

export const firstChild = (el: XmlElement | undefined, tag: string): XmlElement | undefined =>
  el?.children.find((c) => c.tag === tag);
