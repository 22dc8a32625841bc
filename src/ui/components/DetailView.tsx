/** @jsxRuntime automatic */
// Drill-down: node, VM or resource detail as scrollable lines.
import { useCallback, useEffect, useState } from 'react';
import type { Runner } from '../../ssh/runner.js';
import { DEFAULT_LIBVIRT_URI, dumpxmlCmd } from '../../collectors/virsh/command.js';
import { parseDumpxml } from '../../collectors/virsh/parse.js';
import { atTick, useSelectors, type Tick } from '../store-context.js';
import type { VdStoreState } from '../../store/types.js';
import { nodeDetailLines, resourceDetailLines, vmDetailLines, type DomainXmlState, type Line } from '../panes/detail/lines.js';
import { ScrolledLines } from './Lines.js';

/** Reads the VM's domain XML once per drill-down (read-only virsh), for disks and NICs. */
function useDomainXml(runner: Runner | undefined, uri: string, rowId: string | undefined): DomainXmlState | undefined {
  const [st, setSt] = useState<DomainXmlState | undefined>();
  useEffect(() => {
    if (!runner || !rowId) return;
    const [name, node] = rowId.split('@');
    if (!name || !node) return;
    let live = true;
    setSt({ loading: true });
    (async () => {
      try {
        const r = await runner.run(node, dumpxmlCmd(uri, name));
        if (r.code !== 0) throw new Error(r.stderr.trim() || `virsh dumpxml exited ${r.code}`);
        const info = parseDumpxml(r.stdout, node);
        if (live) setSt({ info });
      } catch (e) {
        if (live) setSt({ error: e instanceof Error ? e.message : String(e) });
      }
    })();
    return () => {
      live = false;
    };
  }, [runner, uri, rowId]);
  return st;
}

export function DetailView({ kind, id, width, height, offset, sshUser, lineCount, runner, libvirtUri }: { kind: 'node' | 'vm' | 'resource'; id: string; width: number; height: number; offset: number; sshUser?: string; lineCount?: (n: number) => void; runner?: Runner; libvirtUri?: string }) {
  const xml = useDomainXml(runner, libvirtUri ?? DEFAULT_LIBVIRT_URI, kind === 'vm' ? id : undefined);
  const { allVms } = useSelectors();
  // Redrawn only when a line changes; ages move with the clock tick (agedNodes).
  const compute = useCallback(
    (st: VdStoreState, tick: Tick): Line[] => {
      const { s, now } = atTick(st, tick);
      return kind === 'node' ? nodeDetailLines(s, id, now, width) : kind === 'vm' ? vmDetailLines(s, id, now, sshUser, xml, width, allVms) : resourceDetailLines(s, id, now);
    },
    [kind, id, sshUser, xml, width, allVms],
  );
  return <ScrolledLines compute={compute} width={width} height={height} offset={offset} lineCount={lineCount} />;
}
