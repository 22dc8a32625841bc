// A node's connection parameters after ssh_config resolution (or as the demo hands them out).

export type StrictHostKeyChecking = 'yes' | 'accept-new';

export interface ResolvedHost {
  /** The node's name as the cluster knows it (crm_mon node name). */
  name: string;
  /** Address to connect to (ssh_config HostName). */
  hostname: string;
  port: number;
  user: string;
  /** Private keys to offer, in order (file contents); passphrase-less or with a passphrase given. */
  identities: { path?: string; privateKey: string | Buffer; passphrase?: string }[];
  /** IdentitiesOnly: do not offer agent keys other than the identities. */
  identitiesOnly: boolean;
  /** ssh-agent socket (SSH_AUTH_SOCK) unless IdentitiesOnly forbids it. */
  agent?: string;
  /** known_hosts files to check (UserKnownHostsFile); the first is where accept-new records. */
  knownHostsFiles: string[];
  /** Read-only known_hosts files checked too (GlobalKnownHostsFile, /etc/ssh/ssh_known_hosts). */
  globalKnownHostsFiles?: string[];
  strictHostKeyChecking: StrictHostKeyChecking;
  /** ProxyJump chain: connect through this host first. */
  proxyJump?: ResolvedHost;
  /** ProxyJump as written in ssh_config (for `virtdeck hosts`). */
  proxyJumpRaw?: string;
  /** ProxyCommand with its tokens expanded: run by /bin/sh, SSH spoken over its stdin/stdout. */
  proxyCommand?: string;
  /** ProxyCommand as written. */
  proxyCommandRaw?: string;
  /** Key files considered, in order, after ~ and token expansion (loaded or not). */
  identityFiles?: string[];
  /** Where each value came from (`file:line`, `default`, `virtdeck config`, …). */
  origin?: HostOrigin;
  /** Keepalive: interval ms and count (default 5000 × 3). */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  connectTimeoutMs?: number;
  /** Problems found while resolving (skipped key files, StrictHostKeyChecking no → accept-new…). */
  warnings?: string[];
}

export interface HostOrigin {
  hostname?: string;
  port?: string;
  user?: string;
  identityFiles?: string;
  proxyJump?: string;
  proxyCommand?: string;
  knownHostsFiles?: string;
  globalKnownHostsFiles?: string;
}
