// The CLI grammar an action declares (positional arguments and options, each with a type), and
// the one parser over it: argv → named, validated values. The TUI builds the same values from the
// selection and the form, so both faces reach `def.target(values)`; a usage error names its field.
import { devicePath, domainName, nodeName, resourceId } from '../model/names.js';
import { errorText } from './error-text.js';
import { UsageError } from './types.js';

/** What a value is: names are checked by src/model/names.ts, `count` is a whole number. */
export type ValueType = 'node' | 'vm' | 'resource' | 'device' | 'text' | 'count';

export interface ArgSpec {
  /** The value's name (ActionValues key, the form field id). */
  name: string;
  /** How usage shows it (NODE, VM, on|off). */
  meta: string;
  type: ValueType;
  optional?: boolean;
  choices?: readonly string[];
  help?: string;
}

export interface OptSpec {
  name: string;
  /** `--node` */
  flag: string;
  /** The value's placeholder (NODE, MiB); absent: a flag without value (true when given). */
  meta?: string;
  type?: ValueType;
  required?: boolean;
  /** May be given again; the values become a list. */
  repeat?: boolean;
  /** A flag with a `--no-…` twin that sets it false. */
  negatable?: boolean;
  /** Largest accepted count. */
  max?: number;
  help: string;
}

export interface CliGrammar {
  group: string;
  verb: string;
  args: readonly ArgSpec[];
  options?: readonly OptSpec[];
}

export type ActionValue = string | number | boolean | string[];
/** Named values of one target: what argv parses to and what the TUI builds from a row or a form. */
export type ActionValues = Readonly<Record<string, ActionValue | undefined>>;

const CHECKS: Record<ValueType, (v: string) => unknown> = {
  node: nodeName,
  vm: domainName,
  resource: resourceId,
  device: devicePath,
  text: () => undefined,
  count: (v) => {
    if (!/^\d+$/.test(v)) throw new Error(`needs a whole number, got ${JSON.stringify(v)}`);
  },
};

const NOUN: Record<ValueType, string> = { node: 'a node name', vm: 'a VM name', resource: 'a resource id', device: 'a device path', text: 'a value', count: 'a whole number' };

/** A usage error about one value (undefined: about the command line as a whole). */
export const fieldError = (field: string | undefined, message: string): UsageError => new UsageError(message, field);

/** One value checked against its type and choices; the error names the field. */
export function checkValue(spec: { name: string; type?: ValueType; choices?: readonly string[]; max?: number }, label: string, raw: string): string | number {
  if (spec.choices && !spec.choices.includes(raw)) {
    const list = spec.choices.length === 2 ? spec.choices.join(' or ') : `one of ${spec.choices.join(', ')}`;
    throw fieldError(spec.name, `${JSON.stringify(raw)} is not ${list}`);
  }
  const type = spec.type ?? 'text';
  try {
    CHECKS[type](raw);
  } catch (e) {
    throw fieldError(spec.name, type === 'count' ? `${label} ${errorText(e)}` : errorText(e));
  }
  if (type !== 'count') return raw;
  const n = Number(raw);
  if (spec.max !== undefined && n > spec.max) throw fieldError(spec.name, `${label} is at most ${spec.max}, got ${n}`);
  return n;
}

/** `--node NODE`, `--no-cluster|--cluster`: an option as usage and help show it. */
export const optionLabel = (o: OptSpec): string => (o.meta ? `${o.flag} ${o.meta}` : o.negatable ? `--no-${o.flag.slice(2)}|${o.flag}` : o.flag);

const optUsage = (o: OptSpec): string => (o.required ? optionLabel(o) : `[${optionLabel(o)}]${o.repeat ? '…' : ''}`);

/** `node standby NODE`, `vm create NAME --profile P --node N [--vcpus N]…` (no `virtdeck`). */
export function grammarUsage(g: CliGrammar): string {
  const args = g.args.map((a) => (a.optional ? `[${a.meta}]` : a.meta));
  return [g.group, g.verb, ...args, ...(g.options ?? []).map(optUsage)].join(' ');
}

/** What argv or the TUI gives before checking: strings by name (lists for repeatable options,
 *  booleans for flags). */
export type RawValues = Readonly<Record<string, string | string[] | boolean | undefined>>;

/** argv (after `GROUP VERB`) → raw values. Options anywhere; positionals in order, optional ones last. */
export function splitArgv(g: CliGrammar, argv: readonly string[]): Record<string, string | string[] | boolean> {
  const usage = `usage: ${grammarUsage(g)}`;
  const out: Record<string, string | string[] | boolean> = {};
  const words: string[] = [];
  const opts = g.options ?? [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      words.push(a);
      continue;
    }
    const negated = opts.find((o) => o.negatable && `--no-${o.flag.slice(2)}` === a);
    const o = negated ?? opts.find((x) => x.flag === a);
    if (!o) throw new UsageError(`unknown option ${a}\n${usage}`);
    if (!o.meta) {
      out[o.name] = !negated;
      continue;
    }
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) throw fieldError(o.name, `${o.flag} needs ${NOUN[o.type ?? 'text']}\n${usage}`);
    out[o.name] = o.repeat ? [...((out[o.name] as string[] | undefined) ?? []), v] : v;
  }
  const min = g.args.filter((x) => !x.optional).length;
  if (words.length < min || words.length > g.args.length) {
    // A missing switch (on|off) says which words it takes.
    const first = g.args[0];
    if (words.length === 0 && first?.choices) throw fieldError(first.name, `say ${first.choices.join(' or ')}\n${usage}`);
    // too few words: the first missing argument; too many: the command line as a whole
    throw fieldError(words.length < min ? g.args[words.length]?.name : undefined, usage);
  }
  g.args.forEach((spec, i) => {
    if (words[i] !== undefined) out[spec.name] = words[i]!;
  });
  return out;
}

/** Raw values → checked values (types, choices, required options): the CLI and the TUI both come
 *  through here. Unknown names are refused: a UI binding cannot invent a value the grammar lacks. */
export function checkValues(g: CliGrammar, raw: RawValues): Record<string, ActionValue> {
  const out: Record<string, ActionValue> = {};
  const specs = [...g.args.map((a) => ({ ...a, label: a.meta, required: !a.optional })), ...(g.options ?? []).map((o) => ({ ...o, label: o.flag }))];
  for (const k of Object.keys(raw)) if (raw[k] !== undefined && !specs.some((s) => s.name === k)) throw new Error(`${g.group} ${g.verb}: no value ${JSON.stringify(k)} in its grammar`);
  for (const spec of specs) {
    const v = raw[spec.name];
    if (v === undefined || v === '') {
      if (spec.required) throw fieldError(spec.name, 'flag' in spec ? `${spec.flag} is required` : `${spec.meta} is required`);
      continue;
    }
    if (typeof v === 'boolean') out[spec.name] = v;
    else if (Array.isArray(v)) out[spec.name] = v.map((x) => String(checkValue(spec, spec.label, x)));
    else out[spec.name] = checkValue(spec, spec.label, v);
  }
  return out;
}

/** A form's text by value name → raw values: a repeatable option's text is a list (space or
 *  comma separated), a `--no-`able flag's is yes / no / auto (auto: neither), empty text: absent. */
export function formText(g: CliGrammar, text: Readonly<Record<string, string>>): RawValues {
  const out: Record<string, string | string[] | boolean | undefined> = {};
  for (const [k, raw] of Object.entries(text)) {
    const v = raw.trim();
    const o = g.options?.find((x) => x.name === k);
    if (o?.repeat) out[k] = v.split(/[\s,]+/).filter(Boolean);
    else if (o && !o.meta) out[k] = v === 'yes' ? true : v === 'no' ? false : undefined;
    else out[k] = v === '' ? undefined : v;
  }
  return out;
}

/** The CLI path: argv → checked values; a value's error carries the usage line. */
export function parseGrammar(g: CliGrammar, argv: readonly string[]): Record<string, ActionValue> {
  const raw = splitArgv(g, argv);
  try {
    return checkValues(g, raw);
  } catch (e) {
    if (e instanceof UsageError && !e.message.includes('usage:')) throw fieldError(e.field, `${e.message}\nusage: ${grammarUsage(g)}`);
    throw e;
  }
}

/** Typed reads of values (the target builders use them after the parser or the UI filled them). */
export const str = (v: ActionValues, k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
export const num = (v: ActionValues, k: string): number | undefined => (typeof v[k] === 'number' ? (v[k] as number) : undefined);
export const list = (v: ActionValues, k: string): string[] => (Array.isArray(v[k]) ? [...(v[k] as string[])] : []);

/** A required string value (the UI forgot it, or an empty form field): a usage error naming it. */
export function need(v: ActionValues, k: string, what: string): string {
  const s = str(v, k);
  if (s === undefined || s === '') throw fieldError(k, `${what} is required`);
  return s;
}
