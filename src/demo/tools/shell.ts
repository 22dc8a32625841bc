// `sh -c SCRIPT sh ARGS…` for exactly the fixed scripts virtdeck's actions send (see
// src/actions/commands.ts: CIB_DUMP_SCRIPT, WRITE_B64_SCRIPT). Any other script is refused with
// exit 2: the demo interprets these two, it never becomes a shell. Also virt-xml-validate.
import { cibadmin } from './pacemaker.js';
import type { Tool, ToolCtx } from './types.js';
import { SAN_SYSFS_SCRIPT } from '../../collectors/storage/command.js';
import { sanSysfs } from './san.js';

/** Writes the CIB (cibadmin --query) to the temp file $1 (what-if copy). */
export const DEMO_CIB_DUMP_SCRIPT = 'cibadmin --query > "$1"';
/** Writes base64 $1 decoded to the new file $2; noclobber refuses an existing file. */
export const DEMO_WRITE_B64_SCRIPT = 'set -C; printf %s "$1" | base64 -d > "$2"';

/** Lists $1's watchdog devices from sysfs (the fencing collector and fence check's probe,
 *  src/collectors/fencing/command.ts). */
export const DEMO_WATCHDOG_SYSFS_SCRIPT =
  'for d in "$1"/*; do [ -d "$d" ] || continue; printf \'%s\\t%s\\t%s\\n\' "${d##*/}" "$(cat "$d/identity" 2>/dev/null)" "$(cat "$d/state" 2>/dev/null)"; done';

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

function refuse(ctx: ToolCtx, what: string): number {
  ctx.io.err(`sh: virtdeck demo runs only the fixed scripts of virtdeck's actions; refused: ${what}\n`);
  return 2;
}

/** Runs a tool with its stdout captured (for `> FILE`). */
async function capture(ctx: ToolCtx, tool: Tool, args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await tool({ ...ctx, io: { ...ctx.io, out: (s) => (out += s), err: (s) => ctx.io.err(s), stdin: () => ctx.io.stdin(), onClose: (f) => ctx.io.onClose(f), closed: ctx.io.closed } }, args);
  return { code, out };
}

export const sh: Tool = async (ctx, args) => {
  if (args[0] !== '-c' || args[1] === undefined) return refuse(ctx, args.join(' ') || '(interactive shell)');
  const script = args[1];
  // $0 is args[2]; the positional parameters follow.
  const params = args.slice(3);
  const files = ctx.sim.node(ctx.node).files;
  if (script === DEMO_CIB_DUMP_SCRIPT) {
    const path = params[0];
    if (!path) {
      ctx.io.err('sh: 1: cannot create : Directory nonexistent\n');
      return 2;
    }
    // The shell creates (truncates) the file before cibadmin runs.
    files.set(path, '');
    const r = await capture(ctx, cibadmin, ['--query']);
    files.set(path, r.out);
    return r.code;
  }
  if (script === DEMO_WRITE_B64_SCRIPT) {
    const [data = '', path = ''] = params;
    if (!path) {
      ctx.io.err('sh: 1: cannot create : Directory nonexistent\n');
      return 2;
    }
    if (files.has(path)) {
      ctx.io.err(`sh: 1: cannot create ${path}: File exists\n`);
      return 2;
    }
    files.set(path, '');
    const clean = data.replace(/\s+/g, '');
    if (!B64.test(clean) || clean.length % 4 === 1) {
      ctx.io.err('base64: invalid input\n');
      return 1;
    }
    files.set(path, Buffer.from(clean, 'base64').toString('utf8'));
    return 0;
  }
  if (script === DEMO_WATCHDOG_SYSFS_SCRIPT) {
    // Every demo node has softdog (the demo's sbd query-watchdog says so too), fed by its sbd.
    if (params[0] === '/sys/class/watchdog') ctx.io.out('watchdog0\tSoftware Watchdog\tactive\n');
    return 0;
  }
  if (script === SAN_SYSFS_SCRIPT) {
    sanSysfs(ctx, params[0], params[1]);
    return 0;
  }
  return refuse(ctx, script);
};

/** virt-xml-validate FILE [SCHEMA] (libvirt 9: xmllint against the RelaxNG schema). */
export const virtXmlValidate: Tool = (ctx, args) => {
  const [file, schema] = args;
  const prog = '/usr/bin/virt-xml-validate';
  if (!file) {
    ctx.io.err(`${prog}: syntax: virt-xml-validate XML-FILE [SCHEMA-NAME]\n`);
    return 1;
  }
  const xml = ctx.sim.node(ctx.node).files.get(file);
  if (xml === undefined) {
    ctx.io.err(`${prog}: document ${file} does not exist\n`);
    return 2;
  }
  const root = /^\s*(?:<\?xml[^>]*\?>\s*)?<([A-Za-z][\w-]*)/.exec(xml)?.[1];
  const known = new Set(['domain', 'network', 'storagepool', 'storagevol', 'capability', 'nodedev', 'secret', 'nwfilter', 'interface']);
  if (schema !== undefined && !known.has(schema)) {
    ctx.io.err(`${prog}: schema /usr/share/libvirt/schemas/${schema}.rng does not exist\n`);
    return 4;
  }
  if (!root || !new RegExp(`</${root}>\\s*$`).test(xml)) {
    ctx.io.err(`${file}:1: parser error : Premature end of data in tag ${root ?? 'document'} line 1\n`);
    return 1;
  }
  const want = schema ?? root;
  if (root !== want || (want === 'domain' && !/<name>[^<]+<\/name>/.test(xml))) {
    ctx.io.err(`${file}:1: element ${root}: Relax-NG validity error : Expecting element ${want}, got ${root}\n${file} fails to validate\n`);
    return 3;
  }
  ctx.io.out(`${file} validates\n`);
  return 0;
};
