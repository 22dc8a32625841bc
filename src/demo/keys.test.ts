import { describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import { generateEd25519, knownHostsLine } from './keys.js';

describe('demo keys', () => {
  it('always yields keys ssh2 can parse (works around the 31-byte ed25519 conversion bug)', () => {
    for (let i = 0; i < 600; i++) {
      const k = generateEd25519('t');
      expect(ssh2.utils.parseKey(k.private)).not.toBeInstanceOf(Error);
      expect(ssh2.utils.parseKey(k.public)).not.toBeInstanceOf(Error);
    }
  });
  it('formats known_hosts lines like OpenSSH for non-22 ports', () => {
    expect(knownHostsLine('127.0.0.1', 2222, 'ssh-ed25519 AAAAC3 root@x')).toBe('[127.0.0.1]:2222 ssh-ed25519 AAAAC3');
    expect(knownHostsLine('h', 22, 'ssh-ed25519 AAAAC3')).toBe('h ssh-ed25519 AAAAC3');
  });
});
