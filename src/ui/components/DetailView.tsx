/** @jsxRuntime automatic */
// Drill-down: node, VM or resource detail as scrollable lines.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Runner } from '../../ssh/runner.js';
import { OnDemandRunner } from '../../ssh/on-demand-runner.js';
import type { DomainXmlInfo } from '../../model/vm.js';
import { DEFAULT_LIBVIRT_URI, domdisplayCmd, dumpxmlCmd } from '../../collectors/virsh/command.js';
import { parseDomdisplay, parseDumpxml } from '../../collectors/virsh/parse.js';
import { readSnapshots } from '../../collectors/virsh/snapshot-read.js';
import { readMultipath } from '../../collectors/multipath/read.js';
import { onDemandSshLine, type DetailRead } from '../panes/detail/on-demand.js';
import { atTick, useSelectors, type Tick } from '../store-context.js';
import type { VdStoreState } from '../../store/types.js';
import { nodeDetailLines, resourceDetailLines, vmDetailLines, type Line } from '../panes/detail/lines.js';
import { ScrolledLines } from './Lines.js';

/**
 * One read-only read for the drilled-down VM or node, once per drill-down (`key` names what is
 * read; undefined: nothing to read): loading, then the value, or its error. A read that ends
 * after the operator left the detail is dropped. Through an OnDemandRunner (a session read from
 * Prometheus) the read opens SSH to that node, and the value is stamped with when it was read.
 */
function useDetailRead<S extends object>(runner: Runner | undefined, key: string | undefined, read: (runner: Runner) => Promise<S>): DetailRead<S> | undefined {
  const [st, setSt] = useState<DetailRead<S> | undefined>();
  const readNow = useRef(read);
  readNow.current = read;
  useEffect(() => {
    if (!runner || key === undefined) return;
    const onDemand = runner instanceof OnDemandRunner;
    let live = true;
    setSt(onDemand ? { loading: true, onDemand: true } : { loading: true });
    readNow.current(runner).then(
      (v) => live && setSt(onDemand ? { ...v, onDemandAt: Date.now() } : v),
      (e: unknown) => live && setSt({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
    // `key` names the read (VM or node, URI): one read per runner and key, whatever `read`'s identity.
  }, [runner, key]);
  return st;
}

/** The VM's domain XML (disks and NICs). */
async function readDumpxml(runner: Runner, node: string, name: string, uri: string): Promise<{ info: DomainXmlInfo }> {
  const r = await runner.run(node, dumpxmlCmd(uri, name));
  if (r.code !== 0) throw new Error(r.stderr.trim() || `virsh dumpxml exited ${r.code}`);
  return { info: parseDumpxml(r.stdout, node) };
}
/** The VM's console address, as the SSH collector reads it (a VM that is not running has none). */
async function readDisplay(runner: Runner, node: string, name: string, uri: string): Promise<{ display?: string }> {
  const r = await runner.run(node, domdisplayCmd(uri, name));
  const display = r.code === 0 ? parseDomdisplay(r.stdout, node) : undefined;
  return display ? { display } : {};
}

/** `actionsOff`: why the keys that act are refused in this session (read-only), said where a detail offers them. */
export function DetailView({ kind, id, width, height, offset, sshUser, lineCount, runner, libvirtUri, actionsOff }: { kind: 'node' | 'vm' | 'resource'; id: string; width: number; height: number; offset: number; sshUser?: string; lineCount?: (n: number) => void; runner?: Runner; libvirtUri?: string; actionsOff?: string }) {
  const uri = libvirtUri ?? DEFAULT_LIBVIRT_URI;
  const [name = '', node = ''] = kind === 'vm' ? id.split('@') : [];
  const vmKey = name && node ? `${uri}\0${id}` : undefined;
  const xml = useDetailRead(runner, vmKey, (r) => readDumpxml(r, node, name, uri));
  const snaps = useDetailRead(runner, vmKey, (r) => readSnapshots(r, node, uri, name));
  // Only SSH on demand: an SSH session's collector has the display already.
  const onDemand = runner instanceof OnDemandRunner;
  const display = useDetailRead(runner, onDemand ? vmKey : undefined, (r) => readDisplay(r, node, name, uri));
  // The exporters carry no multipath: a session read from Prometheus reads the node's maps on demand.
  const multipath = useDetailRead(runner, onDemand && kind === 'node' ? id : undefined, async (r) => ({ maps: await readMultipath(r, id) }));
  const { allVms } = useSelectors();
  // Redrawn only when a line changes; ages move with the clock tick (agedNodes).
  const compute = useCallback(
    (st: VdStoreState, tick: Tick): Line[] => {
      const { s, now } = atTick(st, tick);
      if (kind === 'node') return nodeDetailLines(s, id, now, width, multipath, runner instanceof OnDemandRunner ? onDemandSshLine(runner, id, now) : undefined);
      return kind === 'vm' ? vmDetailLines(s, id, now, sshUser, xml, width, allVms, snaps, display, actionsOff) : resourceDetailLines(s, id, now);
    },
    [kind, id, sshUser, xml, width, allVms, snaps, display, multipath, runner, actionsOff],
  );
  return <ScrolledLines compute={compute} width={width} height={height} offset={offset} lineCount={lineCount} />;
}
