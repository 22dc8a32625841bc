// A Prometheus behind https with the site's own CA: trusted through caFile, refused without it
// (the error naming the URL and the query). The certificate is made with the real openssl.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithout } from '../../test/helpers/tools.js';
import { createPromClient } from './client.js';

const skip = skipWithout('Prometheus client over https with a custom CA', ['openssl']);

describe.skipIf(skip)('prometheus client over https', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vd-prom-tls-'));
  let server: Server;
  let url = '';
  beforeAll(async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  }, 60_000);
  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('trusts the server through caFile; without it the error names the URL and the query', async () => {
    expect(await createPromClient({ url, caFile: join(dir, 'cert.pem') }).query('up')).toEqual([]);
    await expect(createPromClient({ url }).query('up')).rejects.toThrow(new RegExp(`^prometheus ${url.replace(/\./g, '\\.')}: .*self.signed.*\\(query up\\)$`));
  });
});
