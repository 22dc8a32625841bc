// One ssh2 Server per simulated node on 127.0.0.1 (ephemeral port): publickey auth for the
// run's client key only, an OpenSSH-like MaxSessions limit, exec → the simulated shell.
// Sockets are owned here so a node can be killed (refuse), frozen (silent) or revived.
import { timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import ssh2 from 'ssh2';
import type { Connection, ServerChannel } from 'ssh2';
import { runShell } from './exec.js';
import type { KeyPair } from './keys.js';
import type { DemoSim } from './sim/sim.js';

const { Server, utils } = ssh2;

/** OpenSSH's default MaxSessions. */
export const MAX_SESSIONS = 10;

export interface NodeServerOptions {
  sim: DemoSim;
  node: string;
  hostKey: KeyPair;
  clientPublicKey: string;
  user: string;
  log?: (msg: string) => void;
}

export class NodeServer {
  port = 0;
  private readonly tcp: net.Server;
  private readonly ssh: InstanceType<typeof Server>;
  private readonly sockets = new Set<net.Socket>();
  private readonly held = new Set<net.Socket>();
  private readonly frozen = new Set<net.Socket>();
  private listening = false;
  private readonly allowedKey: ReturnType<typeof utils.parseKey>;

  constructor(private readonly o: NodeServerOptions) {
    const parsed = utils.parseKey(o.clientPublicKey);
    if (parsed instanceof Error) throw new Error(`demo: cannot parse client public key: ${parsed.message}`);
    this.allowedKey = parsed;
    this.ssh = new Server({ hostKeys: [o.hostKey.private], ident: 'OpenSSH_9.2p1 Debian-2+deb12u3' }, (client) => this.onClient(client));
    this.tcp = net.createServer((sock) => this.onSocket(sock));
  }

  get nodeName(): string {
    return this.o.node;
  }

  /** OpenSSH public key line of this node's host key (for known_hosts). */
  get hostPublicKey(): string {
    return this.o.hostKey.public;
  }

  async listen(port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      const onErr = (e: Error) => reject(e);
      this.tcp.once('error', onErr);
      this.tcp.listen(port, '127.0.0.1', () => {
        this.tcp.off('error', onErr);
        resolve();
      });
    });
    this.listening = true;
    const addr = this.tcp.address();
    if (addr && typeof addr === 'object') this.port = addr.port;
    return this.port;
  }

  /** Stops listening and drops every connection (clients see ECONNREFUSED / reset). */
  async kill(): Promise<void> {
    // Stop accepting first; net.Server's close callback only fires once the sockets are gone.
    const closed = this.listening ? new Promise<void>((resolve) => this.tcp.close(() => resolve())) : Promise.resolve();
    this.listening = false;
    for (const s of this.sockets) s.destroy();
    for (const s of this.held) s.destroy();
    this.sockets.clear();
    this.held.clear();
    this.frozen.clear();
    await closed;
  }

  /** Keeps connections open but silent: no reads, no writes (writes are buffered until thaw). */
  freeze(): void {
    for (const s of this.sockets) {
      if (this.frozen.has(s)) continue;
      s.pause();
      s.cork();
      this.frozen.add(s);
    }
  }

  async revive(): Promise<void> {
    for (const s of this.frozen) {
      if (s.destroyed) continue;
      s.uncork();
      s.resume();
    }
    this.frozen.clear();
    for (const s of this.held) {
      this.held.delete(s);
      if (s.destroyed) continue;
      s.resume();
      this.sockets.add(s);
      this.ssh.injectSocket(s);
    }
    if (!this.listening) await this.listen(this.port);
  }

  async close(): Promise<void> {
    await this.kill();
  }

  private onSocket(sock: net.Socket): void {
    sock.on('error', () => undefined);
    const state = this.o.sim.node(this.o.node).ssh;
    if (state === 'down') {
      sock.destroy();
      return;
    }
    if (state === 'frozen') {
      sock.pause();
      this.held.add(sock);
      sock.on('close', () => this.held.delete(sock));
      return;
    }
    this.sockets.add(sock);
    sock.on('close', () => {
      this.sockets.delete(sock);
      this.frozen.delete(sock);
    });
    this.ssh.injectSocket(sock);
  }

  private onClient(client: Connection): void {
    const { user } = this.o;
    const key = this.allowedKey;
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
      const nameOk = ctx.username.length === user.length && timingSafeEqual(Buffer.from(ctx.username), Buffer.from(user));
      const k = Array.isArray(key) ? key[0] : key;
      const want = k.getPublicSSH();
      const keyOk = ctx.key.algo === k.type && ctx.key.data.length === want.length && timingSafeEqual(ctx.key.data, want);
      if (!nameOk || !keyOk) return ctx.reject(['publickey']);
      if (ctx.signature && ctx.blob && k.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(['publickey']);
      ctx.accept();
    });
    let sessions = 0;
    client.on('ready', () => {
      client.on('session', (accept, reject) => {
        if (sessions >= MAX_SESSIONS) {
          reject();
          return;
        }
        sessions++;
        const session = accept();
        let counted = true;
        const release = () => {
          if (counted) {
            counted = false;
            sessions--;
          }
        };
        session.on('close', release);
        session.on('pty', (acc) => acc?.());
        session.on('env', (acc) => acc?.());
        session.on('shell', (_acc, rej) => rej());
        session.on('exec', (acc, _rej, info) => {
          const stream = acc();
          stream.on('close', release);
          this.exec(stream, info.command);
        });
      });
    });
  }

  private exec(stream: ServerChannel, command: string): void {
    let closed = false;
    const closers: (() => void)[] = [];
    const chunks: Buffer[] = [];
    let ended = false;
    const waiters: ((s: string) => void)[] = [];
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.on('end', () => {
      ended = true;
      const s = Buffer.concat(chunks).toString('utf8');
      for (const w of waiters.splice(0)) w(s);
    });
    stream.on('error', () => undefined);
    const onClose = () => {
      if (closed) return;
      closed = true;
      for (const c of closers.splice(0)) {
        try {
          c();
        } catch {
          /* cleanup must not throw */
        }
      }
    };
    stream.on('close', onClose);
    this.o.log?.(`${this.o.node}: exec ${command}`);
    void runShell(this.o.sim, this.o.node, command, {
      out: (s) => {
        if (!closed) stream.write(s);
      },
      err: (s) => {
        if (!closed) stream.stderr.write(s);
      },
      stdin: () => (ended ? Promise.resolve(Buffer.concat(chunks).toString('utf8')) : new Promise((resolve) => waiters.push(resolve))),
      onClose: (fn) => {
        if (closed) fn();
        else closers.push(fn);
      },
      get closed() {
        return closed;
      },
    }).then((code) => {
      if (closed) return;
      stream.exit(code);
      stream.end();
    });
  }
}
