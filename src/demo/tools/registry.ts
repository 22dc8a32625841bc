// argv[0] → simulated tool.
import { cibadmin, crmAttribute, crmMon, crmResource, crmSimulate } from './pacemaker.js';
import { corosyncCfgtool, corosyncCmapctl, corosyncQuorumtool, sbd, stonithAdmin, systemctl } from './cluster.js';
import { cat, grep, mktemp, rm, tee } from './host.js';
import { journalctl } from './journal.js';
import { dlmTool, lvmlockctl, lvs } from './lvm.js';
import { sh, virtXmlValidate } from './shell.js';
import { iostat, multipath, multipathd } from './storage.js';
import type { Tool } from './types.js';
import { virsh } from './virsh.js';

const hostname: Tool = (ctx) => {
  ctx.io.out(`${ctx.node}\n`);
  return 0;
};

export const TOOLS: ReadonlyMap<string, Tool> = new Map<string, Tool>([
  ['crm_mon', crmMon],
  ['cibadmin', cibadmin],
  ['crm_attribute', crmAttribute],
  ['crm_resource', crmResource],
  ['crm_simulate', crmSimulate],
  ['stonith_admin', stonithAdmin],
  ['sbd', sbd],
  ['systemctl', systemctl],
  ['corosync-quorumtool', corosyncQuorumtool],
  ['corosync-cfgtool', corosyncCfgtool],
  ['corosync-cmapctl', corosyncCmapctl],
  ['cat', cat],
  ['grep', grep],
  ['tee', tee],
  ['rm', rm],
  ['mktemp', mktemp],
  ['journalctl', journalctl],
  ['iostat', iostat],
  ['multipath', multipath],
  ['multipathd', multipathd],
  ['virsh', virsh],
  ['lvmlockctl', lvmlockctl],
  ['dlm_tool', dlmTool],
  ['lvs', lvs],
  ['virt-xml-validate', virtXmlValidate],
  ['sh', sh],
  ['hostname', hostname],
  ['true', () => 0],
  ['false', () => 1],
]);

/** Accepts /usr/sbin/crm_mon as crm_mon. */
export function findTool(argv0: string): Tool | undefined {
  return TOOLS.get(argv0.replace(/^\/(usr\/)?s?bin\//, ''));
}
