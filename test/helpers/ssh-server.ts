// In-process SSH server on 127.0.0.1 for tests: ed25519 host key, one accepted client key,
// exec handler, session counting, connection drop / pause / stop / restart on the same port,
// and direct-tcpip forwarding (so it can serve as a ProxyJump host).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { ResolvedHost } from '../../src/ssh/host.js';

export interface ExecContext {
  command: string;
  /** Write stdout. */
  out(s: string | Buffer): void;
  err(s: string | Buffer): void;
  /** Sends the exit status and closes the channel. */
  exit(code: number): void;
  isClosed(): boolean;
  /** Resolves when the channel is closed (by either side). */
  closed: Promise<void>;
  channel: ssh2.ServerChannel;
}

export type ExecHandler = (ctx: ExecContext) => void | Promise<void>;

export interface KeyPair {
  private: string;
  public: string;
}

export interface TestSshServerOptions {
  exec?: ExecHandler;
  hostKey?: KeyPair;
  clientKey?: KeyPair;
  /** Reuse a port (restart tests). */
  port?: number;
}

/**
 * ssh2 1.17's generateKeyPairSync('ed25519') drops a leading zero byte of the public key about
 * once in 150 keys, producing a key its own parser rejects; retry until the key is well-formed.
 */
export function generateEd25519(): KeyPair {
  for (let i = 0; i < 20; i++) {
    const k = ssh2.utils.generateKeyPairSync('ed25519');
    const parsed = ssh2.utils.parseKey(k.private);
    if (!(parsed instanceof Error) && k.public.split(' ')[1]?.startsWith('AAAAC3NzaC1lZDI1NTE5AAAAI')) return k;
  }
  throw new Error('could not generate a well-formed ed25519 key');
}

let cachedClientKey: KeyPair | undefined;
/** One client key per test process. */
export function testClientKey(): KeyPair {
  cachedClientKey ??= generateEd25519();
  return cachedClientKey;
}

export function newHostKey(): KeyPair {
  return generateEd25519();
}

/** Raw public key blob of an OpenSSH public key line. */
export function publicBlob(pub: string): Buffer {
  const parsed = ssh2.utils.parseKey(pub);
  if (parsed instanceof Error) throw parsed;
  return (Array.isArray(parsed) ? parsed[0] : parsed).getPublicSSH();
}

/** Runs the command with /bin/sh on this machine (realistic quoting, exit codes, stderr). */
export const shellExec: ExecHandler = (ctx) => {
  // Own process group, so a closed channel kills the whole pipeline (as sshd's hangup would).
  const p = spawn('/bin/sh', ['-c', ctx.command], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  p.stdout.on('data', (b: Buffer) => ctx.out(b));
  p.stderr.on('data', (b: Buffer) => ctx.err(b));
  p.on('close', (code) => ctx.exit(code ?? 255));
  p.on('error', (e) => {
    ctx.err(`${e.message}\n`);
    ctx.exit(127);
  });
  void ctx.closed.then(() => {
    if (p.exitCode === null && p.signalCode === null && p.pid !== undefined) {
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    p.stdout.destroy();
    p.stderr.destroy();
  });
};

export class TestSshServer {
  readonly hostKey: KeyPair;
  readonly clientKey: KeyPair;
  port = 0;
  exec: ExecHandler;
  /** Commands received, in order. */
  readonly commands: string[] = [];
  /** Exec channels closed so far (by either side), with their command. */
  readonly closedChannels: string[] = [];
  openSessions = 0;
  maxConcurrentSessions = 0;
  connections = 0;
  tcpipRequests: { destIP: string; destPort: number }[] = [];
  /** Refuse channel (session) opens, like a server at MaxSessions. */
  rejectSessions = false;
  private readonly ssh: ssh2.Server;
  private tcp?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly forwards = new Set<net.Socket>();

  constructor(opts: TestSshServerOptions = {}) {
    this.hostKey = opts.hostKey ?? newHostKey();
    this.clientKey = opts.clientKey ?? testClientKey();
    this.exec = opts.exec ?? shellExec;
    this.port = opts.port ?? 0;
    const allowed = ssh2.utils.parseKey(this.clientKey.public);
    if (allowed instanceof Error) throw allowed;
    const allowedKey = Array.isArray(allowed) ? allowed[0]! : allowed;
    this.ssh = new ssh2.Server({ hostKeys: [this.hostKey.private] }, (client) => {
      this.connections++;
      client.on('error', () => {});
      client.on('authentication', (ctx) => {
        if (
          ctx.method === 'publickey' &&
          ctx.key.algo === allowedKey.type &&
          ctx.key.data.equals(allowedKey.getPublicSSH())
        ) {
          if (!ctx.signature || !ctx.blob) return ctx.accept();
          return allowedKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo) ? ctx.accept() : ctx.reject();
        }
        ctx.reject(['publickey']);
      });
      client.on('ready', () => {
        client.on('session', (accept, reject) => {
          if (this.rejectSessions) return void reject();
          const session = accept();
          this.openSessions++;
          this.maxConcurrentSessions = Math.max(this.maxConcurrentSessions, this.openSessions);
          let counted = true;
          const done = () => {
            if (!counted) return;
            counted = false;
            this.openSessions--;
          };
          session.on('close', done);
          session.on('exec', (acceptExec, _reject, info) => {
            const ch = acceptExec();
            this.commands.push(info.command);
            let closed = false;
            let resolveClosed!: () => void;
            const closedP = new Promise<void>((r) => (resolveClosed = r));
            ch.on('close', () => {
              closed = true;
              done();
              this.closedChannels.push(info.command);
              resolveClosed();
            });
            ch.on('error', () => {});
            // Nobody writes stdin; reading it lets 'close' fire when the client closes first.
            ch.resume();
            const ctx: ExecContext = {
              command: info.command,
              out: (s) => {
                if (!closed) ch.write(s);
              },
              err: (s) => {
                if (!closed) ch.stderr.write(s);
              },
              exit: (code) => {
                if (closed) return;
                ch.exit(code);
                ch.end();
              },
              isClosed: () => closed,
              closed: closedP,
              channel: ch,
            };
            Promise.resolve(this.exec(ctx)).catch((e: Error) => {
              ctx.err(`test server handler failed: ${e.message}\n`);
              ctx.exit(255);
            });
          });
        });
        client.on('tcpip', (accept, reject, info) => {
          this.tcpipRequests.push({ destIP: info.destIP, destPort: info.destPort });
          const s = net.connect(info.destPort, info.destIP);
          this.forwards.add(s);
          s.on('close', () => this.forwards.delete(s));
          s.once('error', () => {
            reject();
            s.destroy();
          });
          s.once('connect', () => {
            const ch = accept();
            ch.on('error', () => {});
            s.removeAllListeners('error');
            s.on('error', () => ch.destroy());
            ch.pipe(s).pipe(ch);
          });
        });
      });
    });
  }

  async start(): Promise<this> {
    const tcp = net.createServer((sock) => {
      this.sockets.add(sock);
      sock.on('close', () => this.sockets.delete(sock));
      sock.on('error', () => {});
      this.ssh.injectSocket(sock);
    });
    this.tcp = tcp;
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(this.port, '127.0.0.1', () => {
        tcp.off('error', reject);
        resolve();
      });
    });
    this.port = (tcp.address() as net.AddressInfo).port;
    return this;
  }

  /** Destroys every live connection (the listener keeps accepting). */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
    for (const s of this.forwards) s.destroy();
  }

  /** Stops reading from every live connection: the peer sees silence (keepalive tests). */
  freeze(): void {
    for (const s of this.sockets) s.pause();
  }

  /** Stops accepting and drops everything; start() again listens on the same port. */
  async stop(): Promise<void> {
    const tcp = this.tcp;
    this.tcp = undefined;
    this.dropConnections();
    if (tcp) await new Promise<void>((r) => tcp.close(() => r()));
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async close(): Promise<void> {
    await this.stop();
  }

  /** known_hosts line for this server (plain, `[127.0.0.1]:port`). */
  knownHostsLine(name = '127.0.0.1'): string {
    const [type, b64] = this.hostKey.public.trim().split(/\s+/);
    return `${this.port === 22 ? name : `[${name}]:${this.port}`} ${type} ${b64}`;
  }

  /** A ResolvedHost for this server with the test client key. */
  host(name: string, over: Partial<ResolvedHost> = {}): ResolvedHost {
    return {
      name,
      hostname: '127.0.0.1',
      port: this.port,
      user: 'tester',
      identities: [{ path: 'test-client-key', privateKey: this.clientKey.private }],
      identitiesOnly: true,
      knownHostsFiles: [],
      strictHostKeyChecking: 'yes',
      keepaliveIntervalMs: 5000,
      keepaliveCountMax: 3,
      connectTimeoutMs: 3000,
      ...over,
    };
  }
}

export async function startTestSshServer(opts: TestSshServerOptions = {}): Promise<TestSshServer> {
  return new TestSshServer(opts).start();
}

/** A temp dir with helpers to write files; remove() in afterEach. */
export function tempDir(prefix = 'vd-ssh-'): { dir: string; file(name: string, text: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name, text) {
      const p = join(dir, name);
      // Owner-only, as ssh keys and configs should be (looser modes are warned about).
      writeFileSync(p, text, { mode: 0o600 });
      return p;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
