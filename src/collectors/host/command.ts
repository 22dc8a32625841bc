import { cmd, type Cmd } from '../../ssh/cmd.js';

/** One batch per tick: CPU, memory, load, uptime, hugepage pools (grep -r prints path:value). */
export const hostBatch = (): Cmd[] => [
  cmd('cat', '/proc/stat').done(),
  cmd('cat', '/proc/meminfo').done(),
  cmd('cat', '/proc/loadavg').done(),
  cmd('cat', '/proc/uptime').done(),
  cmd('grep', '-r', '', '/sys/kernel/mm/hugepages').done(),
];

export const capabilitiesCmd = (uri: string): Cmd => cmd('virsh', '-c', uri, '-r', 'capabilities').timeout(15_000).done();
