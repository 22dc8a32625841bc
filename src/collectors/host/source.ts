// Per node: /proc reads (CPU, memory, load, uptime, hugepages) and, slowly, virsh capabilities.
import type { NodeSourceDef } from '../source.js';
import { mirroredFile, virshWords } from '../saved-file.js';
import { HostCollector, pollCapabilities } from './collector.js';
import { capabilitiesCmd, hostBatch } from './command.js';

export const hostSource: NodeSourceDef<'host'> = {
  id: 'host',
  scope: 'node',
  intervalMs: 5_000,
  freshness: 'interval',
  batchable: true,
  twoSamples: true,
  commands: () => hostBatch(),
  saved: { files: ['proc/stat', 'proc/meminfo', 'proc/loadavg', 'proc/uptime', 'sys/kernel/mm/hugepages/'], fileFor: mirroredFile },
  demoTools: ['cat', 'grep'],
  collector: () => {
    const host = new HostCollector();
    return { poll: (ctx, node) => host.poll(ctx, node), batch: { cmds: () => host.cmds(), apply: (ctx, node, _cmds, rs) => host.apply(ctx, node, rs) } };
  },
};

export const capabilitiesSource: NodeSourceDef<'capabilities'> = {
  id: 'capabilities',
  scope: 'node',
  intervalMs: 300_000,
  freshness: 'interval',
  commands: (w) => [capabilitiesCmd(w.libvirtUri)],
  saved: { files: ['virsh-capabilities.xml'], fileFor: (c) => (virshWords(c)?.[0] === 'capabilities' ? { file: 'virsh-capabilities.xml', scope: 'node' } : undefined) },
  demoTools: ['virsh'],
  collector: () => ({ poll: (ctx, node) => pollCapabilities(ctx, node) }),
};
