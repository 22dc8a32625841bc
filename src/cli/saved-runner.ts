// `--from PATH`: a Runner that answers the collectors' commands from saved outputs instead of
// SSH, so saved data goes through the same parsers into the same store. PATH is either one
// crm_mon XML file or a directory laid out like this (see README "--from layout"; each source
// declares its own files in collectors/<x>/source.ts `saved`):
//
//   PATH/crm_mon.xml                          crm_mon --one-shot --output-as=xml --inactive …
//   PATH/stonith_admin-list-registered.txt    stonith_admin --list-registered
//   PATH/stonith_admin-list-<NODE>.txt        stonith_admin --list NODE
//   PATH/<node>/corosync-quorumtool-s.txt     corosync-quorumtool -s
//   PATH/<node>/corosync-cfgtool-s.txt        corosync-cfgtool -s
//   PATH/<node>/multipathd-show-maps-json.json  multipathd show maps json
//   PATH/<node>/multipath-ll.txt              multipath -ll
//   PATH/<node>/virsh-list-all.txt            virsh list --all
//   PATH/<node>/virsh-list-autostart.txt      virsh list --all --autostart --name
//   PATH/<node>/virsh-domstats.txt            virsh domstats --state --cpu-total …
//   PATH/<node>/virsh-capabilities.xml        virsh capabilities
//   PATH/<node>/iostat.json                   iostat -dxy -o JSON 1 1
//   PATH/<node>/sbd-list-<dev>.txt, sbd-dump-<dev>.txt   sbd -d /dev/…/<dev> list|dump
//   PATH/<node>/watchdog-sysfs.txt            the sysfs watchdog listing (NAME<TAB>IDENTITY<TAB>STATE)
//   PATH/<node>/systemctl-is-active-sbd.txt   systemctl is-active sbd
//   PATH/<node>/proc/stat, proc/meminfo, …     `cat /proc/…` (files mirrored under the node dir,
//   PATH/<node>/etc/sysconfig/sbd              like sosreport/crm_report do)
//   PATH/<node>/sys/kernel/mm/hugepages/…      `grep -r '' DIR`: a mirrored directory
//   PATH/<node>/proc/net/bonding/…
// Cluster-wide files may also sit in a node directory (crm_report keeps one crm_mon per node).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Cmd } from '../ssh/cmd.js';
import type { ResolvedHost } from '../ssh/host.js';
import { ConnStates, runEach, silentStream, upState } from '../ssh/memory-runner.js';
import { RunError, type NodeConnState, type RunResult, type Runner, type StreamHandle } from '../ssh/runner.js';
import { isValid, nodeName } from '../model/names.js';
import { parseCrmMon } from '../collectors/pacemaker/parse.js';
import { memberNodes } from '../collectors/pacemaker/collector.js';
import { SOURCES } from '../collectors/registry.js';
import type { SavedFile } from '../collectors/saved-file.js';
import { NOT_COLLECTED } from '../store/freshness.js';

export type { SavedFile } from '../collectors/saved-file.js';

/** Which saved file answers a command (undefined: not something --from can answer): the first
 *  registered source that knows the command says (collectors/<x>/source.ts `saved`). */
export function savedFileFor(c: Cmd): SavedFile | undefined {
  for (const s of SOURCES) {
    const f = s.saved?.fileFor(c);
    if (f) return f;
  }
  return undefined;
}

function walkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walkFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

export class SavedOutputRunner implements Runner {
  readonly root: string;
  /** One crm_mon XML file instead of a directory. */
  readonly singleFile: boolean;
  private readonly nodeList: string[];
  private readonly conn = new ConnStates();
  private closed = false;

  constructor(path: string) {
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new Error(`--from ${path}: not found`);
    }
    this.root = path;
    this.singleFile = st.isFile();
    const nodes: string[] = [];
    const crm = this.singleFile ? path : join(path, 'crm_mon.xml');
    try {
      const xml = readFileSync(crm, 'utf8');
      nodes.push(...memberNodes(parseCrmMon(xml, crm)));
    } catch (e) {
      if (this.singleFile) throw new Error(`--from ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!this.singleFile) {
      for (const e of readdirSync(path, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name)))
        if (e.isDirectory() && isValid(nodeName, e.name) && !nodes.includes(e.name)) nodes.push(e.name);
      if (nodes.length === 0) throw new Error(`--from ${path}: no crm_mon.xml and no node directories`);
    }
    this.nodeList = nodes;
    for (const n of nodes) this.conn.set(upState(n, Date.now()));
  }

  nodes(): string[] {
    return [...this.nodeList];
  }

  /** Discovered nodes become targets too; they answer only from what was saved for them. */
  addHost(h: ResolvedHost): void {
    if (this.nodeList.includes(h.name)) return;
    this.nodeList.push(h.name);
    this.conn.set(upState(h.name, Date.now()));
  }

  private read(node: string, c: Cmd): RunResult {
    const t0 = Date.now();
    const res = (stdout: string, code: number, stderr = ''): RunResult => ({ node, stdout, stderr, code, durationMs: Date.now() - t0 });
    const f = savedFileFor(c);
    if (!f) return res('', 127, `${NOT_COLLECTED} (no saved file answers ${c.argv.join(' ')})`);
    const candidates: string[] = [];
    if (this.singleFile) {
      if (f.file === 'crm_mon.xml') candidates.push(this.root);
    } else {
      if (f.scope === 'cluster') candidates.push(join(this.root, f.file));
      candidates.push(join(this.root, node, f.file));
    }
    for (const p of candidates) {
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (f.grepDir && st.isDirectory()) {
        const base = join(this.root, node);
        const lines: string[] = [];
        for (const file of walkFiles(p)) {
          const abs = `/${file.slice(base.length + 1).split('\\').join('/')}`;
          for (const l of readFileSync(file, 'utf8').split('\n')) if (l !== '') lines.push(`${abs}:${l}`);
        }
        return res(lines.length ? `${lines.join('\n')}\n` : '', lines.length ? 0 : 1);
      }
      if (st.isFile()) {
        const text = readFileSync(p, 'utf8');
        if (f.grepDir) return res(text.split('\n').filter((l) => l !== '').map((l) => `${f.grepDir}:${l}`).join('\n') + '\n', 0);
        return res(text, 0);
      }
    }
    const where = this.singleFile ? `${f.file}: one crm_mon XML file was given` : join(f.scope === 'cluster' ? '' : node, f.file);
    return res('', 1, `${NOT_COLLECTED} (no ${where})`);
  }

  async run(node: string, c: Cmd): Promise<RunResult> {
    if (this.closed) throw new RunError('closed', node, 'runner closed', c);
    if (!this.nodeList.includes(node)) throw new RunError('unknown-node', node, `not a node of ${this.root}`, c);
    return this.read(node, c);
  }

  runBatch(node: string, cmds: readonly Cmd[]): Promise<RunResult[]> {
    return runEach((n, c) => this.run(n, c), node, cmds);
  }

  /** Saved outputs do not move: streams never produce data. */
  stream(): StreamHandle {
    return silentStream();
  }

  onConnState(listener: (s: NodeConnState) => void): () => void {
    return this.conn.subscribe(listener);
  }

  connState(node: string): NodeConnState | undefined {
    return this.conn.get(node);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.conn.unsubscribeAll();
  }
}
