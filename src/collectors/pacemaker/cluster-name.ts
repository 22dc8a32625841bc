// The cluster's own name when the config gives none (`--nodes` alone): crm_mon's XML carries no
// cluster name (checked: pacemaker 2.1.5's crm_mon-2.25.rng <cluster_options> has none), so it
// comes from the CIB's cluster-name property (crm_config: cluster options only, no secrets), or
// from corosync's totem.cluster_name when Pacemaker has none set.
import { cmd, type Cmd } from '../../ssh/cmd.js';
import type { Runner } from '../../ssh/runner.js';
import { decodeXmlText } from '../xml-text.js';

export const crmConfigCmd = (): Cmd => cmd('cibadmin', '--query', '--scope', 'crm_config').sudo().timeout(20_000).done();
export const corosyncNameCmd = (): Cmd => cmd('corosync-cmapctl', '-g', 'totem.cluster_name').sudo().timeout(10_000).done();

/** A name fit for the header and the audit log: one line, printable, bounded. */
const usable = (s: string | undefined): string | undefined => {
  const t = s?.trim();
  return t && t.length <= 253 && !/[\u0000-\u001f\u007f]/.test(t) ? t : undefined;
};

/** cluster-name from `cibadmin --query --scope crm_config` (the first property set that has it). */
export function parseCrmConfigClusterName(xml: string): string | undefined {
  for (const m of xml.matchAll(/<nvpair\b[^<>]*>/g)) {
    const tag = m[0];
    if (!/\bname\s*=\s*(["'])cluster-name\1/.test(tag)) continue;
    const v = /\bvalue\s*=\s*(["'])(.*?)\1/.exec(tag)?.[2];
    const name = usable(v === undefined ? undefined : decodeXmlText(v));
    if (name) return name;
  }
  return undefined;
}

/** `corosync-cmapctl -g totem.cluster_name` → "totem.cluster_name (str) = NAME". */
export function parseCmapClusterName(text: string): string | undefined {
  return usable(/^totem\.cluster_name\s+\(str\)\s+=\s*(.*)$/m.exec(text)?.[1]);
}

export interface ClusterNameAnswer {
  name: string;
  from: 'cib' | 'corosync';
  via: string;
}

/** Asks `via`: the CIB first, then corosync. Undefined when neither names it; throws when neither could be asked. */
export async function readClusterName(runner: Runner, via: string): Promise<ClusterNameAnswer | undefined> {
  const errors: string[] = [];
  const cib = await runner.run(via, crmConfigCmd()).catch((e: unknown) => (errors.push(String(e)), undefined));
  if (cib && cib.code === 0) {
    const name = parseCrmConfigClusterName(cib.stdout);
    if (name) return { name, from: 'cib', via };
  } else if (cib) errors.push(`cibadmin --query --scope crm_config exited ${cib.code}`);
  const cs = await runner.run(via, corosyncNameCmd()).catch((e: unknown) => (errors.push(String(e)), undefined));
  if (cs && cs.code === 0) {
    const name = parseCmapClusterName(cs.stdout);
    if (name) return { name, from: 'corosync', via };
    return undefined;
  }
  if (cs) errors.push(`corosync-cmapctl -g totem.cluster_name exited ${cs.code}`);
  if (cib?.code === 0) return undefined; // the CIB answered, without a name; corosync has none either
  throw new Error(`${via}: cluster name not readable: ${errors.join('; ')}`);
}
