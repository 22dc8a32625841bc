// crm_resource --utilization: the VM resource's placement weights (sudo: the live CIB).
import { resourceId } from '../../model/names.js';
import { cmd, type Cmd } from '../../ssh/cmd.js';

export type UtilizationName = 'cpu' | 'hv_memory';

/** Any value shape (sudoers passes its placeholder); the plan uses utilizationSetCmd. */
export const utilizationCmdOf = (rsc: string, name: UtilizationName, value: string): Cmd =>
  cmd('crm_resource', '--resource', resourceId(rsc), '--utilization', '--set-parameter', name, '--parameter-value', value).sudo().mutating().timeout(30_000).done();

export const utilizationSetCmd = (rsc: string, name: UtilizationName, value: number): Cmd => {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`utilization ${name} must be a whole number, got ${value}`);
  return utilizationCmdOf(rsc, name, String(value));
};
