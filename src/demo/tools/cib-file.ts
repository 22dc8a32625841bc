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

export function scopeOf(xml: string, scope: string): string | undefined {
  const m = new RegExp(`<${scope}\\b[\\s\\S]*?</${scope}>|<${scope}\\s*/>`).exec(xml);
  return m ? `${m[0]}\n` : undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
