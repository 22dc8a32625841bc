// `CIB_file=FILE crm_attribute|crm_resource|cibadmin …` edits/reads a CIB copy (what-if
// planning) instead of the live cluster, like the real tools do.
import { xmlEscape } from './types.js';

export function setNodeStandby(xml: string, node: string, on: boolean): string | undefined {
  const re = new RegExp(`<node\\b([^>]*\\buname="${escapeRe(node)}"[^>]*?)(/>|>([\\s\\S]*?)</node>)`);
  const m = re.exec(xml);
  if (!m) return undefined;
  const id = /\bid="([^"]*)"/.exec(m[1]!)?.[1] ?? node;
  let body = (m[3] ?? '').replace(/\s*<nvpair\b[^>]*\bname="standby"[^>]*\/>/g, '');
  if (on) {
    const nv = `<nvpair id="nodes-${id}-standby" name="standby" value="on"/>`;
    if (/<instance_attributes\b[^>]*>/.test(body)) body = body.replace(/(<instance_attributes\b[^>]*>)/, `$1${nv}`);
    else body = `<instance_attributes id="nodes-${id}">${nv}</instance_attributes>${body}`;
  }
  const el = body.trim() === '' ? `<node${m[1]}/>` : `<node${m[1]}>${body}</node>`;
  return xml.slice(0, m.index) + el + xml.slice(m.index + m[0].length);
}

export function nodeStandby(xml: string, node: string): boolean | undefined {
  const re = new RegExp(`<node\\b[^>]*\\buname="${escapeRe(node)}"[^>]*?(/>|>([\\s\\S]*?)</node>)`);
  const m = re.exec(xml);
  if (!m) return undefined;
  return /name="standby"\s+value="(on|true|yes|1)"/.test(m[2] ?? '');
}

export function addLocation(xml: string, id: string, rsc: string, node: string, score: string): string {
  const without = removeLocations(xml, (cid) => cid === id).xml;
  const el = `<rsc_location id="${xmlEscape(id)}" rsc="${xmlEscape(rsc)}" role="Started" node="${xmlEscape(node)}" score="${score}"/>`;
  if (/<constraints\s*\/>/.test(without)) return without.replace(/<constraints\s*\/>/, `<constraints>${el}</constraints>`);
  if (/<\/constraints>/.test(without)) return without.replace(/<\/constraints>/, `${el}</constraints>`);
  return without.replace(/<\/configuration>/, `<constraints>${el}</constraints></configuration>`);
}

export function removeLocations(xml: string, pred: (id: string, rsc: string, node: string) => boolean): { xml: string; removed: string[] } {
  const removed: string[] = [];
  const out = xml.replace(/\s*<rsc_location\b([^>]*)\/>/g, (all, attrs: string) => {
    const get = (k: string) => new RegExp(`\\b${k}="([^"]*)"`).exec(attrs)?.[1] ?? '';
    if (pred(get('id'), get('rsc'), get('node'))) {
      removed.push(get('id'));
      return '';
    }
    return all;
  });
  return { xml: out, removed };
}

/**
 * Sets (value) or deletes (undefined) a meta attribute of a primitive. Returns undefined when
 * there is no such primitive, `{xml, changed:false}` when deleting an attribute that is not set.
 */
export function setPrimitiveMeta(xml: string, rsc: string, name: string, value: string | undefined): { xml: string; changed: boolean } | undefined {
  const re = new RegExp(`<primitive\\b[^>]*\\bid="${escapeRe(rsc)}"[^>]*>([\\s\\S]*?)</primitive>`);
  const m = re.exec(xml);
  if (!m) return undefined;
  let body = m[1]!;
  const nvRe = new RegExp(`\\s*<nvpair\\b[^>]*\\bname="${escapeRe(name)}"[^>]*/>`);
  const metaRe = /(<meta_attributes\b[^>]*>)([\s\S]*?)(<\/meta_attributes>)/;
  const meta = metaRe.exec(body);
  const had = meta ? nvRe.test(meta[2]!) : false;
  if (value === undefined && !had) return { xml, changed: false };
  const nv = value === undefined ? '' : `<nvpair id="${xmlEscape(rsc)}-meta_attributes-${xmlEscape(name)}" name="${xmlEscape(name)}" value="${xmlEscape(value)}"/>`;
  if (meta) body = body.replace(metaRe, (_a, open: string, inner: string, close: string) => `${open}${inner.replace(nvRe, '')}${nv}${close}`);
  else body = `${body}<meta_attributes id="${xmlEscape(rsc)}-meta_attributes">${nv}</meta_attributes>`;
  const start = m.index + m[0].indexOf('>') + 1;
  const end = m.index + m[0].length - '</primitive>'.length;
  return { xml: xml.slice(0, start) + body + xml.slice(end), changed: true };
}

/** Inserts a resource element into <resources>; undefined when its id exists already. */
export function addResourceXml(xml: string, element: string, id: string): string | undefined {
  if (new RegExp(`\\bid="${escapeRe(id)}"`).test(xml)) return undefined;
  if (/<resources\s*\/>/.test(xml)) return xml.replace(/<resources\s*\/>/, `<resources>${element}</resources>`);
  return xml.replace(/<\/resources>/, `${element}</resources>`);
}

export function scopeOf(xml: string, scope: string): string | undefined {
  const m = new RegExp(`<${scope}\\b[\\s\\S]*?</${scope}>|<${scope}\\s*/>`).exec(xml);
  return m ? `${m[0]}\n` : undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
