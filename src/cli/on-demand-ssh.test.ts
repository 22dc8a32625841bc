// Which SSH nodes a session read from Prometheus reads its details from: the context's own
// (--prometheus with --context, or a :fleet cluster with a context of that name), none otherwise.
import { describe, expect, it } from 'vitest';
import { resolveTarget, type ResolvedTarget } from '../config/load.js';
import type { VirtdeckConfig } from '../config/schema.js';
import { fleetClusterTarget } from '../fleet/target.js';
import { dumpxmlCmd } from '../collectors/virsh/command.js';
import { onDemandSsh } from './on-demand-ssh.js';

const config: VirtdeckConfig = {
  clusters: {
    'prod-a': { nodes: ['kvm1', 'kvm2'], sshConfig: '/etc/virtdeck/ssh_config', user: 'ops', sudo: true, libvirtUri: 'qemu+tcp:///system', alertHook: ['/bin/true'], prometheus: { url: 'http://prom:9090' } },
  },
  fleet: { prometheus: 'http://prom:9090' },
};
const cluster = (t: ResolvedTarget) => {
  if (t.kind !== 'cluster') throw new Error('not a cluster target');
  return t;
};

describe('SSH on demand targets', () => {
  it('a :fleet cluster with a context of its name lends that context how to reach its nodes (not its alert hook)', () => {
    const t = cluster(fleetClusterTarget(config, 'prod-a'));
    expect(t.prometheus?.match).toBe('{cluster="prod-a"}');
    expect(t.nodes).toEqual([]);
    expect(t.cluster).toEqual({ nodes: ['kvm1', 'kvm2'], sshConfig: '/etc/virtdeck/ssh_config', user: 'ops', sudo: true, libvirtUri: 'qemu+tcp:///system', prometheus: { url: 'http://prom:9090', cluster: 'prod-a' } });
    expect(onDemandSsh(t).nodes()).toEqual(['kvm1', 'kvm2']);
  });

  it('--prometheus with --context: the context nodes', () => {
    const t = cluster(resolveTarget({ context: 'prod-a', prometheus: 'http://prom:9090' }, config));
    expect(t.prometheus).toBeDefined();
    expect(onDemandSsh(t).nodes()).toEqual(['kvm1', 'kvm2']);
  });

  it('no context: every read says why there is nothing to read from', async () => {
    const t = cluster(fleetClusterTarget(config, 'prod-b'));
    const r = onDemandSsh(t);
    expect(r.nodes()).toEqual([]);
    await expect(r.run('kvm7', dumpxmlCmd('qemu:///system', 'web1'))).rejects.toThrow('kvm7: not available from Prometheus: no SSH nodes configured for this cluster');
  });
});
