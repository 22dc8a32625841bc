import { once } from 'node:events';
import { createServer, Socket, type AddressInfo } from 'node:net';
import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { batchWritesPerTurn } from './write-batching.js';

describe('batchWritesPerTurn', () => {
  it('holds the writes of one task and hands them on together, in order, at its end (not later)', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const got: Buffer[] = [];
    const accepted = once(server, 'connection');
    const sock = new Socket();
    sock.connect((server.address() as AddressInfo).port, '127.0.0.1');
    await once(sock, 'connect');
    const [peer] = (await accepted) as [Socket];
    peer.on('data', (b: Buffer) => got.push(b));
    try {
      expect(batchWritesPerTurn(sock)).toBe(true);
      sock.write('a');
      sock.write(Buffer.from('b'));
      expect(sock.writableCorked).toBe(1);
      sock.write('c');
      await new Promise((r) => process.nextTick(r)); // queued after the uncork: the task's end
      expect(sock.writableCorked).toBe(0);
      sock.write('d');
      expect(sock.writableCorked).toBe(1);
      await new Promise((r) => setTimeout(r, 50));
      expect(Buffer.concat(got).toString()).toBe('abcd');
    } finally {
      sock.destroy();
      peer.destroy();
      server.close();
    }
  });

  it('leaves any other stream alone (a ProxyCommand pipe)', () => {
    expect(batchWritesPerTurn(new Duplex())).toBe(false);
    expect(batchWritesPerTurn(undefined)).toBe(false);
  });
});
