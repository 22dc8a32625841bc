// Most per-node outputs are byte-identical from one poll to the next (corosync, multipath,
// bonding, hugepages, the VM list…). Parsing them again, and letting the store compare the
// result field by field, is wasted work: the same text gets the same parsed object back. The
// collector still writes it, so the source's freshness (lastOk) advances on every poll exactly as
// before; only the parse is skipped. Parsed values are shared and must not be mutated (the store
// treats its data as immutable anyway). A parse that throws is not remembered.
import type { CollectorContext } from './context.js';
import { ownCopy, ownStrings } from './text-scan.js';


export class ParseReuse {
  private readonly last = new Map<string, { text: string; value: unknown }>();

  /**
   * parse(text), or the value parsed last time under `key` when `compared` is the same as then.
   * `compared` is `text` itself, or `text` without a part the parse provably ignores (a tool's
   * own clock, see corosync's collector).
   */
  parse<T>(key: string, text: string, parse: (text: string) => T, compared: string = text): T {
    const l = this.last.get(key);
    if (l !== undefined && l.text === compared) return l.value as T;
    // `text` is often a substring of a whole batch output: keep a copy that does not pin it, and
    // the same for the parsed value's strings, which the store keeps as long as they are reused.
    const value = ownStrings(parse(text));
    this.last.set(key, { text: ownCopy(compared), value });
    return value;
  }
}

/** The context's ParseReuse for `node` + `what`, or a plain parse when the context has none. */
export function parseSame<T>(ctx: CollectorContext, node: string, what: string, text: string, parse: (text: string) => T, compared?: string): T {
  return ctx.reuse ? ctx.reuse.parse(`${node}\0${what}`, text, parse, compared) : parse(text);
}
