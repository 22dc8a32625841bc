// Every command the actions send, as argv data. The sudoers generator and the demo cluster read
// the same builders, so what is allowed, simulated and executed cannot drift apart.
import { domjobinfoCmd as readDomjobinfoCmd } from '../collectors/virsh/command.js';
import { cmd, type Cmd } from '../ssh/cmd.js';
import { domainName, filePath, nodeName, resourceId } from '../model/names.js';

// ---- Pacemaker (sudo: they talk to the CIB of the live cluster) ----

export const standbyCmd = (node: string, on: boolean): Cmd =>
  cmd('crm_attribute', '--node', nodeName(node), '--name', 'standby', '--update', on ? 'on' : 'off')
    .sudo()
    .mutating()
    .timeout(30_000)
    .done();

export const moveCmd = (rsc: string, node: string): Cmd =>
  cmd('crm_resource', '--move', '--resource', resourceId(rsc), '--node', nodeName(node)).sudo().mutating().timeout(30_000).done();

export const clearCmd = (rsc: string): Cmd =>
  cmd('crm_resource', '--clear', '--resource', resourceId(rsc)).sudo().mutating().timeout(30_000).done();

export type TargetRole = 'Started' | 'Stopped';
export const targetRoleCmd = (rsc: string, role: TargetRole): Cmd =>
  cmd('crm_resource', '--resource', resourceId(rsc), '--set-parameter', 'target-role', '--meta', '--parameter-value', role)
    .sudo()
    .mutating()
    .timeout(30_000)
    .done();

/** Maintenance mode: cluster (property), node (permanent node attribute), resource (meta). */
export const clusterMaintenanceCmd = (on: boolean): Cmd =>
  cmd('crm_attribute', '--type', 'crm_config', '--name', 'maintenance-mode', '--update', on ? 'true' : 'false').sudo().mutating().timeout(30_000).done();
export const nodeMaintenanceCmd = (node: string, on: boolean): Cmd =>
  cmd('crm_attribute', '--node', nodeName(node), '--name', 'maintenance', '--update', on ? 'true' : 'false').sudo().mutating().timeout(30_000).done();
export const resourceMaintenanceCmd = (rsc: string, on: boolean): Cmd =>
  cmd('crm_resource', '--resource', resourceId(rsc), '--set-parameter', 'maintenance', '--meta', '--parameter-value', on ? 'true' : 'false')
    .sudo()
    .mutating()
    .timeout(30_000)
    .done();

export const banCmd = (rsc: string, node: string): Cmd =>
  cmd('crm_resource', '--ban', '--resource', resourceId(rsc), '--node', nodeName(node)).sudo().mutating().timeout(30_000).done();

export const cibCreateResourceCmd = (primitiveXml: string): Cmd =>
  cmd('cibadmin', '--create', '--scope', 'resources', '--xml-text', primitiveXml).sudo().mutating().timeout(30_000).done();

export type CibScope = 'fencing-topology' | 'constraints' | 'resources';
/** Unscoped (no `scope`) it prints the whole CIB, fence devices' passwords included: operator role only. */
export const cibQueryCmd = (scope?: CibScope): Cmd =>
  cmd('cibadmin', '--query').argIf(scope !== undefined, '--scope', scope ?? '').sudo().timeout(20_000).done();

/** The VirtualDomain primitives only (VM ↔ resource matching): no stonith device's attributes. */
export const VM_PRIMITIVES_XPATH = "//primitive[@class='ocf'][@type='VirtualDomain']";
export const cibVmPrimitivesCmd = (): Cmd => cmd('cibadmin', '--query', '--xpath', VM_PRIMITIVES_XPATH).sudo().timeout(20_000).done();

export const fenceCmd = (node: string): Cmd =>
  cmd('stonith_admin', '--fence', nodeName(node)).sudo().mutating().timeout(180_000).done();

// ---- What-if on a private copy of the CIB (no sudo: only a file in the user's temp space) ----

export const mktempCmd = (): Cmd => cmd('mktemp', '/tmp/virtdeck-cib.XXXXXXXXXX').timeout(10_000).done();
/** cibadmin prints the CIB; a fixed script writes it to the temp file given as $1. */
export const CIB_DUMP_SCRIPT = 'cibadmin --query > "$1"';
export const cibDumpToCmd = (path: string): Cmd => cmd('sh', '-c', CIB_DUMP_SCRIPT, 'sh', filePath(path)).timeout(30_000).done();
/** The real change, pointed at the copy: same argv, CIB_file set, not sudo, not mutating the cluster. */
export const onCibCopy = (change: Cmd, path: string): Cmd => ({
  ...change,
  sudo: false,
  mutates: false,
  env: { ...(change.env ?? {}), CIB_file: filePath(path) },
});
export const simulateCmd = (path: string): Cmd => cmd('crm_simulate', '-S', '-x', filePath(path)).timeout(60_000).done();
export const rmCmd = (path: string): Cmd => cmd('rm', '-f', filePath(path)).timeout(10_000).done();

// ---- libvirt (the operator's account is in the libvirt group; no sudo) ----

const virsh = (uri: string, ...args: string[]) => cmd('virsh', '-c', uri, ...args);

export const migrateUri = (target: string): string => `qemu+ssh://${nodeName(target)}/system`;

export const virshMigrateCmd = (uri: string, vm: string, target: string, timeoutMs: number): Cmd =>
  virsh(uri, 'migrate', '--live', '--persistent', '--undefinesource', '--verbose', domainName(vm), migrateUri(target))
    .mutating()
    .timeout(timeoutMs + 60_000)
    .done();

/** The collectors' read (same argv), with a timeout: it is polled while a migration runs. */
export const domjobinfoCmd = (uri: string, vm: string): Cmd => ({ ...readDomjobinfoCmd(uri, vm), timeoutMs: 10_000 });
export const domjobabortCmd = (uri: string, vm: string): Cmd => virsh(uri, 'domjobabort', domainName(vm)).mutating().timeout(30_000).done();
export const virshStartCmd = (uri: string, vm: string): Cmd => virsh(uri, 'start', domainName(vm)).mutating().timeout(60_000).done();
export const virshShutdownCmd = (uri: string, vm: string): Cmd => virsh(uri, 'shutdown', domainName(vm)).mutating().timeout(60_000).done();
export const virshDefineCmd = (uri: string, path: string): Cmd => virsh(uri, 'define', filePath(path)).mutating().timeout(60_000).done();
export const dumpxmlInactiveCmd = (uri: string, vm: string): Cmd =>
  virsh(uri, '-r', 'dumpxml', '--inactive', domainName(vm)).timeout(15_000).done();

/** Writes base64 data ($1) to a new file ($2); noclobber refuses an existing file or symlink. */
export const WRITE_B64_SCRIPT = 'set -C; printf %s "$1" | base64 -d > "$2"';
export const writeFileB64Cmd = (content: string, path: string): Cmd =>
  cmd('sh', '-c', WRITE_B64_SCRIPT, 'sh', Buffer.from(content, 'utf8').toString('base64'), filePath(path))
    .mutating()
    .timeout(30_000)
    .done();
export const xmlValidateCmd = (path: string): Cmd => cmd('virt-xml-validate', filePath(path), 'domain').timeout(30_000).done();

// ---- Host reads used by checks ----

export const libvirtGuestsEnabledCmd = (): Cmd => cmd('systemctl', 'is-enabled', 'libvirt-guests').timeout(10_000).done();

