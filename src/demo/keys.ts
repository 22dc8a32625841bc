// Per-run keys: an ed25519 host key per node, one client key, and a known_hosts file listing
// the host keys in a private temp dir (0700/0600).
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';

const { utils } = ssh2;

export interface KeyPair {
  private: string;
  public: string;
}

/**
 * ssh2's generator drops a leading zero byte of the public key about once in 150 keys, and its own
 * parser then rejects the key: retry until the pair parses and has the full 32-byte public key.
 */
export function generateEd25519(comment: string): KeyPair {
  for (let i = 0; i < 20; i++) {
    const k = utils.generateKeyPairSync('ed25519', { comment });
    const parsed = utils.parseKey(k.private);
    if (!(parsed instanceof Error) && k.public.split(' ')[1]?.startsWith('AAAAC3NzaC1lZDI1NTE5AAAAI')) {
      return { private: k.private, public: k.public };
    }
  }
  throw new Error('could not generate a well-formed ed25519 key');
}

/** `[127.0.0.1]:PORT ssh-ed25519 AAAA…` (OpenSSH form for a non-22 port). */
export function knownHostsLine(host: string, port: number, publicKey: string): string {
  const [type, b64] = publicKey.trim().split(/\s+/);
  const name = port === 22 ? host : `[${host}]:${port}`;
  return `${name} ${type} ${b64}`;
}

export interface RunDir {
  dir: string;
  knownHostsFile: string;
  clientKeyFile: string;
  remove(): Promise<void>;
}

export async function makeRunDir(clientKey: KeyPair): Promise<RunDir> {
  const dir = await mkdtemp(join(tmpdir(), 'virtdeck-demo-'));
  await chmod(dir, 0o700);
  const knownHostsFile = join(dir, 'known_hosts');
  const clientKeyFile = join(dir, 'id_ed25519');
  await writeFile(knownHostsFile, '', { mode: 0o600 });
  await writeFile(clientKeyFile, clientKey.private, { mode: 0o600 });
  return { dir, knownHostsFile, clientKeyFile, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeKnownHosts(file: string, lines: string[]): Promise<void> {
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
}
