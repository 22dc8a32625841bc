import { cmd, type Cmd } from '../../ssh/cmd.js';
import { domainName } from '../../model/names.js';

export const DEFAULT_LIBVIRT_URI = 'qemu:///system';
// LC_ALL=C.UTF-8: virsh translates table headers, state names, event names and domjobinfo
// labels, and prints numbers with the locale's decimal separator, so the parsers read the C
// locale; but plain C prints every non-ASCII byte of a domain name in `list` as "\xff" (café-vm →
// caf\xff\xff-vm), which then matches no other output. C.UTF-8 is C with UTF-8 text (glibc ≥ 2.35,
// Debian, Ubuntu, RHEL 8+); where it does not exist virsh falls back to C (a "setlocale" notice on
// stderr) and the collector still joins such names by their shape (join-names.ts).
export const VIRSH_ENV = { LC_ALL: 'C.UTF-8' } as const;
const virsh = (uri: string, ...args: string[]) => cmd('virsh', '-c', uri, ...args).env(VIRSH_ENV);

export const listAllCmd = (uri: string): Cmd => virsh(uri, '-r', 'list', '--all').done();
export const autostartNamesCmd = (uri: string): Cmd => virsh(uri, '-r', 'list', '--all', '--autostart', '--name').done();
/**
 * The figures that move, on every VM poll: state, CPU time, block latency. `--interface` would
 * add ~10 lines per NIC of every VM that nothing reads; balloon and vCPU (another ~20 lines per
 * VM, for one number each) are read by domSizesCmd, which the collector runs at a slow cadence.
 * --nowait: skip stats that need a busy QEMU monitor (e.g. during a migration) instead of blocking.
 */
export const domstatsCmd = (uri: string): Cmd =>
  virsh(uri, '-r', 'domstats', '--state', '--cpu-total', '--block', '--nowait').timeout(20_000).done();
/** vCPU count and balloon size (memory) of every domain: change only on hot-plug/ballooning. */
export const domSizesCmd = (uri: string): Cmd => virsh(uri, '-r', 'domstats', '--state', '--balloon', '--vcpu', '--nowait').timeout(20_000).done();
/** Stream of lifecycle events so state changes arrive without waiting for a poll. */
export const eventStreamCmd = (uri: string): Cmd => virsh(uri, '-r', 'event', '--all', '--loop', '--timestamp').done();
export const domdisplayCmd = (uri: string, vm: string): Cmd => virsh(uri, '-r', 'domdisplay', domainName(vm)).done();
export const dumpxmlCmd = (uri: string, vm: string): Cmd => virsh(uri, '-r', 'dumpxml', domainName(vm)).done();
export const dominfoCmd = (uri: string, vm: string): Cmd => virsh(uri, '-r', 'dominfo', domainName(vm)).done();
export const domjobinfoCmd = (uri: string, vm: string): Cmd => virsh(uri, '-r', 'domjobinfo', domainName(vm)).done();
