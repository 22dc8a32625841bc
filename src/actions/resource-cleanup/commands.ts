// The commands of resource cleanup / refresh, as argv data (the plan, the what-if and sudoers use them).
import { nodeName, resourceId } from '../../model/names.js';
import { cmd, type Cmd } from '../../ssh/cmd.js';

/** crm_resource --cleanup (fail counts and failed operations) or --refresh (the whole operation
 *  history: Pacemaker re-probes). Without a resource: every failed resource; without a node: all. */
export type CleanupMode = 'cleanup' | 'refresh';
export const cleanupCmd = (mode: CleanupMode, rsc?: string, node?: string): Cmd =>
  cmd('crm_resource', `--${mode}`)
    .argIf(rsc !== undefined, '--resource', rsc === undefined ? '' : resourceId(rsc))
    .argIf(node !== undefined, '--node', node === undefined ? '' : nodeName(node))
    .sudo()
    .mutating()
    .timeout(60_000)
    .done();

/** crm_resource --cleanup refuses to touch a CIB_file (and crashes): the what-if deletes on the
 *  copy what a cleanup deletes in the live status section: the fail-count/last-failure transient
 *  attributes and the failed operations (a refresh: the resource's whole operation history). */
export const cleanupWhatIfCmds = (mode: CleanupMode, rsc?: string, node?: string): Cmd[] => {
  const ns = `//node_state${node === undefined ? '' : `[@uname='${nodeName(node)}']`}`;
  const r = rsc === undefined ? undefined : resourceId(rsc).replace(/:\d+$/, '');
  const attrs = r === undefined ? "starts-with(@name,'fail-count-') or starts-with(@name,'last-failure-')" : `starts-with(@name,'fail-count-${r}#') or starts-with(@name,'last-failure-${r}#')`;
  const lrm = `${ns}//lrm_resource${r === undefined ? '' : `[@id='${r}']`}`;
  const ops = mode === 'refresh' ? lrm : `${lrm}/lrm_rsc_op[contains(@id,'_last_failure_')]`;
  const del = (xpath: string) => cmd('cibadmin', '--delete-all', '--force', '--xpath', xpath).timeout(30_000).done();
  return [del(`${ns}//nvpair[${attrs}]`), del(ops)];
};
