// XML character data as every XML reader here needs it: the five predefined entities and numeric
// character references decoded, and nothing else. fast-xml-parser's own entity processing would
// also expand DOCTYPE-declared entities (a document could define its own text) and does not
// decode `&#233;`, so every parser turns it off and decodes with these instead.
import type { X2jOptions } from 'fast-xml-parser';

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes &lt; &gt; &amp; &quot; &apos; and &#NN; / &#xNN; in one pass (so `&amp;lt;` is `&lt;`); anything else stays as written. */
export function decodeXmlText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (m, e: string) => {
    if (e[0] !== '#') return PREDEFINED[e] ?? m;
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/** fast-xml-parser options for any XMLParser here: no entity expansion of its own, text and attribute values decoded by decodeXmlText. */
export const SAFE_XML_OPTIONS = {
  processEntities: false,
  htmlEntities: false,
  tagValueProcessor: (_tag: string, value: unknown) => (typeof value === 'string' ? decodeXmlText(value) : value),
  attributeValueProcessor: (_name: string, value: unknown) => (typeof value === 'string' ? decodeXmlText(value) : value),
} satisfies Partial<X2jOptions>;
