// Validates crm_mon XML against the RelaxNG API schemas installed with Pacemaker
// (/usr/share/pacemaker/api). Tests use it to prove that hand-written or simulated crm_mon
// documents (fixtures, the demo cluster's answers) are documents the real tool could print.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { skipWithout, toolPath } from './tools.js';

export const PACEMAKER_API_DIR = '/usr/share/pacemaker/api';

const versionOf = (file: string): number[] => (/-(\d+(?:\.\d+)*)\.rng$/.exec(file)?.[1] ?? '0').split('.').map(Number);

function newest(files: string[]): string | undefined {
  return files.sort((a, b) => {
    const va = versionOf(a);
    const vb = versionOf(b);
    for (let i = 0; i < Math.max(va.length, vb.length); i++) {
      const d = (va[i] ?? 0) - (vb[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  }).at(-1);
}

/**
 * The schema for a whole crm_mon document: the newest numbered api-result-X.Y.rng (its root is
 * <pacemaker-result> and it references the matching crm_mon-*.rng). "-next" is skipped: it may
 * reference schemas that are not installed.
 */
export function crmMonSchemaPath(dir = PACEMAKER_API_DIR): string | undefined {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return undefined;
  }
  const f = newest(files.filter((n) => /^api-result-\d+(\.\d+)*\.rng$/.test(n)));
  return f ? join(dir, f) : undefined;
}

export function hasXmllint(): boolean {
  return toolPath('xmllint') !== undefined && crmMonSchemaPath() !== undefined;
}

/** For skipIf: true (and says why, once) when xmllint or the installed crm_mon schemas are missing. */
export const skipWithoutCrmMonSchema = (what: string): boolean =>
  skipWithout(what, ['xmllint'], crmMonSchemaPath() === undefined ? `no api-result-*.rng under ${PACEMAKER_API_DIR} (pacemaker-schemas)` : undefined);

/** Runs `xmllint --noout --relaxng <schema> -` on the document. */
export function validateCrmMonXml(xml: string): { ok: boolean; errors: string } {
  const schema = crmMonSchemaPath();
  if (!schema) return { ok: false, errors: `no api-result-*.rng under ${PACEMAKER_API_DIR}` };
  try {
    execFileSync(toolPath('xmllint') ?? 'xmllint', ['--noout', '--relaxng', schema, '-'], {
      input: xml,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 30_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { ok: true, errors: '' };
  } catch (e) {
    const err = e as { stderr?: Buffer | string; message?: string };
    const stderr = err.stderr ? String(err.stderr) : (err.message ?? String(e));
    return { ok: false, errors: stderr.trim() };
  }
}
