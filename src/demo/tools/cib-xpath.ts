// `cibadmin --query --xpath` for the one query form virtdeck sends: `//primitive` with
// [@attr='value'] predicates (cibVmPrimitivesCmd). Output as Pacemaker 2.1.5 prints it
// (src/actions/fixtures/cibadmin-vm-primitives.xml): one match bare, several inside
// <xpath-query> indented by two, none → exit 105.

/** Predicates of a supported xpath, or undefined when the demo does not model that xpath. */
export function primitiveXpath(xpath: string): [string, string][] | undefined {
  const m = /^\/\/primitive((?:\[@[A-Za-z_-]+='[^']*'\])*)$/.exec(xpath);
  if (!m) return undefined;
  return [...m[1]!.matchAll(/\[@([A-Za-z_-]+)='([^']*)'\]/g)].map((g) => [g[1]!, g[2]!]);
}

/** The matching <primitive> elements of a CIB as cibadmin prints them ('' = none). */
export function queryPrimitives(cib: string, preds: readonly [string, string][]): string[] {
  const out: string[] = [];
  for (const g of cib.matchAll(/^([ \t]*)<primitive\b([^>]*?)(\/>|>[\s\S]*?<\/primitive>)/gm)) {
    const attrs = g[2]!;
    const ok = preds.every(([k, v]) => new RegExp(`\\s${k}="([^"]*)"`).exec(attrs)?.[1] === v.replace(/&/g, '&amp;').replace(/"/g, '&quot;'));
    if (!ok) continue;
    const indent = g[1]!.length;
    out.push(
      `<primitive${attrs}${g[3]}`
        .split('\n')
        .map((l, i) => (i === 0 ? l : l.slice(Math.min(indent, l.length - l.trimStart().length))))
        .join('\n'),
    );
  }
  return out;
}

export function xpathOutput(elements: readonly string[]): string {
  if (elements.length === 1) return `${elements[0]}\n`;
  return `<xpath-query>\n${elements.map((e) => e.split('\n').map((l) => `  ${l}`).join('\n')).join('\n')}\n</xpath-query>\n`;
}
