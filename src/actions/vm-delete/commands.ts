// The commands of vm delete, as argv data (the plan, sudoers and the demo read the same builders).
import { domainName, filePath, resourceId } from '../../model/names.js';
import { cmd, type Cmd } from '../../ssh/cmd.js';

/** Constraint elements that name resources (by attribute or inside a resource_set). */
export const CONSTRAINT_TAGS = ['rsc_location', 'rsc_colocation', 'rsc_order', 'rsc_ticket'] as const;
export type ConstraintTag = (typeof CONSTRAINT_TAGS)[number];

/** cibadmin deletes the first element of the section whose tag and given attributes match. */
export const constraintXml = (tag: ConstraintTag, id: string): string => `<${tag} id="${resourceId(id)}"/>`;
export const cibDeleteXmlCmd = (xml: string): Cmd => cmd('cibadmin', '--delete', '--scope', 'constraints', '--xml-text', xml).sudo().mutating().timeout(30_000).done();
export const cibDeleteConstraintCmd = (tag: ConstraintTag, id: string): Cmd => cibDeleteXmlCmd(constraintXml(tag, id));

/** The CIB refuses to delete a primitive that constraints still name: they go first. */
export const resourceDeleteCmd = (rsc: string): Cmd =>
  cmd('crm_resource', '--delete', '--resource', resourceId(rsc), '--resource-type', 'primitive').sudo().mutating().timeout(30_000).done();

/** --nvram: libvirt refuses to undefine a UEFI VM while its variable store would be left behind. */
export const virshUndefineCmd = (uri: string, vm: string, nvram: boolean): Cmd =>
  cmd('virsh', '-c', uri, 'undefine', domainName(vm)).argIf(nvram, '--nvram').mutating().timeout(60_000).done();

/** A volume of an active libvirt pool, named by its path. */
export const virshVolDeleteCmd = (uri: string, path: string): Cmd => cmd('virsh', '-c', uri, 'vol-delete', filePath(path)).mutating().timeout(120_000).done();
