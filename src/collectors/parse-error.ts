// Parsers never throw anything but this: a typed error carrying the source and node.
export class ParseError extends Error {
  constructor(
    readonly source: string,
    readonly node: string | undefined,
    readonly detail: string,
    /** A short excerpt of the offending input, for the error pane. */
    readonly excerpt?: string,
  ) {
    super(`${source}${node ? `@${node}` : ''}: ${detail}`);
    this.name = 'ParseError';
  }
}

/** Hard cap on any single tool output handed to a parser. */
export const MAX_PARSE_INPUT = 32 * 1024 * 1024;

export function checkInput(source: string, node: string | undefined, text: unknown): string {
  if (typeof text !== 'string') throw new ParseError(source, node, 'no output');
  if (text.length > MAX_PARSE_INPUT) throw new ParseError(source, node, `output too large (${text.length} bytes)`);
  return text;
}

/** Runs a parser body, converting any unexpected exception into a ParseError. */
export function guardParse<T>(source: string, node: string | undefined, text: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ParseError) throw e;
    throw new ParseError(source, node, e instanceof Error ? e.message : String(e), text.slice(0, 200));
  }
}
