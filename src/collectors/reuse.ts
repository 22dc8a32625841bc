// Most per-node outputs are byte-identical from one poll to the next (corosync, multipath,
// bonding, hugepages, the VM list…). Parsing them again, and letting the store compare the
// result field by field, is wasted work: the same text gets the same parsed object back. The
// collector still writes it, so the source's freshness (lastOk) advances on every poll exactly as
// before; only the parse is skipped. Parsed values are shared and must not be mutated (the store
// treats its data as immutable anyway). A parse that throws is not remembered.
// Large outputs are remembered by a SHA-256 digest instead of a copy: at 256 nodes, a copy of
// each node's lvs report (466 KB) would hold 120 MB; the digest costs a pass over the text, a
// fraction of parsing it.
import { createHash } from 'node:crypto';
import type { CollectorContext } from './context.js';
import { ownCopy } from './text-scan.js';

/** Texts longer than this are remembered by digest. */
export const DIGEST_OVER = 16 * 1024;
const digestOf = (text: string): string => createHash('sha256').update(text).digest('base64');

export class ParseReuse {
  private readonly last = new Map<string, { text?: string; digest?: string; length: number; value: unknown }>();

  /**
   * parse(text), or the value parsed last time under `key` when `compared` is the same as then.
   * `compared` is `text` itself, or `text` without a part the parse provably ignores (a tool's
   * own clock, see corosync's collector).
   */
  parse<T>(key: string, text: string, parse: (text: string) => T, compared: string = text): T {
    const l = this.last.get(key);
    const digest = compared.length > DIGEST_OVER ? digestOf(compared) : undefined;
    if (l !== undefined && l.length === compared.length && (digest === undefined ? l.text === compared : l.digest === digest)) return l.value as T;
    // `text` is often a substring of a whole batch output (~60 KB per node): a value parsed from
    // it would keep all of it alive through its strings for as long as it is reused (and the store
    // holds it). Below the digest size the parse reads a copy of its own, which is also what is
    // kept for the comparison.
    const own = digest === undefined ? ownCopy(text) : text;
    const value = parse(own);
    this.last.set(key, digest === undefined ? { text: compared === text ? own : ownCopy(compared), length: compared.length, value } : { digest, length: compared.length, value });
    return value;
  }
}

/** The context's ParseReuse for `node` + `what`, or a plain parse when the context has none. */
export function parseSame<T>(ctx: CollectorContext, node: string, what: string, text: string, parse: (text: string) => T, compared?: string): T {
  return ctx.reuse ? ctx.reuse.parse(`${node}\0${what}`, text, parse, compared) : parse(text);
}
