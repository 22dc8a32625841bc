import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPromClient, publicUrl, PromError } from './client.js';

let server: Server;
let port = 0;
let seen: { auth?: string; body: string; path?: string }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'vd-prom-client-'));

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((r) => {
    let b = '';
    req.on('data', (c: Buffer) => (b += c.toString()));
    req.on('end', () => r(b));
  });

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      seen.push({ auth: req.headers.authorization, body, path: req.url });
      const q = new URLSearchParams(body).get('query') ?? '';
      if (req.headers.authorization === 'Bearer wrong') return res.writeHead(401).end('unauthorized');
      if (q === 'bad(') return res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }));
      if (q === 'infinities') return res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: ['+Inf', '-Inf', 'NaN', '-3'].map((v, i) => ({ metric: { i: String(i) }, value: [1700000000, v] })) } }));
      if (q === 'scalar(1)') return res.end(JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1700000000.5, '1'] } }));
      res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'up', instance: 'kvm1:9100' }, value: [1700000000.123, '1'] }] } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('prometheus client', () => {
  it('posts an instant query under the URL path prefix and returns samples with ms timestamps', async () => {
    seen = [];
    const c = createPromClient({ url: `http://127.0.0.1:${port}/prom/` });
    const s = await c.query('up{cluster="a"}', 1_700_000_000_000);
    expect(s).toEqual([{ labels: { __name__: 'up', instance: 'kvm1:9100' }, value: 1, t: 1_700_000_000_123 }]);
    expect(seen[0]!.path).toBe('/prom/api/v1/query');
    expect(new URLSearchParams(seen[0]!.body).get('time')).toBe('1700000000.000');
    expect(c.queries).toBe(1);
    expect((await c.query('scalar(1)'))[0]).toEqual({ labels: {}, value: 1, t: 1_700_000_000_500 });
  });

  it('sends basic auth from the URL or a password file, and a bearer token from a file', async () => {
    seen = [];
    writeFileSync(join(dir, 'pw'), 's3cret\n');
    writeFileSync(join(dir, 'tok'), 'tok123\n');
    await createPromClient({ url: `http://127.0.0.1:${port}`, auth: { username: 'ops', passwordFile: join(dir, 'pw') } }).query('up');
    await createPromClient({ url: `http://127.0.0.1:${port}`, auth: { bearerTokenFile: join(dir, 'tok') } }).query('up');
    await createPromClient({ url: `http://u:p%40ss@127.0.0.1:${port}` }).query('up');
    expect(seen.map((s) => s.auth)).toEqual([`Basic ${Buffer.from('ops:s3cret').toString('base64')}`, 'Bearer tok123', `Basic ${Buffer.from('u:p@ss').toString('base64')}`]);
  });

  it('errors name the URL without credentials and the query, never the secret', async () => {
    writeFileSync(join(dir, 'wrong'), 'wrong');
    const c = createPromClient({ url: `http://admin:hunter2@127.0.0.1:${port}` });
    const e = (await c.query('bad(').catch((x: unknown) => x)) as PromError;
    expect(e).toBeInstanceOf(PromError);
    expect(e.message).toBe(`prometheus http://127.0.0.1:${port}: bad_data: parse error (query bad()`);
    expect(e.url).toBe(`http://127.0.0.1:${port}`);
    const e401 = (await createPromClient({ url: `http://127.0.0.1:${port}`, auth: { bearerTokenFile: join(dir, 'wrong') } })
      .query('up')
      .catch((x: unknown) => x)) as PromError;
    expect(e401.message).toContain('HTTP 401 (check the credentials)');
    expect(e401.message).not.toContain('wrong');
    const down = (await createPromClient({ url: 'http://x:pw@127.0.0.1:1' }).query('up').catch((x: unknown) => x)) as PromError;
    expect(down.message).toMatch(/^prometheus http:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\(query up\)$/);
    expect(down.message).not.toContain('pw');
  });

  it('reads the API\'s "+Inf" and "-Inf" as infinities (a ban\'s -INFINITY score), not NaN', async () => {
    const values = (await createPromClient({ url: `http://127.0.0.1:${port}` }).query('infinities')).map((s) => s.value);
    expect(values).toEqual([Infinity, -Infinity, NaN, -3]);
  });

  it('publicUrl drops user info', () => {
    expect(publicUrl('https://u:secret@prom.example:9090/x/')).toBe('https://prom.example:9090/x');
    expect(publicUrl('not a url user:pw@')).not.toContain('pw@');
  });
});
