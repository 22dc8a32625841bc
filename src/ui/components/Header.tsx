/** @jsxRuntime automatic */
// Header: cluster, quorum, DC, alert counts, mode banner; then the node strip.
import { Box, Text } from 'ink';
import { useShallow } from 'zustand/react/shallow';
import { formatAge, freshnessOf } from '../../store/freshness.js';
import { lastHeardMs, nodeFreshSummary, nodeUnreachable } from '../panes/fresh.js';
import { useNow, useVd } from '../store-context.js';
import { SYM, useTheme, type Tone } from '../theme.js';
import { countAlerts } from '../../store/selectors.js';
import { nodeStateText } from '../panes/nodes/rows.js';

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

export function Header({ width, view, readonly, kind = 'cluster' }: { width: number; view: string; readonly: boolean; kind?: SessionKind }) {
  const theme = useTheme();
  const now = Math.floor(useNow() / 1000) * 1000;
  const s = useVd(useShallow((s) => ({ name: s.cluster.name, crm: s.cluster.crm, pf: s.cluster.fresh['pacemaker'], readonly: s.readonly, alerts: s.alerts, nodeOrder: s.nodeOrder, nodes: s.nodes })));
  const pf = freshnessOf(s.pf, now);
  const pLive = pf.state === 'live';
  const q = s.crm?.summary.withQuorum;
  const quorum: { text: string; tone: Tone } = q === undefined ? { text: 'quorum ?', tone: 'muted' } : q ? { text: `quorum ${SYM.ok} yes`, tone: 'ok' } : { text: `${SYM.down} NO QUORUM`, tone: 'crit' };
  const c = countAlerts(s.alerts).unacked;
  const ro = readonly || s.readonly;
  const narrow = width < 120;
  // Node strip: words when there is room, symbols + age otherwise.
  const compact = width < s.nodeOrder.length * 30;
  const { text: banner, tone: bannerTone } = modeBanner(kind, ro, width);
  const seg = (text: string, tone?: Tone) => <Text {...theme.tone(pLive ? tone : 'stale')}>{text}</Text>;
  return (
    <Box flexDirection="column" width={width}>
      <Box width={width}>
        <Box width={Math.max(1, width - banner.length)} flexShrink={0}>
        <Text wrap="truncate">
          <Text bold={theme.color} {...theme.tone('accent')}>
            virtdeck
          </Text>
          {' '}
          <Text bold>{s.name}</Text>
          {' │ '}
          {seg(narrow && q ? `quorum ${SYM.ok}` : quorum.text, quorum.tone)}
          {' │ '}
          {seg(`DC ${s.crm?.summary.dcName ?? '?'}`)}
          {pLive ? '' : <Text {...theme.tone('warn')}>{` ${SYM.warn} cluster status stale ${formatAge(pf.ageMs)}`}</Text>}
          {' │ '}
          <Text {...theme.tone(c.critical ? 'crit' : 'muted')}>{narrow ? `${SYM.down}${c.critical}` : `${SYM.down} ${c.critical} crit`}</Text> <Text {...theme.tone(c.warning ? 'warn' : 'muted')}>{narrow ? `${SYM.warn}${c.warning}` : `${SYM.warn} ${c.warning} warn`}</Text>{' '}
          <Text {...theme.tone('muted')}>{narrow ? `${SYM.info}${c.info}` : `${SYM.info} ${c.info}`}</Text>
          {' │ '}
          <Text {...theme.tone('muted')}>{view}</Text>
        </Text>
        </Box>
        {banner ? (
          <Text inverse={theme.color && bannerTone !== 'muted'} {...theme.tone(bannerTone)}>
            {banner}
          </Text>
        ) : null}
      </Box>
      <Text wrap="truncate">
        {s.nodeOrder.map((n, i) => {
          const node = s.nodes[n];
          const unreachable = nodeUnreachable(node);
          const crm = s.crm?.nodes.find((x) => x.name === n);
          const st = nodeStateText(crm, unreachable);
          const nf = node ? nodeFreshSummary(node, now) : undefined;
          const stale = !nf || nf.state !== 'live';
          // Unreachable: how long ago anything came from it.
          const age = unreachable ? ` ${formatAge(node ? lastHeardMs(node, now) : undefined)}` : !nf || nf.state === 'live' ? ` ${formatAge(nf?.ageMs)}` : compact && nf.state === 'stale' ? ` ${SYM.warn}${formatAge(nf.ageMs)}` : nf.state === 'stale' ? ` ${SYM.warn} stale ${formatAge(nf.ageMs)}` : nf.state === 'error' ? ` ${SYM.down} error ${formatAge(nf.ageMs)}` : ` … ${formatAge(nf.ageMs)}`;
          // Pacemaker may still (or again) show the node online while SSH fails: nodeStateText says which.
          const label = unreachable ? st.text : compact && st.tone === 'ok' ? SYM.ok : compact ? st.text.replace('standby', 'stby').replace('maintenance', 'maint') : st.text;
          return (
            <Text key={n}>
              {i ? '  ' : ''}
              <Text bold>{n}</Text> <Text {...theme.tone(unreachable ? 'crit' : stale ? 'stale' : st.tone)}>{label}</Text>
              <Text {...theme.tone(stale ? 'warn' : 'muted')}>{age}</Text>
            </Text>
          );
        })}
      </Text>
    </Box>
  );
}
