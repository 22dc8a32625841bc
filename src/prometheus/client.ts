// Client for the Prometheus HTTP API (instant queries). node:http/https rather than fetch, so a
// site's own CA can be given per client. Credentials (basic auth, bearer token) are read from
// files and never appear in an error, a log line or the store: errors name the URL without its
// user info and the query, nothing else of the request.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { redactText } from '../model/redact.js';

export interface PromAuth {
  /** Basic auth: the user name, and the file holding the password (one line; trailing newline dropped). */
  username?: string;
  passwordFile?: string;
  /** Bearer token read from this file (trailing newline dropped). */
  bearerTokenFile?: string;
}

export interface PromClientOptions {
  /** Base URL of the Prometheus server, e.g. http://prom:9090 (a path prefix is kept). */
  url: string;
  auth?: PromAuth;
  /** PEM file of the CA that signed the server's certificate (https). */
  caFile?: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/** One series of an instant vector: its labels, value and the sample's own timestamp (ms epoch). */
export interface PromSample {
  labels: Record<string, string>;
  value: number;
  /** ms epoch of the sample (the evaluation time for an instant query; use timestamp() for scrape time). */
  t: number;
}

/** The samples of one metric family (by `__name__`). */
export const familyOf = (samples: readonly PromSample[], name: string): PromSample[] => samples.filter((s) => s.labels.__name__ === name);

export class PromError extends Error {
  constructor(
    message: string,
    /** The server URL without user info. */
    readonly url: string,
    readonly query: string,
  ) {
    super(message);
    this.name = 'PromError';
  }
}

/** The URL as it may be shown: no user:password@, no query string secrets. */
export function publicUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return redactText(u.toString()).replace(/\/$/, '');
  } catch {
    return redactText(url.replace(/[^\s/@]+@/g, ''));
  }
}

const readSecret = (file: string): string => readFileSync(file, 'utf8').replace(/\r?\n$/, '');

interface ApiBody {
  status?: string;
  error?: string;
  errorType?: string;
  data?: { resultType?: string; result?: unknown };
}

export interface PromClient {
  readonly url: string;
  /** Instant query: the vector's samples (scalars come back as one sample without labels). */
  query(promql: string, time?: number): Promise<PromSample[]>;
  /** Queries sent so far (benchmarks: queries per refresh). */
  readonly queries: number;
}

export function createPromClient(opts: PromClientOptions): PromClient {
  const base = new URL(opts.url);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`prometheus url ${publicUrl(opts.url)}: only http and https are supported`);
  const shown = publicUrl(opts.url);
  const headers: Record<string, string> = { Accept: 'application/json' };
  const auth = opts.auth;
  let basicUser = auth?.username ?? (base.username ? decodeURIComponent(base.username) : undefined);
  let basicPass = base.password ? decodeURIComponent(base.password) : undefined;
  if (auth?.passwordFile) basicPass = readSecret(auth.passwordFile);
  if (auth?.bearerTokenFile) {
    headers.Authorization = `Bearer ${readSecret(auth.bearerTokenFile)}`;
    basicUser = basicPass = undefined;
  }
  if (basicUser !== undefined) headers.Authorization = `Basic ${Buffer.from(`${basicUser}:${basicPass ?? ''}`).toString('base64')}`;
  const ca = opts.caFile ? readFileSync(opts.caFile) : undefined;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const agent = base.protocol === 'https:' ? new https.Agent({ keepAlive: true, ...(ca ? { ca } : {}) }) : new http.Agent({ keepAlive: true });
  const prefix = base.pathname.replace(/\/$/, '');
  let count = 0;

  const post = (promql: string, time?: number): Promise<ApiBody> =>
    new Promise((resolve, reject) => {
      const fail = (why: string) => reject(new PromError(`prometheus ${shown}: ${why} (query ${promql})`, shown, promql));
      const form = new URLSearchParams({ query: promql });
      if (time !== undefined) form.set('time', (time / 1000).toFixed(3));
      const body = form.toString();
      const mod = base.protocol === 'https:' ? https : http;
      const req = mod.request(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port || undefined,
          path: `${prefix}/api/v1/query`,
          method: 'POST',
          agent,
          headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) => fail(e.message));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: ApiBody | undefined;
            try {
              parsed = JSON.parse(text) as ApiBody;
            } catch {
              parsed = undefined;
            }
            if (parsed?.status === 'success') return resolve(parsed);
            if (parsed?.error) return fail(`${parsed.errorType ?? 'error'}: ${redactText(parsed.error)}`);
            fail(`HTTP ${res.statusCode ?? '?'}${res.statusCode === 401 || res.statusCode === 403 ? ' (check the credentials)' : ''}: ${redactText(text.slice(0, 200).trim()) || 'no body'}`);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (e) => fail(redactText(e.message)));
      req.end(body);
    });

  return {
    url: shown,
    get queries() {
      return count;
    },
    async query(promql, time) {
      count++;
      const body = await post(promql, time);
      return toSamples(body, shown, promql);
    },
  };
}

function toSamples(body: ApiBody, url: string, promql: string): PromSample[] {
  const d = body.data;
  // The API writes values as Go formats them: "+Inf"/"-Inf" (e.g. a -INFINITY ban score), which Number() reads as NaN.
  const num = (v: unknown): number => (typeof v !== 'string' ? NaN : v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : Number(v));
  if (d?.resultType === 'scalar' || d?.resultType === 'string') {
    const [ts, v] = (d.result ?? []) as [number, string];
    return [{ labels: {}, value: num(v), t: Math.round(ts * 1000) }];
  }
  if (d?.resultType !== 'vector' || !Array.isArray(d.result)) throw new PromError(`prometheus ${url}: expected an instant vector, got ${d?.resultType ?? 'nothing'} (query ${promql})`, url, promql);
  return (d.result as { metric?: Record<string, string>; value?: [number, string] }[]).map((r) => ({
    labels: r.metric ?? {},
    value: num(r.value?.[1]),
    t: Math.round((r.value?.[0] ?? 0) * 1000),
  }));
}
