// The lab cluster's CIB before the scheduler has run: three members named like the ssh_config
// aliases (lab-n1…), an sbd fence device and three VirtualDomain primitives, each preferring its
// own node so placement is deterministic; stickiness (as on real clusters) keeps a moved VM
// where it went once the move constraint is cleared. `crm_simulate -S` settles it into the lab's cib.xml.

export interface LabVm {
  /** libvirt domain name */
  name: string;
  /** Pacemaker resource id */
  resource: string;
  /** node the location constraint prefers (index into the lab's nodes) */
  prefers: number;
}

export const LAB_VMS: readonly LabVm[] = [
  { name: 'web1', resource: 'vm-web1', prefers: 0 },
  { name: 'db1', resource: 'vm-db1', prefers: 1 },
  { name: 'app1', resource: 'vm-app1', prefers: 2 },
];

export const labNodeName = (i: number): string => `lab-n${i + 1}`;

export function labCibInput(nodeCount: number): string {
  const nodes = Array.from({ length: nodeCount }, (_, i) => `      <node id="${i + 1}" uname="${labNodeName(i)}"/>`).join('\n');
  const states = Array.from(
    { length: nodeCount },
    (_, i) => `    <node_state id="${i + 1}" uname="${labNodeName(i)}" in_ccm="true" crmd="online" join="member" expected="member"/>`,
  ).join('\n');
  const vms = LAB_VMS.map(
    (v) => `      <primitive id="${v.resource}" class="ocf" provider="heartbeat" type="VirtualDomain">
        <instance_attributes id="${v.resource}-ia">
          <nvpair id="${v.resource}-config" name="config" value="/etc/libvirt/qemu/${v.name}.xml"/>
          <nvpair id="${v.resource}-hypervisor" name="hypervisor" value="qemu:///system"/>
        </instance_attributes>
        <meta_attributes id="${v.resource}-meta">
          <nvpair id="${v.resource}-allow-migrate" name="allow-migrate" value="true"/>
        </meta_attributes>
        <operations>
          <op id="${v.resource}-monitor-30s" name="monitor" interval="30s" timeout="30s"/>
        </operations>
      </primitive>`,
  ).join('\n');
  const locs = LAB_VMS.map((v) => `      <rsc_location id="loc-${v.name}" rsc="${v.resource}" node="${labNodeName(v.prefers % nodeCount)}" score="50"/>`).join('\n');
  return `<cib crm_feature_set="3.16.1" validate-with="pacemaker-3.9" have-quorum="1" dc-uuid="1" epoch="1" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config>
      <cluster_property_set id="cib-bootstrap-options">
        <nvpair id="opt-stonith-enabled" name="stonith-enabled" value="true"/>
        <nvpair id="opt-cluster-name" name="cluster-name" value="lab"/>
      </cluster_property_set>
    </crm_config>
    <nodes>
${nodes}
    </nodes>
    <resources>
      <primitive id="fence-sbd" class="stonith" type="fence_sbd">
        <instance_attributes id="fence-sbd-ia">
          <nvpair id="fence-sbd-devices" name="devices" value="/dev/disk/by-id/lab-sbd"/>
        </instance_attributes>
      </primitive>
${vms}
    </resources>
    <constraints>
${locs}
    </constraints>
    <rsc_defaults>
      <meta_attributes id="rsc-options">
        <nvpair id="rsc-options-resource-stickiness" name="resource-stickiness" value="100"/>
      </meta_attributes>
    </rsc_defaults>
  </configuration>
  <status>
${states}
  </status>
</cib>
`;
}
