// CIB builders for the cluster states a real cluster reaches, made only with the real Pacemaker
// CLI on a CIB file (CIB_file=…): cibadmin, crm_attribute, crm_resource, crm_ticket and
// crm_simulate (the real scheduler, with its node/op injections). Nothing here edits XML text:
// each step is one tool call, so every CIB is one the tools themselves accept and write.
// test/integration/cluster-states.test.ts runs the real crm_mon on each and checks the console's
// model against the invariants in test/lab/invariants.ts.
//
// What the tools cannot produce from a CIB file, and so is not a class here:
//  - fence history (crm_mon asks the running fencer; with CIB_file it prints no <fence_history>):
//    "failed fencing" is a node that needs fencing while the only fence device has failed.
//  - a running container runtime: bundles are simulated by the scheduler (it "starts" podman
//    replicas without podman), which is all crm_mon needs.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathWithSbin, toolPath } from '../helpers/tools.js';

/** Programs the builders run (crm_mon is run by the test). */
export const CIB_TOOLS = ['cibadmin', 'crm_attribute', 'crm_resource', 'crm_ticket', 'crm_simulate', 'crm_mon'];

/** Fixed scheduler clock so reruns make the same transitions. */
const SIM_TIME = '2026-01-05T10:00:00Z';

export const MEMBERS = ['n1', 'n2', 'n3'];

/** The base cluster's VMs: libvirt domain, its VirtualDomain resource, the member it prefers. */
export const BASE_VMS: readonly { domain: string; resource: string; node: string }[] = [
  { domain: 'web1', resource: 'vm-web1', node: 'n1' },
  { domain: 'db1', resource: 'vm-db1', node: 'n2' },
  { domain: 'app1', resource: 'vm-app1', node: 'n3' },
];

/** One CIB file, changed only through the tools. `file` always names the current version. */
export class CibBuilder {
  file: string;
  private step = 0;
  constructor(
    readonly dir: string,
    readonly name: string,
  ) {
    this.file = join(dir, `${name}.0.xml`);
    writeFileSync(this.file, this.run('cibadmin', ['--empty']));
  }

  /** Runs a tool against the current CIB file; returns stdout. Errors carry stderr. */
  run(prog: string, args: string[]): string {
    try {
      return execFileSync(toolPath(prog) ?? prog, args, {
        env: { ...process.env, PATH: pathWithSbin(), CIB_file: this.file, LC_ALL: 'C.UTF-8' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
        maxBuffer: 32 * 1024 * 1024,
      });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`${this.name}: ${prog} ${args.join(' ')} failed: ${err.stderr?.trim() || err.message}`);
    }
  }

  prop(name: string, value: string): this {
    this.run('crm_attribute', ['--type', 'crm_config', '--name', name, '--update', value]);
    return this;
  }
  /** cibadmin --create of one element in a section. */
  create(section: 'nodes' | 'resources' | 'constraints' | 'status', xml: string): this {
    this.run('cibadmin', ['--create', '--scope', section, '--xml-text', xml]);
    return this;
  }
  modify(xml: string, section?: 'status' | 'nodes', allowCreate = false): this {
    this.run('cibadmin', ['--modify', ...(allowCreate ? ['--allow-create'] : []), ...(section ? ['--scope', section] : []), '--xml-text', xml]);
    return this;
  }
  remove(section: 'nodes' | 'resources' | 'constraints', xml: string): this {
    this.run('cibadmin', ['--delete', '--scope', section, '--xml-text', xml]);
    return this;
  }
  /** crm_simulate over the current file into the next one (-S executes the transition, -R only plans). */
  simulate(...args: string[]): this {
    const next = join(this.dir, `${this.name}.${++this.step}.xml`);
    this.run('crm_simulate', ['--xml-file', this.file, '--set-datetime', SIM_TIME, ...args, '--save-output', next]);
    this.file = next;
    return this;
  }
  /** Executes transitions until the scheduler plans nothing more (at most `max` rounds; a
   *  blocked action, e.g. without quorum, stays planned forever). */
  settle(max = 6): this {
    for (let i = 0; i < max; i++) {
      this.simulate('--simulate');
      const plan = this.run('crm_simulate', ['--xml-file', this.file, '--set-datetime', SIM_TIME, '--run']);
      const summary = (plan.split('Transition Summary:')[1] ?? '').split(/\n\s*\n/)[0] ?? '';
      if (!/^\s+\*/m.test(summary)) return this;
    }
    return this;
  }
  /**
   * The simulator treats remote connections it has just started as nodes of <nodes> (members) and
   * fences them; pacemaker-controld would record the connection as up instead. Do what it does:
   * mark the remote node_state up and drop the member entry the simulator made.
   */
  remotesUp(names: readonly string[]): this {
    for (const r of names) this.modify(`<node_state id="${r}" uname="${r}" remote_node="true" in_ccm="true" crmd="online" join="member" expected="member"/>`, 'status', true);
    this.settle();
    for (const r of names) {
      try {
        this.remove('nodes', `<node id="${r}"/>`);
      } catch {
        /* not injected this time */
      }
    }
    return this.settle();
  }
}

const vm = (id: string, domain: string, meta = ''): string =>
  `<primitive id="${id}" class="ocf" provider="heartbeat" type="VirtualDomain">` +
  `<instance_attributes id="${id}-ia"><nvpair id="${id}-config" name="config" value="/etc/libvirt/qemu/${domain}.xml"/></instance_attributes>` +
  `<meta_attributes id="${id}-meta"><nvpair id="${id}-am" name="allow-migrate" value="true"/>${meta}</meta_attributes>` +
  `<operations><op id="${id}-mon" name="monitor" interval="30s" timeout="30s"/></operations></primitive>`;

/** Three members, a fence device and three VMs, settled with a DC and quorum. */
export function baseCluster(dir: string, name: string): CibBuilder {
  const b = new CibBuilder(dir, name);
  b.prop('stonith-enabled', 'true').prop('cluster-name', 'gen');
  b.modify('<cib have-quorum="1" dc-uuid="1"/>');
  MEMBERS.forEach((n, i) => b.create('nodes', `<node id="${i + 1}" uname="${n}"/>`));
  b.create('resources', '<primitive id="fence-sbd" class="stonith" type="fence_sbd"><instance_attributes id="fence-sbd-ia"><nvpair id="fence-sbd-dev" name="devices" value="/dev/disk/by-id/gen-sbd"/></instance_attributes></primitive>');
  for (const v of BASE_VMS) b.create('resources', vm(v.resource, v.domain));
  // Deterministic placement: each VM prefers one member; stickiness keeps it there.
  for (const v of BASE_VMS) b.create('constraints', `<rsc_location id="loc-${v.domain}" rsc="${v.resource}" node="${v.node}" score="50"/>`);
  b.simulate('--simulate', ...MEMBERS.flatMap((n) => ['--node-up', n]));
  return b.settle();
}

export interface ClusterStateClass {
  name: string;
  /** What the state is and how the tools made it. */
  about: string;
  build(dir: string): CibBuilder;
}

export const CLUSTER_STATES: readonly ClusterStateClass[] = [
  { name: 'healthy', about: 'three members, fence device, three VMs', build: (d) => baseCluster(d, 'healthy') },
  {
    name: 'remote',
    about: 'a pacemaker_remote host (ocf:pacemaker:remote connection) running a VM',
    build: (d) => {
      const b = baseCluster(d, 'remote');
      b.create('resources', '<primitive id="remote1" class="ocf" provider="pacemaker" type="remote"><instance_attributes id="remote1-ia"><nvpair id="remote1-server" name="server" value="192.0.2.10"/></instance_attributes></primitive>');
      b.create('resources', vm('vm-onremote', 'onremote'));
      b.create('constraints', '<rsc_location id="loc-onremote" rsc="vm-onremote" node="remote1" score="INFINITY"/>');
      return b.settle().remotesUp(['remote1']);
    },
  },
  {
    name: 'guest',
    about: 'a guest node: a VM resource with remote-node meta, a resource running inside it',
    build: (d) => {
      const b = baseCluster(d, 'guest');
      b.create('resources', vm('vm-guest1', 'guest1', '<nvpair id="vm-guest1-rn" name="remote-node" value="guest1"/>'));
      b.create('resources', '<primitive id="app-in-guest" class="ocf" provider="pacemaker" type="Dummy"/>');
      b.create('constraints', '<rsc_location id="loc-app-in-guest" rsc="app-in-guest" node="guest1" score="INFINITY"/>');
      return b.settle().remotesUp(['guest1']);
    },
  },
  {
    name: 'bundle',
    about: 'a podman bundle with two replicas and a docker bundle with one (replicas are guest nodes; simulated, no container runtime needed)',
    build: (d) => {
      const b = baseCluster(d, 'bundle');
      b.create('resources', '<bundle id="galera-bundle"><podman image="localhost/galera" replicas="2"/><network control-port="3123"/><primitive id="galera" class="ocf" provider="heartbeat" type="apache"/></bundle>');
      b.create('resources', '<bundle id="redis-bundle"><docker image="localhost/redis" replicas="1"/><network control-port="3124"/><primitive id="redis" class="ocf" provider="pacemaker" type="Dummy"/></bundle>');
      return b.settle().remotesUp(['galera-bundle-0', 'galera-bundle-1', 'redis-bundle-0']);
    },
  },
  {
    name: 'no-dc',
    about: 'no DC elected (cluster start, partition): crm_mon has no quorum to report',
    build: (d) => baseCluster(d, 'no-dc').modify('<cib dc-uuid=""/>'),
  },
  {
    name: 'no-quorum',
    about: 'a DC without quorum',
    build: (d) => baseCluster(d, 'no-quorum').modify('<cib have-quorum="0"/>'),
  },
  {
    name: 'unclean',
    about: 'n2 failed and is not fenced yet: UNCLEAN with its resources still listed on it',
    build: (d) => baseCluster(d, 'unclean').simulate('--run', '--node-fail', 'n2'),
  },
  {
    name: 'pending',
    about: 'n3 in the membership but its join pending',
    build: (d) => baseCluster(d, 'pending').modify('<node_state id="3" uname="n3" in_ccm="true" crmd="online" join="pending" expected="member"/>', 'status'),
  },
  {
    name: 'offline',
    about: 'n3 left cleanly (offline), and n1 is offline with resources still cached on it (UNCLEAN)',
    build: (d) =>
      baseCluster(d, 'offline')
        .simulate('--simulate', '--node-down', 'n3')
        .settle()
        .modify('<node_state id="1" uname="n1" in_ccm="false" crmd="offline" join="down" expected="down"/>', 'status'),
  },
  {
    name: 'orphaned',
    about: 'a VM deleted from the configuration while its status still says it runs',
    build: (d) => baseCluster(d, 'orphaned').remove('constraints', '<rsc_location id="loc-app1"/>').remove('resources', '<primitive id="vm-app1"/>'),
  },
  {
    name: 'multi-active',
    about: 'vm-web1 found active on a second node by a probe (injected monitor result, not yet recovered)',
    build: (d) => baseCluster(d, 'multi-active').simulate('--run', '--op-inject', 'vm-web1_monitor_0@n2=0'),
  },
  {
    name: 'maintenance',
    about: 'maintenance: cluster-wide, on node n2, and on resource vm-app1',
    build: (d) => {
      const b = baseCluster(d, 'maintenance');
      b.run('crm_attribute', ['--node', 'n2', '--name', 'maintenance', '--update', 'true']);
      b.run('crm_resource', ['--resource', 'vm-app1', '--meta', '--set-parameter', 'maintenance', '--parameter-value', 'true']);
      b.settle();
      return b.prop('maintenance-mode', 'true');
    },
  },
  {
    name: 'standby',
    about: 'n1 put in standby; transition planned, not run: its VM is still on it',
    build: (d) => {
      const b = baseCluster(d, 'standby');
      b.run('crm_attribute', ['--node', 'n1', '--name', 'standby', '--update', 'on']);
      return b;
    },
  },
  {
    name: 'failed-fencing',
    about: 'the only fence device failed (probe error, then its stop failed on n1): n1 UNCLEAN, needing a fence nothing can run',
    build: (d) => baseCluster(d, 'failed-fencing').simulate('--simulate', '--op-inject', 'fence-sbd_monitor_0@n1=1', '--op-fail', 'fence-sbd_stop_0@n1=1'),
  },
  {
    name: 'tickets',
    about: 'a granted ticket and a revoked one that a VM depends on',
    build: (d) => {
      const b = baseCluster(d, 'tickets');
      b.run('crm_ticket', ['--ticket', 'site-a', '--grant', '--force']);
      b.create('constraints', '<rsc_ticket id="tk-db1" rsc="vm-db1" ticket="site-b" loss-policy="stop"/>');
      return b.settle();
    },
  },
  {
    name: 'promotable',
    about: 'a promotable clone (Stateful) with one promoted instance',
    build: (d) => {
      const b = baseCluster(d, 'promotable');
      b.create('resources', '<clone id="stateful-clone"><meta_attributes id="stateful-clone-meta"><nvpair id="stateful-clone-promotable" name="promotable" value="true"/></meta_attributes><primitive id="stateful" class="ocf" provider="pacemaker" type="Stateful"/></clone>');
      b.settle();
      // The promotion score the Stateful agent sets on a real node.
      b.run('crm_attribute', ['--node', 'n1', '--name', 'master-stateful', '--lifetime', 'reboot', '--update', '10']);
      return b.settle();
    },
  },
  {
    name: 'degraded',
    about: 'counts that differ: n3 left (offline), n2 in standby, vm-app1 stopped (target-role), a failed monitor of vm-web1 recovered in place (fail-count 1 of migration-threshold 3), vm-db1 banned from n2',
    build: (d) => {
      const b = baseCluster(d, 'degraded');
      b.run('crm_resource', ['--resource', 'vm-web1', '--meta', '--set-parameter', 'migration-threshold', '--parameter-value', '3']);
      b.run('crm_resource', ['--resource', 'vm-app1', '--meta', '--set-parameter', 'target-role', '--parameter-value', 'Stopped']);
      b.run('crm_attribute', ['--node', 'n2', '--name', 'standby', '--update', 'on']);
      b.run('crm_resource', ['--ban', '--resource', 'vm-db1', '--node', 'n2']);
      b.simulate('--simulate', '--node-down', 'n3').settle().simulate('--simulate', '--op-inject', 'vm-web1_monitor_30000@n1=7').settle();
      // The CIB manager stamps every write; a file the CLI wrote has no stamp, and ha_cluster_exporter
      // fails its pacemaker collector ("could not record CIB last change") without one.
      return b.modify('<cib cib-last-written="Mon Jan  5 10:00:00 2026"/>'); // SIM_TIME in the CIB manager's format
    },
  },
  {
    name: 'everything',
    about: 'remote, guest and bundle nodes together, no DC',
    build: (d) => {
      const b = baseCluster(d, 'everything');
      b.create('resources', '<primitive id="remote1" class="ocf" provider="pacemaker" type="remote"/>');
      b.create('resources', vm('vm-guest1', 'guest1', '<nvpair id="vm-guest1-rn" name="remote-node" value="guest1"/>'));
      b.create('resources', '<bundle id="web-bundle"><podman image="localhost/web" replicas="2"/><network control-port="3121"/><primitive id="httpd" class="ocf" provider="heartbeat" type="apache"/></bundle>');
      b.settle().remotesUp(['remote1', 'guest1', 'web-bundle-0', 'web-bundle-1']);
      return b.modify('<cib dc-uuid=""/>');
    },
  },
];
