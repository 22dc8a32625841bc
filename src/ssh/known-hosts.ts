// OpenSSH known_hosts: parse, check a presented host key, record a new one (accept-new).
// ssh2 has no known_hosts support; the pool calls this from its hostVerifier.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

export type HostMatcher =
  | { kind: 'plain'; pattern: string; negated: boolean }
  | { kind: 'hashed'; salt: Buffer; hash: Buffer };

export interface KnownHostEntry {
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  marker?: 'revoked' | 'cert-authority';
  hosts: HostMatcher[];
  keyType: string;
  keyBase64: string;
  key: Buffer;
}

export type HostKeyStatus = 'match' | 'unknown' | 'changed' | 'revoked';

export interface HostKeyLookup {
  status: HostKeyStatus;
  /** For 'changed': the first known key of the same type; for 'revoked': the @revoked line. */
  entry?: KnownHostEntry;
  /** Keys of other types known for this host (OpenSSH mentions them for an unknown key). */
  otherTypes: string[];
}

/** The name known_hosts stores for a host: `name` on port 22, `[name]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** `SHA256:<base64 without padding>`, exactly as `ssh-keygen -l` prints it. */
export function fingerprintSha256(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Key type from an SSH wire-format public key blob (string type, then type-specific fields). */
export function keyTypeOfBlob(keyBlob: Buffer): string {
  if (keyBlob.length < 4) throw new Error('host key blob too short');
  const len = keyBlob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > keyBlob.length) throw new Error('host key blob has an invalid type field');
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

/** OpenSSH's short label: ssh-ed25519 → ED25519, ecdsa-sha2-nistp256 → ECDSA, ssh-rsa → RSA. */
export function keyTypeLabel(keyType: string): string {
  if (keyType.startsWith('ecdsa-')) return 'ECDSA';
  if (keyType.startsWith('sk-ecdsa-')) return 'ECDSA-SK';
  if (keyType.startsWith('sk-ssh-ed25519')) return 'ED25519-SK';
  const m = /^ssh-([a-z0-9]+)/.exec(keyType);
  return (m ? m[1]! : keyType).toUpperCase();
}

function parseHostField(field: string): HostMatcher[] {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) throw new Error('malformed hashed host field');
    return [{ kind: 'hashed', salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') }];
  }
  return field
    .split(',')
    .filter((p) => p.length > 0)
    .map((p) => (p.startsWith('!') ? { kind: 'plain', pattern: p.slice(1), negated: true } : { kind: 'plain', pattern: p, negated: false }));
}

/**
 * Parses known_hosts text. Malformed lines are skipped (as OpenSSH does) and reported through
 * `onBadLine` so the caller can name file:line.
 */
export function parseKnownHosts(text: string, file = 'known_hosts', onBadLine?: (line: number, why: string) => void): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const fields = raw.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0]!.startsWith('@')) {
      const m = fields.shift()!;
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else {
        onBadLine?.(i + 1, `unknown marker ${m}`);
        continue;
      }
    }
    const [hostField, keyType, keyBase64] = fields;
    if (!hostField || !keyType || !keyBase64) {
      onBadLine?.(i + 1, 'expected: hosts keytype base64-key');
      continue;
    }
    try {
      const key = Buffer.from(keyBase64, 'base64');
      if (key.length === 0) throw new Error('empty key');
      out.push({ file, line: i + 1, marker, hosts: parseHostField(hostField), keyType, keyBase64, key });
    } catch (e) {
      onBadLine?.(i + 1, (e as Error).message);
    }
  }
  return out;
}

/** Reads and parses several known_hosts files; a missing file is simply empty. */
export async function loadKnownHosts(files: readonly string[], onBadLine?: (file: string, line: number, why: string) => void): Promise<KnownHostEntry[]> {
  const out: KnownHostEntry[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = await readFile(f, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new Error(`cannot read known_hosts file ${f}: ${(e as Error).message}`);
    }
    out.push(...parseKnownHosts(text, f, onBadLine && ((line, why) => onBadLine(f, line, why))));
  }
  return out;
}

/** OpenSSH pattern: `*` any run, `?` one character; case-insensitive. */
function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

function hostMatches(matchers: readonly HostMatcher[], name: string): boolean {
  let matched = false;
  for (const m of matchers) {
    if (m.kind === 'hashed') {
      const h = createHmac('sha1', m.salt).update(name).digest();
      if (h.length === m.hash.length && timingSafeEqual(h, m.hash)) matched = true;
    } else if (globMatch(m.pattern, name)) {
      if (m.negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** Full lookup (with the offending entry) behind checkHostKey. */
export function lookupHostKey(entries: readonly KnownHostEntry[], host: string, port: number, keyType: string, keyBlob: Buffer): HostKeyLookup {
  const name = knownHostsName(host, port);
  const forHost = entries.filter((e) => hostMatches(e.hosts, name));
  // A revoked key refuses even when another line would accept it.
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(keyBlob) && hostMatches(e.hosts, name));
  if (revoked) return { status: 'revoked', entry: revoked, otherTypes: [] };
  const plain = forHost.filter((e) => e.marker === undefined);
  if (plain.some((e) => e.keyType === keyType && e.key.equals(keyBlob))) return { status: 'match', otherTypes: [] };
  const sameType = plain.find((e) => e.keyType === keyType);
  if (sameType) return { status: 'changed', entry: sameType, otherTypes: [] };
  return { status: 'unknown', otherTypes: [...new Set(plain.map((e) => e.keyType))] };
}

export function checkHostKey(entries: readonly KnownHostEntry[], host: string, port: number, keyType: string, keyBlob: Buffer): HostKeyStatus {
  return lookupHostKey(entries, host, port, keyType, keyBlob).status;
}

/** The line accept-new appends: `[host]:port type base64` (`host type base64` on port 22). */
export function knownHostsLine(host: string, port: number, keyType: string, keyBlob: Buffer): string {
  return `${knownHostsName(host, port)} ${keyType} ${keyBlob.toString('base64')}`;
}

/** accept-new: append the key to `file`, creating it 0600 (and its directory 0700) if needed. */
export async function appendKnownHost(file: string, host: string, port: number, keyType: string, keyBlob: Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const st = await stat(file);
    if (st.size > 0) {
      const fh = await open(file, 'r');
      try {
        const b = Buffer.alloc(1);
        await fh.read(b, 0, 1, st.size - 1);
        if (b[0] !== 0x0a) prefix = '\n';
      } finally {
        await fh.close();
      }
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await appendFile(file, `${prefix}${knownHostsLine(host, port, keyType, keyBlob)}\n`, { mode: 0o600 });
}

const BANNER = '@'.repeat(59);

/** OpenSSH-style refusal for a changed host key. */
export function changedKeyMessage(host: string, port: number, keyType: string, keyBlob: Buffer, old: KnownHostEntry): string {
  const name = knownHostsName(host, port);
  const label = keyTypeLabel(keyType);
  return [
    BANNER,
    '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
    BANNER,
    'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
    'Someone could be eavesdropping on you right now (man-in-the-middle attack)!',
    'It is also possible that a host key has just been changed.',
    `The fingerprint for the ${label} key sent by the remote host ${name} is`,
    `${fingerprintSha256(keyBlob)}.`,
    `Offending ${keyTypeLabel(old.keyType)} key in ${old.file}:${old.line}`,
    `Host key for ${name} has changed; refusing to connect.`,
    `If the change is expected, remove the old key with: ssh-keygen -f '${old.file}' -R '${name}'`,
  ].join('\n');
}

/** One line, cause first, for alerts and lists (the banner text above is for the detail view). */
export function changedKeySummary(host: string, port: number, keyType: string, keyBlob: Buffer, old: KnownHostEntry): string {
  return (
    `host key CHANGED for ${knownHostsName(host, port)} (now ${keyTypeLabel(keyType)} ${fingerprintSha256(keyBlob)}; ` +
    `known key at ${old.file}:${old.line}): refusing to connect (possible man-in-the-middle)`
  );
}

export function unknownKeySummary(host: string, port: number, keyType: string, keyBlob: Buffer): string {
  return `host key not known for ${knownHostsName(host, port)} (${keyTypeLabel(keyType)} ${fingerprintSha256(keyBlob)}): refusing to connect (StrictHostKeyChecking yes)`;
}

export function revokedKeyMessage(host: string, port: number, keyType: string, keyBlob: Buffer, entry: KnownHostEntry): string {
  return (
    `Host key for ${knownHostsName(host, port)} (${keyTypeLabel(keyType)} ${fingerprintSha256(keyBlob)}) is marked as ` +
    `@revoked in ${entry.file}:${entry.line}; refusing to connect.`
  );
}

export function unknownKeyMessage(host: string, port: number, keyType: string, keyBlob: Buffer, files: readonly string[], otherTypes: readonly string[]): string {
  const name = knownHostsName(host, port);
  const lines = [
    `Host key for ${name} is not known: ${keyTypeLabel(keyType)} key fingerprint is ${fingerprintSha256(keyBlob)}.`,
    `Refusing to connect (StrictHostKeyChecking yes; checked ${files.length > 0 ? files.join(', ') : 'no known_hosts files'}).`,
  ];
  if (otherTypes.length > 0) lines.push(`Keys of other types are known for this host: ${otherTypes.join(', ')}.`);
  lines.push(
    `To trust it, verify the fingerprint out of band, then either add this line to ${files[0] ?? '~/.ssh/known_hosts'}:`,
    `  ${knownHostsLine(host, port, keyType, keyBlob)}`,
    `or set StrictHostKeyChecking accept-new for this host in your ssh config.`,
  );
  return lines.join('\n');
}
