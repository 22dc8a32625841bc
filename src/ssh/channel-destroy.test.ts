import { describe, expect, it, vi } from 'vitest';
import { SSH2_CHANNEL_DESTROY, patchChannelDestroy, ssh2ChannelPrototype } from './channel-destroy.js';
import './pool.js';

type Ch = { end(): unknown; close(): unknown; destroy(): unknown; writableEnded: boolean; writableFinished: boolean; once(e: string, f: () => void): void };

/** An ssh2 client channel on a protocol that records what it would send. */
function channel(sent: string[]): Ch {
  const Channel = (ssh2ChannelPrototype() as unknown as { constructor: new (client: unknown, info: unknown) => Ch }).constructor;
  const protocol = { channelEOF: () => sent.push('eof'), channelClose: () => sent.push('close') };
  const info = { type: 'session', incoming: { id: 0, window: 1 << 21, packetSize: 32768, state: 'open' }, outgoing: { id: 7, window: 1 << 21, packetSize: 32768, state: 'open' } };
  return new Channel({ _protocol: protocol }, info);
}

describe("ssh2 channels' destroy()", () => {
  it('is the installed ssh2 source the patch was written against (on another ssh2: re-check it)', () => {
    const proto = ssh2ChannelPrototype();
    // Installed by pool.ts on import; the original is the one from ssh2's source.
    expect(patchChannelDestroy(proto)).toBe(true);
    expect(patchChannelDestroy({ destroy() {} })).toBe(false);
    expect(SSH2_CHANNEL_DESTROY).toContain('this.end();');
  });

  it('does not call end() on a finished channel (it only made a discarded ERR_STREAM_ALREADY_FINISHED), still closes it', async () => {
    const sent: string[] = [];
    const ch = channel(sent);
    ch.end();
    await new Promise<void>((r) => (ch.writableFinished ? r() : ch.once('finish', r)));
    const end = vi.spyOn(ch, 'end');
    ch.destroy();
    expect(end).not.toHaveBeenCalled();
    expect(sent).toEqual(['eof', 'close']);
  });

  it('an open channel is ended and closed as before', () => {
    const sent: string[] = [];
    const ch = channel(sent);
    const end = vi.spyOn(ch, 'end');
    ch.destroy();
    expect(end).toHaveBeenCalledTimes(1);
    expect(ch.writableEnded).toBe(true);
    expect(sent.at(-1)).toBe('close');
  });
});
