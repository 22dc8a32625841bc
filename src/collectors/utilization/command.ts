// Pacemaker utilization lives in the CIB, not in crm_mon's XML: three scoped reads sent in one
// exec, none holding a fence device's secrets (nodes; VirtualDomain primitives only; cluster options).
import { cmd, type Cmd } from '../../ssh/cmd.js';
import { crmConfigCmd } from '../pacemaker/cluster-name.js';

export const cibNodesCmd = (): Cmd => cmd('cibadmin', '--query', '--scope', 'nodes').sudo().timeout(20_000).done();
/** Same argv as the actions' VM ↔ resource read (actions/commands.ts cibVmPrimitivesCmd). */
export const VM_PRIMITIVES_XPATH = "//primitive[@class='ocf'][@type='VirtualDomain']";
export const cibVmPrimitivesCmd = (): Cmd => cmd('cibadmin', '--query', '--xpath', VM_PRIMITIVES_XPATH).sudo().timeout(20_000).done();

export const utilizationCmds = (): Cmd[] => [cibNodesCmd(), cibVmPrimitivesCmd(), crmConfigCmd()];
