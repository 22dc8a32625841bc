// XML templates as documents: parsed with fast-xml-parser into its ordered form, changed by
// element and attribute, built back with its XMLBuilder. Values are plain strings until the
// builder writes them, so escaping happens there and only there: a value with <&"' can never
// change the document's structure.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element in fast-xml-parser's ordered form: `{ tag: children, ':@': { '@_attr': value } }`;
 *  text is `{ '#text': value }`, a comment `{ '#comment': [{ '#text': value }] }`. */
export type XmlNode = Record<string, unknown>;
type Attrs = Record<string, string>;

const ATTR = '@_';
const COMMON = { preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: ATTR, commentPropName: '#comment' } as const;
const parser = new XMLParser({ ...COMMON, parseTagValue: false, parseAttributeValue: false, trimValues: true });
const pretty = new XMLBuilder({ ...COMMON, format: true, indentBy: '  ', suppressEmptyNode: true });
const compact = new XMLBuilder({ ...COMMON, format: false, suppressEmptyNode: true });

export const tagOf = (n: XmlNode): string | undefined => Object.keys(n).find((k) => k !== ':@');
/** Not text, a comment, or the <?xml?> declaration / a processing instruction. */
const isElement = (n: XmlNode): boolean => {
  const t = tagOf(n);
  return t !== undefined && t !== '#text' && t !== '#comment' && !t.startsWith('?');
};
export const childrenOf = (n: XmlNode): XmlNode[] => n[tagOf(n)!] as XmlNode[];
const attrsOf = (n: XmlNode): Attrs => (n[':@'] ??= {}) as Attrs;

/** A new element; attributes in the order given. */
export function el(tag: string, attrs: Record<string, string | number> = {}, children: (XmlNode | string)[] = []): XmlNode {
  const node: XmlNode = { [tag]: children.map((c) => (typeof c === 'string' ? { '#text': c } : c)) };
  if (Object.keys(attrs).length > 0) node[':@'] = Object.fromEntries(Object.entries(attrs).map(([k, v]) => [ATTR + k, String(v)]));
  return node;
}

/** The document element of a template, which must be well-formed and have the given tag. */
export function parseTemplate(text: string, name: string, rootTag: string): XmlNode {
  const ok = XMLValidator.validate(text);
  if (ok !== true) throw new Error(`template ${name}: not well-formed XML at line ${ok.err.line}, column ${ok.err.col}: ${ok.err.msg}`);
  const roots = (parser.parse(text) as XmlNode[]).filter(isElement);
  if (roots.length !== 1 || tagOf(roots[0]!) !== rootTag) throw new Error(`template ${name}: the document element must be <${rootTag}>`);
  return roots[0]!;
}

export const child = (n: XmlNode, tag: string): XmlNode | undefined => childrenOf(n).find((c) => tagOf(c) === tag);
export const attr = (n: XmlNode, name: string): string | undefined => (n[':@'] as Attrs | undefined)?.[ATTR + name];

/** Sets an attribute (kept in place when present, else added last); undefined removes it. */
export function setAttr(n: XmlNode, name: string, value: string | number | undefined): void {
  if (value === undefined) delete attrsOf(n)[ATTR + name];
  else attrsOf(n)[ATTR + name] = String(value);
}

/** Moves an attribute to the front (ids first, as people write them). */
export function attrFirst(n: XmlNode, name: string): void {
  const { [ATTR + name]: v, ...rest } = attrsOf(n);
  if (v !== undefined) n[':@'] = { [ATTR + name]: v, ...rest };
}

export function setText(n: XmlNode, value: string | number): void {
  n[tagOf(n)!] = [{ '#text': String(value) }];
}

/** Inserts after the last child with tag `after`, or first when `after` is undefined. */
export function insert(parent: XmlNode, after: string | undefined, nodes: XmlNode[]): void {
  const kids = childrenOf(parent);
  const at = after === undefined ? 0 : kids.findLastIndex((c) => tagOf(c) === after) + 1;
  kids.splice(at, 0, ...nodes);
}

export const append = (parent: XmlNode, nodes: XmlNode[]): void => void childrenOf(parent).push(...nodes);

/** Every element in document order, the given one first. */
export function* walk(n: XmlNode): Generator<XmlNode> {
  yield n;
  for (const c of childrenOf(n)) if (isElement(c)) yield* walk(c);
}

/** Indented by two spaces, one element a line, ending in a newline. */
export const buildPretty = (root: XmlNode): string => `${(pretty.build([root]) as string).trim()}\n`;
/** On one line (a command-line argument). */
export const buildCompact = (root: XmlNode): string => (compact.build([root]) as string).trim();
