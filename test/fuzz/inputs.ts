// Input generators: arbitrary strings, mutations/truncations/splices of the real fixtures, and
// hostile documents (entity bombs, deep nesting, huge attributes, very long lines).
import fc from 'fast-check';
import type { Flavor } from './targets.js';

const TOKENS_COMMON = [
  '', '\n', '\r\n', '\r', '\t', ' ', '\0', '\u0007', '\u001b[2J', '\uFFFD', '\uFEFF', '\uD800', '\uDFFF', '💥', 'é',
  ':', '=', ';', ',', '.', '-', '/', '\\', '"', "'", '`', '$(reboot)', '%s%n', '#',
  '0', '-1', '-0', '1e309', '-1e309', 'NaN', 'Infinity', '0x1F', '99999999999999999999999', '4294967296', '9007199254740993',
  '1.5', '1,5', '00012', '+7', ' 42 ', '2026-13-45 25:61:61', '__proto__', 'constructor', 'prototype', 'toString',
  'hasOwnProperty', 'valueOf',
];

const TOKENS: Record<Flavor, string[]> = {
  xml: [
    ...TOKENS_COMMON, '<', '>', '</', '/>', '<a>', '</a>', '<a/>', '&', '&amp;', '&lt;', '&#0;', '&#x0;', '&#1114112;', '&#xFFFFFFFF;',
    '&#55296;', '&lol;', '&nbsp;', '<![CDATA[', ']]>', '<!--', '-->', '<?xml version="1.0"?>', '<?pi x?>',
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', '<!DOCTYPE x SYSTEM "file:///etc/passwd">', '<!ENTITY % p SYSTEM "http://127.0.0.1:1/">',
    ' id="', ' id=""', ' xmlns="x"', ' xmlns:a="b"', '="', ' a="1" a="2"', 'x:y', '<node', '<resource', '<domain', '<disk',
    ' name="__proto__"', ' id="constructor"', ' name=""', ' type="', ' state="unknown"', ' value="-5"',
  ],
  json: [
    ...TOKENS_COMMON, '{', '}', '[', ']', '{}', '[]', 'null', 'true', 'false', '"', '""', '"\\u0000"', '"\\ud800"', '\\',
    '"__proto__":{"polluted":1},', '{"__proto__":{"polluted":1}}', '"constructor":{"prototype":{"polluted":1}},',
    '1e999', '-', '[[[[[[[[', ']]]]]]]]', '{"a":', ',,', '{"disk":', '{"timestamp":', '"statistics": [', '"MESSAGE":[1,2,300]',
    '"__REALTIME_TIMESTAMP":"99999999999999999"', '"PRIORITY":"-1"', '"multipath":', '"maps":', '"paths":',
  ],
  text: [
    ...TOKENS_COMMON, '  ', '\t\t', '---', '====', 'Quorate:', 'Yes', 'No', 'Nodeid', 'LINK', 'Id', 'Name', 'State',
    'running', 'shut off', '[active]', 'status=', 'policy=', '|-', '`-', 'size=', 'Domain:', 'Cpu', 'cpu', 'MemTotal:', 'kB',
    'Inter-|', 'bond0', '/proc/net/bonding/bond0:', 'event \'', "for domain '", "'", 'Job type:', 'Slot', 'UUID',
    'SBD_DEVICE=', 'export ', '"unterminated', "'unterminated", 'Discovered', 'Driver:', 'Identity:',
  ],
};

/** A fixture with 1–4 edits: truncate, delete, insert token/string, duplicate, splice, line edits. */
function mutated(fixtures: string[], flavor: Flavor): fc.Arbitrary<string> {
  const token = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...TOKENS[flavor]) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: 'binary' }) },
  );
  const pos = fc.double({ min: 0, max: 1, noNaN: true });
  const edit = fc.oneof(
    fc.record({ op: fc.constant('truncate' as const), at: pos }),
    fc.record({ op: fc.constant('delete' as const), at: pos, len: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ op: fc.constant('insert' as const), at: pos, s: token }),
    fc.record({ op: fc.constant('replace' as const), at: pos, len: fc.integer({ min: 1, max: 12 }), s: token }),
    fc.record({ op: fc.constant('dup' as const), at: pos, len: fc.integer({ min: 1, max: 400 }), times: fc.integer({ min: 2, max: 40 }) }),
    fc.record({ op: fc.constant('splice' as const), at: pos, other: fc.nat(), at2: pos }),
    fc.record({ op: fc.constant('lines' as const), a: fc.nat(), b: fc.nat(), how: fc.constantFrom('swap', 'drop', 'dup', 'indent', 'trimEnd', 'crlf') }),
    fc.record({ op: fc.constant('numbers' as const), s: fc.constantFrom('-1', '1e309', 'NaN', '99999999999999999999999', '', '0x10', '1.2.3') }),
  );
  return fc.tuple(fc.nat(), fc.array(edit, { minLength: 1, maxLength: 4 })).map(([fi, edits]) => {
    let s = fixtures[fi % fixtures.length] ?? '';
    for (const e of edits) {
      const at = 'at' in e ? Math.floor(e.at * s.length) : 0;
      switch (e.op) {
        case 'truncate':
          s = s.slice(0, at);
          break;
        case 'delete':
          s = s.slice(0, at) + s.slice(at + e.len);
          break;
        case 'insert':
          s = s.slice(0, at) + e.s + s.slice(at);
          break;
        case 'replace':
          s = s.slice(0, at) + e.s + s.slice(at + e.len);
          break;
        case 'dup': {
          const piece = s.slice(at, at + e.len);
          s = s.slice(0, at) + piece.repeat(e.times) + s.slice(at);
          break;
        }
        case 'splice': {
          const o = fixtures[e.other % fixtures.length] ?? '';
          s = s.slice(0, at) + o.slice(Math.floor(e.at2 * o.length));
          break;
        }
        case 'lines': {
          const ls = s.split('\n');
          if (ls.length === 0) break;
          const a = e.a % ls.length;
          const b = e.b % ls.length;
          if (e.how === 'swap') [ls[a], ls[b]] = [ls[b]!, ls[a]!];
          else if (e.how === 'drop') ls.splice(a, 1);
          else if (e.how === 'dup') ls.splice(a, 0, ls[a]!);
          else if (e.how === 'indent') ls[a] = `\t  ${ls[a]!}`;
          else if (e.how === 'trimEnd') ls[a] = ls[a]!.trimEnd();
          else ls[a] = `${ls[a]!}\r`;
          s = ls.join('\n');
          break;
        }
        case 'numbers':
          s = s.replace(/\d+(\.\d+)?/, e.s);
          break;
      }
    }
    return s;
  });
}

/** Billion laughs: `levels` entities each referencing the previous one ten times. */
export function billionLaughs(levels: number, root = 'crm_mon', inAttr = false): string {
  const decl = ['<!ENTITY lol0 "lol">'];
  for (let i = 1; i <= levels; i++) decl.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  const ref = `&lol${levels};`;
  const body = inAttr ? `<${root} version="${ref}"/>` : `<${root}>${ref}</${root}>`;
  return `<?xml version="1.0"?>\n<!DOCTYPE ${root} [\n${decl.join('\n')}\n]>\n${body}\n`;
}

export const deepXml = (depth: number, tag = 'a'): string => `<${tag}>`.repeat(depth) + `</${tag}>`.repeat(depth);
export const deepJson = (depth: number, open = '[', close = ']'): string => open.repeat(depth) + close.repeat(depth);

/** Hostile structured documents, sized to stay cheap when sampled 100,000 times. */
function hostile(flavor: Flavor, fixtures: string[]): fc.Arbitrary<string> {
  const fixture = fc.nat().map((i) => fixtures[i % Math.max(1, fixtures.length)] ?? '');
  const xmlRoot = fixture.map((f) => /<([A-Za-z_][\w.-]*)[\s>/]/.exec(f.replace(/<\?[^>]*\?>/g, ''))?.[1] ?? 'a');
  const xml = fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 9 }), xmlRoot, fc.boolean()).map(([l, r, a]) => billionLaughs(l, r, a)),
    fc.tuple(fc.integer({ min: 1, max: 3000 }), xmlRoot).map(([d, r]) => deepXml(d, r)),
    fc.tuple(xmlRoot, fc.integer({ min: 1, max: 200_000 }), fc.constantFrom('a', '&amp;', '&#x41;', '"', ' ')).map(
      ([r, n, u]) => `<${r} version="${u.repeat(Math.ceil(n / u.length)).slice(0, n)}"/>`,
    ),
    fc.tuple(xmlRoot, fc.integer({ min: 1, max: 3000 })).map(([r, n]) => `<${r} ${Array.from({ length: n }, (_, i) => `a${i}="${i}"`).join(' ')}/>`),
    fc.tuple(xmlRoot, fc.integer({ min: 1, max: 3000 }), fc.constantFrom('node', 'resource', 'disk', 'interface', 'cell', 'page')).map(
      ([r, n, c]) => `<${r}>${`<${c} id="x" name="x"/>`.repeat(n)}</${r}>`,
    ),
    fixture.map((f) => f.replace(/^(<\?xml[^>]*\?>)?/, (d) => `${d}<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd"><!ENTITY b "${'b'.repeat(1000)}">]>`).replace(/="([^"]*)"/, '="&e;&b;$1"')),
    fixture.map((f) => f.replace(/<(\w+)/g, '<$1 xmlns:x="urn:x" x:y="1"')),
  );
  const json = fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}'], ['{"disk":[', ']}'], ['{"MESSAGE":', '}'])).map(
      ([d, [o, c]]) => deepJson(d, o, c),
    ),
    fc.integer({ min: 1, max: 20_000 }).map((d) => `{"__REALTIME_TIMESTAMP":"1","MESSAGE":${deepJson(d)}}`),
    fc.integer({ min: 1, max: 20_000 }).map((d) => `{"sysstat":{"hosts":[{"statistics":[{"disk":[${deepJson(d, '{"a":', '}')}]}]}]}}`),
    fc.integer({ min: 1, max: 200_000 }).map((n) => `{"a":"${'x'.repeat(n)}"}`),
    fc.integer({ min: 1, max: 5000 }).map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`),
    fixture.map((f) => f.replace(/\{/, '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},')),
    fixture.map((f) => f.replace(/\d+(\.\d+)?/g, '1e400')),
    fixture.map((f) => f.replace(/"[^"]*"/g, '"\\ud800"')),
  );
  const longLine = fc.tuple(
    fc.constantFrom(' ', 'a', '0', '\t', '{', '[', '<', '"', ':', '-', '=', "'", '\\', 'ab ', '0 ', ' |', '<a>', '&amp;', '\r'),
    fc.integer({ min: 1, max: 200_000 }),
    fixture,
    fc.boolean(),
  ).map(([u, n, f, prefix]) => (prefix ? `${f.slice(0, 200)}${u.repeat(n)}` : u.repeat(n)));
  const byFlavor = flavor === 'xml' ? xml : flavor === 'json' ? json : longLine;
  return fc.oneof({ weight: 3, arbitrary: byFlavor }, { weight: 1, arbitrary: longLine }, { weight: 1, arbitrary: flavor === 'xml' ? json : xml });
}

/** The case mix: mostly fixture mutations, then arbitrary strings, then hostile documents. */
export function inputArb(flavor: Flavor, fixtures: string[]): fc.Arbitrary<string> {
  const arbitrary = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ maxLength: 300, unit: 'binary' }),
    fc.string({ maxLength: 100, unit: 'grapheme' }),
    fc.constantFrom(...TOKENS[flavor]),
  );
  const parts = [
    { weight: 2, arbitrary },
    { weight: 1, arbitrary: hostile(flavor, fixtures) },
  ];
  if (fixtures.length > 0) parts.push({ weight: 6, arbitrary: mutated(fixtures, flavor) }, { weight: 1, arbitrary: fc.constantFrom(...fixtures) });
  return fc.oneof(...parts);
}

/** A stream case: the text and where it is cut into chunks (plus repeats for endless lines). */
export interface StreamCase {
  chunks: string[];
}

export function streamArb(flavor: Flavor, fixtures: string[], cap: number): fc.Arbitrary<StreamCase> {
  const cut = fc.tuple(inputArb(flavor, fixtures), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 })).map(([text, cuts]) => {
    const at = [...new Set(cuts.map((c) => Math.floor(c * text.length)))].sort((a, b) => a - b);
    const chunks: string[] = [];
    let prev = 0;
    for (const a of [...at, text.length]) {
      chunks.push(text.slice(prev, a));
      prev = a;
    }
    return { chunks };
  });
  // A line/element that never ends: enough repeats to cross the parser's cap.
  const endless = fc.tuple(fc.constantFrom('a', ' ', '{', '[', '"', '\\', '{"disk":[', 'x{', '}'), fc.integer({ min: 256, max: 4096 }), fc.boolean()).map(
    ([u, size, tail]) => {
      const chunk = u.repeat(Math.ceil(size / u.length));
      const n = Math.min(2000, Math.ceil((cap * 1.2) / chunk.length));
      const chunks = Array.from({ length: n }, () => chunk);
      if (tail) chunks.push('\n', fixtures[0] ?? '');
      return { chunks };
    },
  );
  return fc.oneof({ weight: 30, arbitrary: cut }, { weight: cap > 1024 * 1024 ? 0 : 1, arbitrary: endless });
}

/** Deterministic large / adversarial cases run once per target (not sampled). */
export function edgeCases(flavor: Flavor, fixtures: string[], maxBytes: number): { name: string; input: string }[] {
  const f0 = fixtures[0] ?? '';
  const root = /<([A-Za-z_][\w.-]*)[\s>/]/.exec(f0.replace(/<\?[^>]*\?>/g, ''))?.[1] ?? 'a';
  const cases: { name: string; input: string }[] = [
    { name: 'empty', input: '' },
    { name: 'billion laughs (10 levels)', input: billionLaughs(10, root) },
    { name: 'billion laughs in an attribute', input: billionLaughs(10, root, true) },
    { name: 'quadratic blowup entity', input: `<!DOCTYPE ${root} [<!ENTITY a "${'a'.repeat(50_000)}">]><${root}>${'&a;'.repeat(5000)}</${root}>` },
    { name: 'external entity', input: `<?xml version="1.0"?><!DOCTYPE ${root} [<!ENTITY x SYSTEM "file:///etc/passwd">]><${root} v="&x;">&x;</${root}>` },
    { name: 'XML nested 100,000 deep', input: deepXml(100_000, root) },
    { name: 'XML attribute of 4 MB', input: `<${root} version="${'a'.repeat(4 << 20)}"/>` },
    { name: 'XML 50,000 attributes', input: `<${root} ${Array.from({ length: 50_000 }, (_, i) => `a${i}="1"`).join(' ')}/>` },
    { name: 'XML 200,000 siblings', input: `<${root}>${'<node id="n" name="n"/>'.repeat(200_000)}</${root}>` },
    { name: 'unterminated comment 2 MB', input: `<${root}><!--${'-'.repeat(2 << 20)}` },
    { name: 'JSON nested 100,000 deep', input: deepJson(100_000) },
    { name: 'JSON objects nested 50,000 deep', input: deepJson(50_000, '{"a":', '}') },
    { name: 'journal MESSAGE nested 20,000 deep', input: `{"__REALTIME_TIMESTAMP":"1","MESSAGE":${deepJson(20_000)}}` },
    { name: 'iostat disk nested 100,000 deep', input: `{"sysstat":{"hosts":[{"statistics":[{"disk":[${deepJson(100_000, '{"a":', '}')}]}]}]}}` },
    { name: 'JSON string of 8 MB', input: `{"a":"${'x'.repeat(8 << 20)}"}` },
    { name: 'element starts repeated past 4 MB', input: '{"disk":['.repeat(520_000) },
    { name: 'line of 5 MB spaces', input: ' '.repeat(5 << 20) },
    { name: 'line of 5 MB "a"', input: 'a'.repeat(5 << 20) },
    { name: 'line of 5 MB "{"', input: '{'.repeat(5 << 20) },
    { name: 'line of 2 MB "0 "', input: '0 '.repeat(1 << 20) },
    { name: '1,000,000 empty lines', input: '\n'.repeat(1_000_000) },
    { name: 'fixture ×200', input: f0.repeat(200) },
    { name: 'fixture with NUL bytes', input: f0.replace(/ /g, '\0') },
    { name: 'fixture with CRLF', input: f0.replace(/\n/g, '\r\n') },
    { name: 'input over the 32 MB parse cap', input: 'x'.repeat(33 << 20) },
  ];
  // Some relevance ordering: the flavor's own hostile documents first.
  const order = (c: { name: string }) => (c.name.startsWith(flavor === 'xml' ? 'XML' : flavor === 'json' ? 'JSON' : 'line') ? 0 : 1);
  return cases.filter((c) => c.input.length <= maxBytes).sort((a, b) => order(a) - order(b));
}
