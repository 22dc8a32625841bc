// `virsh list` prints a domain name through its table code, which trims nothing but escapes what
// it cannot print and pads columns with spaces; domstats and `list --name` print the name as is.
// So a list row's name may differ from the real one: edge spaces are lost in the padding, control
// characters become "\x0a", and in the C locale (where C.UTF-8 is missing) each non-ASCII byte
// becomes "\xff" (virsh 9.0; others print the byte's own value). Rows are joined with domstats
// names exactly first, then by these printed forms when exactly one name fits.

const hex2 = (b: number): string => `\\x${b.toString(16).padStart(2, '0')}`;
const isControl = (c: number): boolean => c < 0x20 || (c >= 0x7f && c <= 0x9f);

/** The forms `virsh list` may print `name` in (trimmed, as the row parser reads them). */
export function listForms(name: string): string[] {
  let utf8 = '';
  let cFf = '';
  let cHex = '';
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      const s = isControl(c) ? hex2(c) : ch;
      utf8 += s;
      cFf += s;
      cHex += s;
      continue;
    }
    const bytes = Buffer.from(ch, 'utf8');
    utf8 += isControl(c) ? [...bytes].map(hex2).join('') : ch;
    cFf += '\\xff'.repeat(bytes.length);
    cHex += [...bytes].map(hex2).join('');
  }
  return [...new Set([utf8.trim(), cFf.trim(), cHex.trim()])];
}

/**
 * For each list name, the real name it stands for among `exact` (domstats names): itself when
 * present, else the one name whose printed form it is; names that fit none or several stay as
 * they are. Allocates nothing when every name matches exactly (the usual poll).
 */
export function joinListNames(listNames: readonly string[], exact: ReadonlySet<string>): string[] {
  if (listNames.every((n) => exact.has(n))) return listNames as string[];
  let byForm: Map<string, string | null> | undefined;
  return listNames.map((n) => {
    if (exact.has(n)) return n;
    if (!byForm) {
      byForm = new Map();
      for (const real of exact) for (const f of listForms(real)) byForm.set(f, byForm.has(f) && byForm.get(f) !== real ? null : real);
    }
    return byForm.get(n) ?? n;
  });
}
