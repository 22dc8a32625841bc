// ssh2's Channel.destroy() is `this.end(); this.close()`. Node's streams call destroy() themselves
// once a channel's writable side has finished (autoDestroy), so on every exec channel end() ran on
// a finished stream, and Node built an ERR_STREAM_ALREADY_FINISHED error, stack trace and all,
// that nobody receives: twice per command, a steady cost at 30+ commands per node per minute.
// The replacement skips end() once the writable side has ended, where end() does nothing but
// make that error; close() and everything else are unchanged. Installed only over the exact
// destroy() it was written against (ssh2 1.x), so another ssh2 keeps its own.
import { createRequire } from 'node:module';

/** Channel.prototype.destroy's source in the ssh2 versions this was checked on. */
export const SSH2_CHANNEL_DESTROY = 'destroy() {\n    this.end();\n    this.close();\n    return this;\n  }';

interface ChannelLike {
  readonly writableEnded: boolean;
  end(): unknown;
  close(): unknown;
}

function destroy(this: ChannelLike): ChannelLike {
  if (!this.writableEnded) this.end();
  this.close();
  return this;
}

/** Whether ssh2's channels now use the quiet destroy (false: ssh2's own source differs). */
export function patchChannelDestroy(proto: { destroy: unknown }): boolean {
  if (proto.destroy === destroy) return true;
  if (typeof proto.destroy !== 'function' || proto.destroy.toString() !== SSH2_CHANNEL_DESTROY) return false;
  proto.destroy = destroy;
  return true;
}

/** ssh2's Channel class (not in its public exports; the module instance its Client uses). */
export const ssh2ChannelPrototype = (): { destroy: unknown } =>
  (createRequire(import.meta.url)('ssh2/lib/Channel.js') as { Channel: { prototype: { destroy: unknown } } }).Channel.prototype;
