// ssh2 writes every SSH packet to its socket at once: a command costs at least three writes (open
// the channel, the exec request, the close), each a syscall, and on loopback the receiver's work
// too. Packets for many commands of one connection are often made in the same task (polls due
// together, confirmations and closes that arrive in one read), so the socket is corked from its
// first write in a task until that task's end (process.nextTick): Node then hands the kernel all
// of them in one writev. Same bytes in the same order, and no later: holding them to the end of
// the event-loop turn (setImmediate) instead made every round trip wait behind the turn's other
// I/O callbacks, and the 64-node first picture took ~0.3 s longer.
import { Socket } from 'node:net';

/** Corks `sock` per task (a net.Socket only: a ProxyCommand's stream is left alone). */
export function batchWritesPerTurn(sock: unknown): boolean {
  if (!(sock instanceof Socket)) return false;
  const write = sock.write;
  let corked = false;
  const uncork = () => {
    corked = false;
    sock.uncork();
  };
  sock.write = function (this: Socket, ...args: Parameters<Socket['write']>): boolean {
    if (!corked) {
      corked = true;
      this.cork();
      process.nextTick(uncork);
    }
    return write.apply(this, args);
  } as Socket['write'];
  return true;
}
