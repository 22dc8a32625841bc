/** @jsxRuntime automatic */
// Drill-down: node, VM or resource detail as scrollable lines.
import { useCallback, useEffect, useState } from 'react';
import type { Runner } from '../../ssh/runner.js';
import { DEFAULT_LIBVIRT_URI, dumpxmlCmd } from '../../collectors/virsh/command.js';
import { parseDumpxml } from '../../collectors/virsh/parse.js';
import { readSnapshots } from '../../collectors/virsh/snapshot-read.js';
import type { SnapshotsState } from '../panes/detail/snapshot-lines.js';
import { atTick, useSelectors, type Tick } from '../store-context.js';
import type { VdStoreState } from '../../store/types.js';
import { nodeDetailLines, resourceDetailLines, vmDetailLines, type DomainXmlState, type Line } from '../panes/detail/lines.js';
import { ScrolledLines } from './Lines.js';

/**
 * One read-only virsh read for the drilled-down VM (`name@node`), once per drill-down: loading,
 * then what `read` gave (shaped by `done`), or its error. A read that ends after the operator left
 * the VM is dropped.
 */
function useVmRead<T, S>(runner: Runner | undefined, uri: string, rowId: string | undefined, read: (runner: Runner, node: string, name: string, uri: string) => Promise<T>, done: (v: T) => S): S | { loading: true } | { error: string } | undefined {
  const [st, setSt] = useState<S | { loading: true } | { error: string } | undefined>();
  useEffect(() => {
    if (!runner || !rowId) return;
    const [name, node] = rowId.split('@');
    if (!name || !node) return;
    let live = true;
    setSt({ loading: true });
    read(runner, node, name, uri).then(
      (v) => live && setSt(done(v)),
      (e: unknown) => live && setSt({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
    // read/done are module-level functions: one read per runner, URI and VM.
  }, [runner, uri, rowId]);
  return st;
}

/** The VM's domain XML (disks and NICs). */
async function readDumpxml(runner: Runner, node: string, name: string, uri: string) {
  const r = await runner.run(node, dumpxmlCmd(uri, name));
  if (r.code !== 0) throw new Error(r.stderr.trim() || `virsh dumpxml exited ${r.code}`);
  return parseDumpxml(r.stdout, node);
}
const xmlState = (info: ReturnType<typeof parseDumpxml>): DomainXmlState => ({ info });
const snapshotsRead = (runner: Runner, node: string, name: string, uri: string) => readSnapshots(runner, node, uri, name);
const snapshotsState = (r: Awaited<ReturnType<typeof readSnapshots>>): SnapshotsState => ({ snapshots: r.snapshots });

export function DetailView({ kind, id, width, height, offset, sshUser, lineCount, runner, libvirtUri }: { kind: 'node' | 'vm' | 'resource'; id: string; width: number; height: number; offset: number; sshUser?: string; lineCount?: (n: number) => void; runner?: Runner; libvirtUri?: string }) {
  const uri = libvirtUri ?? DEFAULT_LIBVIRT_URI;
  const xml = useVmRead(runner, uri, kind === 'vm' ? id : undefined, readDumpxml, xmlState);
  const snaps = useVmRead(runner, uri, kind === 'vm' ? id : undefined, snapshotsRead, snapshotsState);
  const { allVms } = useSelectors();
  // Redrawn only when a line changes; ages move with the clock tick (agedNodes).
  const compute = useCallback(
    (st: VdStoreState, tick: Tick): Line[] => {
      const { s, now } = atTick(st, tick);
      return kind === 'node' ? nodeDetailLines(s, id, now, width) : kind === 'vm' ? vmDetailLines(s, id, now, sshUser, xml, width, allVms, snaps) : resourceDetailLines(s, id, now);
    },
    [kind, id, sshUser, xml, width, allVms, snaps],
  );
  return <ScrolledLines compute={compute} width={width} height={height} offset={offset} lineCount={lineCount} />;
}
