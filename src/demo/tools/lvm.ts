// lvmlockctl --info, dlm_tool ls and lvs --reportformat json in the real tools' layouts
// (src/collectors/lvm/fixtures/README.md says where each comes from).
import { lockspaceStarted, lvOpenOn, lvmUuid, sharedVgs } from '../sim/lvm.js';
import { hasFlag, optValue, type Tool, type ToolCtx } from './types.js';

/** lvmlockd's lock versions only grow: a stable small number per name is enough for the demo. */
const ver = (s: string): number => [...s].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 97, 7);

/** Not an online member: lvmlockd (started with the cluster stack) is not running. */
function lvmlockdUp(ctx: ToolCtx): boolean {
  return ctx.sim.node(ctx.node).member === 'online';
}

export const lvmlockctl: Tool = (ctx, args) => {
  if (!hasFlag(args, '--info', '-i')) {
    ctx.io.err('demo lvmlockctl: only --info\n');
    return 1;
  }
  if (!lvmlockdUp(ctx)) {
    ctx.io.err('/run/lvm/lvmlockd.socket: connect failed: Connection refused\n');
    ctx.io.out('Cannot connect to lvmlockd.\n');
    return 255;
  }
  const blocks: string[] = [];
  const started = sharedVgs(ctx.sim).filter((g) => lockspaceStarted(ctx.sim, ctx.node, g.name));
  // The dlm global lockspace comes with the first VG lockspace; lvmlockctl prints it VG-less.
  if (started.length > 0) blocks.push(`VG vg_uuid= lock_type= \nLS  lvm_global\nLK VG un ver 0\nLK GL un ver ${ver('gl')}\n`);
  for (const g of started) {
    const locks = g.lvs.filter((lv) => lvOpenOn(ctx.sim, lv.path).has(ctx.node)).map((lv) => `LK LV sh ${lv.uuid}\n`);
    blocks.push(`VG ${g.name} lock_type=dlm ${g.uuid}\nLS dlm lvm_${g.name}\nLK VG un ver ${ver(g.name)}\n${locks.join('')}`);
  }
  ctx.io.out(blocks.join('\n'));
  return 0;
};

export const dlmTool: Tool = (ctx, args) => {
  if (args[0] !== 'ls') {
    ctx.io.err('demo dlm_tool: only ls\n');
    return 1;
  }
  // Without dlm_controld (not a member) dlm_tool prints nothing and exits 1.
  if (!lvmlockdUp(ctx)) return 1;
  const sim = ctx.sim;
  const holders = (vg: string | undefined) => sim.nodes.filter((n) => n.ssh !== 'down' && (vg === undefined ? sharedVgs(sim).some((g) => lockspaceStarted(sim, n.name, g.name)) : lockspaceStarted(sim, n.name, vg))).map((n) => n.id);
  const spaces = sharedVgs(sim)
    .filter((g) => lockspaceStarted(sim, ctx.node, g.name))
    .map((g) => ({ name: `lvm_${g.name}`, members: holders(g.name) }));
  if (spaces.length > 0) spaces.push({ name: 'lvm_global', members: holders(undefined) });
  if (spaces.length === 0) return 0;
  const out = ['dlm lockspaces'];
  for (const s of spaces) {
    const id = lvmUuid(s.name).replace(/[^0-9a-f]/gi, '').slice(0, 8).toLowerCase().padEnd(8, '0');
    out.push(
      `name          ${s.name}`,
      `id            0x${id}`,
      'flags         0x00000000 ',
      `change        member ${s.members.length} joined 1 remove 0 failed 0 seq ${s.members.length},${s.members.length}`,
      `members       ${s.members.map((m) => `${m} `).join('')}`,
      '',
    );
  }
  ctx.io.out(`${out.join('\n')}\n`);
  return 0;
};

/** The report fields the demo knows (what virtdeck asks for, and a few more). */
function field(name: string, row: { vg: string; uuid: string; lv: string; lvUuid: string; path: string; size: number; open: boolean; binary: boolean }): string | undefined {
  const b = (v: boolean, word: string) => (row.binary ? (v ? '1' : '0') : v ? word : '');
  switch (name) {
    case 'vg_name':
      return row.vg;
    case 'vg_uuid':
      return row.uuid;
    case 'lv_name':
      return row.lv;
    case 'lv_uuid':
      return row.lvUuid;
    case 'lv_path':
      return row.path;
    case 'lv_dm_path':
      return `/dev/mapper/${row.vg.replace(/-/g, '--')}-${row.lv.replace(/-/g, '--')}`;
    case 'lv_active_locally':
      return b(row.open, 'active locally');
    case 'lv_active_exclusively':
      return b(false, 'active exclusively');
    case 'lv_device_open':
      return b(row.open, 'open');
    case 'vg_shared':
      return b(true, 'shared');
    case 'vg_lock_type':
      return 'dlm';
    case 'lv_size':
      return String(row.size);
    default:
      return undefined;
  }
}

/** `lvs --reportformat json -o F,…` with lvm2's JSON layout (indentation included). */
export const lvs: Tool = (ctx, args) => {
  if (optValue(args, '--reportformat') !== 'json') {
    ctx.io.err('demo lvs: only --reportformat json\n');
    return 3;
  }
  const fields = (optValue(args, '-o', '--options') ?? 'vg_name,lv_name').split(',');
  const unknown = fields.filter((f) => field(f, { vg: '', uuid: '', lv: '', lvUuid: '', path: '', size: 0, open: false, binary: true }) === undefined);
  if (unknown.length > 0) {
    ctx.io.err(`  Unrecognised field: ${unknown[0]}\n`);
    return 3;
  }
  const binary = hasFlag(args, '--binary');
  const rows: string[] = [];
  for (const g of sharedVgs(ctx.sim))
    for (const lv of g.lvs) {
      const row = { vg: g.name, uuid: g.uuid, lv: lv.name, lvUuid: lv.uuid, path: lv.path, size: lv.sizeBytes, open: lvOpenOn(ctx.sim, lv.path).has(ctx.node), binary };
      rows.push(`                  {${fields.map((f) => `${JSON.stringify(f)}:${JSON.stringify(field(f, row))}`).join(', ')}}`);
    }
  ctx.io.out(`  {\n      "report": [\n          {\n              "lv": [\n${rows.join(',\n')}${rows.length ? '\n' : ''}              ]\n          }\n      ]\n  }\n`);
  return 0;
};
