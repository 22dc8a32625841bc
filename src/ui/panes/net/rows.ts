// Network view: bonds with their slaves, and interface throughput/errors per node.
import type { VdState } from '../../../store/types.js';
import { fmtRate } from '../../format.js';
import type { Column, Row } from '../../table.js';
import { SYM, type Tone } from '../../theme.js';
import { nodeSourceCell } from '../fresh.js';

export type NetInput = Pick<VdState, 'nodeOrder' | 'nodes'>;

export const NET_COLUMNS: Column[] = [
  { title: 'NODE', width: 8, priority: 0 },
  { title: 'IFACE', width: 8, priority: 0, grow: true },
  { title: 'STATUS', width: 10, priority: 0 },
  { title: 'MODE / SLAVES', width: 22, priority: 3 },
  { title: 'RX', width: 9, priority: 1, align: 'right' },
  { title: 'TX', width: 9, priority: 1, align: 'right' },
  { title: 'ERR/DROP', width: 9, priority: 2, align: 'right' },
  { title: 'AGE', width: 10, priority: 2 },
];

export function netRows(input: NetInput, now: number): Row[] {
  const rows: Row[] = [];
  for (const node of input.nodeOrder) {
    const n = input.nodes[node];
    const fc = nodeSourceCell(n, 'network', now);
    const rate = (iface: string) => n?.nics?.find((x) => x.iface === iface);
    const slaveNames = new Set<string>();
    for (const b of n?.bonds ?? []) {
      const down = b.slaves.filter((s) => s.miiStatus !== 'up');
      const st: { text: string; tone: Tone } = b.miiStatus !== 'up' ? { text: `${SYM.down} DOWN`, tone: 'crit' } : down.length ? { text: `${SYM.warn} degr`, tone: 'warn' } : { text: `${SYM.ok} up`, tone: 'ok' };
      const r = rate(b.name);
      const errs = r ? r.rxErrsPerS + r.txErrsPerS + r.rxDropPerS + r.txDropPerS : undefined;
      const slaves = b.slaves.map((s) => `${s.name}${s.miiStatus === 'up' ? '' : `(${SYM.down}${s.miiStatus})`}${b.activeSlave === s.name ? '*' : ''}`).join(' ');
      rows.push({
        id: `${node}:${b.name}`,
        cells: [node, b.name, st.text, `${b.mode.replace(/^IEEE 802.3ad.*/, '802.3ad')}: ${slaves}`, fmtRate(r?.rxBps), fmtRate(r?.txBps), errs === undefined ? '-' : errs.toFixed(1), fc.text],
        tone: fc.live ? (st.tone === 'ok' ? 'normal' : st.tone) : 'stale',
        cellTones: [undefined, undefined, st.tone, 'muted', undefined, undefined, errs ? 'warn' : undefined, fc.tone],
        sortKeys: [node, b.name, st.text, b.mode, r?.rxBps ?? -1, r?.txBps ?? -1, errs ?? -1, 0],
      });
      b.slaves.forEach((s) => slaveNames.add(s.name));
    }
    for (const r of n?.nics ?? []) {
      if (slaveNames.has(r.iface) || (n?.bonds ?? []).some((b) => b.name === r.iface) || r.iface === 'lo' || r.iface.startsWith('vnet')) continue;
      const errs = r.rxErrsPerS + r.txErrsPerS + r.rxDropPerS + r.txDropPerS;
      rows.push({
        id: `${node}:${r.iface}`,
        cells: [node, r.iface, '', '', fmtRate(r.rxBps), fmtRate(r.txBps), errs.toFixed(1), fc.text],
        tone: fc.live ? 'normal' : 'stale',
        cellTones: [undefined, undefined, undefined, undefined, undefined, undefined, errs ? 'warn' : undefined, fc.tone],
        sortKeys: [node, r.iface, '', '', r.rxBps, r.txBps, errs, 0],
      });
    }
  }
  return rows;
}
