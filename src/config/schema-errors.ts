// ajv's errors in the config's own words: `<path> must be <expected> (got <value>)`, the path
// written as in the file (clusters.prod.nodes[2]). <expected> is the `expected` annotation of the
// nearest schema node that carries one, so a bad item of a list whose items say nothing is
// reported as the list being wrong, in the list's words (one line, not one per item).
import type { ErrorObject } from 'ajv';

/** The part of JSON Schema the config schema uses, plus `expected`: what a valid value is, in words. */
export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'number' | 'boolean';
  expected?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | false;
  propertyNames?: SchemaNode;
  required?: string[];
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  /** if/then: a key required only when another is absent (nodes unless prometheus). */
  if?: SchemaNode;
  then?: SchemaNode;
  not?: SchemaNode;
  minItems?: number;
  minLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
}

/** A value as quoted in a message: JSON, cut at 60 characters. */
export const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 60)}…` : s;
};

const pointerSegments = (pointer: string): string[] =>
  pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** `clusters.prod.nodes[2]`: list indexes in brackets, keys after dots. */
function jsonPath(root: unknown, segments: readonly string[]): { path: string; value: unknown } {
  let path = '';
  let value: unknown = root;
  for (const s of segments) {
    path += Array.isArray(value) ? `[${s}]` : path === '' ? s : `.${s}`;
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[s] : undefined;
  }
  return { path, value };
}

/** The schema nodes an error's schemaPath passes through, each with how many instance segments lie above it. */
function schemaTrail(schema: SchemaNode, schemaPath: string): { node: SchemaNode; depth: number }[] {
  const segs = pointerSegments(schemaPath.replace(/^#/, ''));
  const trail = [{ node: schema, depth: 0 }];
  let node: SchemaNode | undefined = schema;
  let depth = 0;
  for (let i = 0; node && i < segs.length - 1; i++) {
    const s = segs[i]!;
    if (s === 'properties') (node = node.properties?.[segs[++i]!]), depth++;
    else if (s === 'anyOf') node = node.anyOf?.[Number(segs[++i])];
    else if (s === 'items') (node = node.items), depth++;
    else if (s === 'additionalProperties') (node = node.additionalProperties || undefined), depth++;
    else break;
    if (node) trail.push({ node, depth });
  }
  return trail;
}

/** One message per problem, in the order ajv found them. */
export function describeErrors(errors: readonly ErrorObject[], root: unknown, schema: SchemaNode): string[] {
  const out = new Map<string, string>(); // what is reported on → message: the first error about it speaks for it
  const add = (about: string, message: string) => {
    if (!out.has(about)) out.set(about, message);
  };
  const mustBe = (path: string, expected: string, value: unknown) =>
    add(path, `${path === '' ? 'the file must hold' : `${path} must be`} ${expected} (got ${show(value)})`);
  for (const e of errors) {
    if (e.propertyName !== undefined) continue; // inside propertyNames: the propertyNames error below says it
    if (e.keyword === 'if') continue; // its `then` error says what is missing
    const segs = pointerSegments(e.instancePath);
    const trail = schemaTrail(schema, e.schemaPath);
    const here = trail.at(-1)!.node;
    const { path } = jsonPath(root, segs);
    const under = (key: string) => (path === '' ? key : `${path}.${key}`);
    if (e.keyword === 'additionalProperties') {
      const key = String(e.params.additionalProperty);
      add(under(key), `${under(key)} is not a known key (known: ${Object.keys(here.properties ?? {}).join(', ')})`);
    } else if (e.keyword === 'propertyNames') {
      const key = String(e.params.propertyName);
      add(`the name of ${under(key)}`, `${under(key)} is not ${here.propertyNames?.expected ?? 'an allowed name'}`);
    } else if (e.keyword === 'required') {
      const key = String(e.params.missingProperty);
      mustBe(under(key), here.properties?.[key]?.expected ?? 'present', undefined);
    } else {
      const speaker = trail.findLast((t) => t.node.expected !== undefined);
      if (!speaker) add(path, `${path || 'the file'} ${e.message ?? 'is invalid'}`);
      else {
        const at = jsonPath(root, segs.slice(0, speaker.depth));
        mustBe(at.path, speaker.node.expected!, at.value);
      }
    }
  }
  return [...out.values()];
}
