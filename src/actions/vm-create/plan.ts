// Write the XML (base64 argv word, fixed script), validate, define on each node that may run it,
// remove the temp file, then register the VirtualDomain primitive (created Stopped).
import { getProfile, renderDomainXml, renderPrimitiveXml } from '../../profiles/index.js';
import { cibCreateResourceCmd, rmCmd, virshDefineCmd, writeFileB64Cmd, xmlValidateCmd } from '../commands.js';
import { isActiveMember } from '../state.js';
import type { GuardInput, PlanBody, PlanStep } from '../types.js';
import { createPinning, createResourceId, managedCreate, sizes, type CreateFacts, type CreateTarget } from './guards.js';

export function createPlan({ state, target: t, facts, planId, opts }: GuardInput<CreateTarget, CreateFacts>): PlanBody {
  const profile = getProfile(t.profile);
  const { vcpus, memoryMiB } = sizes(t);
  const pin = createPinning(state, t, facts);
  if (pin && !pin.ok) throw new Error(pin.reason);
  const xml = renderDomainXml({ name: t.name, vcpus, memoryMiB, disks: t.disks, bridges: t.bridges }, profile, pin?.ok ? pin.pinning : undefined);
  const managed = managedCreate(state, t);
  // A VirtualDomain resource needs the config on every node that may start it.
  const nodes = managed ? [t.node, ...state.nodeOrder.filter((n) => n !== t.node && isActiveMember(state, n))] : [t.node];
  const path = `/tmp/virtdeck-define-${t.name}-${planId}.xml`;
  const steps: PlanStep[] = [];
  for (const n of nodes) {
    steps.push(
      { kind: 'cmd', node: n, cmd: writeFileB64Cmd(xml, path), purpose: `write the domain XML of ${t.name} to ${path}` },
      { kind: 'cmd', node: n, cmd: xmlValidateCmd(path), purpose: 'validate it against the libvirt schema (skipped when virt-xml-validate is missing)', okCodes: [0, 127] },
      { kind: 'cmd', node: n, cmd: virshDefineCmd(opts.libvirtUri, path), purpose: `define ${t.name} on ${n}` },
      { kind: 'cmd', node: n, cmd: rmCmd(path), purpose: 'remove the temp file', always: true },
    );
  }
  const summary = [`profile ${profile.id}: ${profile.description}`, `${vcpus} vCPU, ${memoryMiB} MiB${pin?.ok ? `, pinned to NUMA cell ${pin.pinning.cell} CPUs ${pin.pinning.cpus.join(',')}` : ''}`];
  if (!managed) return { steps, summary: [...summary, `not registered with Pacemaker; start with "vm start ${t.name} ${t.node}"`] };
  const create = cibCreateResourceCmd(
    renderPrimitiveXml({ resourceId: createResourceId(t.name, state.cluster.vmResourceName), configPath: `/etc/libvirt/qemu/${t.name}.xml`, hypervisor: opts.libvirtUri, allowMigrate: profile.migration === 'full' }),
  );
  steps.push({ kind: 'cmd', node: t.node, cmd: create, purpose: `register Pacemaker resource ${createResourceId(t.name, state.cluster.vmResourceName)} (target-role Stopped)` });
  return { steps, summary: [...summary, `Pacemaker resource ${createResourceId(t.name, state.cluster.vmResourceName)}, allow-migrate=${profile.migration === 'full'}; start with "vm start ${t.name}"`], whatIf: [create] };
}

export { createResourceId };
