// One redaction for every place a CIB or command output leaves virtdeck: the audit log, the
// recording (--record), VIRTDECK_LOG, and the store (what the UI shows). Fence devices carry
// BMC credentials as instance attributes (passwd, password, ...); a fence agent's debug output
// can print them as options. Values of secret-like parameters become "***"; names stay, so the
// operator still sees which parameter was there.
export const REDACTED = '***';

/** password, passwd, passphrase, secret, key, token, credential(s), community, as a word of a name. */
const SECRET_WORD = '(?:pass(?:wd|word|phrase)?|secret|key|token|credentials?|community)';
const SECRET_NAME_RE = new RegExp(`(?:^|[_.-])${SECRET_WORD}(?:$|[_.-])`, 'i');
/** Cheap pre-check: text without any of these cannot hold a secret-like name. */
const MAYBE = /pass|secret|key|token|credential|community/i;

/** A parameter name that holds a secret (plus names agent metadata marks, see secretParamNames). */
export function isSecretName(name: string, extra?: ReadonlySet<string>): boolean {
  return SECRET_NAME_RE.test(name) || (extra?.has(name) ?? false);
}

// Quoted values are bounded, so an unclosed quote costs a bounded scan.
const VALUE = `(?:"([^"\\n]{0,1024})"|'([^'\\n]{0,1024})'|([^\\s,;"'<>)}\\]]+))`;
// <nvpair id=".." name="passwd" value="secret"/>, <attribute name=".." value=".."/>: any tag with both.
const TAG_RE = /<[A-Za-z_][\w:.-]*\s[^<>]*>/g;
const ATTR_NAME_RE = /\bname\s*=\s*(["'])(.*?)\1/;
const ATTR_VALUE_RE = /(\bvalue\s*=\s*)(["'])(.*?)\2/;
// A whole name containing a secret word (look-arounds keep it whole and every regex linear);
// isSecretName then decides on word boundaries. Names without such a word never match, so a
// harmless "Error: password: x" cannot swallow the secret as its own value.
const nameWith = (word: string, chars: string) => `(?=[${chars}]*?${word})([${chars}]+)(?![A-Za-z0-9_.-])`;
function patterns(word: string): { assign: RegExp; option: RegExp } {
  return {
    /** name=value, name: value, "name": "value". */
    assign: new RegExp(`(["']?)(?<![A-Za-z0-9_.-])${nameWith(word, 'A-Za-z0-9_.-')}\\1(\\s*[=:]\\s*)${VALUE}`, 'gi'),
    /** --name value, -name value. */
    option: new RegExp(`(?<![A-Za-z0-9_.-])(--?)${nameWith(word, 'A-Za-z0-9_-')}(\\s+)${VALUE}`, 'gi'),
  };
}
const BUILTIN = patterns(SECRET_WORD);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function redactTag(tag: string, extra?: ReadonlySet<string>): string {
  const n = ATTR_NAME_RE.exec(tag);
  if (!n || !isSecretName(n[2]!, extra)) return tag;
  return tag.replace(ATTR_VALUE_RE, (_m, pre: string, q: string) => `${pre}${q}${REDACTED}${q}`);
}

const hidden = (dq?: string, sq?: string): string => (dq !== undefined ? `"${REDACTED}"` : sq !== undefined ? `'${REDACTED}'` : REDACTED);

/** Text with the values of secret-like parameters replaced by ***. */
export function redactText(s: string, extra?: ReadonlySet<string>): string {
  const extraHit = extra !== undefined && extra.size > 0 && [...extra].some((n) => s.includes(n));
  if (!extraHit && !MAYBE.test(s)) return s;
  let out = s.includes('<') ? s.replace(TAG_RE, (t) => redactTag(t, extra)) : s;
  for (const p of extraHit ? [BUILTIN, patterns(`(?:${[...extra!].map(escapeRe).join('|')})`)] : [BUILTIN]) {
    out = out.replace(p.assign, (m, q: string, name: string, sep: string, dq?: string, sq?: string) => {
      if (!isSecretName(name, extra)) return m;
      // "host key: SHA256:…" is what the operator must see; a bare "key" counts only with "=".
      if (sep.includes(':') && !q && /^key$/i.test(name)) return m;
      return `${q}${name}${q}${sep}${hidden(dq, sq)}`;
    });
    out = out.replace(p.option, (m, dash: string, name: string, sep: string, dq?: string, sq?: string) =>
      isSecretName(name, extra) ? `${dash}${name}${sep}${hidden(dq, sq)}` : m,
    );
  }
  return out;
}

/**
 * argv as it may be logged: an option naming a secret hides the next word (`--password X`),
 * `crm_resource --set-parameter passwd --parameter-value X` hides X, every word is redactText'd.
 */
export function redactArgv(argv: readonly string[], extra?: ReadonlySet<string>): string[] {
  const out = argv.map((w) => redactText(w, extra));
  const paramIsSecret = argv.some((w, i) => (w === '--set-parameter' || w === '-p' || w === '--parameter') && isSecretName(argv[i + 1] ?? '', extra));
  for (let i = 0; i < argv.length - 1; i++) {
    const w = argv[i]!;
    const opt = /^--?([A-Za-z][A-Za-z0-9_-]*)$/.exec(w)?.[1];
    if ((opt && opt.length > 1 && isSecretName(opt, extra)) || (paramIsSecret && (w === '--parameter-value' || w === '-v'))) out[i + 1] = REDACTED;
  }
  return out;
}

/** JSON.stringify replacer: every string value redacted (keys are left alone: store ids are data). */
export const redactReplacer = (_key: string, value: unknown): unknown => (typeof value === 'string' ? redactText(value) : value);

/**
 * Parameter names a resource/fence agent's metadata marks as secret: `obfuscate`/`secret`
 * attributes set, or a secret-like name. Pass them as `extra` where that agent's output is shown.
 */
export function secretParamNames(metadataXml: string): Set<string> {
  const out = new Set<string>();
  for (const m of metadataXml.matchAll(/<parameter\s[^>]*>/g)) {
    const name = ATTR_NAME_RE.exec(m[0])?.[2];
    if (!name) continue;
    if (/\b(?:obfuscate|secret)\s*=\s*["'](?:1|true|yes)["']/i.test(m[0]) || isSecretName(name)) out.add(name);
  }
  return out;
}
