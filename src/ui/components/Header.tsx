/** @jsxRuntime automatic */
// Header: cluster, quorum, DC, alert counts, mode banner; then the node strip.
import { useCallback } from 'react';
import { Box, Text } from 'ink';
import { PaintedLine } from './PaintedLine.js';
import { formatAge, freshnessOf } from '../../store/freshness.js';
import { lastHeardMs, nodeFreshSummary, nodeUnreachable } from '../panes/fresh.js';
import { agedNodes, useDisplay, type Tick } from '../store-context.js';
import type { VdState, VdStoreState } from '../../store/types.js';
import { paint, SYM, useTheme, type Theme, type Tone } from '../theme.js';
import { countAlerts } from '../../store/selectors.js';
import { nodeStateText } from '../panes/nodes/rows.js';
import { reachabilityOf } from '../../store/reach.js';
import { flattenResources, nodeKind, quorumState, type CrmStatus } from '../../model/pacemaker.js';
import { pacemakerState } from '../panes/nodes/cluster-only.js';
import { scraped, TARGETS_DOWN } from '../panes/nodes/scrape.js';

/** What kind of target the console shows; decides the header's mode banner. The CLI derives it
 *  from the target (demo, saved outputs, replay) and the cluster config (`production: true`). */
export type SessionKind = 'cluster' | 'production' | 'demo' | 'saved' | 'replay';

/** The mode banner: PRODUCTION only for a cluster configured `production: true`, DEMO for the
 *  embedded demo; READ-ONLY whenever actions are off. */
export function modeBanner(kind: SessionKind, readonly: boolean, width: number): { text: string; tone: Tone } {
  const wide = width >= 120;
  switch (kind) {
    case 'production':
      return readonly ? { text: ' PRODUCTION · READ-ONLY ', tone: 'info' } : { text: wide ? ' PRODUCTION · actions enabled ' : ' PRODUCTION ', tone: 'warn' };
    case 'demo':
      return { text: readonly ? ' DEMO · READ-ONLY ' : ' DEMO ', tone: 'info' };
    case 'saved':
      return { text: wide ? ' SAVED OUTPUT · READ-ONLY ' : ' SAVED · READ-ONLY ', tone: 'info' };
    case 'replay':
      return { text: ' REPLAY · READ-ONLY ', tone: 'info' };
    default:
      return readonly ? { text: ' READ-ONLY ', tone: 'info' } : { text: wide ? ' actions enabled ' : '', tone: 'muted' };
  }
}

interface HeaderLines {
  left: string;
  banner: string;
  bannerWidth: number;
  strip: string;
}

const sameHeader = (a: HeaderLines, b: HeaderLines): boolean => a.left === b.left && a.banner === b.banner && a.bannerWidth === b.bannerWidth && a.strip === b.strip;

/**
 * The header's two lines as finished strings. Values (quorum, node states, alert counts) come from
 * the current state; the node strip's ages from the freshness at the last clock tick, so they advance
 * once a second instead of resetting with every report (32 nodes report many times a second).
 */
/** Pacemaker hands-off while on: cluster maintenance-mode in bold crit (nothing is recovered),
 *  else how many nodes and resources are in maintenance or unmanaged. */
export function maintenanceSegment(theme: Theme, crm: CrmStatus | undefined, narrow: boolean): string {
  if (!crm) return '';
  if (crm.summary.maintenanceMode) return ' │ ' + paint(theme, 'crit', narrow ? `${SYM.maint} MAINT` : `${SYM.maint} MAINTENANCE MODE: nothing is recovered`, { bold: true });
  const nodes = crm.nodes.filter((n) => n.maintenance).length;
  const rscs = flattenResources(crm.resources).filter((r) => r.kind === 'primitive' && !r.managed).length;
  if (!nodes && !rscs) return '';
  const parts = [nodes ? `${nodes} node${nodes > 1 ? 's' : ''} in maintenance` : '', rscs ? `${rscs} unmanaged` : ''].filter(Boolean);
  return ' │ ' + paint(theme, 'warn', `${SYM.maint} ${parts.join(', ')}`, { bold: true });
}

export function headerLines(theme: Theme, s: VdState, tick: Tick, o: { width: number; view: string; readonly: boolean; kind: SessionKind }): HeaderLines {
  const { width, view } = o;
  const now = Math.floor(tick.now / 1000) * 1000;
  const aged = agedNodes(s, tick);
  const pf = freshnessOf(s.cluster.fresh['pacemaker'], now);
  const pLive = pf.state === 'live';
  const crm = s.cluster.crm;
  const qs = crm ? quorumState(crm.summary) : undefined;
  const q = qs?.state === 'yes';
  // Unknown (no DC) is its own word: neither "yes" nor "NO QUORUM".
  const quorum: { text: string; tone: Tone } = !qs
    ? { text: 'quorum ?', tone: 'muted' }
    : qs.state === 'yes'
      ? { text: `quorum ${SYM.ok} yes`, tone: 'ok' }
      : qs.state === 'no'
        ? { text: `${SYM.down} NO QUORUM`, tone: 'crit' }
        : { text: `${SYM.warn} quorum unknown (${qs.why})`, tone: 'warn' };
  const c = countAlerts(s.alerts).unacked;
  const ro = o.readonly || s.readonly;
  const narrow = width < 120;
  // Node strip: words when there is room, symbols + age otherwise.
  const compact = width < s.nodeOrder.length * 30;
  const banner = modeBanner(o.kind, ro, width);
  const seg = (text: string, tone?: Tone) => paint(theme, pLive ? tone : 'stale', text);
  const left =
    paint(theme, 'accent', 'virtdeck', { bold: theme.color }) +
    ' ' +
    paint(theme, undefined, s.cluster.name, { bold: true }) +
    ' │ ' +
    seg(narrow && q ? `quorum ${SYM.ok}` : quorum.text, quorum.tone) +
    ' │ ' +
    seg(`DC ${crm?.summary.dcName ?? '?'}`) +
    maintenanceSegment(theme, crm, narrow) +
    (pLive ? '' : paint(theme, 'warn', ` ${SYM.warn} cluster status stale ${formatAge(pf.ageMs)}`)) +
    ' │ ' +
    paint(theme, c.critical ? 'crit' : 'muted', narrow ? `${SYM.down}${c.critical}` : `${SYM.down} ${c.critical} crit`) +
    ' ' +
    paint(theme, c.warning ? 'warn' : 'muted', narrow ? `${SYM.warn}${c.warning}` : `${SYM.warn} ${c.warning} warn`) +
    ' ' +
    paint(theme, 'muted', narrow ? `${SYM.info}${c.info}` : `${SYM.info} ${c.info}`) +
    ' │ ' +
    paint(theme, 'muted', view);
  // Only the nodes that fit are shaped: ink measures (and truncates) every string it is given on
  // every frame, and 32+ nodes are several times the terminal width.
  let strip = '';
  let used = 0;
  for (const [i, n] of s.nodeOrder.entries()) {
    if (used >= width) break;
    const node = s.nodes[n];
    const unreachable = nodeUnreachable(node);
    const st = nodeStateText(crm?.nodes.find((x) => x.name === n), unreachable);
    const an = aged[n];
    const nf = an ? nodeFreshSummary(an, now) : undefined;
    const stale = !nf || nf.state !== 'live';
    // Unreachable: how long ago anything came from it.
    const age = unreachable ? ` ${formatAge(an ? lastHeardMs(an, now) : undefined)}` : !nf || nf.state === 'live' ? ` ${formatAge(nf?.ageMs)}` : compact && nf.state === 'stale' ? ` ${SYM.warn}${formatAge(nf.ageMs)}` : nf.state === 'stale' ? ` ${SYM.warn} stale ${formatAge(nf.ageMs)}` : nf.state === 'error' ? ` ${SYM.down} error ${formatAge(nf.ageMs)}` : ` … ${formatAge(nf.ageMs)}`;
    // Two facts, side by side: Pacemaker's view of the node, then (when it fails) this console's SSH.
    const label = compact && st.tone === 'ok' ? SYM.ok : compact ? st.text.replace('standby', 'stby').replace('maintenance', 'maint') : st.text;
    // Read from Prometheus: no SSH connection; what failed is the exporters' scrape.
    const ssh = !unreachable || !node ? '' : scraped(node.conn) ? (compact ? ` ${SYM.down}scrape` : ` ${SYM.down} ${TARGETS_DOWN}`) : compact ? ` ${SYM.down}ssh` : ` ${SYM.down} ssh ${reachabilityOf(node.conn).text}`;
    const gap = i ? '  ' : '';
    strip += gap + paint(theme, undefined, n, { bold: true }) + ' ' + paint(theme, stale && !unreachable ? 'stale' : st.tone, label) + paint(theme, 'crit', ssh) + paint(theme, stale ? 'warn' : 'muted', age);
    used += gap.length + n.length + 1 + label.length + ssh.length + age.length;
  }
  // Remote and guest nodes after the members: Pacemaker's word and the kind; no SSH, no age.
  for (const pn of crm?.nodes ?? []) {
    if (used >= width) break;
    if (s.nodes[pn.name] || pn.type === 'ping') continue;
    const st = pacemakerState(pn);
    const label = compact && st.tone === 'ok' ? SYM.ok : st.text;
    const kind = ` ${nodeKind(pn)}`;
    const gap = strip ? '  ' : '';
    strip += gap + paint(theme, undefined, pn.name, { bold: true }) + ' ' + paint(theme, pLive ? st.tone : 'stale', label) + paint(theme, 'muted', kind);
    used += gap.length + pn.name.length + 1 + label.length + kind.length;
  }
  return { left, banner: banner.text ? paint(theme, banner.tone, banner.text, { inverse: theme.color && banner.tone !== 'muted' }) : '', bannerWidth: banner.text.length, strip };
}

export function Header({ width, view, readonly, kind = 'cluster' }: { width: number; view: string; readonly: boolean; kind?: SessionKind }) {
  const theme = useTheme();
  const compute = useCallback((s: VdStoreState, tick: Tick) => headerLines(theme, s, tick, { width, view, readonly, kind }), [theme, width, view, readonly, kind]);
  const h = useDisplay(compute, sameHeader);
  return (
    <Box flexDirection="column" width={width}>
      <Box width={width}>
        <Box width={Math.max(1, width - h.bannerWidth)} flexShrink={0}>
          <PaintedLine text={h.left} width={Math.max(1, width - h.bannerWidth)} />
        </Box>
        {h.banner ? <Text>{h.banner}</Text> : null}
      </Box>
      <PaintedLine text={h.strip} width={width} />
    </Box>
  );
}
