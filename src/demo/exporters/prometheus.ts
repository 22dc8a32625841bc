// A private Prometheus for the fleet demo (and its tests and benchmark): the installed binary with
// a temp config and data dir, listening on 127.0.0.1 only, stopped and removed by close().
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface LocalPrometheus {
  url: string;
  dir: string;
  close(): Promise<void>;
}

/** The `prometheus` binary on PATH, or undefined. */
export function findPrometheus(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const d of dirs) {
    const p = join(d, 'prometheus');
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = a && typeof a === 'object' ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startPrometheus(config: string, opts: { binary?: string; readyTimeoutMs?: number } = {}): Promise<LocalPrometheus> {
  const bin = opts.binary ?? findPrometheus();
  if (!bin) throw new Error('prometheus is not installed (Debian: apt-get install prometheus)');
  const dir = mkdtempSync(join(tmpdir(), 'virtdeck-prom-'));
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log: string[] = [];
  const child: ChildProcess = spawn(
    bin,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString('utf8')));
  // A parent that exits without close() (a signal's hard exit) must not leave Prometheus running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) {
      await close();
      throw new Error(`prometheus exited with code ${child.exitCode}: ${log.join('').trim().slice(-500)}`);
    }
    if (await ready(url)) break;
    if (Date.now() > deadline) {
      await close();
      throw new Error(`prometheus not ready at ${url} within ${opts.readyTimeoutMs ?? 30_000} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, dir, close };
}

async function ready(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/-/ready`);
    return r.ok;
  } catch {
    return false;
  }
}
