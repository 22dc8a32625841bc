// Per node: the VM list with CPU %, disk latency, sizes, autostart and console addresses
// (vms), and libvirt's event stream (vmevents), which only triggers an immediate VM poll.
import type { NodeSourceDef, SourceServices } from '../source.js';
import { virshWords } from '../saved-file.js';
import { VmCollector, startVmEvents } from './collector.js';
import { autostartNamesCmd, domSizesCmd, domdisplayCmd, domstatsCmd, eventStreamCmd, listAllCmd } from './command.js';

export const vmsSource: NodeSourceDef<'vms', 'domdisplay'> = {
  id: 'vms',
  scope: 'node',
  intervalMs: 5_000,
  // Console addresses are refreshed slowly (and at once when a running VM has none).
  extraIntervals: { domdisplay: 60_000 },
  freshness: 'interval',
  batchable: true,
  // virsh hangs with a stuck libvirtd.
  mayHang: true,
  readAlone: true,
  commands: (w) => [listAllCmd(w.libvirtUri), domstatsCmd(w.libvirtUri), autostartNamesCmd(w.libvirtUri), domSizesCmd(w.libvirtUri), domdisplayCmd(w.libvirtUri, w.domain)],
  saved: {
    files: ['virsh-list-all.txt', 'virsh-list-autostart.txt', 'virsh-domstats.txt'],
    fileFor: (c) => {
      const rest = virshWords(c);
      if (rest?.[0] === 'list') return { file: rest.includes('--autostart') ? 'virsh-list-autostart.txt' : 'virsh-list-all.txt', scope: 'node' };
      if (rest?.[0] === 'domstats') return { file: 'virsh-domstats.txt', scope: 'node' };
      return undefined;
    },
  },
  demoTools: ['virsh'],
  collector: (svc: SourceServices) => {
    const vm = new VmCollector();
    const after = (node: string, r: { needDisplay: boolean }) => {
      if (r.needDisplay) svc.trigger(node, 'domdisplay');
    };
    return {
      poll: async (ctx, node) => after(node, await vm.poll(ctx, node)),
      batch: {
        cmds: (ctx, node) => vm.cmds(ctx.libvirtUri, node, ctx.now()),
        apply: (ctx, node, cmds, rs) => after(node, vm.apply(ctx, node, cmds, rs)),
      },
      followUp: { key: 'domdisplay', run: (ctx, node) => vm.pollDisplays(ctx, node) },
    };
  },
};

export const vmeventsSource: NodeSourceDef<'vmevents'> = {
  id: 'vmevents',
  scope: 'node',
  intervalMs: 5_000,
  configurable: false,
  freshness: 'event',
  commands: (w) => [eventStreamCmd(w.libvirtUri)],
  demoTools: ['virsh'],
  collector: (svc) => ({ stream: (ctx, node) => startVmEvents(ctx, node, () => svc.trigger(node, 'vms')) }),
};
