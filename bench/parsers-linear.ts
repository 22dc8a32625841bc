// `npx tsx bench/parsers-linear.ts [--old]`: every collector parser fed adversarial input (long
// runs of whitespace, quotes, slashes, state words: what makes a backtracking regex super-linear)
// at 12 KiB and 48 KiB (under the 64 KiB line caps, so the work is really done). Bounds (issue 14
// item 14): each 48 KiB input parses in under 100 ms, and 4x the input costs under 8x the time
// (linear: ~4x; quadratic: ~16x). Exits 1 when a bound fails. --old also times the list row
// regex this replaced. The unit tests check these inputs' results; time is only measured here.
import { parseDomjobinfo, parseDumpxml, parseVirshEventLine, readDomstatsRecords, readVirshList } from '../src/collectors/virsh/parse.js';
import { parseCfgtool, parseQuorumtool } from '../src/collectors/corosync/parse.js';
import { parseSbdConfig, parseSbdDump, parseStonithList, parseWatchdogSysfs } from '../src/collectors/fencing/parse.js';
import { parseBondingGrep, parseProcNetDev } from '../src/collectors/network/parse.js';
import { parseHugepagesSysfs, parseMeminfo } from '../src/collectors/host/parse.js';
import { parseMultipathLl } from '../src/collectors/multipath/parse.js';
import { parseCrmMon } from '../src/collectors/pacemaker/parse.js';

const LIMIT_MS = 100;
const MAX_GROWTH = 8;
const sp = (n: number) => ' '.repeat(n);
const HEAD = ' Id   Name   State\n-------------------\n';
const quiet = (f: () => unknown) => () => {
  try {
    f();
  } catch {
    /* a ParseError is a fine answer; only the time counts here */
  }
};

/** name → input of about n characters → the parse. */
const CASES: Record<string, (n: number) => () => unknown> = {
  'virsh list: rows of spaces': (n) => quiet(() => readVirshList(`${HEAD}${` 7${sp(4000)}\n`.repeat(n / 4000)} 1 a running\n`)),
  'virsh list: names of spaces and state words': (n) => quiet(() => readVirshList(`${HEAD}${` 1 ${'running '.repeat(500)}x\n`.repeat(n / 4000)} 2 b paused\n`)),
  'virsh domstats: value of spaces': (n) => quiet(() => readDomstatsRecords(`Domain: 'x'\n  state.state=1\n  cpu.time=${sp(n)}x\n`)),
  'virsh domstats: unclosed names': (n) => quiet(() => readDomstatsRecords(`Domain: 'a\n`.repeat(n / 11))),
  'virsh domjobinfo: key/value spaces': (n) => quiet(() => parseDomjobinfo(`Job type: None\n${`A: a${sp(4000)}x\n`.repeat(n / 4000)}`)),
  'virsh event: quotes': (n) => quiet(() => parseVirshEventLine(`event 'lifecycle' for domain '${"'".repeat(n)}x`)),
  'virsh event: agent-lifecycle': (n) => quiet(() => parseVirshEventLine(`event 'agent-lifecycle' for domain 'x${"': state: 'a' reason: '".repeat(n / 24)}`)),
  'virsh dumpxml: spaces': (n) => quiet(() => parseDumpxml(`<domain><name>a${sp(n)}b</name><memory>1</memory></domain>`)),
  'corosync quorumtool: member row': (n) => quiet(() => parseQuorumtool(`Quorum information\nQuorate: Yes\nNodeid Votes Name\n 1 1 x${sp(n)}y\n`)),
  'corosync quorumtool: field spaces': (n) => quiet(() => parseQuorumtool(`Quorum information\nQuorate: Yes${sp(n)}x\n`)),
  'corosync cfgtool: status spaces': (n) => quiet(() => parseCfgtool(`Printing link status.\nLINK ID 0\n\taddr = 1\n\tstatus:\n\t\tnodeid: 1:${sp(n)}x\n`)),
  'sbd dump: key spaces': (n) => quiet(() => parseSbdDump(`==Dumping header on disk /d\nTimeout (watchdog)${sp(n)}x\n`, '/d')),
  'watchdog sysfs: identity spaces': (n) => quiet(() => parseWatchdogSysfs(`watchdog0\ta${sp(n)}b\tactive\n`)),
  'watchdog sysfs: many tabs, then a bad state': (n) => quiet(() => parseWatchdogSysfs(`watchdog0${'\t'.repeat(n)}x\n`)),
  'watchdog sysfs: many devices': (n) => quiet(() => parseWatchdogSysfs(Array.from({ length: n / 24 }, (_, i) => `watchdog${i}\tsoftdog\tactive\n`).join(''))),
  'sbd config: comment search': (n) => quiet(() => parseSbdConfig(`SBD_DEVICE=a${sp(n)}b\n`)),
  'stonith_admin list: spaces': (n) => quiet(() => parseStonithList(`${sp(n)}x\n1 fence device found\n`, 'n1')),
  'bonding: slashes': (n) => quiet(() => parseBondingGrep(`${'/'.repeat(n)}:x\r y\n`)),
  'bonding: value spaces': (n) => quiet(() => parseBondingGrep(`bond0:MII Status: a${sp(n)}b\n`)),
  '/proc/net/dev: spaces': (n) => quiet(() => parseProcNetDev(`Inter-|\n face |\n eth0:${sp(n)}x\n`)),
  '/proc/meminfo: spaces': (n) => quiet(() => parseMeminfo(`MemTotal:${sp(n)}1 x\n`)),
  'hugepages sysfs: spaces': (n) => quiet(() => parseHugepagesSysfs(`/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages:${sp(n)}1 x\n`)),
  'multipath -ll: tree prefix': (n) => quiet(() => parseMultipathLl(`mpatha (1) dm-0 X,Y\nsize=1G features='0' hwhandler='0' wp=rw\n${'|-+- '.repeat(n / 5)}x\n`)),
  'crm_mon: attribute spaces': (n) => quiet(() => parseCrmMon(`<pacemaker-result><summary x="${sp(n)}"/></pacemaker-result>`)),
};

/** Best of `reps` runs, ms. */
function time(f: () => unknown, reps = 7): number {
  f(); // warm-up: compile before timing
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    f();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

/** The list row regex this replaced, for the record (one 3,000-space row took ~6 s). */
const OLD_LIST_ROW = /^\s*(\d+|-)\s+(.+?)\s+(in shutdown|shut off|no state|running|idle|paused|crashed|pmsuspended|blocked|dying)\s*$/;
const OLD_LIST_ANY = /^\s*(\d+|-)\s+(.+?)\s+(\S+)\s*$/;

let failed = 0;
const rows: string[] = [];
for (const [name, make] of Object.entries(CASES)) {
  const small = time(make(12 * 1024));
  const big = time(make(48 * 1024));
  const growth = big / Math.max(small, 0.05); // below 0.05 ms the ratio is noise
  const ok = big < LIMIT_MS && growth < MAX_GROWTH;
  if (!ok) failed++;
  rows.push(`${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(44)} 12K ${small.toFixed(2).padStart(8)} ms   48K ${big.toFixed(2).padStart(8)} ms   x${growth.toFixed(1)}`);
}
console.log(rows.join('\n'));
if (process.argv.includes('--old')) {
  for (const n of [250, 500, 1000]) {
    const row = ` 7${sp(n)}`;
    console.log(`old list row regex, ${n} spaces: ${time(() => OLD_LIST_ROW.exec(row) ?? OLD_LIST_ANY.exec(row), 1).toFixed(0)} ms`);
  }
}
console.log(failed ? `${failed} parser(s) over the bound (${LIMIT_MS} ms at 48 KiB, growth < ${MAX_GROWTH}x)` : `all within ${LIMIT_MS} ms at 48 KiB and < ${MAX_GROWTH}x growth for 4x input`);
process.exitCode = failed ? 1 : 0;
