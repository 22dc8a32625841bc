// A stand-in Prometheus on 127.0.0.1 answering each fleet query with a real server's captured
// answer (src/fleet/fixtures/); any other query is a bad_data error, as Prometheus answers.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { fleetQueries } from '../../../src/fleet/queries.js';

export interface PromStub {
  url: string;
  /** Queries received, in order. */
  seen: string[];
  close(): Promise<void>;
}

const fixture = (k: string) => readFileSync(new URL(`../../../src/fleet/fixtures/prom-api-${k}.json`, import.meta.url), 'utf8');

export async function startFleetPromStub(): Promise<PromStub> {
  const q = fleetQueries('cluster');
  const answers = new Map([
    [q.ha, fixture('ha')],
    [q.vms, fixture('vms')],
    [q.targets, fixture('targets')],
  ]);
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const query = new URLSearchParams(body).get('query') ?? '';
      seen.push(query);
      const a = answers.get(query);
      res.writeHead(a ? 200 : 400, { 'Content-Type': 'application/json' }).end(a ?? '{"status":"error","errorType":"bad_data","error":"unexpected query"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
